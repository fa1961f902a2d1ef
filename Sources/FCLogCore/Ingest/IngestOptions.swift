/// Which log lines an ingest keeps in the `lines` table.
public enum LinePolicy: String, Sendable, CaseIterable {
    /// Every line.
    case all
    /// Markers, summaries, and lines at level warn or above.
    case errors
    /// No lines: spans, metrics and events only.
    case none
}

/// How an ingest reads its inputs.
public struct IngestOptions: Sendable {
    /// The zone of timestamps written without one.
    public var timeZone: LocalTimeZone
    /// The function for inputs that do not name one.
    public var defaultFunction: String?
    /// The billing step in milliseconds for `billed_ms`.
    public var billingStepMillis: Int64
    public var lines: LinePolicy
    /// Lines per transaction.
    public var batchLines: Int
    /// Spans held in memory while they wait for their Start or End marker;
    /// beyond, the oldest are left to the store and looked up there.
    public var waitingSpans = 32768

    /// The function name stored for text inputs read without `--function`.
    public static let unknownFunction = "unknown"

    public init(timeZone: LocalTimeZone = .current, defaultFunction: String? = nil, billingStepMillis: Int64 = 1,
                lines: LinePolicy = .all, batchLines: Int = 100_000) {
        self.timeZone = timeZone
        self.defaultFunction = defaultFunction
        self.billingStepMillis = billingStepMillis
        self.lines = lines
        self.batchLines = batchLines
    }
}
