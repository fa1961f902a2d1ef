/// A span as `TraceReader` reads it for the exports: one execution with what the store knows of it.
public struct TraceSpan: Sendable, Equatable {
    public var id: Int64
    public var function: String
    public var service: String?
    public var instanceID: String?
    public var requestID: String
    public var phase: Phase
    public var status: SpanStatus
    public var error: String?
    /// Unix microseconds.
    public var start: Int64?
    public var end: Int64?
    public var durationMicros: Int64?
    public var billedMillis: Int64?
    public var durationSource: String?
    public var attempt: Int
    /// What request metrics said; nil when nothing did.
    public var coldStartFlag: Bool?
    public var memoryMB: Int64?
    public var maxMemoryMB: Double?
    public var qualifier: String?
    public var versionID: String?

    public init(id: Int64, function: String, requestID: String, phase: Phase, status: SpanStatus) {
        self.id = id
        self.function = function
        self.requestID = requestID
        self.phase = phase
        self.status = status
        attempt = 1
    }

    /// Where the span is drawn: its start and end, the one known standing for both.
    public var extent: (start: Int64, end: Int64)? {
        switch (start, end) {
        case let (start?, end?): (start, Swift.max(start, end))
        case let (start?, nil): (start, durationMicros.map { start + Swift.max(0, $0) } ?? start)
        case let (nil, end?): (durationMicros.map { end - Swift.max(0, $0) } ?? end, end)
        case (nil, nil): nil
        }
    }

    /// A hook that never ended, or an execution with no End seen.
    public var isUnfinished: Bool { status == .unfinished }
}

/// An instance's lifecycle event (created, destroyed, …) as the instance-events stream logged it.
public struct TraceInstanceEvent: Sendable, Equatable {
    public var function: String
    public var instanceID: String
    /// Unix microseconds.
    public var time: Int64
    public var event: String

    public init(function: String, instanceID: String, time: Int64, event: String) {
        self.function = function
        self.instanceID = instanceID
        self.time = time
        self.event = event
    }
}
