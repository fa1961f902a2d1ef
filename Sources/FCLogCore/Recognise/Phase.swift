/// A lifecycle phase of a function instance, as its markers name it.
public enum Phase: String, Sendable, CaseIterable {
    case initialize
    case invoke
    case prestop
    case prefreeze
    /// The Node.js runtimes' `FC Prepare Code` pair: recognised, but not a billed span.
    case prepareCode = "prepare_code"

    /// Whether executions of the phase become spans.
    public var isSpan: Bool { self != .prepareCode }
}

/// A `FC <Phase> Start|End RequestId: …[, Error: …]` marker, as ranges of its line.
public struct Marker: Sendable {
    public enum Edge: Sendable {
        case start
        case end
    }

    public var phase: Phase
    public var edge: Edge
    public var requestID: Range<Int>
    public var error: Range<Int>?
}

/// The `Duration: … ms, Billed Duration: … ms, …` line that closes a log tail.
public struct SummaryLine: Sendable, Equatable {
    /// Duration in microseconds.
    public var durationMicros: Int64
    public var billedMillis: Int64?
    public var memorySizeMB: Int64?
    /// Max memory used in thousandths of a MB.
    public var maxMemoryUsedMilliMB: Int64?
}
