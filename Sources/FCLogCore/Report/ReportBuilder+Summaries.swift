extension ReportBuilder {
    /// Whether the summary tables can give this report: the whole store at
    /// the step they were computed at, with every instance summarised.
    static func canUseSummaries(_ db: SQLiteDatabase, options: ReportOptions) throws -> Bool {
        guard options.since == nil, options.until == nil, !options.selection.isScoped, options.billingStepMillis == InstanceSummary.stepMillis else { return false }
        // Summaries are dropped and rebuilt along with their `instances` rows: equal counts mean all are there.
        return try db.scalarInt("SELECT count(*) FROM instances") == db.scalarInt("SELECT count(*) FROM fclog_instance_summaries")
    }

    /// What the report adds to one accumulator; the second argument names the
    /// function when the accumulator is the total's.
    typealias Contribution = (Accumulator, String?) -> Void

    /// Feeds the report from the summary tables: the span tally, one summary
    /// per instance, the last span of each input, and the spans that belong to
    /// no instance or are hooks still unfinished, which are read as rows.
    static func readSummaries(_ db: SQLiteDatabase, function wanted: String?, _ body: (String, Contribution) -> Void) throws {
        let tally = try db.prepare("""
            SELECT function, kind, status, error, duration_us, exact, standalone, spans
            FROM fclog_span_tally WHERE spans > 0 AND (?1 IS NULL OR function = ?1)
            """)
        tally.bind(1, wanted)
        while try tally.step() {
            guard let phase = tally.textBytes(1).flatMap(StoredText.phase) else { continue }
            let status = tally.textBytes(2).map(StoredText.status) ?? .unfinished
            let duration = tally.int64(4)
            let tallied = SpanTally.Key(function: tally.text(0) ?? "", phase: phase, status: status,
                                        label: SpanTally.Key.isLabelled(phase, status) ? tally.text(3) ?? "" : nil,
                                  duration: duration >= 0 ? duration : nil, exact: tally.int64(5) != 0,
                                  standalone: tally.int64(6) != 0)
            let count = Int(tally.int64(7))
            body(tallied.function) { accumulator, _ in accumulator.count(tallied, spans: count) }
        }

        try InstanceSummary.load(db, function: wanted) { summary in
            let state = InstanceState(summary)
            let key = summary.function + "/" + summary.instance
            body(summary.function) { accumulator, _ in accumulator.add(summary, state: state, key: key) }
        }

        let inputs = try db.prepare("SELECT input_id, function, last_span_id FROM fclog_input_spans WHERE ?1 IS NULL OR function = ?1")
        inputs.bind(1, wanted)
        while try inputs.step() {
            let input = inputs.int64(0)
            let last = inputs.int64(2)
            body(inputs.text(1) ?? "") { accumulator, _ in accumulator.noteInput(input, lastSpanID: last) }
        }

        let bare = try db.prepare("""
            SELECT \(rowColumns) FROM fclog_span_rows WHERE instance IS NULL AND (?1 IS NULL OR function = ?1) ORDER BY id
            """)
        bare.bind(1, wanted)
        try readRows(bare) { function, service, row in
            body(function) { accumulator, total in accumulator.follow(row, service: service, function: total) }
        }

        let hooks = try db.prepare("""
            SELECT \(rowColumns) FROM fclog_span_rows INDEXED BY span_rows_open
            WHERE (has_start = 0 OR has_end = 0) AND status = 'unfinished' AND kind IN ('prestop', 'prefreeze')
              AND instance IS NOT NULL AND (?1 IS NULL OR function = ?1)
            """)
        hooks.bind(1, wanted)
        try readRows(hooks) { function, _, row in
            let key = function + "/" + (row.instance ?? "")
            body(function) { accumulator, _ in accumulator.noteUnfinishedHook(row, key: key) }
        }
    }
}
