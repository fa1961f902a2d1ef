import Foundation

/// Reads an input on its own thread into prepared batches, handed over
/// through a queue of at most `depth` batches so memory stays bounded.
final class LinePipeline: @unchecked Sendable {
    private let reader: LineReader
    private let batchBytes: Int
    private let depth: Int
    private let condition = NSCondition()
    private var queue: [PreparedBatch] = []
    /// Batches handed back after use, refilled rather than reallocated (it keeps the heap flat).
    private var spare: [PreparedBatch] = []
    private var finished = false
    private var cancelled = false

    init(source: ByteSource, batchBytes: Int = 512 << 10, depth: Int = 2) {
        reader = LineReader(source: source)
        self.batchBytes = batchBytes
        self.depth = depth
    }

    /// Starts reading on a new thread.
    func start() {
        let thread = Thread { [self] in produce() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The next batch, or nil at the end of the input.
    func next() -> PreparedBatch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Hands a used batch back for refilling.
    func recycle(_ batch: PreparedBatch) {
        condition.lock()
        if spare.count < depth { spare.append(batch) }
        condition.unlock()
    }

    private func fresh() -> PreparedBatch {
        condition.lock()
        let reused = spare.popLast()
        condition.unlock()
        guard let reused else { return PreparedBatch(capacity: batchBytes) }
        reused.reset()
        return reused
    }

    /// Stops the reader early (the store side gave up). It is not waited for:
    /// it may be blocked reading a live standard input.
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private func produce() {
        var batch = fresh()
        var scratch: [UInt8] = []
        do {
            try reader.forEachLine { line in
                batch.append(line.bytes, number: line.number, truncated: line.truncated, scratch: &scratch)
                if batch.bytes.count >= batchBytes {
                    batch.bytesRead = reader.bytesRead
                    guard put(batch) else { throw CancellationError() }
                    batch = fresh()
                }
            }
        } catch is CancellationError {
            // The store side stopped; nothing more to hand over.
        } catch {
            batch.error = error
        }
        batch.bytesRead = reader.bytesRead
        _ = put(batch)
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a batch, waiting while the queue is full; false once cancelled.
    private func put(_ batch: PreparedBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }
}
