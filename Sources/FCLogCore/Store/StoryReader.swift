import CSQLite

/// Finds what an id names (a RequestId, an instance id or a span id, whole or
/// by a unique prefix) and reads its story, through the indexes on each.
public enum StoryReader {
    /// How much of a story is read at most.
    public struct Limits: Sendable {
        public var spans = 500
        public var lines = 2000

        public init() {}
    }

    public static func read(_ db: SQLiteDatabase, id: String, limits: Limits = Limits()) throws -> Story {
        try db.execute("BEGIN")
        defer { try? db.execute("COMMIT") }
        let subject = try resolve(db, id: id)
        var story = Story(subject: subject)
        switch subject {
        case let .request(requestID):
            story.spans = try spans(db, where: "s.request_key = ?1 AND s.request_id = ?2",
                                    bind: { $0.bind(1, RequestKey.of(requestID)); $0.bind(2, requestID) }, limit: limits.spans)
        case let .span(spanID):
            story.spans = try spans(db, where: "s.id = ?1", bind: { $0.bind(1, spanID) }, limit: 1)
        case let .instance(function, instanceID):
            let all = try spans(db, where: "s.instance = (SELECT id FROM instances WHERE function = ?1 AND instance_id = ?2)",
                                bind: { $0.bind(1, function); $0.bind(2, instanceID) }, limit: limits.spans + 1)
            story.spans = Array(all.prefix(limits.spans))
            story.lifetime = try lifetime(db, function: function, instanceID: instanceID)
            let total = story.lifetime.map { $0.initializerAttempts + $0.invocations + $0.prestops } ?? all.count
            story.spansOmitted = Swift.max(0, total - story.spans.count)
        }
        // An instance's lines and metrics would be all of its requests': its spans say where to look.
        if story.lifetime == nil {
            (story.lines, story.linesOmitted) = try lines(db, spanIDs: story.spans.map(\.id), limit: limits.lines)
            story.metrics = try metrics(db, requestIDs: Set(story.spans.filter { $0.phase == "invoke" }.map(\.requestID)).sorted())
        }
        let instances = Set(story.spans.compactMap(\.instanceID)).union(story.lifetime.map { [$0.instanceID] } ?? [])
        story.events = try events(db, instanceIDs: instances.sorted())
        return story
    }

    /// What `id` names: an exact span id, RequestId or instance id, else the one RequestId or instance id
    /// it is a prefix of (`*` masks one character; a trailing `…`, `...` or `*` is dropped).
    static func resolve(_ db: SQLiteDatabase, id raw: String) throws -> Story.Subject {
        let id = try normalisedID(raw)
        if let number = Int64(id), try exists(db, "SELECT 1 FROM fclog_span_rows WHERE id = ?1", number) { return .span(number) }
        if try exists(db, "SELECT 1 FROM fclog_span_rows WHERE request_key = ?1 AND request_id = ?2", RequestKey.of(id), id) { return .request(id) }
        let exact = try instanceMatches(db, "instance_id = ?1", id, limit: 2)
        if exact.count == 1 { return .instance(function: exact[0].0, id: exact[0].1) }
        if exact.count > 1 {
            throw FCLogError.invalidArgument("instance \(id) ran in several functions (\(exact.map(\.0).joined(separator: ", "))); it is shown for one at a time")
        }
        // Mask characters stand for one character each; GLOB's own are escaped so that the index range holds.
        let glob = id.map { character -> String in
            switch character {
            case "*": "?"
            case "?": "[?]"
            case "[": "[[]"
            default: String(character)
            }
        }.joined() + "*"
        // A `1-<8 hex>-` id keys by its second: a prefix that holds the second is a range of the key's index; others are a scan.
        let requests: [String]
        if let second = leadingSecond(id) {
            requests = try column(db, "SELECT DISTINCT request_id FROM fclog_span_rows WHERE request_key BETWEEN ?2 AND ?3 AND request_id GLOB ?1 LIMIT 11",
                                  glob, second << 31, second << 31 | 0x7FFF_FFFF)
        } else {
            requests = try column(db, "SELECT DISTINCT request_id FROM fclog_span_rows WHERE request_id GLOB ?1 LIMIT 11", glob)
        }
        let instances = try instanceMatches(db, "instance_id GLOB ?1", glob, limit: 11)
        switch (requests.count, instances.count) {
        case (1, 0): return .request(requests[0])
        case (0, 1): return .instance(function: instances[0].0, id: instances[0].1)
        case (0, 0): throw FCLogError.invalidArgument("no span id, RequestId or instance id in the store matches '\(raw)'")
        default:
            let names = requests.prefix(10).map { "RequestId \($0)" } + instances.prefix(10).map { "instance \($0.1) (\($0.0))" }
            let more = requests.count > 10 || instances.count > 10 ? "\n  and more" : ""
            throw FCLogError.invalidArgument("'\(raw)' matches more than one id; give more of it:\n  " + names.joined(separator: "\n  ") + more)
        }
    }

    /// An id as given, without surrounding blanks and semicolons or a trailing `…`, `...` or `*`.
    static func normalisedID(_ raw: String) throws -> String {
        var id = raw.trimmingWhitespaceAndSemicolons
        for suffix in ["…", "...", "*"] where id.hasSuffix(suffix) { id = String(id.dropLast(suffix.count)) }
        guard !id.isEmpty else { throw FCLogError.invalidArgument("give a RequestId, an instance id or a span id") }
        return id
    }

    /// The Unix second a `1-<8 hex>-` RequestId starts with, when `id` holds all of it unmasked.
    static func leadingSecond(_ id: String) -> Int64? {
        let bytes = Array(id.utf8)
        guard bytes.count >= 11, bytes[0] == UInt8(ascii: "1"), bytes[1] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "-") else { return nil }
        return Int64(String(decoding: bytes[2..<10], as: UTF8.self), radix: 16)
    }

    private static func exists(_ db: SQLiteDatabase, _ sql: String, _ key: Int64, _ text: String? = nil) throws -> Bool {
        let s = try db.prepare(sql)
        s.bind(1, key)
        s.bind(2, text)
        return try s.step()
    }

    private static func column(_ db: SQLiteDatabase, _ sql: String, _ value: String, _ low: Int64? = nil, _ high: Int64? = nil) throws -> [String] {
        let s = try db.prepare(sql)
        s.bind(1, value)
        s.bind(2, low)
        s.bind(3, high)
        var values: [String] = []
        while try s.step() { values.append(s.text(0) ?? "") }
        return values
    }

    private static func instanceMatches(_ db: SQLiteDatabase, _ condition: String, _ value: String, limit: Int) throws -> [(String, String)] {
        let s = try db.prepare("SELECT function, instance_id FROM instances WHERE \(condition) ORDER BY instance_id, function LIMIT \(limit)")
        s.bind(1, value)
        var values: [(String, String)] = []
        while try s.step() { values.append((s.text(0) ?? "", s.text(1) ?? "")) }
        return values
    }

    private static func spans(_ db: SQLiteDatabase, where condition: String, bind: (SQLiteStatement) -> Void, limit: Int) throws -> [Story.Span] {
        let s = try db.prepare("""
            SELECT s.id, s.function, s.service, i.instance_id, s.request_id, s.kind, s.status, s.error, s.start_us, s.end_us,
                   s.duration_us, s.duration_source, s.billed_ms, s.attempt, s.cold_start, s.memory_mb, s.max_memory_mb,
                   s.qualifier, s.version_id
            FROM fclog_span_rows s LEFT JOIN instances i ON i.id = s.instance
            WHERE \(condition) ORDER BY coalesce(s.start_us, s.end_us), s.id LIMIT \(limit)
            """)
        bind(s)
        var spans: [Story.Span] = []
        while try s.step() {
            spans.append(Story.Span(
                id: s.int64(0), function: s.text(1) ?? "", service: s.text(2), instanceID: s.text(3), requestID: s.text(4) ?? "",
                phase: s.text(5) ?? "", status: s.text(6) ?? "", error: s.text(7), start: s.optionalInt64(8), end: s.optionalInt64(9),
                durationMicros: s.optionalInt64(10), durationSource: s.text(11), billedMillis: s.optionalInt64(12), attempt: s.int64(13),
                coldStart: s.optionalInt64(14).map { $0 != 0 }, memoryMB: s.optionalDouble(15), maxMemoryMB: s.optionalDouble(16),
                qualifier: s.text(17), versionID: s.text(18)))
        }
        return spans
    }

    private static func lines(_ db: SQLiteDatabase, spanIDs: [Int64], limit: Int) throws -> ([Story.Line], Int) {
        guard !spanIDs.isEmpty else { return ([], 0) }
        let list = spanIDs.map(String.init).joined(separator: ",")
        let s = try db.prepare("SELECT id, span_id, time, level, kind, message FROM lines WHERE span_id IN (\(list)) ORDER BY id LIMIT \(limit)")
        var lines: [Story.Line] = []
        while try s.step() {
            lines.append(Story.Line(id: s.int64(0), spanID: s.optionalInt64(1), time: s.text(2), level: s.text(3),
                                    kind: s.text(4) ?? "", message: s.text(5) ?? ""))
        }
        var omitted = 0
        if lines.count == limit {
            let count = try db.prepare("SELECT count(*) FROM fclog_lines WHERE span_id IN (\(list))")
            if try count.step() { omitted = Int(count.int64(0)) - limit }
        }
        return (lines, omitted)
    }

    private static func metrics(_ db: SQLiteDatabase, requestIDs: [String]) throws -> [Story.Metrics] {
        var records: [Story.Metrics] = []
        let s = try db.prepare("""
            SELECT request_id, instance_id, span_id, start_us, qualifier, duration_ms, memory_mb, memory_usage_mb, is_cold_start,
                   has_function_error, error_type, invoke_function_latency_ms, cold_start_latency_ms, prepare_code_latency_ms,
                   runtime_initialization_ms, schedule_latency_ms, resource_mode, retry_count, status_code
            FROM request_metrics WHERE request_id = ?1 ORDER BY start_us, id
            """)
        let names = ["qualifier", "duration_ms", "memory_mb", "memory_usage_mb", "is_cold_start", "has_function_error", "error_type",
                     "invoke_function_latency_ms", "cold_start_latency_ms", "prepare_code_latency_ms", "runtime_initialization_ms",
                     "schedule_latency_ms", "resource_mode", "retry_count", "status_code"]
        for requestID in requestIDs {
            s.reset()
            s.bind(1, requestID)
            while try s.step() {
                var fields: [(String, String)] = []
                for (offset, name) in names.enumerated() {
                    let column = Int32(4 + offset)
                    guard !s.isNull(column) else { continue }
                    let text = s.columnType(column) == SQLITE_FLOAT ? JSONValue.format(s.double(column)) : s.text(column) ?? ""
                    if !text.isEmpty { fields.append((name, text)) }
                }
                records.append(Story.Metrics(requestID: s.text(0) ?? "", instanceID: s.text(1), spanID: s.optionalInt64(2),
                                             start: s.optionalInt64(3), fields: fields))
            }
        }
        return records
    }

    private static func events(_ db: SQLiteDatabase, instanceIDs: [String]) throws -> [Story.Event] {
        var events: [Story.Event] = []
        let s = try db.prepare("SELECT instance_id, time_us, event FROM instance_events WHERE instance_id = ?1 ORDER BY time_us, id")
        for instanceID in instanceIDs {
            s.reset()
            s.bind(1, instanceID)
            while try s.step() { events.append(Story.Event(instanceID: s.text(0) ?? "", time: s.optionalInt64(1), event: s.text(2) ?? "")) }
        }
        return events
    }

    private static func lifetime(_ db: SQLiteDatabase, function: String, instanceID: String) throws -> Story.Lifetime {
        var life = Story.Lifetime(function: function, instanceID: instanceID)
        let row = try db.prepare("""
            SELECT i.created, i.destroyed, i.first_seen, i.last_seen, m.peak_concurrency
            FROM instances i LEFT JOIN fclog_instance_summaries m ON m.function = i.function AND m.instance_id = i.instance_id
            WHERE i.function = ?1 AND i.instance_id = ?2
            """)
        row.bind(1, function)
        row.bind(2, instanceID)
        if try row.step() {
            (life.created, life.destroyed, life.firstSeen, life.lastSeen) = (row.text(0), row.text(1), row.text(2), row.text(3))
            life.peakConcurrency = row.optionalInt64(4).map(Int.init)
        }
        let counts = try db.prepare("""
            SELECT kind, status, count(*), min(coalesce(start_us, end_us)), max(coalesce(start_us, end_us)) FROM fclog_span_rows
            WHERE instance = (SELECT id FROM instances WHERE function = ?1 AND instance_id = ?2) GROUP BY kind, status
            """)
        counts.bind(1, function)
        counts.bind(2, instanceID)
        while try counts.step() {
            let n = Int(counts.int64(2))
            let failed = counts.text(1) != "ok"
            switch counts.text(0) {
            case "initialize":
                life.initializerAttempts += n
                if failed { life.initializerFailures += n }
            case "invoke":
                life.invocations += n
                if let first = counts.optionalInt64(3) { life.firstInvocation = Swift.min(life.firstInvocation ?? first, first) }
                if let last = counts.optionalInt64(4) { life.lastInvocation = Swift.max(life.lastInvocation ?? last, last) }
            case "prestop":
                life.prestops += n
                if failed { life.prestopFailures += n }
            default:
                break
            }
        }
        return life
    }
}
