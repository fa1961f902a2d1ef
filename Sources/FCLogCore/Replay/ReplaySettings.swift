/// The settings a replay runs the observed arrivals under.
public struct ReplaySettings: Equatable, Sendable {
    /// Requests one instance runs at once (FC's instance concurrency).
    public var concurrency: Int
    /// Idle time after which an on-demand instance is reclaimed, in microseconds; nil: never in the window.
    public var keepAlive: Int64?
    /// Always-on instances, ready before the first request and never reclaimed.
    public var provisioned: Int
    /// Memory of every instance, for compute units.
    public var memoryMB: Double
    public var stepMillis: Int64

    public init(concurrency: Int = 1, keepAlive: Int64? = nil, provisioned: Int = 0, memoryMB: Double = 512, stepMillis: Int64 = 1) {
        self.concurrency = Swift.max(1, concurrency)
        self.keepAlive = keepAlive.map { Swift.max(0, $0) }
        self.provisioned = Swift.max(0, provisioned)
        self.memoryMB = memoryMB
        self.stepMillis = stepMillis
    }
}
