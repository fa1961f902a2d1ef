/// What a report reads from the store, as values: every statement behind `ReportBuilder` and the timeline is
/// here, what they are made into is in `Report`.
struct ReportReader {
    let db: SQLiteDatabase

    /// Runs `body` on one snapshot of the store, though an ingest may commit meanwhile.
    func snapshot<T>(_ body: () throws -> T) throws -> T {
        try db.execute("BEGIN")
        defer { try? db.execute("COMMIT") }
        return try body()
    }

    // MARK: - Functions and instances

    /// The functions with spans, by name: from the tally, or from the spans themselves.
    func functions(fromTally: Bool) throws -> [String] {
        try db.column(fromTally
            ? "SELECT DISTINCT function FROM fclog_span_tally WHERE spans > 0 ORDER BY function"
            : "SELECT DISTINCT function FROM fclog_span_rows ORDER BY function")
    }

    /// The functions an instance id ran, by name.
    func functions(running instance: String) throws -> [String] {
        let s = try db.prepare("SELECT function FROM instances WHERE instance_id = ?1 ORDER BY function")
        s.bind(1, instance)
        var found: [String] = []
        while try s.step() { found.append(s.text(0) ?? "") }
        return found
    }

    /// Whether every instance has its summary: they are dropped and rebuilt along with their `instances` rows.
    func summariesAreComplete() throws -> Bool {
        try db.scalarInt("SELECT count(*) FROM instances") == db.scalarInt("SELECT count(*) FROM fclog_instance_summaries")
    }

    /// What the `instances` table says of each instance's life, by `function/instance`.
    func instanceFacts() throws -> [String: InstanceFacts] {
        let s = try db.prepare("""
            SELECT function || '/' || instance_id, coalesce(created, first_seen), coalesce(destroyed, last_seen), destroyed IS NOT NULL
            FROM instances
            """)
        var facts: [String: InstanceFacts] = [:]
        while try s.step() {
            facts[s.text(0) ?? ""] = InstanceFacts(begin: s.text(1).flatMap(StoredText.micros), finish: s.text(2).flatMap(StoredText.micros),
                                                   destroyed: s.int64(3) != 0)
        }
        return facts
    }

    /// The versions a selection's spans carry, in numeric order (spans without one last, as nil).
    func versions(_ selection: SpanSelection) throws -> [String?] {
        let s = try db.prepare("""
            SELECT DISTINCT version_id FROM fclog_span_rows
            WHERE (?1 IS NULL OR function = ?1) AND \(SpanSelection.window) AND \(SpanSelection.scope)
            ORDER BY version_id IS NULL, CAST(version_id AS INTEGER), version_id
            """)
        selection.bind(s)
        var found: [String?] = []
        while try s.step() { found.append(s.text(0)) }
        return found
    }

    // MARK: - Spans

    /// The `fclog_span_rows` columns `readRows` reads, in order.
    private static let rowColumns = """
        id, function, service, (SELECT i.instance_id FROM instances i WHERE i.id = instance), request_key, kind_code, outcome_code, error,
        start_us, end_us, duration_us, source_code, cold_start, memory_mb, input_id
        """

    /// The selection's spans in storage order, each with its function and service.
    func spans(_ selection: SpanSelection, _ body: (String, String?, SpanFacts) -> Void) throws {
        var sql = "SELECT \(Self.rowColumns) FROM fclog_span_rows WHERE 1"
        if selection.function != nil { sql += " AND function = ?1" }
        sql += " AND " + SpanSelection.window
        if selection.isScoped { sql += " AND " + SpanSelection.scope }
        sql += " ORDER BY id"
        let s = try db.prepare(sql)
        selection.bind(s)
        try Self.readRows(s, body)
    }

    /// The spans of no instance, in storage order.
    func spansWithoutInstance(function: String?, _ body: (String, String?, SpanFacts) -> Void) throws {
        let s = try db.prepare("""
            SELECT \(Self.rowColumns) FROM fclog_span_rows WHERE instance IS NULL AND (?1 IS NULL OR function = ?1) ORDER BY id
            """)
        s.bind(1, function)
        try Self.readRows(s, body)
    }

    /// The PreStop and PreFreeze hooks of an instance that never ended.
    func unfinishedHooks(function: String?, _ body: (String, String?, SpanFacts) -> Void) throws {
        let s = try db.prepare("""
            SELECT \(Self.rowColumns) FROM fclog_span_rows INDEXED BY span_rows_open
            WHERE (has_start = 0 OR has_end = 0) AND status = 'unfinished' AND kind IN ('prestop', 'prefreeze')
              AND instance IS NOT NULL AND (?1 IS NULL OR function = ?1)
            """)
        s.bind(1, function)
        try Self.readRows(s, body)
    }

    /// Steps a statement selecting `rowColumns`, giving each span's function, service and facts.
    private static func readRows(_ s: SQLiteStatement, _ body: (String, String?, SpanFacts) -> Void) throws {
        // The function, service and instance of consecutive rows mostly repeat: reuse their strings.
        var function = StoredText.Interned()
        var service = StoredText.Interned()
        var instance = StoredText.Interned()
        while try s.step() {
            guard let phase = StoredCodes.phase(code: s.optionalInt64(5)) else { continue }
            let row = SpanFacts(
                id: s.int64(0), instance: instance.string(s.textBytes(3)), requestKey: s.int64(4), phase: phase,
                status: StoredCodes.status(code: s.optionalInt64(6)) ?? .unfinished, error: s.text(7),
                start: s.optionalInt64(8), end: s.optionalInt64(9), duration: s.optionalInt64(10),
                exact: StoredCodes.source(code: s.optionalInt64(11))?.isExact ?? false, coldStart: s.optionalInt64(12).map { $0 != 0 },
                memoryMB: s.optionalDouble(13), inputID: s.optionalInt64(14))
            body(function.string(s.textBytes(1)) ?? "", service.string(s.textBytes(2)), row)
        }
    }

    /// Invocations of one function with both times, instance by instance and by start: (instance, start, end).
    func invocationsByInstance(function: String, _ selection: SpanSelection, _ body: (Int64, Int64, Int64) -> Void) throws {
        let s = try db.prepare("""
            SELECT instance, start_us, end_us FROM fclog_span_rows
            WHERE function = ?1 AND kind = 'invoke' AND instance IS NOT NULL AND start_us IS NOT NULL AND end_us IS NOT NULL
              AND (?2 IS NULL OR start_us >= ?2) AND (?3 IS NULL OR start_us < ?3)
              AND \(SpanSelection.scope)
            ORDER BY instance, start_us
            """)
        var chosen = selection
        chosen.function = function
        chosen.bind(s)
        while try s.step() { body(s.int64(0), s.int64(1), s.int64(2)) }
    }

    // MARK: - Summaries

    /// The span tally's counts, of one function or all.
    func tally(function: String?, _ body: (SpanTally.Key, Int) -> Void) throws {
        let s = try db.prepare("""
            SELECT function, kind, status, error, duration_us, exact, standalone, spans
            FROM fclog_span_tally WHERE spans > 0 AND (?1 IS NULL OR function = ?1)
            """)
        s.bind(1, function)
        while try s.step() {
            guard let phase = s.textBytes(1).flatMap(StoredText.phase) else { continue }
            let status = s.textBytes(2).map(StoredText.status) ?? .unfinished
            let duration = s.int64(4)
            let key = SpanTally.Key(function: s.text(0) ?? "", phase: phase, status: status,
                                    label: SpanTally.Key.isLabelled(phase, status) ? s.text(3) ?? "" : nil,
                                    duration: duration >= 0 ? duration : nil, exact: s.int64(5) != 0, standalone: s.int64(6) != 0)
            body(key, Int(s.int64(7)))
        }
    }

    /// The last span of each input, per function: (input, function, last span id).
    func inputSpans(function: String?, _ body: (Int64, String, Int64) -> Void) throws {
        let s = try db.prepare("SELECT input_id, function, last_span_id FROM fclog_input_spans WHERE ?1 IS NULL OR function = ?1")
        s.bind(1, function)
        while try s.step() { body(s.int64(0), s.text(1) ?? "", s.int64(2)) }
    }

    // MARK: - Cold starts

    /// A cold start's request-metrics record, its latencies in milliseconds as stored.
    struct ColdStartRecord {
        var function: String
        var scheduling: Double?
        var codePreparation: Double?
        var runtimeStart: Double?
        var initializer: Double?
        var firstInvocation: Double?
        var total: Double?
    }

    /// The request-metrics records of cold starts in the selection.
    func coldStartRecords(_ selection: SpanSelection, _ body: (ColdStartRecord) -> Void) throws {
        let s = try db.prepare("""
            SELECT function, schedule_latency_ms, prepare_code_latency_ms, runtime_initialization_ms,
                   invoke_function_latency_ms, duration_ms, cold_start_latency_ms
            FROM request_metrics
            WHERE is_cold_start = 1 AND (?1 IS NULL OR function = ?1) AND (?2 IS NULL OR start_us >= ?2) AND (?3 IS NULL OR start_us < ?3)
              AND (?20 IS NULL OR instance_id = ?20) AND (?21 IS NULL OR qualifier = ?21)
              AND (?22 IS NULL OR span_id IN (SELECT id FROM fclog_span_rows WHERE coalesce(version_id, '') = ?22))
            """)
        selection.bind(s)
        while try s.step() {
            body(ColdStartRecord(function: s.text(0) ?? "", scheduling: s.optionalDouble(1), codePreparation: s.optionalDouble(2),
                                 runtimeStart: s.optionalDouble(3), initializer: s.optionalDouble(4),
                                 firstInvocation: s.optionalDouble(5), total: s.optionalDouble(6)))
        }
    }

    /// Each instance's first creation, code preparation and image pull in its events, of the selection's
    /// function, instance, alias and version (not its window): (function, created, prepared, pulled).
    func instanceStarts(_ selection: SpanSelection, _ body: (String, Int64?, Int64?, Int64?) -> Void) throws {
        let s = try db.prepare("""
            SELECT function, min(CASE WHEN event = 'Creating' THEN time_us END),
                   min(CASE WHEN event = 'PrepareCodeSuccess' THEN time_us END), min(CASE WHEN event = 'PullImageSuccess' THEN time_us END)
            FROM instance_events
            WHERE instance_id IS NOT NULL AND time_us IS NOT NULL AND (?1 IS NULL OR function = ?1) AND (?20 IS NULL OR instance_id = ?20)
              AND (?21 IS NULL AND ?22 IS NULL OR instance_id IN (
                  SELECT i.instance_id FROM fclog_span_rows s JOIN instances i ON i.id = s.instance
                  WHERE (?21 IS NULL OR s.qualifier = ?21) AND (?22 IS NULL OR coalesce(s.version_id, '') = ?22)))
            GROUP BY function, instance_id
            """)
        s.bind(1, selection.function)
        selection.bindScope(s)
        while try s.step() { body(s.text(0) ?? "", s.optionalInt64(1), s.optionalInt64(2), s.optionalInt64(3)) }
    }
}
