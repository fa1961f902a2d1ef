import Synchronization

/// What the ingest asks of the store while the writing thread owns the connection: the writing thread
/// answers on it (seeing the open batch), so that no other thread touches the connection.
enum StoreQuestion: Sendable {
    /// Records an input; answered with its id.
    case registerInput(name: String)
    /// The tally key of a stored span, as its row says.
    case tallyKey(span: Int64)
    /// The latest ended invocation of a RequestId, the open batch's writes included.
    case latestEndedInvocation(function: String, requestID: String)
}

enum StoreAnswer: Sendable {
    case inputID(Int64)
    case tallyKey(SpanTallyKey?)
    case span(SpanRow?, instance: String?)
}

/// Where the writing thread leaves its answer for the thread that asked, which waits for the queue to drain.
final class AnswerSlot: Sendable {
    private let slot = Mutex<Result<StoreAnswer, any Error>?>(nil)

    func put(_ result: Result<StoreAnswer, any Error>) {
        slot.withLock { $0 = result }
    }

    func take() -> Result<StoreAnswer, any Error>? {
        slot.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
