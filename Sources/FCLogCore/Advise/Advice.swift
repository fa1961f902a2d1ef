/// What `fclog advise` says of one function: the observed figures, the
/// replay that reproduces them, the alternatives replayed, and the
/// recommendations drawn from them.
public struct Advice: Sendable {
    /// One thing to change (or keep), with what it rests on.
    public struct Recommendation: Equatable, Sendable {
        public var topic: String
        public var action: String
        public var evidence: String
        public var assumption: String
        /// The figure it changes, and by how much.
        public var changes: String
    }

    public struct Memory: Equatable, Sendable {
        /// The configured size; the price table's default when nothing in the logs says it.
        public var configuredMB: Double
        public var configuredFromLogs: Bool
        /// Memory used, one sample per execution that reported it.
        public var samples = 0
        public var peakMB: Double?
        public var p99MB: Double?
        /// The highest per-instance sample of instance metrics.
        public var instancePeakMB: Double?
        /// Kept free above the peak, as a fraction of it.
        public var headroom: Double
        public var recommendedMB: Double?
        public var computeUnitsNow = 0.0
        public var computeUnitsRecommended = 0.0
        public var costNow = 0.0
        public var costRecommended = 0.0
    }

    public struct Hooks: Equatable, Sendable {
        public var initializerAttempts = 0
        public var initializerFailures = 0
        public var instancesWithRetries = 0
        /// Billed time of failed Initializer attempts that ended (those that never ended are not in the logs).
        public var failedInitializerBilledMillis: Int64 = 0
        public var failedInitializerComputeUnits = 0.0
        public var prestopRuns = 0
        /// Ended in an error.
        public var prestopErrors = 0
        /// Timed out, or never ended: ran until FC killed the instance.
        public var prestopHangs = 0
        public var failedPrestopBilledMillis: Int64 = 0
        public var failedPrestopComputeUnits = 0.0
        /// Up to three RequestIds of each kind of failure.
        public var initializerExamples: [String] = []
        public var prestopExamples: [String] = []
    }

    public var function: String
    public var start: Int64
    public var end: Int64
    public var currency: String
    /// The settings the logs show, and the figures of the report.
    public var observed: ReplayOutcome
    /// The replay at the observed settings: what each alternative is compared with.
    public var baseline: ReplayOutcome
    public var memory: Memory
    public var concurrency: [ReplayOutcome]
    public var provisioned: [ReplayOutcome]
    public var hooks: Hooks
    public var recommendations: [Recommendation]
}
