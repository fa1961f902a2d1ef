#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads inputs of any envelope into the store: lines, spans, request
/// metrics, instance events. One transaction per batch of lines, so an
/// interrupted ingest loses at most its last batch, which the next ingest of
/// the same input redoes (records already stored are recognised and skipped).
///
/// It is the ingest's pipeline: the stages, the thread each runs on, and the values each hands the next
/// (threads share no object; what crosses between them is `Sendable`):
///
///     Read       reading thread  ByteSource → JSONArraySplitter → LineReader.Line
///     Recognise  reading thread  LineReader.Line → PreparedBatch (through LinePipeline's Channel)
///                ingest thread   PreparedBatch → RecognisedLine, SLSRecord, RequestMetrics in their input's
///                                context (Ingester+Reading, +Lines, +FieldView)
///     Assemble   ingest thread   markers and records → SpanState (SpanAssembler) → SpanRow
///     Store      writing thread  WriteCommand (through WriteQueue's Channel) → rows and line blocks
///                                (StoreWriteSide); StoreQuestion and StoreLookup → their answers
///     finish     ingest thread   the writing side handed back: attempts renumbered, PendingMetrics, instances
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
    /// Called about twice a second while reading, and while a live input is quiet.
    public var progress: ((IngestProgress) -> Void)?
    private var lastProgress = 0.0
    /// The input read last, named while a live input is quiet.
    private var lastInput: (name: String, bytes: Int)?
    /// Called when a followed file cannot be read; the others go on.
    public var inputFailed: (FCLogError) -> Void = { _ in }

    /// An ingest into `database`, opened with `Store.openForWriting`, which it takes over (see `database`).
    public init(database: sending SQLiteDatabase, options: IngestOptions) throws {
        // Read before the writing thread owns the connection.
        legacyRecordKeys = try StoreWriter.hasLegacyRecordKeys(database)
        rawTailMarkers = try StoreWriter.hasRawTailMarkers(database)
        // Text logs ingested before without --function: this ingest with it must find them.
        let named = options.defaultFunction != nil && options.defaultFunction != IngestOptions.unknownFunction
        checksUnknownFunction = try named && StoreWriter.holdsFunction(IngestOptions.unknownFunction, in: database)
        writer = try StoreWriter(database: database, stepMillis: options.billingStepMillis)
        self.options = options
        localTime = LocalTimeCache(zone: options.timeZone)
        try writer.begin()
        assembler = try SpanAssembler(store: writer, waitingCapacity: options.waitingSpans)
        firstSpanID = assembler.lastGivenID + 1
    }

    /// The first span id this ingest gives.
    private let firstSpanID: Int64
    /// The store holds record identities made before v9-record-identity: they are consulted too.
    let legacyRecordKeys: Bool
    /// The store (or this ingest) was given markers of a raw tail, which lines of other routes look for too.
    var rawTailMarkers: Bool
    /// A line of this ingest showed its second in an envelope or a record (a route other than a raw tail).
    var secondsShown = false
    /// The store held spans before this ingest.
    var storeHadSpans: Bool { firstSpanID > 1 }
    /// Text records are also looked for under the function `unknown`.
    let checksUnknownFunction: Bool
    /// The key order of the layouts of SLS records seen, for their identities.
    var keyOrders = JSONKeyOrders()

    /// Per-input state.
    struct InputContext {
        let id: Int64
        let name: String
        var lineNumber = 0
        /// The UTC second of the last console or `s logs` row, which its continuation lines share.
        var envelopeSecond: Int64?
        /// Whether a row of this input had an envelope: without one (a raw tail), runtime lines give seconds.
        var sawEnvelope = false
        /// A hash of the last RequestId read, in the input and per instance: the context of lines that name none.
        var lastRequest: UInt64 = 0
        var lastRequestByInstance: [Fingerprint: UInt64] = [:]
        var olderLastRequestByInstance: [Fingerprint: UInt64] = [:]
        /// Occurrences of each record content in this input: the n-th copy of a
        /// record is the n-th copy elsewhere too. Identical records share their
        /// second, so two generations of recent records are enough and keep memory flat.
        var occurrences: [Fingerprint: UInt32] = [:]
        var olderOccurrences: [Fingerprint: UInt32] = [:]
        /// The last instance id read, reused while lines repeat it.
        var lastInstanceBytes: [UInt8] = []
        /// The key bucket of untimed lines: their function and last marker's RequestId.
        var untimedBucket: UInt64 = 0
        /// Lines without a time since the last marker, which split its context into buckets.
        var untimedLines = 0
        var lastInstance: String?
        /// The RequestId of the last marker, which tells apart identical untimed lines of different requests.
        var lastMarkerRequestID: [UInt8] = []
        /// The execution a raw tail's last marker named: the context of the plain lines after it, which show no
        /// second; and how many of those it had.
        var tailRequest: TailRequest?
        var plainTailLines = 0
        /// The bucket of a raw tail's lines of each request by a hash of its RequestId, in a store given a raw
        /// tail's markers: a route with times looks for them there.
        var requestBuckets: [Fingerprint: Int64] = [:]
        var olderRequestBuckets: [Fingerprint: Int64] = [:]
        var previousSpan: SpanState?
        var previousTime: Int64?
        var previousTimeIsSubsecond = false
        /// Steps back and forward in time between timed lines: an input read newest first steps back.
        var stepsBack = 0
        var stepsForward = 0
        /// Whether the input reads newest first, as far as its times tell.
        var readsBackwards: Bool { stepsBack > stepsForward * 2 }
        var previousInstance: String?
        var lastEndedInvoke: SpanState?
        /// The RequestId of an invocation whose End was already stored (a repeated
        /// or resumed input), for a summary line that follows it.
        var lastEndedStoredInvoke: [UInt8]?
        var splitter = JSONRecordSplitter()
        /// Spans of the log tail above a deploy tool's block, which its instance id and alias describe.
        var tailSpans: [SpanState] = []
        /// A deploy tool's block was read since the tail's last marker: the next marker begins another call.
        var toolBlockSeen = false
        /// A deploy tool's `Invoke Result:` was read: the call's result follows, up to a blank line.
        var inToolResult = false
        /// `key: value` lines that may be the console's field view of a record.
        var fieldView = FieldViewBlock()
    }

    /// An execution as a raw tail's marker names it.
    struct TailRequest {
        var id: [UInt8]
        /// A hash of the RequestId, and the bucket of what the tail shows of the request (`requestBucket`).
        var hash: UInt64
        var bucket: Int64
        var phase: Phase
        /// The marker was the execution's End.
        var ended: Bool
    }

    /// Spans of one log tail kept for a deploy tool's block below it: a call has a few.
    static let tailSpanLimit = 64

    /// Where a line came from, beyond its own bytes.
    struct Origin {
        var function: String
        var service: String?
        var instance: String?
        var timeMicros: Int64?
        var timeIsSubsecond = false
        var qualifier: String?
        var versionID: String?
    }

    // MARK: - Inputs

    /// Reads one input (`-` for standard input); gzip is detected by content.
    /// Reading and recognising run on another thread, a few batches ahead.
    /// A live input (`s logs --tail | fclog ingest -`) is committed within about
    /// two seconds of a line arriving, and Ctrl-C is heard while it is quiet.
    public func ingest(path: String, zone: LocalTimeZone? = nil) throws {
        // A zone the input's own rows gave holds for it alone.
        localTime = LocalTimeCache(zone: zone ?? options.timeZone)
        let source = try InputOpener.open(path)
        var slots = [InputSlot(name: path)]
        try slots[0].begin(self)
        let pipeline = LinePipeline(source: source)
        do {
            try drain(pipeline, &slots, following: false)
        } catch {
            pipeline.cancel()
            summary.bytesRead += slots[0].bytesRead
            throw error
        }
        try endInput(&slots[0], completed: true)
    }

    /// Reads files as they grow, like `tail -F`, until `shouldStop`: each is read
    /// from its start, a rotated or truncated file is read again as a new input,
    /// a file created later is picked up. A file that cannot be read is told to
    /// `inputFailed` and the others go on. Call `finish` after it.
    public func follow(paths: [String]) throws {
        var slots = paths.map { InputSlot(name: $0) }
        let pipeline = LinePipeline(following: paths.map(FollowedFile.init(path:)))
        defer { pipeline.cancel() }
        try drain(pipeline, &slots, following: true)
        // Stopped: each input's counts are kept, and it stays incomplete, since the file may grow again.
        for index in slots.indices where slots[index].context != nil {
            summary.bytesRead += slots[index].bytesRead
            summary.inputs += 1
            try finishInput(slots[index], completed: false)
        }
    }

    /// Takes the pipeline's items until its end (or, when following, until
    /// `shouldStop`), committing at a batch's size and within two seconds of a line.
    private func drain(_ pipeline: LinePipeline, _ slots: inout [InputSlot], following: Bool) throws {
        if lastInput == nil, let first = slots.first { lastInput = (first.name, 0) }
        while true {
            var waiting = linesInBatch > 0 ? max(0.01, Self.liveCommitSeconds - (Clock.now() - lastCommit)) : 0.25
            // A progress line says within half a second that a live input went quiet.
            if progress != nil { waiting = min(waiting, 0.5) }
            switch pipeline.next(waitingAtMost: waiting) {
            case .end:
                return
            case .idle:
                try commitIfDue()
                if let last = lastInput { reportProgress(last.name, last.bytes, waiting: true) }
            case let .item(.batch(batch)):
                // The slot is changed where it is: a copy would share its context's tables, which the first
                // change of each batch would then copy whole.
                let input = batch.input
                guard !slots[input].failed else {
                    pipeline.recycle(batch)
                    continue
                }
                if slots[input].context == nil { try slots[input].begin(self) }
                do {
                    try process(batch, &slots[input])
                } catch let error as FCLogError where following && error.isInputError {
                    slots[input].failed = true
                    inputFailed(error)
                } catch FCLogError.interrupted where following {
                    return
                }
                pipeline.recycle(batch)
                try commitIfDue()
            case let .item(.restarted(input)):
                if slots[input].context != nil { try endInput(&slots[input], completed: true) }
            case let .item(.failed(input, error)):
                slots[input].failed = true
                inputFailed(error as? FCLogError ?? .unreadableInput(path: slots[input].name, reason: "\(error)"))
            }
            // Heard after every item, not only while quiet: a steady live input never idles.
            if shouldStop() {
                if following { return }
                throw FCLogError.interrupted
            }
        }
    }

    /// A batch's lines, into the input's context; its counts are the summary's gain meanwhile.
    private func process(_ batch: PreparedBatch, _ slot: inout InputSlot) throws {
        // Taken out, not copied, so that its tables are changed in place.
        guard var context = slot.context.take() else { return }
        let before = summary
        defer {
            slot.counts.add(from: before, to: summary)
            slot.context = context
        }
        if !slot.sawLines, batch.looksBinary {
            throw FCLogError.unreadableInput(path: slot.name, reason: "looks like a binary file, not a log; skipped")
        }
        slot.sawLines = true
        writer.inputID = context.id
        // Lines are read where they lie: a line is some 450 bytes, which a loop over the array copied.
        try batch.bytes.withUnsafeBufferPointer { all in try batch.lines.withUnsafeBufferPointer { lines in
            for index in lines.indices {
                // Through pointers: the buffer's subscript, or `pointee`, copied the whole line (retaining its record's strings).
                let line = lines.baseAddress.unsafelyUnwrapped + index
                context.lineNumber = line.pointee.number
                summary.linesRead += 1
                if line.pointee.truncated { summary.skip(.longLine) }
                let start = line.pointee.start
                try processPrepared(line.pointer(to: \.recognition)!, UnsafeBufferPointer(rebasing: all[start..<(start + line.pointee.count)]), &context)
                linesInBatch += 1
                // A batch ends at its size, or when many spans wait for a marker (its commit leaves the oldest to the store).
                if linesInBatch >= options.batchLines || assembler.holdsTooManyWaiting {
                    try commitBatch()
                    if shouldStop() { throw FCLogError.interrupted }
                } else if linesInBatch & 1023 == 0 {
                    try commitIfDue()
                }
            }
        } }
        slot.bytesRead = batch.bytesRead
        if let error = batch.error { throw error }
        lastInput = (slot.name, batch.bytesRead)
        reportProgress(slot.name, batch.bytesRead, waiting: false)
    }

    private func reportProgress(_ input: String, _ bytes: Int, waiting: Bool) {
        guard let progress else { return }
        let now = Clock.now()
        guard now - lastProgress >= 0.5 else { return }
        lastProgress = now
        progress(IngestProgress(input: input, bytes: bytes, lines: summary.linesRead, spans: summary.spansOpened,
                                elapsed: now - started, waiting: waiting))
    }

    /// Ends an input: a JSON value left open is judged, and its counts are recorded.
    private func endInput(_ slot: inout InputSlot, completed: Bool) throws {
        guard var context = slot.context else { return }
        let before = summary
        writer.inputID = context.id
        try endFieldView(&context)
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
        slot.counts.add(from: before, to: summary)
        summary.bytesRead += slot.bytesRead
        summary.inputs += 1
        slot.context = context
        try finishInput(slot, completed: completed)
        slot.reset()
    }

    /// A live input's lines are committed this long after the last commit at most.
    static let liveCommitSeconds = 2.0

    private func commitIfDue() throws {
        if linesInBatch > 0 && Clock.now() - lastCommit >= Self.liveCommitSeconds { try commitBatch() }
    }

    /// Completes the ingest: links the request metrics still waiting, rebuilds
    /// the instances table, commits. Returns what was done.
    public func finish() throws -> IngestSummary {
        try assembler.flush()
        // From here on this thread owns the connection: the writing thread ends once the stream is written.
        try writer.endStream()
        // Executions count in time order, with those earlier ingests stored; in a store that held no spans, only
        // retried ones need it (read newest first, they were numbered backwards).
        try writer.renumberAttempts(withSpansFrom: firstSpanID, retriedOnly: !storeHadSpans)
        try linkPendingMetrics()
        try rebuildTouchedInstances(also: writer.mergedInstances)
        try InstanceSummary.rebuildMissing(writer.database)
        try writer.commit()
        summary.spansOpened = assembler.spansOpened
        summary.spansClosed = assembler.spansClosed
        summary.spansStillOpen = try writer.unfinishedSpans()
        writer.checkpoint()
        summary.elapsedSeconds = Clock.now() - started
        return summary
    }

    /// The store's connection, given back once `finish` or `abandon` ended the writing thread, which owns it
    /// until then (an in-memory store is read on it).
    public var database: SQLiteDatabase { writer.database }

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
    func rebuildTouchedInstances(also more: Set<InstanceRef> = []) throws {
        let touched = writer.touchedInstances.union(more)
        try StoreMaintenance.rebuildInstances(writer.database, touched: touched)
        try InstanceSummary.invalidate(writer.database, touched: touched)
        writer.forgetTouchedInstances()
    }

    func registerInput(name: String) throws -> Int64 {
        try writer.registerInput(name: name)
    }

    /// Records the input's own counts.
    private func finishInput(_ slot: InputSlot, completed: Bool) throws {
        guard let id = slot.context?.id else { return }
        try writer.finishInput(InputRow(id: id, linesRead: slot.counts.linesRead, recordsNew: slot.counts.recordsNew,
                                        recordsDuplicate: slot.counts.recordsDuplicate, skipped: slot.counts.skipped,
                                        completed: completed))
    }
}
