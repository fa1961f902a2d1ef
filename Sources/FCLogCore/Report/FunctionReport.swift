/// Everything `fclog report` says about one function (or the total).
public struct FunctionReport: Equatable, Sendable {
    public struct ErrorCount: Equatable, Sendable {
        public var error: String
        public var count: Int
    }

    public struct Invocations: Equatable, Sendable {
        public var total = 0
        public var ok = 0
        public var error = 0
        public var timeout = 0
        public var unfinished = 0

        /// Errors and timeouts over finished invocations.
        public var errorRate: Double {
            let finished = ok + error + timeout
            return finished == 0 ? 0 : Double(error + timeout) / Double(finished)
        }
    }

    public struct Initializer: Equatable, Sendable {
        public var attempts = 0
        /// Attempts that ended in an error, timed out, or never ended.
        public var failures = 0
        public var instancesWithRetries = 0
        /// Instances whose attempts all failed.
        public var instancesFailed = 0
        public var errors: [ErrorCount] = []
    }

    public struct Hook: Equatable, Sendable {
        public var runs = 0
        /// Ended in an error, timed out, or never ended though its instance was destroyed or the log moved on.
        public var failures = 0
        /// Started at the very end of the log: may still be running.
        public var pending = 0
        public var errors: [ErrorCount] = []
    }

    public struct Instances: Equatable, Sendable {
        public var count = 0
        /// Created (or first seen) to destroyed (or last seen), in milliseconds.
        public var lifetimeMillis = Percentiles(micros: [])
        public var invocationsPerInstanceMean = 0.0
        public var invocationsPerInstanceMax = 0
        /// The most invocations running at once on one instance.
        public var peakConcurrentRequests = 0
    }

    /// Where cold starts' time went, from the request metrics of cold starts
    /// and the instance events, and what share of the bill the hooks take.
    public struct ColdStartAnatomy: Equatable, Sendable {
        /// Cold starts whose request metrics give their parts.
        public var withMetrics = 0
        public var scheduling = Percentiles(micros: [])
        public var codePreparation = Percentiles(micros: [])
        public var runtimeStart = Percentiles(micros: [])
        public var initializer = Percentiles(micros: [])
        public var firstInvocation = Percentiles(micros: [])
        /// `coldStartLatencyMs`: what FC counts as the cold start as a whole.
        public var total = Percentiles(micros: [])
        /// From `Creating` to `PrepareCodeSuccess` / `PullImageSuccess`, per instance (second resolution).
        public var eventCodePreparation = Percentiles(micros: [])
        public var eventImagePull = Percentiles(micros: [])
        /// Of the billed time per request, the Initializer's and PreStop's shares.
        public var initializerBillShare = 0.0
        public var prestopBillShare = 0.0
    }

    /// RequestIds to look at with `fclog show`, for each problem the report counts.
    public struct Examples: Equatable, Sendable {
        /// A RequestId, with the time or duration it was chosen by.
        public struct Example: Equatable, Sendable {
            public var requestID: String
            public var value: Int64
        }

        public var timeouts: [Example] = []
        /// For each of `topErrors`, in its order.
        public var errors: [[Example]] = []
        public var initializerFailures: [Example] = []
        public var prestopFailures: [Example] = []
        /// Longest first, by duration.
        public var slowestInvocations: [Example] = []
        public var longestInitializers: [Example] = []
    }

    public struct Billing: Equatable, Sendable {
        public var stepMillis: Int64 = 1
        /// Sum of every span's billed time (hooks included), each rounded up to the step.
        public var requestBilledMillis: Int64 = 0
        /// Of `requestBilledMillis`, each phase's.
        public var phaseBilledMillis: [Phase: Int64] = [:]
        /// Per instance, the union of busy periods, each rounded up to the step.
        public var instanceBilledMillis: Int64 = 0
        /// Of `instanceBilledMillis`, what rests on second-resolution or line-time estimates.
        public var estimatedMillis: Int64 = 0
        /// Finished spans whose duration nothing states (markers without times, request metrics without a
        /// usable `durationMs`): billed nothing, and counted here rather than as 0 ms runs.
        public var unstatedSpans = 0
        public var memoryMB = 0.0
        public var vcpu = 0.0
        public var computeUnits = 0.0
        public var cost = 0.0
        public var currency = "USD"

        /// What instance concurrency saved.
        public var concurrencySavedMillis: Int64 { requestBilledMillis - instanceBilledMillis }
    }

    public var function: String
    public var service: String?
    public var firstSeen: Int64?
    public var lastSeen: Int64?
    public var invocations = Invocations()
    public var topErrors: [ErrorCount] = []
    public var coldStarts = 0
    /// Durations of the Initializer runs that preceded cold starts.
    public var coldStartInitializer = Percentiles(micros: [])
    public var durations: [Phase: Percentiles] = [:]
    public var initializer = Initializer()
    public var prestop = Hook()
    public var prefreeze = Hook()
    public var instances = Instances()
    public var billing = Billing()
    public var coldStartAnatomy = ColdStartAnatomy()
    public var examples = Examples()

    public var coldStartShare: Double {
        invocations.total == 0 ? 0 : Double(coldStarts) / Double(invocations.total)
    }
}
