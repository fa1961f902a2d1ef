extension ReportBuilder {
    /// Whether the summary tables can give this report: the whole store at
    /// the step they were computed at, with every instance summarised.
    static func canUseSummaries(_ store: ReportReader, options: ReportOptions) throws -> Bool {
        guard options.since == nil, options.until == nil, !options.selection.isScoped, options.billingStepMillis == InstanceSummary.stepMillis else { return false }
        return try store.summariesAreComplete()
    }

    /// What the report adds to one accumulator; the second argument names the
    /// function when the accumulator is the total's.
    typealias Contribution = (Accumulator, String?) -> Void

    /// Feeds the report from the summary tables: the span tally, one summary
    /// per instance, the last span of each input, and the spans that belong to
    /// no instance or are hooks still unfinished, which are read as rows.
    static func readSummaries(_ store: ReportReader, function wanted: String?, _ body: (String, Contribution) -> Void) throws {
        try store.tally(function: wanted) { tallied, count in
            body(tallied.function) { accumulator, _ in accumulator.count(tallied, spans: count) }
        }
        try InstanceSummary.load(store.db, function: wanted) { summary in
            let state = InstanceState(summary)
            let key = summary.function + "/" + summary.instance
            body(summary.function) { accumulator, _ in accumulator.add(summary, state: state, key: key) }
        }
        try store.inputSpans(function: wanted) { input, function, last in
            body(function) { accumulator, _ in accumulator.noteInput(input, lastSpanID: last) }
        }
        try store.spansWithoutInstance(function: wanted) { function, service, row in
            body(function) { accumulator, total in accumulator.follow(row, service: service, function: total) }
        }
        try store.unfinishedHooks(function: wanted) { function, _, row in
            let key = function + "/" + (row.instance ?? "")
            body(function) { accumulator, _ in accumulator.noteUnfinishedHook(row, key: key) }
        }
    }
}
