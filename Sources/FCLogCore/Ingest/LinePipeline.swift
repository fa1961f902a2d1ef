import Foundation

/// Reads inputs on their own thread into prepared batches, handed over
/// through a channel of at most `depth` batches so memory stays bounded: one
/// stream to its end, or files followed as they grow until cancelled. The
/// reading thread takes the inputs over; what it hands back are `Item` values.
final class LinePipeline {
    /// What the reading thread hands over.
    enum Item: Sendable {
        /// Lines of the input `batch.input`.
        case batch(PreparedBatch)
        /// A followed file was rotated or truncated: what follows is a new input.
        case restarted(input: Int)
        /// A followed file can no longer be read; the others go on.
        case failed(input: Int, error: Error)
    }

    /// The outcome of waiting for the next item.
    enum Next {
        case item(Item)
        /// Nothing arrived in the time allowed: a live input is quiet.
        case idle
        case end
    }

    private let items: Channel<Item>
    /// Batches handed back after use, refilled rather than reallocated (it keeps the heap flat).
    private let spare: Channel<PreparedBatch>
    /// How long a followed file that has nothing new waits before it is looked at again.
    static let followPollSeconds = 0.2

    /// Starts reading `source` on a new thread.
    init(source: sending ByteSource, batchBytes: Int = 512 << 10, depth: Int = 2) {
        items = Channel(capacity: depth)
        spare = Channel(capacity: depth)
        let reading = Reading(items: items, spare: spare, batchBytes: batchBytes)
        let reader = LineReader(source: JSONArraySplitter(upstream: source))
        WorkerThread.start(name: "fclog read") {
            reading.produce(reader)
            reading.items.close()
        }
    }

    /// Starts following `files` on a new thread.
    init(following files: sending [FollowedFile], batchBytes: Int = 512 << 10, depth: Int = 2) {
        items = Channel(capacity: depth)
        spare = Channel(capacity: depth)
        let reading = Reading(items: items, spare: spare, batchBytes: batchBytes)
        WorkerThread.start(name: "fclog follow") {
            reading.follow(files)
            reading.items.close()
        }
    }

    /// The next item; `.idle` when none came within `seconds`, `.end` when the reading is over.
    func next(waitingAtMost seconds: Double) -> Next {
        switch items.receive(waitingAtMost: seconds) {
        case let .value(item): .item(item)
        case .timedOut: .idle
        case .closed: .end
        }
    }

    /// Hands a used batch back for refilling.
    func recycle(_ batch: PreparedBatch) {
        spare.offer(batch)
    }

    /// Stops the reader. It is not waited for: it may be blocked reading a live standard input.
    func cancel() {
        items.cancel()
    }
}

/// The reading thread's side of a `LinePipeline`.
private struct Reading: Sendable {
    let items: Channel<LinePipeline.Item>
    let spare: Channel<PreparedBatch>
    let batchBytes: Int

    private func fresh(input: Int) -> PreparedBatch {
        var batch = spare.poll() ?? PreparedBatch(capacity: batchBytes)
        batch.reset()
        batch.input = input
        return batch
    }

    /// One stream to its end. A batch is handed over when full, and also when
    /// the stream has nothing more ready, so that a live tail's lines are not held.
    func produce(_ reader: LineReader) {
        var batch = fresh(input: 0)
        var scratch: [UInt8] = []
        do {
            let add: (LineReader.Line) throws -> Void = { line in
                batch.append(line.bytes, number: line.number, truncated: line.truncated, scratch: &scratch)
                if batch.isFull(bytes: self.batchBytes) {
                    try self.hand(&batch, reader)
                }
            }
            while try reader.readAvailable(add) > 0 {
                if !batch.lines.isEmpty && !reader.sourceIsReady { try hand(&batch, reader) }
            }
            try reader.finish(add)
        } catch is CancellationError {
            return
        } catch {
            batch.error = error
        }
        batch.bytesRead = reader.bytesRead
        _ = items.send(.batch(batch))
    }

    private func hand(_ batch: inout PreparedBatch, _ reader: LineReader) throws {
        batch.bytesRead = reader.bytesRead
        guard items.send(.batch(batch)) else { throw CancellationError() }
        batch = fresh(input: batch.input)
    }

    /// Files followed until cancelled: each is read to what was written so far,
    /// in turn; a partial last line waits for its newline, so it is never a fragment.
    func follow(_ files: [FollowedFile]) {
        var readers: [LineReader?] = Array(repeating: nil, count: files.count)
        var failed = Array(repeating: false, count: files.count)
        var scratch: [UInt8] = []
        while true {
            var progressed = false
            for (input, file) in files.enumerated() where !failed[input] {
                do {
                    var batch = fresh(input: input)
                    let add: (LineReader.Line) throws -> Void = { line in
                        batch.append(line.bytes, number: line.number, truncated: line.truncated, scratch: &scratch)
                        if batch.isFull(bytes: self.batchBytes), let reader = readers[input] {
                            try self.hand(&batch, reader)
                        }
                    }
                    if file.wasTruncated() {
                        try startAgain(input, file, &batch, &readers)
                        progressed = true
                    }
                    var read = 0
                    // A bounded share per turn, so that one busy file does not starve the others.
                    while let reader = readers[input], read < 64 << 20 {
                        let n = try reader.readAvailable(add)
                        if n == 0 { break }
                        read += n
                    }
                    if read == 0 {
                        switch try file.change() {
                        case .none:
                            break
                        case .opened:
                            try Self.refuseCompressed(file)
                            readers[input] = LineReader(source: file)
                            progressed = true
                        case .rotated:
                            // The old file is complete: its last line stands even without a newline.
                            try readers[input]?.finish(add)
                            try startAgain(input, file, &batch, &readers)
                            progressed = true
                        }
                    } else {
                        progressed = true
                    }
                    if !batch.lines.isEmpty {
                        batch.bytesRead = readers[input]?.bytesRead ?? 0
                        guard items.send(.batch(batch)) else { return }
                    }
                } catch is CancellationError {
                    return
                } catch {
                    failed[input] = true
                    guard items.send(.failed(input: input, error: error)) else { return }
                }
            }
            if failed.allSatisfy({ $0 }) { return }
            if !progressed {
                Thread.sleep(forTimeInterval: LinePipeline.followPollSeconds)
                if items.isClosed { return }
            }
        }
    }

    /// Hands over what the old file gave, then reads the new one from its start as a new input.
    private func startAgain(_ input: Int, _ file: FollowedFile, _ batch: inout PreparedBatch, _ readers: inout [LineReader?]) throws {
        if !batch.lines.isEmpty, let reader = readers[input] {
            batch.bytesRead = reader.bytesRead
            guard items.send(.batch(batch)) else { throw CancellationError() }
            batch = fresh(input: input)
        }
        guard items.send(.restarted(input: input)) else { throw CancellationError() }
        try Self.refuseCompressed(file)
        readers[input] = LineReader(source: file)
    }

    private static func refuseCompressed(_ file: FollowedFile) throws {
        if file.head(2) == GzipByteSource.magic {
            throw FCLogError.unreadableInput(path: file.path, reason: "is compressed; only plain text files can be followed")
        }
    }
}
