/// What the ingest asks of the store while the writing thread owns the connection: the writing thread
/// answers on it (seeing the open batch), so that no other thread touches the connection.
enum StoreQuestion: Sendable {
    /// Records an input; answered with its id.
    case registerInput(name: String)
    /// The tally key of a stored span, as its row says.
    case tallyKey(span: Int64)
    /// The latest ended invocation of a RequestId, the open batch's writes included.
    case latestEndedInvocation(function: String, requestID: String)
    /// Nothing: answered once everything queued before it is written.
    case written
    /// A read of what the store holds, made on the writing connection where the ingest has no other.
    case lookup(StoreLookup)
}

enum StoreAnswer: Sendable {
    case inputID(Int64)
    case tallyKey(SpanTallyKey?)
    case span(SpanRow?, instance: String?)
    case written
    case lookedUp(StoreLookup.Answer)
}
