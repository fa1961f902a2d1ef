/// Answers the ingest side's reads of what is stored (`StoreLookup`), with statements prepared once on the
/// connection they read: the ingest side's own, or the writing thread's.
final class SpanLookups {
    private let database: SQLiteDatabase
    private var statements: [StoredSpanQuery.Which: SQLiteStatement] = [:]
    private var earlierInvocation: SQLiteStatement?
    private var recordKeys: SQLiteStatement?

    init(database: SQLiteDatabase) {
        self.database = database
    }

    func answer(_ lookup: StoreLookup) throws -> StoreLookup.Answer {
        switch lookup {
        case let .spans(query): .spans(try spans(query))
        case let .holdsEarlierInvocation(function, requestID, before):
            .holds(try holdsEarlierInvocation(function: function, requestID: requestID, before: before))
        case let .waitingSpans(limit): try waitingSpans(limit: limit)
        case .holdsMetricsOnlySpans:
            .holds(try database.scalarInt(
                "SELECT count(*) FROM (SELECT 1 FROM fclog_span_rows WHERE has_start = 0 AND has_end = 0 LIMIT 1)") == 1)
        case let .recordKeys(bucket): .keys(try keys(of: bucket))
        case .recordKeyBuckets: .buckets(try keyBuckets())
        }
    }

    private func spans(_ query: StoredSpanQuery) throws -> [StoredSpan] {
        let s = try statements[query.which] ?? database.prepare(Self.sql(query.which))
        statements[query.which] = s
        defer { s.reset() }
        Self.bind(s, function: query.function, requestID: query.requestID)
        s.bind(4, query.phase.rawValue)
        var found: [StoredSpan] = []
        while try s.step() {
            if let span = StoredSpan(s) { found.append(span) }
        }
        return found
    }

    private func holdsEarlierInvocation(function: String, requestID: String, before: Int64) throws -> Bool {
        let s = try earlierInvocation ?? database.prepare("""
            SELECT 1 FROM fclog_span_rows
            WHERE request_key = ?1 AND request_id = ?2 AND function = ?3 AND kind = 'invoke' AND id < ?4 LIMIT 1
            """)
        earlierInvocation = s
        defer { s.reset() }
        Self.bind(s, function: function, requestID: requestID)
        s.bind(4, before)
        return try s.step()
    }

    private func keys(of bucket: Int64) throws -> Set<Fingerprint> {
        let s = try recordKeys ?? database.prepare("SELECT keys FROM fclog_record_keys WHERE bucket = ?")
        recordKeys = s
        s.bind(1, bucket)
        defer { s.reset() }
        var keys = Set<Fingerprint>()
        while try s.step() {
            guard let blob = s.blob(0) else { continue }
            RecordKeys.insert(blob, into: &keys)
        }
        return keys
    }

    /// The least and greatest bucket of each kind, which the index on buckets finds at once.
    private func keyBuckets() throws -> BucketRanges {
        func range(_ condition: String) throws -> ClosedRange<Int64>? {
            let s = try database.prepare("SELECT min(bucket), max(bucket) FROM fclog_record_keys WHERE \(condition)")
            guard try s.step(), let low = s.optionalInt64(0), let high = s.optionalInt64(1) else { return nil }
            return low...high
        }
        return BucketRanges(timed: try range("bucket >= 0"), untimed: try range("bucket < 0"))
    }

    private func waitingSpans(limit: Int) throws -> StoreLookup.Answer {
        let waiting = "(has_start = 0 AND has_end = 1) OR (has_start = 1 AND has_end = 0)"
        let newest = try database.prepare("""
            SELECT \(SpanState.storedColumns) FROM fclog_span_rows WHERE \(waiting) ORDER BY id DESC LIMIT ?1
            """)
        newest.bind(1, limit)
        var spans: [StoredSpan] = []
        while try newest.step() {
            if let span = StoredSpan(newest) { spans.append(span) }
        }
        let older = try database.prepare("""
            SELECT kind, request_id FROM fclog_span_rows WHERE \(waiting) ORDER BY id DESC LIMIT -1 OFFSET ?1
            """)
        older.bind(1, limit)
        var others: [WaitingSpan] = []
        while try older.step() {
            guard let phase = older.text(0).flatMap(Phase.init(rawValue:)) else { continue }
            others.append(WaitingSpan(phase: phase, requestID: older.text(1) ?? ""))
        }
        return .waiting(spans: spans, others: others)
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
