extension ReportReader {
    /// The spans a report names as examples of a problem.
    enum ExampleKind {
        case timeouts
        /// Failed invocations of a status whose error text is this one, or none (nil).
        case failedInvocations(SpanStatus, error: String?)
        /// Failed Initializers or PreStop hooks.
        case failedHooks(Phase)
        /// Finished invocations; the indexed ones of a second or more alone, or all.
        case slowestInvocations(indexedOnly: Bool)
        case longestInitializers
    }

    /// Up to `limit` examples of one function, through the indexes of failed spans and of long runs
    /// (`v13-examples-by-time`): failures the earliest by time, which any store of the same logs agrees on, with
    /// their time; runs the longest, of equal durations the latest, with their duration.
    func examples(_ kind: ExampleKind, function: String, _ selection: SpanSelection, limit: Int) throws -> [(requestID: String, value: Int64)] {
        let time = "coalesce(start_us, end_us, 0)"
        let earliest = (order: time + ", request_id, id", value: time)
        let longest = (order: "duration_us DESC, \(time) DESC, request_id DESC, id DESC", value: "duration_us")
        // As the indexes of examples hold them: kinds and statuses by their codes, written out for SQLite to match.
        let (initialize, invoke) = (StoredCodes.code(.initialize), StoredCodes.code(.invoke))
        let (ok, failed) = (StoredCodes.code(.ok), "outcome_code <> \(StoredCodes.code(.ok))")
        let finished = "kind_code = \(invoke) AND duration_us IS NOT NULL AND outcome_code <> \(StoredCodes.code(.unfinished))"
        let (condition, sort): (String, (order: String, value: String)) = switch kind {
        case .timeouts: ("kind_code = \(invoke) AND \(failed) AND outcome_code = \(StoredCodes.code(.timeout))", earliest)
        case let .failedInvocations(status, error):
            ("kind_code = \(invoke) AND \(failed) AND outcome_code = \(StoredCodes.code(status)) AND " + (error == nil ? "error IS NULL" : "error = ?4"), earliest)
        case let .failedHooks(phase): ("kind_code = \(StoredCodes.code(phase)) AND \(failed)", earliest)
        case let .slowestInvocations(indexedOnly): (finished + (indexedOnly ? " AND duration_us >= 1000000" : ""), longest)
        case .longestInitializers: ("kind_code = \(initialize) AND duration_us IS NOT NULL AND outcome_code = \(ok)", longest)
        }
        let window = SpanSelection.window + (selection.isScoped ? " AND " + SpanSelection.scope : "")
        let s = try db.prepare("""
            SELECT request_id, \(sort.value) FROM fclog_span_rows WHERE function = ?1 AND \(condition) AND \(window) ORDER BY \(sort.order) LIMIT \(limit)
            """)
        var chosen = selection
        chosen.function = function
        chosen.bind(s)
        if case let .failedInvocations(_, error?) = kind { s.bind(4, error) }
        var found: [(requestID: String, value: Int64)] = []
        while try s.step() { found.append((s.text(0) ?? "", s.optionalInt64(1) ?? 0)) }
        return found
    }
}
