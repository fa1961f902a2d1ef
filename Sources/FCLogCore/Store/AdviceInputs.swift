/// What the advisor reads of a function besides its workload: what memory
/// the executions used and which hooks failed.
public struct AdviceInputs: Equatable, Sendable {
    /// Configured memory sizes seen, with how many executions reported each.
    public var configuredMB: [Double: Int] = [:]
    /// Memory used per execution (request metrics, summary lines, platform errors).
    public var usedMB: [Double] = []
    /// Memory used per instance sample (instance metrics).
    public var instanceUsedMB: [Double] = []
    public var hooks: [HookRun] = []

    public struct HookRun: Equatable, Sendable {
        public var phase: Phase
        public var status: SpanStatus
        /// Nil when it never ended.
        public var duration: Int64?
        public var requestID: String

        public init(phase: Phase, status: SpanStatus, duration: Int64?, requestID: String) {
            self.phase = phase
            self.status = status
            self.duration = duration
            self.requestID = requestID
        }
    }

    public init() {}
}
