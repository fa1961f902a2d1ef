/// What a replay (or the logs themselves) came to under one set of settings.
public struct ReplayOutcome: Equatable, Sendable {
    public var settings: ReplaySettings
    public var invocations = 0
    /// On-demand instances started, those whose Initializer never succeeded included.
    public var instances = 0
    /// Started instances that served a request: the requests that waited for an instance.
    public var coldStarts = 0
    /// Started instances whose Initializer never succeeded.
    public var failedStarts = 0
    public var initializerRuns = 0
    public var prestopRuns = 0
    /// The most requests one instance ran at once.
    public var peakConcurrency = 0
    /// Busy periods per instance, each rounded up to the step, plus what the replay carries over.
    public var activeBilledMillis: Int64 = 0
    /// Time provisioned instances spent idle in the window, billed at the idle rate.
    public var provisionedIdleMillis: Int64 = 0
    public var computeUnits = 0.0
    public var cost = 0.0
    public var currency = "USD"

    public init(settings: ReplaySettings) {
        self.settings = settings
    }

    /// Prices the outcome: active time at the active rate, provisioned idle time at the idle rate.
    mutating func price(_ prices: PriceTable) {
        computeUnits = prices.computeUnits(activeMillis: activeBilledMillis, memoryMB: settings.memoryMB, invocations: invocations)
            + prices.idleComputeUnits(idleMillis: provisionedIdleMillis, memoryMB: settings.memoryMB)
        cost = prices.cost(cu: computeUnits)
        currency = prices.currency
    }
}
