/// The request-metrics records an ingest could not link as they arrived, and the cold starts whose
/// Initializer is not timed yet, read a few thousand at a time in order of start, with the stored spans
/// they may belong to. What a record does to a span is `SpanState.apply`'s; this only finds and links.
final class PendingMetrics {
    /// A record waiting for its span or for its Initializer.
    struct Record {
        var id: Int64
        var service: String?
        var input: Int64?
        var metrics: RequestMetrics
        /// The span it was linked to as it arrived, when it waits only for its Initializer.
        var span: Int64?
    }

    private let database: SQLiteDatabase
    private let chunk: SQLiteStatement
    private let candidates: SQLiteStatement
    private let spanByID: SQLiteStatement
    private let executions: SQLiteStatement
    private let initializer: SQLiteStatement
    private let link: SQLiteStatement
    private let keepWaiting: SQLiteStatement
    private let stopWaiting: SQLiteStatement
    private var after: Int64 = 0

    /// The Initializer that prepared the instance for the invocation: the last begun before it. Kind and
    /// function are kept from the indexes (`+`), so that it is searched through the instance's spans (or the
    /// RequestId's): through the index of long spans, every record read every Initializer of its function,
    /// which grew with the square of the instances.
    static let initializerSQL = """
        SELECT \(SpanState.storedColumns) FROM fclog_span_rows
        WHERE +kind = 'initialize' AND +function = ?1
          AND ((?2 IS NOT NULL AND instance = (SELECT id FROM instances WHERE function = ?1 AND instance_id = ?2))
               OR (instance IS NULL AND request_key = ?4 AND request_id = ?3))
          AND coalesce(duration_source, '') NOT IN ('request_metrics', 'initializer_metrics')
        ORDER BY coalesce(start_us, end_us) <= ?5 DESC, CASE WHEN coalesce(start_us, end_us) <= ?5 THEN coalesce(start_us, end_us) END DESC,
                 attempt DESC, id DESC
        LIMIT 1
        """

    init(database: SQLiteDatabase) throws {
        self.database = database
        // Equal starts in RequestId order: the same record times an Initializer whatever order the input had.
        try database.execute("""
            DROP TABLE IF EXISTS temp.pending_metrics;
            DELETE FROM main.fclog_pending_initializers WHERE metric_id NOT IN (SELECT id FROM main.request_metrics);
            CREATE TEMP TABLE pending_metrics AS SELECT id FROM main.request_metrics
                WHERE span_id IS NULL OR id IN (SELECT metric_id FROM main.fclog_pending_initializers)
                ORDER BY start_us, request_id, id;
            """)
        chunk = try database.prepare("""
            SELECT p.rowid, m.id, m.function, m.service, m.request_id, m.instance_id, m.start_us, m.duration_ms, m.error_type,
                m.has_function_error, m.is_cold_start, m.invoke_function_latency_ms, m.memory_mb, m.memory_usage_mb, m.qualifier,
                m.span_id, m.input_id
            FROM temp.pending_metrics p JOIN main.request_metrics m ON m.id = p.id
            WHERE p.rowid > ?1 ORDER BY p.rowid LIMIT 4096
            """)
        candidates = try database.prepare("""
            SELECT s.id, i.instance_id, s.start_us
            FROM fclog_span_rows s LEFT JOIN instances i ON i.id = s.instance
            WHERE s.request_key = ?3 AND s.request_id = ?1 AND s.kind = 'invoke' AND s.function = ?2
              AND NOT EXISTS (SELECT 1 FROM request_metrics m WHERE m.span_id = s.id)
            ORDER BY s.id
            """)
        spanByID = try database.prepare("SELECT \(SpanState.storedColumns) FROM fclog_span_rows WHERE id = ?1")
        executions = try database.prepare("""
            SELECT count(*) FROM fclog_span_rows WHERE request_key = ?3 AND request_id = ?1 AND kind = 'invoke' AND function = ?2
            """)
        initializer = try database.prepare(Self.initializerSQL)
        link = try database.prepare("UPDATE request_metrics SET span_id = ?1 WHERE id = ?2")
        keepWaiting = try database.prepare("INSERT OR IGNORE INTO fclog_pending_initializers(metric_id) VALUES (?1)")
        stopWaiting = try database.prepare("DELETE FROM fclog_pending_initializers WHERE metric_id = ?1")
    }

    /// The next records, in order of start; empty at the end.
    func next() throws -> [Record] {
        var records: [Record] = []
        chunk.bind(1, after)
        defer { chunk.reset() }
        while try chunk.step() {
            after = chunk.int64(0)
            records.append(Record(
                id: chunk.int64(1), service: chunk.text(3), input: chunk.optionalInt64(16),
                metrics: RequestMetrics(
                    function: chunk.text(2) ?? "", requestID: chunk.text(4) ?? "", instanceID: chunk.text(5),
                    startMicros: chunk.optionalInt64(6), durationMillis: chunk.optionalDouble(7),
                    errorType: chunk.text(8), hasFunctionError: chunk.optionalInt64(9) == 1,
                    coldStart: chunk.optionalInt64(10), initializerMillis: chunk.optionalDouble(11),
                    memoryMB: chunk.optionalInt64(12), memoryUsageMB: chunk.optionalDouble(13), qualifier: chunk.text(14)),
                span: chunk.optionalInt64(15)))
        }
        return records
    }

    /// The stored invocation the record is for, by `RequestMetrics.nearest`; nil when none is stored.
    func span(for metrics: RequestMetrics) throws -> SpanState? {
        candidates.bind(1, metrics.requestID)
        candidates.bind(2, metrics.function)
        candidates.bind(3, RequestKey.of(metrics.requestID))
        var found: [(id: Int64, instance: String?, start: Int64?)] = []
        while try candidates.step() {
            found.append((candidates.int64(0), candidates.text(1), candidates.optionalInt64(2)))
        }
        candidates.reset()
        guard let best = metrics.nearest(found, instance: \.instance, start: \.start) else { return nil }
        spanByID.bind(1, best.id)
        defer { spanByID.reset() }
        return try spanByID.step() ? StoredSpan(spanByID).map(SpanState.init(stored:)) : nil
    }

    /// How many invocations of the record's RequestId are stored.
    func storedExecutions(of metrics: RequestMetrics) throws -> Int {
        executions.bind(1, metrics.requestID)
        executions.bind(2, metrics.function)
        executions.bind(3, RequestKey.of(metrics.requestID))
        defer { executions.reset() }
        return try executions.step() ? Int(executions.int64(0)) : 0
    }

    /// The untimed Initializer a cold start's record times, if it is stored.
    func initializer(of metrics: RequestMetrics) throws -> SpanState? {
        initializer.bind(1, metrics.function)
        initializer.bind(2, metrics.instanceID)
        initializer.bind(3, metrics.requestID)
        initializer.bind(4, RequestKey.of(metrics.requestID))
        initializer.bind(5, metrics.startMicros)
        defer { initializer.reset() }
        return try initializer.step() ? StoredSpan(initializer).map(SpanState.init(stored:)) : nil
    }

    func link(_ record: Int64, to span: Int64) throws {
        link.bind(1, span)
        link.bind(2, record)
        try link.run()
    }

    /// Notes whether a cold start's record still waits for its Initializer (metrics ingested before the logs).
    func setWaiting(_ record: Int64, _ waiting: Bool) throws {
        let s = waiting ? keepWaiting : stopWaiting
        s.bind(1, record)
        try s.run()
    }

    func finish() throws {
        try database.execute("DROP TABLE temp.pending_metrics")
    }
}
