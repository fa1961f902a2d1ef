/// What the report counts of a span: spans alike in these are counted together.
struct SpanTallyKey: Hashable {
    var function: String
    var phase: Phase
    var status: SpanStatus
    /// The error the report lists the span under, if it failed.
    var label: String?
    var duration: Int64?
    var exact: Bool
    /// Bills on its own: no instance to share busy time with, or no times to place it.
    var standalone: Bool

    init(function: String, phase: Phase, status: SpanStatus, label: String?, duration: Int64?, exact: Bool, standalone: Bool) {
        self.function = function
        self.phase = phase
        self.status = status
        self.label = label
        self.duration = duration
        self.exact = exact
        self.standalone = standalone
    }

    /// The key of a span with these columns.
    init(function: String, phase: Phase, status: SpanStatus, error: String?, duration: Int64?, exact: Bool,
         hasInstance: Bool, start: Int64?, end: Int64?) {
        let label = Self.isLabelled(phase, status)
            ? error ?? (status == .unfinished ? "never ended" : status.rawValue) : nil
        self.init(function: function, phase: phase, status: status, label: label, duration: duration, exact: exact,
                  standalone: !hasInstance || start == nil || end == nil)
    }

    /// The key of a span as it is written.
    init(_ span: SpanState) {
        self.init(function: span.function, phase: span.phase, status: span.status, error: span.error,
                  duration: span.durationMicros, exact: span.durationSource?.isExact ?? false,
                  hasInstance: span.instanceID != nil, start: span.startMicros, end: span.endMicros)
    }

    /// Whether spans of this phase and status are listed under an error:
    /// Initializers that did not succeed, other executions that failed.
    static func isLabelled(_ phase: Phase, _ status: SpanStatus) -> Bool {
        switch (phase, status) {
        case (.initialize, .ok): false
        case (.initialize, _): true
        case (.invoke, .error), (.invoke, .timeout), (.prestop, .error), (.prestop, .timeout),
             (.prefreeze, .error), (.prefreeze, .timeout): true
        default: false
        }
    }
}
