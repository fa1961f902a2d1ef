/// The store as the assembler sees it: where span rows go, and the stored spans it asks back for by value.
/// The assembler holds no connection and writes no SQL; Store implements this, tests a dictionary.
protocol SpanStore: AnyObject {
    /// The id the first span of this ingest gets.
    var nextSpanID: Int64 { get }
    /// The number of the commit the writes queued now belong to.
    var nextCommit: Int { get }

    /// Stores a new span's row as it is when it goes out.
    func insert(_ span: SpanState) throws
    /// Writes a stored span's current state over its row.
    func update(_ span: SpanState) throws
    /// A stored span took an instance id (whole, where it had none or a cut copy of it).
    func noteAdoption(_ span: SpanState, replacing before: String?)

    /// The stored spans `query` names, oldest first, as committed through commit `commit` (0: before this ingest).
    func spans(_ query: StoredSpanQuery, committedThrough commit: Int) throws -> [SpanState]
    /// The latest ended invocation of a RequestId, this ingest's uncommitted writes included.
    func latestEndedInvocation(function: String, requestID: String) throws -> SpanState?
    /// Whether an ingest before this one stored an invocation of the RequestId.
    func holdsEarlierInvocation(function: String, requestID: String) throws -> Bool
    /// Spans earlier ingests left waiting for a marker (open, or known from their End alone), newest first:
    /// the first `limit` whole, the rest as the keys their markers look them up by.
    func waitingSpans(limit: Int) throws -> (spans: [SpanState], others: [(phase: Phase, requestID: String)])
    /// Whether the store holds invocations known from request metrics alone.
    func holdsMetricsOnlySpans() throws -> Bool
}

/// Which stored spans of one function, phase and RequestId the assembler asks for.
struct StoredSpanQuery: Hashable, Sendable {
    enum Which: Hashable, Sendable {
        /// Every one.
        case all
        /// Those awaiting a marker of this edge: no Start yet for a Start, no End yet for an End.
        case awaiting(Marker.Edge)
        /// Invocations known from request metrics alone (neither marker).
        case metricsOnly
    }

    let which: Which
    let function: String
    let phase: Phase
    let requestID: String
}
