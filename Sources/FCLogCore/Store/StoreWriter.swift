/// Turns what an ingest produces into writes (`WriteCommand` values) for the
/// writing thread, and keeps what the ingest side must know of them: the
/// spans waiting to go out in id order, the tally's changes, the instances
/// touched, the record identities claimed.
final class StoreWriter {
    /// What the ingest side reads of earlier batches.
    private let reads: CommittedReads
    private let keys: RecordKeys
    /// The first span id of this ingest: spans numbered below it were stored by earlier ones.
    let firstSpanID: Int64
    /// Runs the writes of a batch on a thread of their own.
    private let queue: WriteQueue
    /// The batch's changes to `fclog_span_tally`, which its commit writes on the writing thread.
    private var tally = SpanTally.Changes()
    private var inTransaction = false
    /// The input whose records are being written: their identities, SLS rows and span changes name it.
    var inputID: Int64 = 0
    /// Commits made or queued so far.
    private var commits = 0
    /// Spans inserted but not queued yet, with their input. They go out in id
    /// order, so that rows land at the table's end: rows inserted out of order
    /// split pages and leave them part empty.
    private var pendingSpans: [(span: SpanState, inputID: Int64?)] = []
    private let pendingCapacity = 4096
    /// The billing step that `billed_ms` is rounded up to.
    private let stepMillis: Int64
    /// The last span id of each (input, function) in this batch, for `fclog_input_spans`.
    private var lastSpanByInput: [InputFunction: Int64] = [:]

    struct InputFunction: Hashable, Sendable {
        let input: Int64
        let function: String
    }
    /// Instances whose rows in `instances` this ingest must rebuild.
    private(set) var touchedInstances: Set<InstanceRef> = []
    /// The last span id of the batches committed (or of the store, before the first).
    private var committedSpanID: Int64
    /// Rows of earlier batches this batch rewrote, and instances it must rebuild whole (see `updateInstances`).
    private var updatedEarlierSpans: [Int64] = []
    private var exactInstances: Set<InstanceRef> = []
    /// Instance ids cut at a copy's edge whose committed spans moved to the whole id: their rows go if nothing is left.
    private var cutInstances: Set<InstanceRef> = []
    /// Instances whose `instances` rows batches brought up to date from their own spans alone; read once
    /// the queue is drained. The ingest rebuilds them whole once, as it finishes.
    var mergedInstances: Set<InstanceRef> { queue.side.mergedInstances }

    /// The last instance touched: consecutive spans mostly share it.
    private var lastTouched: InstanceRef?

    func forgetTouchedInstances() {
        touchedInstances.removeAll(keepingCapacity: true)
        lastTouched = nil
    }

    private func touch(_ function: String, _ instance: String?) {
        guard let instance else { return }
        if let last = lastTouched, last.instance == instance, last.function == function { return }
        let ref = InstanceRef(function: function, instance: instance)
        touchedInstances.insert(ref)
        lastTouched = ref
    }

    /// Takes the writing connection over: its writing thread owns it until `endStream` hands it back.
    init(database: sending SQLiteDatabase, stepMillis: Int64) throws {
        self.stepMillis = stepMillis
        committedSpanID = try database.scalarInt("SELECT max(id) FROM fclog_span_rows") ?? 0
        firstSpanID = committedSpanID + 1
        // Earlier batches are read on a connection of their own, which does not wait on the writing
        // thread's; only in WAL mode, where it cannot see (or wait on) the open transaction's pages.
        let wal = try database.column("PRAGMA journal_mode").first == "wal"
        let lookups = wal ? SpanLookups(database: try SQLiteDatabase(path: database.path, mode: .readOnly)) : nil
        queue = WriteQueue(side: try StoreWriteSide(database: database))
        reads = CommittedReads(lookups: lookups, queue: queue)
        keys = RecordKeys(reads: reads)
    }

    /// The writing connection, once `endStream` handed it back.
    var database: SQLiteDatabase { queue.side.database }

    /// What earlier batches stored, once commit number `commit`, if given, is done.
    func look(_ lookup: StoreLookup, committedThrough commit: Int? = nil) throws -> StoreLookup.Answer {
        try reads.look(lookup, committedThrough: commit)
    }

    /// Numbers again, in the order they ran, every execution of the RequestIds and instances that spans
    /// from `firstSpanID` on belong to, with those earlier ingests stored; `retriedOnly`, only the groups
    /// with a second execution (a store that held no spans, whose input may have been read newest first).
    func renumberAttempts(withSpansFrom firstSpanID: Int64, retriedOnly: Bool = false) throws {
        let spans = "SELECT id FROM fclog_span_rows WHERE id >= \(firstSpanID)" + (retriedOnly ? " AND attempt > 1" : "")
        try StoreMaintenance.noteAttemptGroups(database, spans: spans)
        try StoreMaintenance.renumberAttempts(database)
    }

    /// Spans the store holds without an End or a Start and with no outcome, counted through the index of those.
    func unfinishedSpans() throws -> Int {
        try database.scalarInt(
            "SELECT count(*) FROM fclog_span_rows WHERE (has_start = 0 OR has_end = 0) AND status = 'unfinished'").map(Int.init) ?? 0
    }

    /// Moves what the write-ahead log holds into the store's file and empties the log, so that the file alone
    /// is the whole store (a copy of it, say) however the connections happen to close (a read-only one closing
    /// last leaves the log), and an upgrade's log of a gigabyte does not stay on disk. A report reading
    /// meanwhile is waited for a second at most; where the log cannot be emptied (a reader still at it, a disk
    /// too full for the pages), everything stays committed in it, as before.
    func checkpoint() {
        try? database.execute("PRAGMA busy_timeout = 1000; PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// The number of the next commit.
    var nextCommit: Int { commits + 1 }

    /// Waits for the queued writes; before reading what they may have written.
    func drain() throws {
        try releaseSpans(all: true)
        try queue.drain()
    }

    // MARK: - Transactions

    func begin() throws {
        guard !inTransaction else { return }
        try queue.send(.begin)
        try queue.drain()
        inTransaction = true
    }

    /// The store's answer, once what was written before is (pending spans included).
    func ask(_ question: StoreQuestion) throws -> StoreAnswer {
        try releaseSpans(all: true)
        return try queue.ask(question)
    }

    /// Records an input in `inputs`; its id.
    func registerInput(name: String) throws -> Int64 {
        guard case let .inputID(id) = try ask(.registerInput(name: name)) else { preconditionFailure("an input's id") }
        return id
    }

    func finishInput(_ row: InputRow) throws {
        try queue.send(.finishInput(row))
    }

    /// Ends the stream of writes: once they are written, the writing thread
    /// ends and the calling thread owns the connection, writing at once.
    func endStream() throws {
        try releaseSpans(all: true)
        try queue.end()
    }

    func commit() throws {
        guard inTransaction else { return }
        try releaseSpans(all: true)
        commits += 1
        try keys.handOver(commit: commits)
        try queue.send(.commit(BatchCommit(number: commits, tally: tally.take(), inputSpans: lastSpanByInput)))
        lastSpanByInput.removeAll(keepingCapacity: true)
        try queue.drain()
        inTransaction = false
    }

    /// Commits the batch and begins the next one on the writing thread, with
    /// `instances` brought up to date for `touched`, while the caller goes on
    /// queueing the next batch's writes. `lastSpanID` is the last span id
    /// given so far: a store holding more when the next batch begins was
    /// written by someone else meanwhile, and this ingest's ids would collide.
    func commitInBackground(touched: Set<InstanceRef>, lastSpanID: Int64) throws {
        guard inTransaction else { return }
        try releaseSpans(all: true)
        commits += 1
        try keys.handOver(commit: commits)
        let next = BatchCommit.Continuing(touched: touched, after: committedSpanID, updated: updatedEarlierSpans,
                                          exact: exactInstances, cut: cutInstances, lastSpanID: lastSpanID)
        try queue.send(.commit(BatchCommit(number: commits, tally: tally.take(), inputSpans: lastSpanByInput,
                                           continuing: next)))
        lastSpanByInput.removeAll(keepingCapacity: true)
        committedSpanID = lastSpanID
        updatedEarlierSpans.removeAll(keepingCapacity: true)
        exactInstances.removeAll(keepingCapacity: true)
        cutInstances.removeAll(keepingCapacity: true)
        // A commit waits for no more lines: a quiet live input is committed now.
        try queue.submit()
    }

    func rollback() {
        guard inTransaction else { return }
        pendingSpans.removeAll()
        // The writing thread ends first: the connection is this thread's to roll back.
        try? queue.end()
        queue.side.discard()
        try? database.execute("ROLLBACK")
        lastSpanByInput.removeAll()
        updatedEarlierSpans.removeAll()
        exactInstances.removeAll()
        tally = SpanTally.Changes()
        inTransaction = false
    }

    // MARK: - Records

    /// Records a record's identity in its bucket (its second, or its context
    /// for untimed lines); false when the store already holds it.
    func claim(bucket: Int64, key: UInt64) throws -> Bool {
        try keys.claim(bucket: bucket, key: key, input: inputID)
    }

    /// Whether the store holds a record's identity made another way (the older scheme, another function).
    func holds(bucket: Int64, key: UInt64) throws -> Bool {
        try keys.contains(bucket: bucket, key: key)
    }

    /// Whether the store holds identities made before v9-record-identity, which are consulted too.
    static func hasLegacyRecordKeys(_ database: SQLiteDatabase) throws -> Bool {
        try database.scalarInt("SELECT count(*) FROM fclog_settings WHERE name = 'legacy_record_keys'") ?? 0 > 0
    }

    /// Whether an ingest claimed identities of a raw tail's markers (`Ingester.isStoredByAnotherRoute`).
    static func hasRawTailMarkers(_ database: SQLiteDatabase) throws -> Bool {
        try database.scalarInt("SELECT count(*) FROM fclog_settings WHERE name = 'raw_tail_markers'") ?? 0 > 0
    }

    /// Notes, with the batch, that the store holds identities of a raw tail's markers.
    func noteRawTailMarkers() throws {
        try queue.send(.setting(name: "raw_tail_markers", value: "1"))
    }

    /// Whether spans were stored under the function named `name` (`unknown`, for text logs read without --function);
    /// the tally is keyed by function first, so this costs one index probe however large the store.
    static func holdsFunction(_ name: String, in database: SQLiteDatabase) throws -> Bool {
        let s = try database.prepare("SELECT EXISTS (SELECT 1 FROM fclog_span_tally WHERE function = ?1)")
        s.bind(1, name)
        defer { s.reset() }
        return try s.step() && s.int64(0) != 0
    }

    /// A stored line's kind, as `fclog_lines.kind` codes it.
    enum LineKind: Int64 {
        case user = 0
        case runtime = 1
        case marker = 2
        case summary = 3
        /// A Start marker in FC's exact words: its text is rebuilt from the span, not stored.
        case canonicalStart = 4
        /// An End marker with no error in FC's exact words, likewise.
        case canonicalEnd = 5
    }

    /// One stored log line. Function, instance and RequestId are nil where
    /// they are the span's: the `lines` view takes them from it.
    struct LineRow {
        var inputID: Int64
        var lineNumber: Int
        var timeMicros: Int64?
        var spanID: Int64?
        var function: String?
        var instanceID: String?
        var requestID: String?
        var level: String?
        var kind: LineKind
    }

    /// Inserts a line; a nil `message` is rebuilt by the `lines` view (canonical markers).
    func insertLine(_ row: LineRow, message: UnsafeBufferPointer<UInt8>?) throws {
        try queue.line(row, message: message)
    }

    // MARK: - Spans

    /// Queues the insert or update of a span's row with its columns as they are now.
    private func write(_ span: SpanState, inputID: Int64?, inserting: Bool) throws {
        let row = SpanRow(span, stepMillis: stepMillis, inputID: inputID)
        try queue.send(inserting ? .insertSpan(row, instance: span.instanceID) : .updateSpan(row, instance: span.instanceID))
    }

    /// Inserts a span under the id it was given: its row is written, as the
    /// span is then, once the spans numbered before it were, or at the latest
    /// before the batch commits or anything reads the store.
    /// A span made from request metrics alone is no input's: `attributed` false leaves its `input_id` NULL.
    func insert(_ span: SpanState, attributed: Bool) throws {
        touch(span.function, span.instanceID)
        span.isStored = true
        span.insertPending = true
        pendingSpans.append((span, attributed ? inputID : nil))
        count(span)
        if attributed {
            Self.raise(&lastSpanByInput[InputFunction(input: inputID, function: span.function), default: 0], to: span.id)
        }
        if pendingSpans.count >= pendingCapacity || queue.runsInline { try releaseSpans(all: queue.runsInline) }
    }

    /// Queues the inserts of pending spans by id: all of them, or the older
    /// half, keeping the newer ones for spans numbered before them to join.
    private func releaseSpans(all: Bool) throws {
        guard !pendingSpans.isEmpty else { return }
        pendingSpans.sort { $0.span.id < $1.span.id }
        let count = all ? pendingSpans.count : pendingSpans.count / 2
        for (span, inputID) in pendingSpans[..<count] {
            span.insertPending = false
            try write(span, inputID: inputID, inserting: true)
        }
        pendingSpans.removeFirst(count)
    }

    private static func raise(_ value: inout Int64, to candidate: Int64) {
        value = max(value, candidate)
    }

    /// The id after the last span of the batches committed (before the first: of the store).
    var nextSpanID: Int64 { committedSpanID + 1 }

    /// Writes a span's current state over its row.
    func update(_ span: SpanState) throws {
        touch(span.function, span.instanceID)
        let before: SpanTally.Key?
        if let known = span.tallyKey {
            before = known
        } else {
            guard case let .tallyKey(key) = try queue.ask(.tallyKey(span: span.id)) else { preconditionFailure("a tally key") }
            before = key
        }
        // A pending insert writes the span as it is when it goes.
        if !span.insertPending {
            try write(span, inputID: inputID, inserting: false)
            if span.id <= committedSpanID { updatedEarlierSpans.append(span.id) }
        }
        if let before { tally.add(before, -1) }
        count(span)
    }

    /// Notes that a stored span took on an instance: a row of an earlier batch
    /// that its instance's row has not counted yet.
    func noteAdoption(_ span: SpanState, replacing before: String?) {
        guard span.isStored, span.id <= committedSpanID, let instance = span.instanceID else { return }
        exactInstances.insert(InstanceRef(function: span.function, instance: instance))
        if let before { cutInstances.insert(InstanceRef(function: span.function, instance: before)) }
    }

    /// Counts a span as written in the tally, and remembers under what.
    private func count(_ span: SpanState) {
        let key = SpanTally.Key(span)
        tally.add(key, 1)
        span.tallyKey = key
    }

    // MARK: - SLS streams

    /// Inserts a request-metrics record, linked to `span` when the assembler matched it. A linked cold start
    /// still names its Initializer: that is looked up after the last line, when every Initializer is stored.
    func insertRequestMetrics(_ record: SLSRecord, _ metrics: RequestMetrics, span: Int64?) throws {
        touch(metrics.function, metrics.instanceID)
        try queue.send(.requestMetrics(record, metrics, input: inputID, span: span))
    }

    /// Gives a request-metrics record another route stored the time this route's record has, where it had none.
    func fillRequestMetricsTime(_ metrics: RequestMetrics, timeMicros: Int64) throws {
        try queue.send(.requestMetricsTime(metrics, timeMicros: timeMicros))
    }

    func insertInstanceEvent(_ record: SLSRecord, function: String, event: String) throws {
        touch(function, record.instanceID)
        try queue.send(.instanceEvent(record, function: function, event: event, input: inputID))
    }

    /// Gives an instance event another route stored the time this route's record has, where it had none.
    func fillInstanceEventTime(function: String, instance: String, event: String, timeMicros: Int64) throws {
        touch(function, instance)
        try queue.send(.instanceEventTime(function: function, instance: instance, event: event, timeMicros: timeMicros))
    }

    /// Gives an instance-metrics record another route stored the time this route's record has, where it had none.
    func fillInstanceMetricsTime(_ record: SLSRecord, function: String, instance: String, timeMicros: Int64) throws {
        try queue.send(.instanceMetricsTime(record, function: function, instance: instance, timeMicros: timeMicros))
    }

    func insertInstanceMetrics(_ record: SLSRecord, function: String) throws {
        try queue.send(.instanceMetrics(record, function: function, input: inputID))
    }
}
