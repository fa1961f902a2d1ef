/// How a span ended, as stored in `spans.status`.
public enum SpanStatus: String, Sendable {
    case ok
    case error
    case timeout
    /// A Start with no End so far.
    case unfinished

    /// The status an End marker's error text gives: any text containing
    /// "timed out" (any case) is a timeout.
    public static func ending(error: String?) -> SpanStatus {
        guard let error, !error.isEmpty else { return .ok }
        return error.lowercased().contains("timed out") ? .timeout : .error
    }

    /// The status once an End marker or a request-metrics record says `incoming`: a timeout stays one, an
    /// `ok` leaves a failure standing, and anything else tells the outcome (an unfinished span's first of all).
    public func merged(with incoming: SpanStatus) -> SpanStatus {
        switch (self, incoming) {
        case (.unfinished, _): incoming
        case (.timeout, _): .timeout
        case (_, .ok): self
        default: incoming
        }
    }
}

/// Where a span's duration came from, best first, as stored in `spans.duration_source`.
public enum DurationSource: String, Sendable, CaseIterable {
    /// `durationMs` of the request's metrics record.
    case requestMetrics = "request_metrics"
    /// `invokeFunctionLatencyMs` of the cold start that followed the Initializer.
    case initializerMetrics = "initializer_metrics"
    /// The `Duration: … ms` summary line of a log tail.
    case summaryLine = "summary_line"
    /// Start and End times with a fraction of a second.
    case millisecondTimestamps = "millisecond_timestamps"
    /// Start and End times to the second (console, `s logs`, SLS `__time__`): an estimate.
    case secondTimestamps = "second_timestamps"
    /// Markers without times: the span's first and last timestamped lines, a lower bound.
    case lineTimestamps = "line_timestamps"

    /// Higher is better.
    public var rank: Int {
        switch self {
        case .requestMetrics: 6
        case .initializerMetrics: 5
        case .summaryLine: 4
        case .millisecondTimestamps: 3
        case .secondTimestamps: 2
        case .lineTimestamps: 1
        }
    }

    /// Whether a duration from this source is exact rather than an estimate.
    public var isExact: Bool { rank >= DurationSource.millisecondTimestamps.rank }
}
