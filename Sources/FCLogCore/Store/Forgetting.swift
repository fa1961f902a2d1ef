/// What `fclog forget` takes back: the records of some inputs, of a function, of a time range; every
/// criterion given must hold.
public struct ForgetSelection: Sendable, Equatable {
    public var inputs: [Int64] = []
    public var function: String?
    /// Unix microseconds, the end excluded.
    public var sinceMicros: Int64?
    public var untilMicros: Int64?

    public init(inputs: [Int64] = [], function: String? = nil, sinceMicros: Int64? = nil, untilMicros: Int64? = nil) {
        self.inputs = inputs
        self.function = function
        self.sinceMicros = sinceMicros
        self.untilMicros = untilMicros
    }

    public var isEmpty: Bool { inputs.isEmpty && function == nil && sinceMicros == nil && untilMicros == nil }
}

/// What a forget took back.
public struct ForgetOutcome: Sendable, Equatable {
    public var spans = 0
    public var lines = 0
    public var requestMetrics = 0
    public var instanceEvents = 0
    public var instanceMetrics = 0
    /// Inputs nothing is left of: gone, with their record identities, so they can be ingested again.
    public var inputsRemoved: [String] = []
    /// Inputs read after the first forgotten one that skipped records as stored already: some may have
    /// been the forgotten ones, which only ingesting them again brings back.
    public var inputsThatSkipped: [String] = []
    /// Partly forgotten inputs whose identities are kept (for the records they keep): what was forgotten
    /// of them is taken as stored if they are ingested again.
    public var inputsKept: [String] = []
}

/// Takes records back out of the store so that every table and figure is as if they had never been
/// ingested; refuses, changing nothing, where the store cannot tell that apart (a span that both
/// forgotten and kept records made).
public enum Forgetting {
    public static func forget(_ selection: ForgetSelection, in db: SQLiteDatabase) throws -> ForgetOutcome {
        guard !selection.isEmpty else { throw FCLogError.invalidArgument("say what to forget: --input, --function, --since or --until") }
        try db.execute("BEGIN IMMEDIATE")
        do {
            let outcome = try run(selection, db)
            try db.execute("COMMIT")
            return outcome
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    /// The SQL conditions of a selection over each kind of row; `?1` is the function, `?2` and `?3` the range.
    struct Conditions {
        let spans: String
        let lines: String
        let metrics: String
        let events: String
        let instanceMetrics: String

        init(_ selection: ForgetSelection) {
            let ids = selection.inputs.map(String.init).joined(separator: ", ")
            func all(_ parts: [String?]) -> String {
                let given = parts.compactMap { $0 }
                return given.isEmpty ? "1" : given.map { "(\($0))" }.joined(separator: " AND ")
            }
            func input(_ column: String) -> String? { ids.isEmpty ? nil : "\(column) IN (\(ids))" }
            let function = selection.function == nil ? nil : "?1"
            func range(_ time: String) -> String? {
                var parts: [String] = []
                if selection.sinceMicros != nil { parts.append("\(time) >= ?2") }
                if selection.untilMicros != nil { parts.append("\(time) < ?3") }
                return parts.isEmpty ? nil : parts.joined(separator: " AND ")
            }
            // A span made from request metrics alone belongs to the records' input.
            spans = all([
                input("s.input_id").map { "\($0) OR (s.input_id IS NULL AND s.id IN (SELECT span_id FROM request_metrics WHERE \(input("input_id")!)))" },
                function.map { "s.function = \($0)" }, range("coalesce(s.start_us, s.end_us)"),
            ])
            lines = all([
                input("l.input_id"),
                function.map { "coalesce(l.function, (SELECT function FROM fclog_span_rows WHERE id = l.span_id)) = \($0)" },
                range("l.time_ms * 1000"),
            ])
            metrics = all([input("m.input_id"), function.map { "m.function = \($0)" }, range("m.start_us")])
            events = all([input("e.input_id"), function.map { "e.function = \($0)" }, range("e.time_us")])
            instanceMetrics = all([input("im.input_id"), function.map { "im.function = \($0)" }, range("im.time")])
        }
    }

    private static func bind(_ s: SQLiteStatement, _ selection: ForgetSelection, isoRange: Bool = false) {
        s.bind(1, selection.function)
        if isoRange {
            s.bind(2, selection.sinceMicros.map(TimestampParser.iso8601(micros:)))
            s.bind(3, selection.untilMicros.map(TimestampParser.iso8601(micros:)))
        } else {
            s.bind(2, selection.sinceMicros)
            s.bind(3, selection.untilMicros)
        }
    }

    private static func run(_ selection: ForgetSelection, _ db: SQLiteDatabase) throws -> ForgetOutcome {
        try refuseUnrecorded(selection, db)
        let c = Conditions(selection)
        func prepared(_ sql: String, isoRange: Bool = false) throws -> SQLiteStatement {
            let s = try db.prepare(sql)
            bind(s, selection, isoRange: isoRange)
            return s
        }
        try db.execute("""
            DROP TABLE IF EXISTS temp.forget_spans;
            CREATE TEMP TABLE forget_spans(id INTEGER PRIMARY KEY);
            """)
        try prepared("INSERT INTO temp.forget_spans SELECT s.id FROM fclog_span_rows s WHERE \(c.spans)").run()
        try refuseSplitSpans(selection, c, db, prepared)

        var outcome = ForgetOutcome()
        // What derived tables count the spans under, and which instances and inputs they touch, before they go.
        let tally = try SpanTally(database: db)
        let keys = try db.prepare("SELECT \(SpanTally.keyColumns(of: "s")) FROM fclog_span_rows s JOIN temp.forget_spans f ON f.id = s.id")
        while try keys.step() {
            if let key = SpanTally.key(keys, at: 0) { tally.add(key, -1) }
            outcome.spans += 1
        }
        var touched: Set<InstanceRef> = []
        let instances = try prepared("""
            SELECT s.function, i.instance_id FROM fclog_span_rows s JOIN temp.forget_spans f ON f.id = s.id JOIN instances i ON i.id = s.instance
            UNION SELECT e.function, e.instance_id FROM instance_events e WHERE e.instance_id IS NOT NULL AND \(c.events)
            UNION SELECT m.function, m.instance_id FROM request_metrics m WHERE m.instance_id IS NOT NULL AND \(c.metrics)
            """)
        while try instances.step() {
            touched.insert(InstanceRef(function: instances.text(0) ?? "", instance: instances.text(1) ?? ""))
        }
        try StoreMaintenance.noteAttemptGroups(db, spans: "SELECT id FROM temp.forget_spans")
        try db.execute("""
            DROP TABLE IF EXISTS temp.forget_inputs;
            CREATE TEMP TABLE forget_inputs(id INTEGER PRIMARY KEY);
            INSERT OR IGNORE INTO temp.forget_inputs SELECT s.input_id FROM fclog_span_rows s JOIN temp.forget_spans f ON f.id = s.id WHERE s.input_id IS NOT NULL;
            """)
        try prepared("INSERT OR IGNORE INTO temp.forget_inputs SELECT l.input_id FROM fclog_lines l WHERE \(c.lines)").run()
        for (table, alias, condition) in [("request_metrics", "m", c.metrics), ("instance_events", "e", c.events)] {
            try prepared("INSERT OR IGNORE INTO temp.forget_inputs SELECT \(alias).input_id FROM \(table) \(alias) WHERE \(alias).input_id IS NOT NULL AND \(condition)").run()
        }
        try prepared("INSERT OR IGNORE INTO temp.forget_inputs SELECT im.input_id FROM instance_metrics im WHERE im.input_id IS NOT NULL AND \(c.instanceMetrics)", isoRange: true).run()
        for id in selection.inputs { try db.execute("INSERT OR IGNORE INTO temp.forget_inputs VALUES (\(id))") }

        outcome.lines = try LineBlocks.delete(where: "l.span_id IN (SELECT id FROM temp.forget_spans) OR (\(c.lines))", db) {
            try prepared($0)
        }
        try prepared("DELETE FROM request_metrics AS m WHERE \(c.metrics)").run()
        outcome.requestMetrics = Int(db.changes)
        try prepared("DELETE FROM instance_events AS e WHERE \(c.events)").run()
        outcome.instanceEvents = Int(db.changes)
        try prepared("DELETE FROM instance_metrics AS im WHERE \(c.instanceMetrics)", isoRange: true).run()
        outcome.instanceMetrics = Int(db.changes)
        try db.execute("DELETE FROM fclog_span_rows WHERE id IN (SELECT id FROM temp.forget_spans)")

        // Attempts as an ingest of what is left numbers them: in the order the executions ran.
        try StoreMaintenance.renumberAttempts(db)
        try tally.flush()
        try StoreMaintenance.rebuildInstances(db, touched: touched)
        _ = try StoreMaintenance.dropUnused(db, touched)
        try InstanceSummary.invalidate(db, touched: touched)
        try InstanceSummary.rebuildMissing(db)
        try db.execute("""
            DELETE FROM fclog_input_spans WHERE input_id IN (SELECT id FROM temp.forget_inputs);
            INSERT INTO fclog_input_spans(input_id, function, last_span_id)
            SELECT input_id, function, max(id) FROM fclog_span_rows WHERE input_id IN (SELECT id FROM temp.forget_inputs) GROUP BY 1, 2;
            """)
        try settle(&outcome, db)
        return outcome
    }

    /// Inputs ingested before the store recorded what came from each cannot be told apart.
    private static func refuseUnrecorded(_ selection: ForgetSelection, _ db: SQLiteDatabase) throws {
        guard !selection.inputs.isEmpty else { return }
        let first = Int64(try db.column("SELECT value FROM fclog_settings WHERE name = 'provenance_from_input'").first ?? "1") ?? 1
        for id in selection.inputs {
            guard let name = try db.column("SELECT name FROM inputs WHERE id = \(id)").first else {
                throw FCLogError.invalidArgument("the store has no input \(id); 'fclog forget --list' shows them")
            }
            if id < first {
                throw FCLogError.forgetRefused(reason: """
                    input \(id) (\(name)) was ingested by an fclog that did not record what came from each input; \
                    forget by --function or --since/--until instead
                    """)
            }
        }
    }

    /// A span some of whose lines, metrics or changes are forgotten and some kept could not be what an
    /// ingest without the forgotten records makes.
    private static func refuseSplitSpans(_ selection: ForgetSelection, _ c: Conditions, _ db: SQLiteDatabase,
                                         _ prepared: (String, Bool) throws -> SQLiteStatement) throws {
        let ids = selection.inputs.map(String.init).joined(separator: ", ")
        var checks = [
            // Lines of a forgotten span that are not forgotten, and forgotten lines of a kept span.
            "SELECT l.span_id FROM fclog_lines l WHERE l.span_id IN (SELECT id FROM temp.forget_spans) AND NOT (\(c.lines))",
            "SELECT l.span_id FROM fclog_lines l WHERE l.span_id IS NOT NULL AND l.span_id NOT IN (SELECT id FROM temp.forget_spans) AND (\(c.lines))",
            "SELECT m.span_id FROM request_metrics m WHERE m.span_id IN (SELECT id FROM temp.forget_spans) AND NOT (\(c.metrics))",
            "SELECT m.span_id FROM request_metrics m WHERE m.span_id IS NOT NULL AND m.span_id NOT IN (SELECT id FROM temp.forget_spans) AND (\(c.metrics))",
        ]
        // An Initializer kept that took a forgotten cold start's latency (metrics name no Initializer).
        checks.append("""
            SELECT s.id FROM (SELECT DISTINCT m.function, m.instance_id FROM request_metrics m
                              WHERE m.is_cold_start = 1 AND m.invoke_function_latency_ms > 0 AND (\(c.metrics))) AS cold
            JOIN instances i ON i.function = cold.function AND i.instance_id = cold.instance_id
            JOIN fclog_span_rows s ON s.instance = i.id
            WHERE s.kind = 'initialize' AND s.duration_source = 'initializer_metrics' AND s.id NOT IN (SELECT id FROM temp.forget_spans)
            """)
        if !ids.isEmpty {
            checks.append("SELECT s.id FROM fclog_span_rows s WHERE s.id IN (SELECT id FROM temp.forget_spans) AND s.touched_by IS NOT NULL AND s.touched_by NOT IN (\(ids))")
            checks.append("SELECT s.id FROM fclog_span_rows s WHERE s.id NOT IN (SELECT id FROM temp.forget_spans) AND s.touched_by IN (\(ids))")
        }
        try db.execute("DROP TABLE IF EXISTS temp.forget_split; CREATE TEMP TABLE forget_split(id INTEGER PRIMARY KEY)")
        try prepared("INSERT OR IGNORE INTO temp.forget_split \(checks.joined(separator: " UNION "))", false).run()
        let split = "SELECT id FROM temp.forget_split"
        let s = try db.prepare("""
            SELECT count(*), min(s.request_id), min(s.function),
                   (SELECT group_concat(i.id || ' (' || i.name || ')', ', ') FROM inputs i
                    WHERE i.id IN (SELECT input_id FROM fclog_span_rows WHERE id IN (\(split)))
                       OR i.id IN (SELECT touched_by FROM fclog_span_rows WHERE id IN (\(split)))
                       OR i.id IN (SELECT input_id FROM fclog_lines WHERE span_id IN (\(split)))
                       OR i.id IN (SELECT input_id FROM request_metrics WHERE span_id IN (\(split))))
            FROM fclog_span_rows s WHERE s.id IN (\(split))
            """)
        guard try s.step(), s.int64(0) > 0 else { return }
        let count = s.int64(0)
        var reason = "\(count) span\(count == 1 ? "" : "s") (such as \(s.text(2) ?? "") RequestId \(s.text(1) ?? "")) "
        reason += "\(count == 1 ? "was" : "were") made by records both inside and outside what you asked to forget"
        if !selection.inputs.isEmpty, let inputs = s.text(3) { reason += " (inputs \(inputs)): forget those inputs together" }
        if selection.sinceMicros != nil || selection.untilMicros != nil {
            reason += try wholeRange(selection, split, prepared)
        }
        throw FCLogError.forgetRefused(reason: reason)
    }

    /// The range widened to hold the spans it cuts whole, their lines and metrics included, in whole seconds.
    private static func wholeRange(_ selection: ForgetSelection, _ spans: String,
                                   _ prepared: (String, Bool) throws -> SQLiteStatement) throws -> String {
        let s = try prepared("""
            SELECT min(t), max(t) FROM (
                SELECT start_us AS t FROM fclog_span_rows WHERE id IN (\(spans))
                UNION ALL SELECT end_us FROM fclog_span_rows WHERE id IN (\(spans))
                UNION ALL SELECT time_ms * 1000 FROM fclog_lines WHERE span_id IN (\(spans))
                UNION ALL SELECT start_us FROM request_metrics WHERE span_id IN (\(spans)))
            """, false)
        guard try s.step(), let first = s.optionalInt64(0), let last = s.optionalInt64(1) else { return "" }
        var bounds: [String] = []
        if let since = selection.sinceMicros {
            let floor = first >= 0 ? first / 1_000_000 * 1_000_000 : (first - 999_999) / 1_000_000 * 1_000_000
            bounds.append("--since \(TimestampParser.iso8601(micros: min(since, floor)))")
        }
        if let until = selection.untilMicros {
            let ceiling = (last >= 0 ? last / 1_000_000 : (last - 999_999) / 1_000_000) * 1_000_000 + 1_000_000
            bounds.append("--until \(TimestampParser.iso8601(micros: max(until, ceiling)))")
        }
        return "; a range that holds them whole is " + bounds.joined(separator: " ")
    }

    /// Inputs nothing is left of go, with their identities; the others are named where what was forgotten
    /// may come back differently.
    private static func settle(_ outcome: inout ForgetOutcome, _ db: SQLiteDatabase) throws {
        let inputs = try db.prepare("""
            SELECT i.id, i.name,
                   EXISTS (SELECT 1 FROM fclog_span_rows WHERE input_id = i.id) OR EXISTS (SELECT 1 FROM fclog_line_blocks WHERE input_id = i.id)
                   OR EXISTS (SELECT 1 FROM request_metrics WHERE input_id = i.id) OR EXISTS (SELECT 1 FROM instance_events WHERE input_id = i.id)
                   OR EXISTS (SELECT 1 FROM instance_metrics WHERE input_id = i.id) OR EXISTS (SELECT 1 FROM fclog_span_rows WHERE touched_by = i.id)
            FROM inputs i WHERE i.id IN (SELECT id FROM temp.forget_inputs) ORDER BY i.id
            """)
        var gone: [Int64] = []
        while try inputs.step() {
            let label = "\(inputs.int64(0)) (\(inputs.text(1) ?? ""))"
            if inputs.int64(2) == 0 {
                gone.append(inputs.int64(0))
                outcome.inputsRemoved.append(label)
            } else {
                outcome.inputsKept.append(label)
            }
        }
        if !gone.isEmpty {
            let list = gone.map(String.init).joined(separator: ", ")
            try db.execute("""
                DELETE FROM fclog_record_keys WHERE input_id IN (\(list));
                DELETE FROM fclog_input_spans WHERE input_id IN (\(list));
                UPDATE fclog_span_rows SET touched_by = NULL WHERE touched_by IN (\(list));
                DELETE FROM inputs WHERE id IN (\(list));
                """)
        }
        let skipped = try db.prepare("""
            SELECT id, name, records_duplicate FROM inputs
            WHERE records_duplicate > 0 AND id > (SELECT min(id) FROM temp.forget_inputs) ORDER BY id
            """)
        while try skipped.step() {
            outcome.inputsThatSkipped.append("\(skipped.int64(0)) (\(skipped.text(1) ?? ""), \(skipped.int64(2)) records)")
        }
    }
}
