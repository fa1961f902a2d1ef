/// What a replay needs of one function's logs: the requests as they arrived,
/// and what each observed instance cost beyond its requests, in the order the
/// instances were created. Times are Unix microseconds.
public struct Workload: Equatable, Sendable {
    /// One invocation as it reached the function.
    public struct Arrival: Equatable, Sendable {
        /// When the request arrived: its invocation's start, or, for the first
        /// invocation of an instance that ran an Initializer, that Initializer's start.
        public var time: Int64
        /// How long the invocation ran; nil when it never ended (it then holds no slot and bills nothing).
        public var duration: Int64?

        public init(time: Int64, duration: Int64?) {
            self.time = time
            self.duration = duration
        }
    }

    /// What starting an instance cost, as one observed instance shows it; a
    /// replayed instance borrows the package of the observed one created in the same turn.
    public struct StartPackage: Equatable, Sendable {
        /// Initializer attempts that ended, as (offset from the instance's start, duration).
        public var initializers: [Interval]
        /// When, from the instance's start, its first request could begin: the end of its last attempt.
        public var readyOffset: Int64
        /// Whether the instance served no invocation: its Initializer never succeeded, and the
        /// request that started it went to the next instance.
        public var failed: Bool
        /// Durations of the PreStop runs that ended.
        public var prestops: [Int64]

        public init(initializers: [Interval] = [], readyOffset: Int64 = 0, failed: Bool = false, prestops: [Int64] = []) {
            self.initializers = initializers
            self.readyOffset = readyOffset
            self.failed = failed
            self.prestops = prestops
        }
    }

    /// A run relative to its instance's start.
    public struct Interval: Equatable, Sendable {
        public var offset: Int64
        public var duration: Int64

        public init(offset: Int64, duration: Int64) {
            self.offset = offset
            self.duration = duration
        }
    }

    /// The settings the logs show: what a replay must reproduce them with.
    public struct Observed: Equatable, Sendable {
        /// The most invocations one instance ran at once.
        public var concurrency = 1
        /// The shortest idle time after which an instance ended, among those longer than any idle time
        /// after which an instance served again; nil when no instance was seen ending so.
        public var keepAlive: Int64?
        /// Instances whose request metrics say `resourceMode: Provision`.
        public var provisionedInstances = 0

        public init() {}
    }

    public var function: String
    /// Arrivals in order of time, then of duration.
    public var arrivals: [Arrival]
    /// One package per observed instance, in order of creation.
    public var packages: [StartPackage]
    /// Durations of what the replay does not move (PreFreeze runs, and Initializer and PreStop
    /// runs of no known instance): every replay bills them as they were.
    public var carriedMicros: [Int64]
    public var observed: Observed
    /// The window replayed: its first and last moments.
    public var start: Int64
    public var end: Int64

    public init(function: String, arrivals: [Arrival], packages: [StartPackage], carriedMicros: [Int64] = [],
                observed: Observed = Observed(), start: Int64? = nil, end: Int64? = nil) {
        self.function = function
        // Arrivals in one instant go shortest first, whatever order the store gave them in.
        self.arrivals = arrivals.sorted { ($0.time, $0.duration ?? -1) < ($1.time, $1.duration ?? -1) }
        self.packages = packages
        self.carriedMicros = carriedMicros
        self.observed = observed
        let first = self.arrivals.first?.time ?? 0
        let last = self.arrivals.map { $0.time + ($0.duration ?? 0) }.max() ?? first
        self.start = start ?? first
        self.end = Swift.max(end ?? last, self.start)
    }
}
