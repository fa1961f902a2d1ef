/// The queries that find stored spans for the assembler, prepared once on the connection they read.
final class SpanLookups {
    private var statements: [StoredSpanQuery.Which: SQLiteStatement] = [:]
    private var earlierInvocation: SQLiteStatement?
    /// The first span id of this ingest: spans numbered below it were stored by earlier ones.
    let firstSpanID: Int64

    init(firstSpanID: Int64) {
        self.firstSpanID = firstSpanID
    }

    func spans(_ query: StoredSpanQuery, on database: SQLiteDatabase) throws -> [SpanState] {
        let s = try statements[query.which] ?? database.prepare(Self.sql(query.which))
        statements[query.which] = s
        defer { s.reset() }
        Self.bind(s, function: query.function, requestID: query.requestID)
        s.bind(4, query.phase.rawValue)
        var found: [SpanState] = []
        while try s.step() {
            if let span = SpanState.stored(s) { found.append(span) }
        }
        return found
    }

    func holdsEarlierInvocation(function: String, requestID: String, on database: SQLiteDatabase) throws -> Bool {
        let s = try earlierInvocation ?? database.prepare("""
            SELECT 1 FROM fclog_span_rows
            WHERE request_key = ?1 AND request_id = ?2 AND function = ?3 AND kind = 'invoke' AND id < ?4 LIMIT 1
            """)
        earlierInvocation = s
        defer { s.reset() }
        Self.bind(s, function: function, requestID: requestID)
        s.bind(4, firstSpanID)
        return try s.step()
    }

    /// The row of the latest ended invocation of a RequestId, with its instance id.
    static func latestEndedInvocation(function: String, requestID: String, on database: SQLiteDatabase) throws
        -> (row: SpanRow, instance: String?)? {
        let s = try database.prepare(latestEndedSQL)
        bind(s, function: function, requestID: requestID)
        guard try s.step(), let row = SpanRow(stored: s) else { return nil }
        return (row, s.text(3))
    }

    /// Binds the parameters every lookup by RequestId shares: its key (1), itself (2) and the function (3).
    private static func bind(_ s: SQLiteStatement, function: String, requestID: String) {
        s.bind(1, RequestKey.of(requestID))
        s.bind(2, requestID)
        s.bind(3, function)
    }

    static func waitingSpans(limit: Int, on database: SQLiteDatabase) throws
        -> (spans: [SpanState], others: [(phase: Phase, requestID: String)]) {
        let waiting = "(has_start = 0 AND has_end = 1) OR (has_start = 1 AND has_end = 0)"
        let newest = try database.prepare("""
            SELECT \(SpanState.storedColumns) FROM fclog_span_rows WHERE \(waiting) ORDER BY id DESC LIMIT ?1
            """)
        newest.bind(1, limit)
        var spans: [SpanState] = []
        while try newest.step() {
            if let span = SpanState.stored(newest) { spans.append(span) }
        }
        let older = try database.prepare("""
            SELECT kind, request_id FROM fclog_span_rows WHERE \(waiting) ORDER BY id DESC LIMIT -1 OFFSET ?1
            """)
        older.bind(1, limit)
        var others: [(phase: Phase, requestID: String)] = []
        while try older.step() {
            guard let phase = older.text(0).flatMap(Phase.init(rawValue:)) else { continue }
            others.append((phase, older.text(1) ?? ""))
        }
        return (spans, others)
    }

    static func holdsMetricsOnlySpans(on database: SQLiteDatabase) throws -> Bool {
        try database.scalarInt("SELECT count(*) FROM (SELECT 1 FROM fclog_span_rows WHERE has_start = 0 AND has_end = 0 LIMIT 1)") == 1
    }

    static let latestEndedSQL = """
        SELECT \(SpanState.storedColumns) FROM fclog_span_rows
        WHERE request_key = ?1 AND request_id = ?2 AND function = ?3 AND kind = 'invoke' AND +has_end = 1
        ORDER BY id DESC LIMIT 1
        """

    // Lookups by RequestId. The `+` keeps SQLite from choosing `span_rows_open` for `has_start`
    // and `has_end` instead, which would read every waiting span (one per record of a metrics export).
    static func sql(_ which: StoredSpanQuery.Which) -> String {
        let only: String
        switch which {
        case .all: only = ""
        case .awaiting(.start): only = "AND +has_start = 0"
        case .awaiting(.end): only = "AND +has_end = 0"
        case .metricsOnly: only = "AND +has_start = 0 AND +has_end = 0"
        }
        return """
            SELECT \(SpanState.storedColumns) FROM fclog_span_rows
            WHERE request_key = ?1 AND request_id = ?2 AND function = ?3 AND kind = ?4 \(only)
            ORDER BY id
            """
    }
}
