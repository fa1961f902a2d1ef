/// The report's cold-start rule for spans taken in `TraceReader` order, one instance at a time: what request
/// metrics said, else the first invocation an instance ran (without an instance: an invocation whose RequestId
/// an Initializer ran under). Remembers the Initializer (as `Mark`) that prepared each cold start.
struct ColdStartTracker<Mark> {
    private var group: PerfettoExport.State.InstanceKey?
    private var lastInitializer: Mark?
    private var sawInvocation = false
    /// Without an instance, an Initializer and its cold start share a RequestId.
    private var initializersByRequest: [String: Mark] = [:]

    /// Whether the span starts another instance's spans (and so resets what is remembered).
    mutating func enter(_ span: TraceSpan) -> Bool {
        let key = PerfettoExport.State.InstanceKey(function: span.function, instance: span.instanceID)
        guard key != group else { return false }
        group = key
        lastInitializer = nil
        sawInvocation = false
        initializersByRequest.removeAll()
        return true
    }

    mutating func initializer(_ span: TraceSpan, _ mark: Mark) {
        if span.instanceID == nil {
            initializersByRequest[span.requestID] = mark
        } else {
            lastInitializer = mark
        }
    }

    /// Whether an invocation is a cold start, and the Initializer before it.
    mutating func invocation(_ span: TraceSpan) -> (cold: Bool, initializer: Mark?) {
        guard span.instanceID != nil else {
            let initializer = initializersByRequest[span.requestID]
            return (span.coldStartFlag ?? (initializer != nil), initializer)
        }
        let cold = span.coldStartFlag ?? !sawInvocation
        sawInvocation = true
        return (cold, lastInitializer)
    }
}
