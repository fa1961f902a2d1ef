/// Everything the store knows of one request, instance or span: its spans in
/// time order, their log lines, the request metrics and instance events that
/// belong to them, and for an instance its lifetime.
public struct Story: Sendable {
    public enum Subject: Equatable, Sendable {
        case request(String)
        case instance(function: String, id: String)
        case span(Int64)
    }

    public struct Span: Equatable, Sendable {
        public var id: Int64
        public var function: String
        public var service: String?
        public var instanceID: String?
        public var requestID: String
        public var phase: String
        public var status: String
        public var error: String?
        public var start: Int64?
        public var end: Int64?
        public var durationMicros: Int64?
        public var durationSource: String?
        public var billedMillis: Int64?
        public var attempt: Int64
        public var coldStart: Bool?
        public var memoryMB: Double?
        public var maxMemoryMB: Double?
        public var qualifier: String?
        public var versionID: String?
    }

    public struct Line: Equatable, Sendable {
        public var id: Int64
        public var spanID: Int64?
        /// ISO-8601 UTC, when the line has a time.
        public var time: String?
        public var level: String?
        public var kind: String
        public var message: String

        /// An error line: an error level, or a marker or summary with an error.
        public var isError: Bool {
            level == "error" || level == "fatal" || (kind == "marker" && message.contains(", Error: "))
        }
    }

    /// A request-metrics record, with the fields a story shows.
    public struct Metrics: Equatable, Sendable {
        public var requestID: String
        public var instanceID: String?
        public var spanID: Int64?
        public var start: Int64?
        public var fields: [(String, String)]

        public static func == (a: Metrics, b: Metrics) -> Bool {
            a.requestID == b.requestID && a.spanID == b.spanID && a.start == b.start && a.fields.map(\.0) == b.fields.map(\.0)
                && a.fields.map(\.1) == b.fields.map(\.1)
        }
    }

    public struct Event: Equatable, Sendable {
        public var instanceID: String
        public var time: Int64?
        public var event: String
    }

    /// An instance's life, from the `instances` row and its spans.
    public struct Lifetime: Equatable, Sendable {
        public var function: String
        public var instanceID: String
        public var created: String?
        public var destroyed: String?
        public var firstSeen: String?
        public var lastSeen: String?
        public var initializerAttempts = 0
        public var initializerFailures = 0
        public var invocations = 0
        public var firstInvocation: Int64?
        public var lastInvocation: Int64?
        public var peakConcurrency: Int?
        public var prestops = 0
        public var prestopFailures = 0
    }

    public var subject: Subject
    public var spans: [Span] = []
    /// Spans left out beyond the limit (an instance's).
    public var spansOmitted = 0
    public var lines: [Line] = []
    public var linesOmitted = 0
    public var metrics: [Metrics] = []
    public var events: [Event] = []
    public var lifetime: Lifetime?

    public init(subject: Subject) {
        self.subject = subject
    }
}
