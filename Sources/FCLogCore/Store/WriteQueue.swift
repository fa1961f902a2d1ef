import Foundation

/// Hands an ingest's writes (`WriteCommand` values) to a thread of their own,
/// in order, so that the reading side can assemble the next lines meanwhile;
/// `side` makes them there. While the thread runs it alone uses the
/// connection, and answers what the ingest asks of it (`ask`); `end` stops it
/// and hands the connection back to the caller, who then makes the writes
/// itself. Debug builds check every use with `mayUseConnection`. Unchecked:
/// its own state is guarded by `condition`, which the compiler cannot see.
final class WriteQueue: @unchecked Sendable {
    private final class Chunk {
        var items: [WriteCommand] = []
        /// The messages of the chunk's lines, one after the other.
        var bytes: [UInt8] = []
    }

    /// The writing thread's; the queue's caller touches it only with nothing queued (`runsInline`, a
    /// rollback). Let go at `stop`, so that its statements and connection do not wait for the thread to end.
    private var ownedSide: StoreWriteSide?
    var side: StoreWriteSide { ownedSide! }
    private let chunkItems = 1024
    private let chunkBytes = 256 << 10
    private let depth = 4
    private let condition = NSCondition()
    private var queue: [Chunk] = []
    private var spare: [Chunk] = []
    private var filling = Chunk()
    private var busy = false
    private var stopping = false
    /// The first failure of the writing thread; what comes after it is dropped.
    private var failure: Error?
    /// The writing thread, once it runs.
    private var writer: pthread_t?
    /// How many commits queued with `run` have been done.
    private var commitsDone = 0
    /// Whether the writing thread has returned, handing the side to the caller.
    private var ended = false

    /// Without WAL, record identities and committed spans are read on this connection, in turns with the
    /// writing thread (the queue drained first): no second connection could read while a batch is open.
    private let sharedInTurns: Bool

    init(side: StoreWriteSide, sharedInTurns: Bool = false) {
        ownedSide = side
        self.sharedInTurns = sharedInTurns
        let thread = Thread { [self] in work() }
        thread.stackSize = 1 << 20
        thread.start()
    }

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

    /// Whether `send` makes its write at once on the calling thread: once the writing thread has ended.
    private(set) var runsInline = false

    /// The store's answer to `question`, given on the writing thread once what was queued before it is written.
    func ask(_ question: StoreQuestion) throws -> StoreAnswer {
        if runsInline { return try side.answer(question) }
        let slot = AnswerSlot()
        try send(.ask(question, slot))
        try drain()
        guard let answer = slot.take() else { preconditionFailure("the writing thread drained without answering") }
        return try answer.get()
    }

    /// Ends the writing thread once it has written what was queued, and hands the connection and the
    /// side to the caller, whose writes are then made at once. Throws the writing thread's failure, if any.
    func end() throws {
        let submitted = Result { try submit() }
        condition.lock()
        stopping = true
        condition.broadcast()
        while !ended { condition.wait() }
        runsInline = true
        let failed = failure
        condition.unlock()
        try submitted.get()
        if let failed { throw failed }
    }

    /// Queues a write.
    func send(_ command: WriteCommand) throws {
        if runsInline {
            try drain()
            return try make(command, bytes: UnsafeBufferPointer(start: nil, count: 0))
        }
        filling.items.append(command)
        try submitIfFull()
    }

    /// Waits until everything queued is written; throws the writing thread's failure.
    func drain() throws {
        try submit()
        condition.lock()
        defer { condition.unlock() }
        while !queue.isEmpty || busy { condition.wait() }
        if let failure { throw failure }
    }

    /// Notes, on the writing thread, that the `number`-th commit is done.
    func noteCommit(_ number: Int) {
        condition.lock()
        commitsDone = number
        condition.unlock()
    }

    /// How many queued commits are done.
    var committed: Int {
        condition.lock()
        defer { condition.unlock() }
        return commitsDone
    }

    /// Whether the calling thread may use the connection: the writing thread
    /// always, another only when nothing is queued (it drained first).
    func mayUseConnection() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if let writer, pthread_equal(writer, pthread_self()) != 0 { return !ended }
        return ended || (sharedInTurns && queue.isEmpty && !busy && filling.items.isEmpty)
    }

    /// Ends the writing thread once its queue is empty.
    func stop() {
        condition.lock()
        stopping = true
        if queue.isEmpty && !busy { ownedSide = nil }
        condition.broadcast()
        condition.unlock()
    }

    private func submitIfFull() throws {
        if filling.items.count >= chunkItems || filling.bytes.count >= chunkBytes { try submit() }
    }

    /// Hands the items queued so far to the writing thread now, not when the chunk is full.
    func submit() throws {
        guard !filling.items.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && failure == nil { condition.wait() }
        if let failure {
            filling.items.removeAll(keepingCapacity: true)
            filling.bytes.removeAll(keepingCapacity: true)
            throw failure
        }
        queue.append(filling)
        filling = spare.popLast() ?? Chunk()
        condition.broadcast()
    }

    private func work() {
        condition.lock()
        writer = pthread_self()
        condition.unlock()
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            guard !queue.isEmpty else {
                ended = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let chunk = queue.removeFirst()
            busy = true
            let failed = failure != nil
            condition.unlock()
            var error: Error?
            if !failed {
                do { try write(chunk) } catch let caught { error = caught }
            }
            chunk.items.removeAll(keepingCapacity: true)
            chunk.bytes.removeAll(keepingCapacity: true)
            condition.lock()
            if let error, failure == nil { failure = error }
            busy = false
            if spare.count < depth { spare.append(chunk) }
            condition.broadcast()
            condition.unlock()
        }
    }

    private func write(_ chunk: Chunk) throws {
        try chunk.bytes.withUnsafeBufferPointer { bytes in
            for command in chunk.items { try make(command, bytes: bytes) }
        }
    }

    private func make(_ command: WriteCommand, bytes: UnsafeBufferPointer<UInt8>) throws {
        try side.perform(command, bytes: bytes)
        if case let .commit(batch) = command { noteCommit(batch.number) }
    }
}
