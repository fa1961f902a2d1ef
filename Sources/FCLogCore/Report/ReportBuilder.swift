/// Computes reports from the span store, following the lifecycle and billing
/// rules of FC: sections 5 and 6 of the field reference. One pass over the
/// spans in storage order feeds an accumulator per function and one for the
/// total; rows are read as integers and bytes, and strings are made only for
/// error texts and for each instance once.
public enum ReportBuilder {
    /// The reports of each function (or of the one asked for), and the total
    /// across them (the one function's own figures when there is only one).
    public static func build(_ db: SQLiteDatabase, options: ReportOptions) throws -> (functions: [FunctionReport], total: FunctionReport) {
        try build(db, options: options, fromSummaries: nil)
    }

    /// `fromSummaries` forces the summary tables (true) or a scan of every span
    /// (false); nil picks the summaries whenever they can give the report.
    static func build(_ db: SQLiteDatabase, options: ReportOptions, fromSummaries: Bool?) throws -> (functions: [FunctionReport], total: FunctionReport) {
        // One snapshot for every read, though an ingest may commit meanwhile.
        try db.execute("BEGIN")
        defer { try? db.execute("COMMIT") }
        let (reported, accumulators, total) = try accumulate(db, options: options, fromSummaries: fromSummaries)
        let parts = try anatomyParts(db, options: options)
        let functions = try reported.map { name in
            var report = accumulators[name]!.report(options: options)
            report.coldStartAnatomy = (parts[name] ?? AnatomyParts()).anatomy(billing: report.billing)
            report.examples = try examples(db, function: name, invocations: report.invocations.total, errors: report.topErrors.map(\.error),
                                           options: options)
            return report
        }
        if let total, functions.count > 1 {
            var report = total.report(options: options)
            report.coldStartAnatomy = merged(reported.compactMap { parts[$0] }).anatomy(billing: report.billing)
            let errors = report.topErrors.map(\.error)
            report.examples = merged(try functions.map {
                try examples(db, function: $0.function, invocations: $0.invocations.total, errors: errors, options: options)
            }, limit: options.examples)
            return (functions, report)
        }
        var only = functions.first ?? FunctionReport(function: "total")
        only.function = "total"
        return (functions, only)
    }

    /// The accumulators of the functions reported (in order) and of their total, fed from the summaries or from every span.
    static func accumulate(_ db: SQLiteDatabase, options: ReportOptions, fromSummaries: Bool?) throws
        -> (reported: [String], accumulators: [String: Accumulator], total: Accumulator?) {
        let summarised = try fromSummaries ?? canUseSummaries(db, options: options)
        var known = try db.column(summarised
            ? "SELECT DISTINCT function FROM fclog_span_tally WHERE spans > 0 ORDER BY function"
            : "SELECT DISTINCT function FROM fclog_span_rows ORDER BY function")
        if let instance = options.instance {
            let s = try db.prepare("SELECT function FROM instances WHERE instance_id = ?1 ORDER BY function")
            s.bind(1, instance)
            var holding: [String] = []
            while try s.step() { holding.append(s.text(0) ?? "") }
            guard !holding.isEmpty else { throw FCLogError.invalidArgument("no instance '\(instance)' in the store (fclog show finds one by a part of its id)") }
            known = known.filter(holding.contains)
        }
        if let wanted = options.function, !known.contains(wanted) {
            let list = known.isEmpty ? "the store has no spans yet" : "functions in the store: " + known.joined(separator: ", ")
            throw FCLogError.invalidArgument("no spans for function '\(wanted)'; \(list)")
        }
        let names = options.function.map { [$0] } ?? known
        // Summaries carry their instance's facts.
        let facts = summarised ? [:] : try loadInstanceFacts(db)
        var accumulators: [String: Accumulator] = [:]
        for name in names { accumulators[name] = Accumulator(name: name, facts: facts, stepMillis: options.billingStepMillis) }
        // With one function, the total is that function's report.
        let total = names.count > 1 ? Accumulator(name: "total", facts: facts, stepMillis: options.billingStepMillis) : nil
        if summarised {
            try readSummaries(db, function: options.function) { function, apply in
                guard let accumulator = accumulators[function] else { return }
                apply(accumulator, nil)
                if let total { apply(total, function) }
            }
        } else {
            try scan(db, options: options) { function, service, row in
                guard let accumulator = accumulators[function] else { return }
                accumulator.add(row, service: service)
                total?.add(row, service: service, function: function)
            }
        }
        // In a time window, the functions with no span in it are left out (unless asked for by name).
        let windowed = options.since != nil || options.until != nil || options.selection.isScoped
        let reported = names.filter { options.function != nil || !windowed || accumulators[$0]!.spans > 0 }
        return (reported, accumulators, total)
    }

    /// Streams the spans in the report's window, in storage order.
    static func scan(_ db: SQLiteDatabase, options: ReportOptions, _ body: (String, String?, SpanFacts) -> Void) throws {
        var sql = "SELECT \(rowColumns) FROM fclog_span_rows WHERE 1"
        if options.function != nil { sql += " AND function = ?1" }
        sql += " AND " + SpanSelection.window
        if options.selection.isScoped { sql += " AND " + SpanSelection.scope }
        sql += " ORDER BY id"
        let s = try db.prepare(sql)
        options.selection.bind(s)
        try readRows(s, body)
    }

    /// The `fclog_span_rows` columns `readRows` reads, in order.
    static let rowColumns = """
        id, function, service, (SELECT i.instance_id FROM instances i WHERE i.id = instance), request_key, kind, status, error, start_us, end_us,
        duration_us, duration_source, cold_start, memory_mb, input_id
        """

    /// Steps a statement selecting `rowColumns`, giving each span's function, service and row.
    static func readRows(_ s: SQLiteStatement, _ body: (String, String?, SpanFacts) -> Void) throws {
        // The function, service and instance of consecutive rows mostly repeat: reuse their strings.
        var function = StoredText.Interned()
        var service = StoredText.Interned()
        var instance = StoredText.Interned()
        while try s.step() {
            guard let phase = s.textBytes(5).flatMap(StoredText.phase) else { continue }
            let row = SpanFacts(
                id: s.int64(0), instance: instance.string(s.textBytes(3)), requestKey: s.int64(4), phase: phase,
                status: s.textBytes(6).map(StoredText.status) ?? .unfinished, error: s.text(7),
                start: s.optionalInt64(8), end: s.optionalInt64(9), duration: s.optionalInt64(10),
                exact: s.textBytes(11).flatMap(DurationSource.init(bytes:))?.isExact ?? false, coldStart: s.optionalInt64(12).map { $0 != 0 },
                memoryMB: s.optionalDouble(13), inputID: s.optionalInt64(14))
            body(function.string(s.textBytes(1)) ?? "", service.string(s.textBytes(2)), row)
        }
    }

    private static func loadInstanceFacts(_ db: SQLiteDatabase) throws -> [String: InstanceFacts] {
        let s = try db.prepare("""
            SELECT function || '/' || instance_id, coalesce(created, first_seen), coalesce(destroyed, last_seen), destroyed IS NOT NULL
            FROM instances
            """)
        var facts: [String: InstanceFacts] = [:]
        while try s.step() {
            facts[s.text(0) ?? ""] = InstanceFacts(begin: s.text(1).flatMap(StoredText.micros), finish: s.text(2).flatMap(StoredText.micros), destroyed: s.int64(3) != 0)
        }
        return facts
    }

    /// Counts in descending order, ties by text.
    static func ranked(_ counts: [String: Int], limit: Int) -> [FunctionReport.ErrorCount] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit).map { FunctionReport.ErrorCount(error: $0.key, count: $0.value) }
    }
}
