extension StoreWriter: SpanStore {
    func insert(_ span: SpanState) throws {
        try insert(span, attributed: true)
    }

    func spans(_ query: StoredSpanQuery, committedThrough commit: Int) throws -> [SpanState] {
        guard case let .spans(found) = try look(.spans(query), committedThrough: commit) else { preconditionFailure("spans") }
        return found.map(SpanState.init(stored:))
    }

    func latestEndedInvocation(function: String, requestID: String) throws -> SpanState? {
        // This ingest's own writes are read too: the writing thread answers, on its connection.
        guard case let .span(row, instance) = try ask(.latestEndedInvocation(function: function, requestID: requestID))
        else { preconditionFailure("a span or none") }
        return row.map { SpanState(stored: $0, instanceID: instance) }
    }

    func holdsEarlierInvocation(function: String, requestID: String) throws -> Bool {
        guard case let .holds(holds) = try look(.holdsEarlierInvocation(function: function, requestID: requestID,
                                                                        before: firstSpanID))
        else { preconditionFailure("whether it holds one") }
        return holds
    }

    func waitingSpans(limit: Int) throws -> (spans: [SpanState], others: [(phase: Phase, requestID: String)]) {
        guard case let .waiting(spans, others) = try look(.waitingSpans(limit: limit)) else { preconditionFailure("waiting spans") }
        return (spans.map(SpanState.init(stored:)), others.map { ($0.phase, $0.requestID) })
    }

    func holdsMetricsOnlySpans() throws -> Bool {
        guard case let .holds(holds) = try look(.holdsMetricsOnlySpans) else { preconditionFailure("whether it holds one") }
        return holds
    }
}
