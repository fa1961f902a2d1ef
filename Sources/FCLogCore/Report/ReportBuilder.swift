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
        let store = ReportReader(db: db)
        return try store.snapshot {
            let (reported, accumulators, total) = try accumulate(store, options: options, fromSummaries: fromSummaries)
            let parts = try anatomyParts(store, options: options)
            let functions = try reported.map { name in
                var report = accumulators[name]!.report(options: options)
                report.coldStartAnatomy = (parts[name] ?? AnatomyParts()).anatomy(billing: report.billing)
                report.examples = try examples(store, function: name, invocations: report.invocations.total, errors: report.topErrors.map(\.error),
                                               options: options)
                return report
            }
            if let total, functions.count > 1 {
                var report = total.report(options: options)
                report.coldStartAnatomy = merged(reported.compactMap { parts[$0] }).anatomy(billing: report.billing)
                let errors = report.topErrors.map(\.error)
                report.examples = merged(try functions.map {
                    try examples(store, function: $0.function, invocations: $0.invocations.total, errors: errors, options: options)
                }, limit: options.examples)
                return (functions, report)
            }
            var only = functions.first ?? FunctionReport(function: "total")
            only.function = "total"
            return (functions, only)
        }
    }

    /// The accumulators of the functions reported (in order) and of their total, fed from the summaries or from every span.
    static func accumulate(_ store: ReportReader, options: ReportOptions, fromSummaries: Bool?) throws
        -> (reported: [String], accumulators: [String: Accumulator], total: Accumulator?) {
        let summarised = try fromSummaries ?? canUseSummaries(store, options: options)
        var known = try store.functions(fromTally: summarised)
        if let instance = options.instance {
            let holding = try store.functions(running: instance)
            guard !holding.isEmpty else { throw FCLogError.invalidArgument("no instance '\(instance)' in the store (fclog show finds one by a part of its id)") }
            known = known.filter(holding.contains)
        }
        if let wanted = options.function, !known.contains(wanted) {
            let list = known.isEmpty ? "the store has no spans yet" : "functions in the store: " + known.joined(separator: ", ")
            throw FCLogError.invalidArgument("no spans for function '\(wanted)'; \(list)")
        }
        let names = options.function.map { [$0] } ?? known
        // Summaries carry their instance's facts.
        let facts = summarised ? [:] : try store.instanceFacts()
        var accumulators: [String: Accumulator] = [:]
        for name in names { accumulators[name] = Accumulator(name: name, facts: facts, stepMillis: options.billingStepMillis) }
        // With one function, the total is that function's report.
        let total = names.count > 1 ? Accumulator(name: "total", facts: facts, stepMillis: options.billingStepMillis) : nil
        if summarised {
            try readSummaries(store, function: options.function) { function, apply in
                guard let accumulator = accumulators[function] else { return }
                apply(accumulator, nil)
                if let total { apply(total, function) }
            }
        } else {
            try store.spans(options.selection) { function, service, row in
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

    /// Counts in descending order, ties by text.
    static func ranked(_ counts: [String: Int], limit: Int) -> [FunctionReport.ErrorCount] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit).map { FunctionReport.ErrorCount(error: $0.key, count: $0.value) }
    }
}
