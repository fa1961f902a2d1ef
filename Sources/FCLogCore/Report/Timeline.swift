/// A function's figures per bucket of time (`fclog report --by`), whose sums
/// are the report's: each span counts in the bucket it started in (ended in,
/// when only its end is known), and spans with no time in a bucket of their own.
public struct Timeline: Equatable, Sendable {
    public struct Bucket: Equatable, Sendable {
        /// Unix microseconds; nil for the spans with no time.
        public var start: Int64?
        public var invocations = 0
        public var errors = 0
        public var timeouts = 0
        public var coldStarts = 0
        public var initializerFailures = 0
        /// Billed per request (hooks included), as the report's `request_billed_ms`.
        public var billedMillis: Int64 = 0
        /// The most invocations running at once on one instance, at a moment in the bucket.
        public var peakConcurrency = 0
        /// Of finished invocations.
        public var durations = Percentiles(micros: [])

        public init(start: Int64?) {
            self.start = start
        }
    }

    public var function: String
    public var widthMicros: Int64
    /// Every bucket from the first to the last span, the empty ones included, then the one with no time if any.
    public var buckets: [Bucket]
    /// All buckets together.
    public var total: Bucket
}
