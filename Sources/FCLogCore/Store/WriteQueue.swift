import Synchronization

/// Hands an ingest's writes (`WriteCommand` values) to a thread of their own,
/// in order, so that the reading side can assemble the next lines meanwhile.
/// The writing thread takes the writing side (`StoreWriteSide`, with the
/// connection) over: nothing else can reach the connection until `end` gets
/// it back, as the compiler checks. What the ingest asks of the store while
/// the thread runs is answered there (`ask`).
final class WriteQueue {
    /// Writes handed over together, with the messages of their lines one after the other.
    private struct Chunk: Sendable {
        var items: [WriteCommand] = []
        var bytes: [UInt8] = []
    }

    /// What the writing thread tells the ingest: how far it got, and its first failure, after which it
    /// makes no more writes.
    private final class Progress: Sendable {
        let commitsDone = Atomic<Int>(0)
        let failure = Locked<(any Error)?>(nil)
    }

    private let chunkItems = 1024
    private let chunkBytes = 256 << 10
    private let depth = 4
    private let chunks: Channel<Chunk>
    /// Chunks handed back once written, refilled rather than reallocated.
    private let spare: Channel<Chunk>
    private let progress = Progress()
    private var filling = Chunk()
    /// The writing thread, until `end`.
    private var writing: WorkerThread.Handle<StoreWriteSide>?
    /// The writing side, once `end` took it back.
    private var ownedSide: StoreWriteSide?

    init(side: sending StoreWriteSide) {
        chunks = Channel(capacity: depth)
        spare = Channel(capacity: depth)
        writing = WorkerThread.run(name: "fclog write", taking: side) { [chunks, spare, progress] side in
            while case var .value(chunk) = chunks.receive() {
                Self.write(chunk, on: side, progress: progress)
                chunk.items.removeAll(keepingCapacity: true)
                chunk.bytes.removeAll(keepingCapacity: true)
                spare.offer(chunk)
            }
            return side
        }
    }

    deinit {
        try? submit()
        if let writing = writing.take() {
            chunks.close()
            _ = writing.join()
        }
    }

    /// The writing side, which only the calling thread uses once the writing thread has ended.
    var side: StoreWriteSide {
        guard let ownedSide else { preconditionFailure("the writing side is the writing thread's until the queue ends") }
        return ownedSide
    }

    /// Whether writes are made at once on the calling thread: once the writing thread has ended.
    var runsInline: Bool { writing == nil }

    /// Queues a line, copying its message.
    func line(_ row: StoreWriter.LineRow, message: UnsafeBufferPointer<UInt8>?) throws {
        if let message {
            filling.items.append(.line(row, messageStart: filling.bytes.count, messageCount: message.count))
            filling.bytes.append(contentsOf: message)
        } else {
            filling.items.append(.line(row, messageStart: -1, messageCount: 0))
        }
        try submitIfFull()
    }

    /// Queues a write.
    func send(_ command: WriteCommand) throws {
        if runsInline {
            return try Self.make(command, on: side, bytes: UnsafeBufferPointer(start: nil, count: 0), progress: progress)
        }
        filling.items.append(command)
        try submitIfFull()
    }

    /// The store's answer to `question`, given on the writing thread once what was queued before it is written.
    func ask(_ question: StoreQuestion) throws -> StoreAnswer {
        if runsInline { return try side.answer(question) }
        let reply = Channel<Result<StoreAnswer, any Error>>(capacity: 1)
        try send(.ask(question, reply))
        try submit()
        guard case let .value(answer) = reply.receive() else { preconditionFailure("the writing thread ended without answering") }
        return try answer.get()
    }

    /// Waits until everything queued is written; throws the writing thread's failure.
    func drain() throws {
        if runsInline { return }
        _ = try ask(.written)
    }

    /// How many queued commits are done.
    var committed: Int { progress.commitsDone.load(ordering: .acquiring) }

    /// Ends the writing thread once it has written what was queued, and takes the writing side back: writes
    /// are then made at once. Throws the writing thread's failure, if any.
    func end() throws {
        guard !runsInline else { return }
        let submitted = Result { try submit() }
        chunks.close()
        ownedSide = writing.take()!.join()
        try submitted.get()
        if let failed = progress.failure.withLock({ $0 }) { throw failed }
    }

    private func submitIfFull() throws {
        if filling.items.count >= chunkItems || filling.bytes.count >= chunkBytes { try submit() }
    }

    /// Hands the items queued so far to the writing thread now, not when the chunk is full.
    func submit() throws {
        guard !filling.items.isEmpty, !runsInline else { return }
        if let failed = progress.failure.withLock({ $0 }) {
            filling.items.removeAll(keepingCapacity: true)
            filling.bytes.removeAll(keepingCapacity: true)
            throw failed
        }
        let full = filling
        filling = spare.poll() ?? Chunk()
        chunks.send(full)
    }

    /// Makes one write on the side that owns the connection, noting a commit once it is done.
    private static func make(_ command: WriteCommand, on side: StoreWriteSide, bytes: UnsafeBufferPointer<UInt8>,
                             progress: Progress) throws {
        // Told by the side, not by matching the command here, which copied every command (some 280 bytes).
        if let done = try side.perform(command, bytes: bytes) { progress.commitsDone.store(done, ordering: .releasing) }
    }

    /// Makes a chunk's writes on the writing thread; after a failure, only answers, with it.
    private static func write(_ chunk: Chunk, on side: StoreWriteSide, progress: Progress) {
        // Commands are made where they lie: one is some 280 bytes, which a loop over the array copied.
        chunk.bytes.withUnsafeBufferPointer { bytes in chunk.items.withUnsafeBufferPointer { items in
            var failed = progress.failure.withLock { $0 }
            for index in items.indices {
                if let failed {
                    if case let .ask(_, reply) = items[index] { reply.send(.failure(failed)) }
                    continue
                }
                do {
                    try make(items[index], on: side, bytes: bytes, progress: progress)
                } catch {
                    failed = error
                    progress.failure.withLock { $0 = $0 ?? error }
                }
            }
        } }
    }
}
