#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads inputs of any envelope into the store: lines, spans, request
/// metrics, instance events. One transaction per batch of lines, so an
/// interrupted ingest loses at most its last batch, which the next ingest of
/// the same input redoes (records already stored are recognised and skipped).
public final class Ingester {
    let writer: StoreWriter
    let assembler: SpanAssembler
    let options: IngestOptions
    var localTime: LocalTimeCache
    var summary = IngestSummary()
    private var linesInBatch = 0
    private var lastCommit = Clock.now()
    private let started = Clock.now()

    /// Called for each line; return true to stop after the current batch.
    public var shouldStop: () -> Bool = { false }
    /// Called now and then with the bytes read of the current input.
    public var progress: ((_ input: String, _ bytes: Int) -> Void)?

    /// An ingest into `database`, opened with `Store.openForWriting`.
    public init(database: SQLiteDatabase, options: IngestOptions) throws {
        writer = try StoreWriter(database: database, stepMillis: options.billingStepMillis)
        self.options = options
        localTime = LocalTimeCache(zone: options.timeZone)
        try writer.begin()
        assembler = try SpanAssembler(writer: writer, waitingCapacity: options.waitingSpans)
        firstSpanID = assembler.lastGivenID + 1
    }

    /// The first span id this ingest gives.
    private let firstSpanID: Int64

    /// Per-input state.
    struct InputContext {
        let id: Int64
        let name: String
        var lineNumber = 0
        /// Occurrences of each record content in this input: the n-th copy of a
        /// record is the n-th copy elsewhere too. Identical records share their
        /// second, so two generations of recent records are enough and keep memory flat.
        var occurrences: [UInt64: UInt32] = [:]
        var olderOccurrences: [UInt64: UInt32] = [:]
        /// The last instance id read, reused while lines repeat it.
        var lastInstanceBytes: [UInt8] = []
        /// The key bucket of untimed lines: their function and last marker's RequestId.
        var untimedBucket: UInt64 = 0
        /// Lines without a time since the last marker, which split its context into buckets.
        var untimedLines = 0
        var lastInstance: String?
        /// The RequestId of the last marker, which tells apart identical untimed lines of different requests.
        var lastMarkerRequestID: [UInt8] = []
        var previousSpan: SpanState?
        var previousTime: Int64?
        var previousTimeIsSubsecond = false
        var previousInstance: String?
        var lastEndedInvoke: SpanState?
        /// The RequestId of an invocation whose End was already stored (a repeated
        /// or resumed input), for a summary line that follows it.
        var lastEndedStoredInvoke: [UInt8]?
        var splitter = JSONRecordSplitter()
    }

    /// Where a line came from, beyond its own bytes.
    struct Origin {
        var function: String
        var service: String?
        var instance: String?
        var timeMicros: Int64?
        var timeIsSubsecond = false
    }

    // MARK: - Inputs

    /// Reads one input (`-` for standard input); gzip is detected by content.
    /// Reading and recognising run on another thread, a few batches ahead.
    public func ingest(path: String) throws {
        let source = try InputOpener.open(path)
        let inputID = try registerInput(name: path)
        let before = summary
        assembler.inputID = inputID
        var context = InputContext(id: inputID, name: path)
        let pipeline = LinePipeline(source: source)
        pipeline.start()
        var bytesRead = 0
        var lastProgress = 0
        do {
            var first = true
            while let batch = pipeline.next() {
                if first, batch.looksBinary {
                    throw FCLogError.unreadableInput(path: path, reason: "looks like a binary file, not a log; skipped")
                }
                first = false
                try batch.bytes.withUnsafeBufferPointer { all in
                    for line in batch.lines {
                        context.lineNumber = line.number
                        summary.linesRead += 1
                        if line.truncated { summary.skip(.longLine) }
                        try processPrepared(line.recognition, UnsafeBufferPointer(rebasing: all[line.start..<(line.start + line.count)]), &context)
                        linesInBatch += 1
                        // A batch ends at its size, when many spans wait for a marker (its commit leaves the oldest to the store),
                        // or after two seconds so that a live tail (`s logs --tail | fclog ingest -`) shows up.
                        if linesInBatch >= options.batchLines || assembler.holdsTooManyWaiting
                            || (linesInBatch & 1023 == 0 && Clock.now() - lastCommit > 2) {
                            try commitBatch()
                            if shouldStop() { throw FCLogError.interrupted }
                        }
                    }
                }
                bytesRead = batch.bytesRead
                if let error = batch.error { throw error }
                pipeline.recycle(batch)
                if let progress, bytesRead - lastProgress >= 8 << 20 {
                    lastProgress = bytesRead
                    progress(path, bytesRead)
                }
            }
        } catch {
            pipeline.cancel()
            summary.bytesRead += bytesRead
            throw error
        }
        switch context.splitter.finish() {
        case let .notJSON(lines):
            if Self.looksLikeRecord(lines: lines) {
                summary.skip(.truncatedJSON)
            } else {
                try processAsText(lines, &context)
            }
        case .truncated:
            summary.skip(.truncatedJSON)
        case .consumed, .finished, .broken:
            break
        }
        summary.bytesRead += bytesRead
        summary.inputs += 1
        try finishInput(inputID, since: before)
    }

    /// Completes the ingest: reconciles request metrics with spans, rebuilds
    /// the instances table, commits. Returns what was done.
    public func finish() throws -> IngestSummary {
        try assembler.flush()
        try writer.drain()
        // Into a store that held no spans, there are no earlier executions to count.
        if firstSpanID > 1 { try StoreMaintenance.countEarlierAttempts(writer.database, firstID: firstSpanID) }
        try StoreMaintenance.reconcileRequestMetrics(
            writer.database, tally: writer.tally, instances: writer.instances, stepMillis: options.billingStepMillis)
        try StoreMaintenance.rebuildReconciledInstances(writer.database)
        try rebuildTouchedInstances(also: writer.mergedInstances)
        try InstanceSummary.rebuildMissing(writer.database)
        try writer.commit()
        summary.spansOpened = assembler.spansOpened
        summary.spansClosed = assembler.spansClosed
        // Unfinished spans lack an End: counted through the index of those, not by reading every span.
        summary.spansStillOpen = try writer.database.scalarInt(
            "SELECT count(*) FROM span_rows WHERE (has_start = 0 OR has_end = 0) AND status = 'unfinished'").map(Int.init) ?? 0
        summary.elapsedSeconds = Clock.now() - started
        return summary
    }

    /// Drops the uncommitted batch after the store failed; committed batches stay.
    public func abandon() {
        writer.rollback()
    }

    /// Commits what was read so far; used when stopping early.
    public func commitPartial() throws -> IngestSummary {
        try commitBatch()
        try writer.drain()
        summary.spansOpened = assembler.spansOpened
        summary.spansClosed = assembler.spansClosed
        summary.elapsedSeconds = Clock.now() - started
        return summary
    }

    /// Commits the batch on the writing thread while the next one is read.
    /// `instances` is brought up to date with it, so that an interrupted
    /// ingest leaves it consistent; the summaries of the instances touched are
    /// dropped (see `rebuildTouchedInstances`).
    private func commitBatch() throws {
        try assembler.flush()
        let touched = writer.touchedInstances
        writer.forgetTouchedInstances()
        try writer.commitInBackground(touched: touched, lastSpanID: assembler.lastGivenID)
        linesInBatch = 0
        lastCommit = Clock.now()
    }

    /// Brings `instances` up to date for the last batch. The summaries of the
    /// instances are dropped here and rebuilt once, when the ingest finishes:
    /// an instance that lives through many batches is read once, and a report
    /// made after an interruption reads the spans instead.
    private func rebuildTouchedInstances(also more: Set<InstanceRef> = []) throws {
        let touched = writer.touchedInstances.union(more)
        try StoreMaintenance.rebuildInstances(writer.database, touched: touched)
        try InstanceSummary.invalidate(writer.database, touched: touched)
        writer.forgetTouchedInstances()
    }

    private func registerInput(name: String) throws -> Int64 {
        try writer.drain()
        let s = try writer.database.prepare(
            "INSERT INTO inputs(name, ingested_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
        s.bind(1, name)
        try s.run()
        return writer.database.lastInsertRowID
    }

    /// Records the input's own counts: what the summary gained since `before`.
    private func finishInput(_ id: Int64, since before: IngestSummary) throws {
        try writer.drain()
        let s = try writer.database.prepare("""
            UPDATE inputs SET lines_read = ?, records_new = ?, records_duplicate = ?, lines_skipped = ?, completed = 1
            WHERE id = ?
            """)
        s.bind(1, summary.linesRead - before.linesRead)
        s.bind(2, summary.recordsNew - before.recordsNew)
        s.bind(3, summary.recordsDuplicate - before.recordsDuplicate)
        s.bind(4, summary.skippedTotal - before.skippedTotal)
        s.bind(5, id)
        try s.run()
    }
}
