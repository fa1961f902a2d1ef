extension StoreWriter: SpanStore {
    func insert(_ span: SpanState) throws {
        try insert(span, attributed: true)
    }

    func spans(_ query: StoredSpanQuery, committedThrough commit: Int) throws -> [SpanState] {
        try lookups.spans(query, on: committedReader(through: commit))
    }

    func latestEndedInvocation(function: String, requestID: String) throws -> SpanState? {
        // This ingest's own writes are read too: the writing thread answers, on its connection.
        guard case let .span(row, instance) = try ask(.latestEndedInvocation(function: function, requestID: requestID))
        else { preconditionFailure("a span or none") }
        return row.map { SpanState(stored: $0, instanceID: instance) }
    }

    func holdsEarlierInvocation(function: String, requestID: String) throws -> Bool {
        try lookups.holdsEarlierInvocation(function: function, requestID: requestID, on: committedReader())
    }

    func waitingSpans(limit: Int) throws -> (spans: [SpanState], others: [(phase: Phase, requestID: String)]) {
        try SpanLookups.waitingSpans(limit: limit, on: committedReader())
    }

    func holdsMetricsOnlySpans() throws -> Bool {
        try SpanLookups.holdsMetricsOnlySpans(on: committedReader())
    }
}
