/// The writing thread's side of an ingest: the prepared statements, the
/// line blocks and the instance numbers it alone uses, and the commands
/// (`WriteCommand`) it makes with them.
final class StoreWriteSide {
    let database: SQLiteDatabase
    /// Lines in compressed blocks.
    let lineBlocks: LineBlockWriter
    /// The numbers that span rows refer to their instance by.
    let instances: InstanceNumbers
    private let tally: SpanTally
    private let insertSpan: SQLiteStatement
    private let updateSpan: SQLiteStatement
    private let insertMetric: SQLiteStatement
    private let notePendingInitializer: SQLiteStatement
    private let insertEvent: SQLiteStatement
    private let insertInstanceMetric: SQLiteStatement
    private let recordInputSpan: SQLiteStatement
    private let saveKeys: SQLiteStatement
    /// Statements of rare writes (a setting; the time of a record another route stored without one), prepared
    /// when first made and kept, by their SQL.
    private var rareStatements: [String: SQLiteStatement] = [:]
    /// Instances whose `instances` rows batches brought up to date from their own spans alone; the ingest
    /// rebuilds them whole once, as it finishes.
    private(set) var mergedInstances: Set<InstanceRef> = []
    /// The ingest side's reads, where it has no connection of its own to make them.
    private lazy var lookups = SpanLookups(database: database)

    init(database: SQLiteDatabase) throws {
        self.database = database
        lineBlocks = try LineBlockWriter(database: database)
        instances = try InstanceNumbers(database: database)
        tally = try SpanTally(database: database)
        insertSpan = try database.prepare("""
            INSERT INTO fclog_span_rows(function, service, instance, request_id_raw, kind_code, outcome_code, error,
                duration_us, billed_ms, source_code, attempt, start_us, end_offset_us, has_start, has_end,
                memory_mb, max_memory_mb, input_id, id, request_key, qualifier, version_id, cold_start, times_from_lines)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)
            """)
        updateSpan = try database.prepare("""
            UPDATE fclog_span_rows SET service = ?2, instance = ?3, outcome_code = ?6, error = ?7,
                duration_us = ?10, billed_ms = ?11, source_code = ?12, start_us = ?14, end_offset_us = ?15,
                has_start = ?16, has_end = ?17, memory_mb = ?18, max_memory_mb = ?19, qualifier = ?23, version_id = ?24,
                cold_start = ?25, times_from_lines = ?26,
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
            INSERT INTO instance_metrics(function, service, instance_id, time, \(Self.instanceMetricColumns.joined(separator: ", ")), input_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        recordInputSpan = try database.prepare("""
            INSERT INTO fclog_input_spans(input_id, function, last_span_id) VALUES (?1, ?2, ?3)
            ON CONFLICT(input_id, function) DO UPDATE SET last_span_id = max(last_span_id, excluded.last_span_id)
            """)
        saveKeys = try database.prepare("INSERT INTO fclog_record_keys(bucket, input_id, keys) VALUES (?, ?, ?)")
    }

    /// Makes one write; `bytes` are the chunk's, which a line's message is a range of.
    /// Returns the number of the commit it made, if it made one.
    @discardableResult
    func perform(_ command: WriteCommand, bytes: UnsafeBufferPointer<UInt8>) throws -> Int? {
        switch command {
        case let .line(row, start, count):
            try lineBlocks.append(row, message: start < 0 ? nil : UnsafeBufferPointer(rebasing: bytes[start..<(start + count)]))
        case let .insertSpan(row, instance):
            try write(insertSpan, row, instance: instance)
        case let .updateSpan(row, instance):
            try write(updateSpan, row, instance: instance)
        case let .requestMetrics(record, metrics, input, span):
            try writeRequestMetrics(record, metrics, input: input, span: span)
            if span != nil && metrics.timesInitializer {
                notePendingInitializer.bind(1, database.lastInsertRowID)
                try notePendingInitializer.run()
            }
        case let .requestMetricsTime(metrics, time):
            let s = try preparedWhenNeeded(Self.fillRequestMetricsTime)
            s.bind(1, TimestampParser.iso8601(micros: time))
            s.bind(2, metrics.requestID)
            s.bind(3, metrics.function)
            s.bind(4, metrics.startMicros)
            try s.run()
        case let .instanceEvent(record, function, event, input):
            let s = insertEvent
            s.bind(1, function)
            s.bind(2, record.service)
            s.bind(3, record.instanceID)
            s.bind(4, record.timeMicros.map(TimestampParser.iso8601(micros:)))
            s.bind(5, record.timeMicros)
            s.bind(6, event)
            s.bind(7, input)
            try s.run()
        case let .instanceEventTime(function, instance, event, time):
            let s = try preparedWhenNeeded(Self.fillInstanceEventTime)
            s.bind(1, TimestampParser.iso8601(micros: time))
            s.bind(2, time)
            s.bind(3, instance)
            s.bind(4, function)
            s.bind(5, event)
            try s.run()
        case let .instanceMetrics(record, function, input):
            try writeInstanceMetrics(record, function: function, input: input)
        case let .instanceMetricsTime(record, function, instance, time):
            let s = try preparedWhenNeeded(Self.fillInstanceMetricsTime)
            s.bind(1, TimestampParser.iso8601(micros: time))
            s.bind(2, instance)
            s.bind(3, function)
            for (index, key) in SLSRecord.instanceMetricKeys.enumerated() {
                s.bind(Int32(4 + index), record.fields.double(key))
            }
            try s.run()
        case let .recordKeys(bucket, rows):
            for row in rows {
                saveKeys.bind(1, bucket)
                saveKeys.bind(2, row.input)
                row.blob.withUnsafeBytes { saveKeys.bindBlob(3, $0) }
                try saveKeys.run()
            }
        case let .setting(name, value):
            let s = try preparedWhenNeeded("INSERT OR IGNORE INTO fclog_settings(name, value) VALUES (?1, ?2)")
            s.bind(1, name)
            s.bind(2, value)
            try s.run()
        case let .commit(batch):
            try commit(batch)
            return batch.number
        case .begin:
            try database.execute("BEGIN IMMEDIATE")
        case let .finishInput(row):
            let s = try database.prepare("""
                UPDATE inputs SET lines_read = ?, records_new = ?, records_duplicate = ?, lines_skipped = ?, completed = ?
                WHERE id = ?
                """)
            s.bind(1, row.linesRead)
            s.bind(2, row.recordsNew)
            s.bind(3, row.recordsDuplicate)
            s.bind(4, row.skipped)
            s.bind(5, row.completed ? 1 : 0)
            s.bind(6, row.id)
            try s.run()
        case let .ask(question, reply):
            reply.send(Result { try answer(question) })
        }
        return nil
    }

    /// Answers a question on the connection, which sees the open batch's writes.
    func answer(_ question: StoreQuestion) throws -> StoreAnswer {
        switch question {
        case let .registerInput(name):
            let s = try database.prepare(
                "INSERT INTO inputs(name, ingested_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
            s.bind(1, name)
            try s.run()
            return .inputID(database.lastInsertRowID)
        case let .tallyKey(span):
            return .tallyKey(try tally.key(ofSpan: span))
        case let .latestEndedInvocation(function, requestID):
            let found = try SpanLookups.latestEndedInvocation(function: function, requestID: requestID, on: database)
            return .span(found?.row, instance: found?.instance)
        case .written:
            return .written
        case let .lookup(lookup):
            return .lookedUp(try lookups.answer(lookup))
        }
    }

    private func write(_ statement: SQLiteStatement, _ row: SpanRow, instance: String?) throws {
        row.bind(to: statement)
        statement.bind(3, try instances.number(function: row.function, instance: instance))
        try statement.run()
    }

    private func commit(_ batch: BatchCommit) throws {
        try lineBlocks.flush()
        if let next = batch.continuing {
            let merged = try StoreMaintenance.updateInstances(database, touched: next.touched, after: next.after,
                                                              updated: next.updated, exact: next.exact)
            if try StoreMaintenance.dropUnused(database, next.cut) { instances.forget() }
            mergedInstances.formUnion(merged)
            try InstanceSummary.invalidate(database, touched: next.touched)
        }
        try tally.write(batch.tally)
        for (key, last) in batch.inputSpans {
            recordInputSpan.bind(1, key.input)
            recordInputSpan.bind(2, key.function)
            recordInputSpan.bind(3, last)
            try recordInputSpan.run()
        }
        try database.execute("COMMIT")
        guard let next = batch.continuing else { return }
        try database.execute("BEGIN IMMEDIATE")
        if let last = try database.scalarInt("SELECT max(id) FROM fclog_span_rows"), last > next.lastSpanID {
            throw FCLogError.unusableStore(path: database.path, reason: """
                another program stored spans in it during this ingest; what was committed is kept: \
                run the ingest again to finish
                """)
        }
    }

    /// Forgets what a transaction rolled back had begun.
    func discard() {
        lineBlocks.discard()
        instances.forget()
    }

    /// The statement of `sql`, prepared the first time it is made.
    private func preparedWhenNeeded(_ sql: String) throws -> SQLiteStatement {
        if let s = rareStatements[sql] { return s }
        let s = try database.prepare(sql)
        rareStatements[sql] = s
        return s
    }

    /// The columns of `instance_metrics` that hold a record's figures, in the order of `SLSRecord.instanceMetricKeys`.
    private static let instanceMetricColumns = [
        "agg_period_seconds", "cpu_percent", "cpu_quota_percent", "memory_limit_mb", "memory_usage_mb",
        "memory_usage_percent", "concurrent_requests", "rx_total_bytes", "tx_total_bytes",
    ]

    private static let fillRequestMetricsTime = """
        UPDATE request_metrics SET time = ?1 WHERE request_id = ?2 AND function = ?3 AND start_us = ?4 AND time IS NULL
        """

    /// The first event of its instance and name with no time.
    private static let fillInstanceEventTime = """
        UPDATE instance_events SET time = ?1, time_us = ?2
        WHERE id = (SELECT min(id) FROM instance_events
                    WHERE instance_id = ?3 AND function = ?4 AND event = ?5 AND time_us IS NULL)
        """

    /// The first record of its instance and figures with no time.
    private static let fillInstanceMetricsTime = """
        UPDATE instance_metrics SET time = ?1
        WHERE id = (SELECT min(id) FROM instance_metrics
                    WHERE instance_id = ?2 AND function = ?3 AND time IS NULL AND \(
                        instanceMetricColumns.enumerated().map { "\($0.element) IS ?\($0.offset + 4)" }.joined(separator: " AND ")))
        """

    /// The record's fields as exported; what matching reads of them, as `metrics` read it.
    private func writeRequestMetrics(_ record: SLSRecord, _ metrics: RequestMetrics, input: Int64, span: Int64?) throws {
        let s = insertMetric
        let f = record.fields
        s.bind(1, metrics.function)
        s.bind(2, record.service)
        s.bind(3, f["qualifier"])
        s.bind(4, metrics.requestID)
        s.bind(5, metrics.instanceID)
        s.bind(6, record.timeMicros.map(TimestampParser.iso8601(micros:)))
        s.bind(7, metrics.startMicros.map(TimestampParser.iso8601(micros:)))
        s.bind(8, metrics.startMicros)
        s.bind(9, f.double("durationMs").flatMap { Plausible.micros(fromMillis: $0) != nil ? $0 : nil })
        s.bind(10, metrics.memoryMB)
        s.bind(11, metrics.memoryUsageMB)
        s.bind(12, f.bool("isColdStart").map { $0 ? 1 : 0 })
        s.bind(13, f.bool("hasFunctionError").map { $0 ? 1 : 0 })
        s.bind(14, metrics.errorType)
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

    private func writeInstanceMetrics(_ record: SLSRecord, function: String, input: Int64) throws {
        let s = insertInstanceMetric
        let f = record.fields
        s.bind(1, function)
        s.bind(2, record.service)
        s.bind(3, record.instanceID)
        s.bind(4, record.timeMicros.map(TimestampParser.iso8601(micros:)))
        for (index, key) in SLSRecord.instanceMetricKeys.enumerated() {
            s.bind(Int32(5 + index), f.double(key))
        }
        s.bind(14, input)
        try s.run()
    }
}
