/// Writes what an ingest produces through prepared statements that are
/// compiled once and rebound for every row.
final class StoreWriter {
    let database: SQLiteDatabase
    /// Lines in compressed blocks; used on the writing thread only.
    private let lineBlocks: LineBlockWriter
    /// The read-only connection of `committedReader`, in WAL mode.
    private let reader: SQLiteDatabase?
    private let keys: RecordKeys
    /// Runs the writes of a batch on a thread of their own.
    private let queue: WriteQueue
    private let insertSpan: SQLiteStatement
    private let updateSpan: SQLiteStatement
    private let insertMetric: SQLiteStatement
    private let notePendingInitializer: SQLiteStatement
    private let insertEvent: SQLiteStatement
    private let insertInstanceMetric: SQLiteStatement
    private let recordInputSpan: SQLiteStatement
    /// The batch's changes to `fclog_span_tally`.
    let tally: SpanTally
    /// The numbers that span rows refer to their instance by.
    let instances: InstanceNumbers
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

    private struct InputFunction: Hashable {
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
    /// Instances whose `instances` rows batches brought up to date from their own spans alone: the
    /// writing thread's until drained. The ingest rebuilds them whole once, as it finishes.
    private(set) var mergedInstances: Set<InstanceRef> = []

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

    init(database: SQLiteDatabase, stepMillis: Int64) throws {
        self.database = database
        self.stepMillis = stepMillis
        committedSpanID = try database.scalarInt("SELECT max(id) FROM fclog_span_rows") ?? 0
        let lineBlocks = try LineBlockWriter(database: database)
        self.lineBlocks = lineBlocks
        // Unowned and unchecked, so that nothing is counted per line: the writer owns the blocks and
        // drains the queue before it goes; the queue's thread may outlive it but writes no more lines.
        queue = WriteQueue { [unowned(unsafe) lineBlocks] row, message in try lineBlocks.append(row, message: message) }
        // Record identities are read on a connection of their own, which does not wait on the writing
        // thread's; only in WAL mode, where it cannot see (or wait on) the open transaction's pages.
        let wal = try database.column("PRAGMA journal_mode").first == "wal"
        reader = wal ? try SQLiteDatabase(path: database.path, mode: .readOnly) : nil
        #if DEBUG
        database.mayUse = { [queue] in queue.mayUseConnection() }
        #endif
        keys = try RecordKeys(database: database, reader: reader, queue: queue)
        insertSpan = try database.prepare("""
            INSERT INTO fclog_span_rows(function, service, instance, request_id, kind, status, error,
                duration_us, billed_ms, duration_source, attempt, start_us, end_us, has_start, has_end,
                memory_mb, max_memory_mb, input_id, id, request_key, qualifier, version_id, cold_start)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)
            """)
        updateSpan = try database.prepare("""
            UPDATE fclog_span_rows SET service = ?2, instance = ?3, status = ?6, error = ?7,
                duration_us = ?10, billed_ms = ?11, duration_source = ?12, start_us = ?14, end_us = ?15,
                has_start = ?16, has_end = ?17, memory_mb = ?18, max_memory_mb = ?19, qualifier = ?23, version_id = ?24,
                cold_start = ?25,
                touched_by = CASE WHEN input_id IS ?20 THEN touched_by ELSE ?20 END
            WHERE id = ?21
            """)
        insertMetric = try database.prepare("""
            INSERT INTO request_metrics(function, service, qualifier, request_id, instance_id, time, start_time, start_us,
                duration_ms, memory_mb, memory_usage_mb, is_cold_start, has_function_error, error_type,
                invoke_function_latency_ms, cold_start_latency_ms, prepare_code_latency_ms, runtime_initialization_ms,
                schedule_latency_ms, resource_mode, retry_count, status_code, input_id, span_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        notePendingInitializer = try database.prepare("INSERT INTO fclog_pending_initializers(metric_id) VALUES (?1)")
        insertEvent = try database.prepare(
            "INSERT INTO instance_events(function, service, instance_id, time, time_us, event, input_id) VALUES (?, ?, ?, ?, ?, ?, ?)")
        insertInstanceMetric = try database.prepare("""
            INSERT INTO instance_metrics(function, service, instance_id, time, agg_period_seconds, cpu_percent,
                cpu_quota_percent, memory_limit_mb, memory_usage_mb, memory_usage_percent, concurrent_requests,
                rx_total_bytes, tx_total_bytes, input_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        tally = try SpanTally(database: database)
        instances = try InstanceNumbers(database: database)
        recordInputSpan = try database.prepare("""
            INSERT INTO fclog_input_spans(input_id, function, last_span_id) VALUES (?1, ?2, ?3)
            ON CONFLICT(input_id, function) DO UPDATE SET last_span_id = max(last_span_id, excluded.last_span_id)
            """)
    }

    deinit {
        try? queue.drain()
        queue.stop()
    }

    /// A connection that reads what earlier transactions committed: its own
    /// in WAL mode, which need not wait for the writing thread; else the
    /// writing one, once the queue has drained.
    func committedReader() throws -> SQLiteDatabase {
        if let reader { return reader }
        try queue.drain()
        return database
    }

    /// The number of the next commit.
    var nextCommit: Int { commits + 1 }

    /// `committedReader`, once commit number `commit` is done.
    func committedReader(through commit: Int) throws -> SQLiteDatabase {
        if reader != nil, queue.committed < commit { try queue.drain() }
        return try committedReader()
    }

    /// Waits for the queued writes; before reading what they may have written.
    func drain() throws {
        try releaseSpans(all: true)
        try queue.drain()
    }

    // MARK: - Transactions

    func begin() throws {
        guard !inTransaction else { return }
        try database.execute("BEGIN IMMEDIATE")
        inTransaction = true
    }

    func commit() throws {
        guard inTransaction else { return }
        try releaseSpans(all: true)
        commits += 1
        try keys.handOver(commit: commits)
        try queue.run { [lineBlocks] in try lineBlocks.flush() }
        try queue.drain()
        try tally.flush()
        try Self.record(lastSpanByInput, with: recordInputSpan)
        lastSpanByInput.removeAll(keepingCapacity: true)
        try database.execute("COMMIT")
        queue.noteCommit(commits)
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
        let number = commits
        try keys.handOver(commit: number)
        let tallyChanges = tally.takeChanges()
        let inputSpans = lastSpanByInput
        lastSpanByInput.removeAll(keepingCapacity: true)
        let (after, updated, exact, cut) = (committedSpanID, updatedEarlierSpans, exactInstances, cutInstances)
        committedSpanID = lastSpanID
        updatedEarlierSpans.removeAll(keepingCapacity: true)
        exactInstances.removeAll(keepingCapacity: true)
        cutInstances.removeAll(keepingCapacity: true)
        try queue.run { [self, database, tally, recordInputSpan, queue, instances, lineBlocks] in
            try lineBlocks.flush()
            let merged = try StoreMaintenance.updateInstances(database, touched: touched, after: after, updated: updated, exact: exact)
            if try StoreMaintenance.dropUnused(database, cut) { instances.forget() }
            mergedInstances.formUnion(merged)
            try InstanceSummary.invalidate(database, touched: touched)
            try tally.write(tallyChanges)
            try Self.record(inputSpans, with: recordInputSpan)
            try database.execute("COMMIT")
            queue.noteCommit(number)
            try database.execute("BEGIN IMMEDIATE")
            if let last = try database.scalarInt("SELECT max(id) FROM fclog_span_rows"), last > lastSpanID {
                throw FCLogError.unusableStore(path: database.path, reason: """
                    another program stored spans in it during this ingest; what was committed is kept: \
                    run the ingest again to finish
                    """)
            }
        }
        // A commit waits for no more lines: a quiet live input is committed now.
        try queue.submit()
    }

    private static func record(_ lastSpans: [InputFunction: Int64], with statement: SQLiteStatement) throws {
        for (key, last) in lastSpans {
            statement.bind(1, key.input)
            statement.bind(2, key.function)
            statement.bind(3, last)
            try statement.run()
        }
    }

    func rollback() {
        guard inTransaction else { return }
        pendingSpans.removeAll()
        try? queue.drain()
        lineBlocks.discard()
        try? database.execute("ROLLBACK")
        lastSpanByInput.removeAll()
        updatedEarlierSpans.removeAll()
        exactInstances.removeAll()
        tally.discard()
        instances.forget()
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
    func hasLegacyRecordKeys() throws -> Bool {
        try database.scalarInt("SELECT count(*) FROM fclog_settings WHERE name = 'legacy_record_keys'") ?? 0 > 0
    }

    /// Whether spans were stored under the function named `name` (`unknown`, for text logs read without --function);
    /// the tally is keyed by function first, so this costs one index probe however large the store.
    func holdsFunction(_ name: String) throws -> Bool {
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

    /// Queues a statement over a span's columns as they are now.
    private func write(_ statement: SQLiteStatement, _ span: SpanState, inputID: Int64?) throws {
        let row = SpanRow(span, stepMillis: stepMillis, inputID: inputID)
        let instance = span.instanceID
        try queue.run { [instances] in
            row.bind(to: statement)
            statement.bind(3, try instances.number(function: row.function, instance: instance))
            try statement.run()
        }
    }

    /// Inserts a span under the id it was given: its row is written, as the
    /// span is then, once the spans numbered before it were, or at the latest
    /// before the batch commits or anything reads the store.
    /// A span made from request metrics alone is no input's: `attributed` false leaves its `input_id` NULL.
    func insert(_ span: SpanState, attributed: Bool = true) throws {
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

    /// Whether writes run at once on the calling thread, for a pass that reads what it writes as it goes
    /// (the queue must be drained).
    func writeInline(_ inline: Bool) throws {
        try drain()
        queue.runsInline = inline
    }

    /// Queues the inserts of pending spans by id: all of them, or the older
    /// half, keeping the newer ones for spans numbered before them to join.
    private func releaseSpans(all: Bool) throws {
        guard !pendingSpans.isEmpty else { return }
        pendingSpans.sort { $0.span.id < $1.span.id }
        let count = all ? pendingSpans.count : pendingSpans.count / 2
        for (span, inputID) in pendingSpans[..<count] {
            span.insertPending = false
            try write(insertSpan, span, inputID: inputID)
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
            try queue.drain()
            before = try tally.key(ofSpan: span.id)
        }
        // A pending insert writes the span as it is when it goes.
        if !span.insertPending {
            try write(updateSpan, span, inputID: inputID)
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
    func insertRequestMetrics(_ record: SLSRecord, function: String, span: Int64?, timesInitializer: Bool) throws {
        touch(function, record.instanceID)
        let input = inputID
        try queue.run { [database, insertMetric, notePendingInitializer] in
            try Self.writeRequestMetrics(insertMetric, record, function: function, input: input, span: span)
            if span != nil && timesInitializer {
                notePendingInitializer.bind(1, database.lastInsertRowID)
                try notePendingInitializer.run()
            }
        }
    }

    private static func writeRequestMetrics(_ s: SQLiteStatement, _ record: SLSRecord, function: String, input: Int64,
                                            span: Int64?) throws {
        let f = record.fields
        // Unix milliseconds, or seconds in a hand-made export.
        let startMicros = f.int("invocationStartTimestamp").flatMap(Plausible.micros(fromEpoch:))
        s.bind(1, function)
        s.bind(2, record.service)
        s.bind(3, f["qualifier"])
        s.bind(4, f["requestId"] ?? "")
        s.bind(5, record.instanceID)
        s.bind(6, record.timeMicros.map(TimestampParser.iso8601(micros:)))
        s.bind(7, startMicros.map(TimestampParser.iso8601(micros:)))
        s.bind(8, startMicros)
        s.bind(9, f.double("durationMs").flatMap { Plausible.micros(fromMillis: $0) != nil ? $0 : nil })
        s.bind(10, f.int("memoryMB"))
        s.bind(11, f.double("memoryUsageMB"))
        s.bind(12, f.bool("isColdStart").map { $0 ? 1 : 0 })
        s.bind(13, f.bool("hasFunctionError").map { $0 ? 1 : 0 })
        s.bind(14, f["errorType"].flatMap { $0.isEmpty ? nil : $0 })
        s.bind(15, f.double("invokeFunctionLatencyMs"))
        s.bind(16, f.double("coldStartLatencyMs"))
        s.bind(17, f.double("prepareCodeLatencyMs"))
        s.bind(18, f.double("runtimeInitializationMs"))
        s.bind(19, f.double("scheduleLatencyMs"))
        s.bind(20, f["resourceMode"])
        s.bind(21, f.int("retryCount"))
        s.bind(22, f.int("statusCode"))
        s.bind(23, input)
        s.bind(24, span)
        try s.run()
    }

    func insertInstanceEvent(_ record: SLSRecord, function: String, event: String) throws {
        touch(function, record.instanceID)
        let input = inputID
        try queue.run { [insertEvent] in
            let s = insertEvent
            s.bind(1, function)
            s.bind(2, record.service)
            s.bind(3, record.instanceID)
            s.bind(4, record.timeMicros.map(TimestampParser.iso8601(micros:)))
            s.bind(5, record.timeMicros)
            s.bind(6, event)
            s.bind(7, input)
            try s.run()
        }
    }

    func insertInstanceMetrics(_ record: SLSRecord, function: String) throws {
        let input = inputID
        try queue.run { [insertInstanceMetric] in
            try Self.writeInstanceMetrics(insertInstanceMetric, record, function: function, input: input)
        }
    }

    private static func writeInstanceMetrics(_ s: SQLiteStatement, _ record: SLSRecord, function: String, input: Int64) throws {
        let f = record.fields
        s.bind(1, function)
        s.bind(2, record.service)
        s.bind(3, record.instanceID)
        s.bind(4, record.timeMicros.map(TimestampParser.iso8601(micros:)))
        for (index, key) in ["aggPeriodSeconds", "cpuPercent", "cpuQuotaPercent", "memoryLimitMB", "memoryUsageMB",
                             "memoryUsagePercent", "concurrentRequests", "rxTotalBytes", "txTotalBytes"].enumerated() {
            s.bind(Int32(5 + index), f.double(key))
        }
        s.bind(14, input)
        try s.run()
    }
}
