/// Nearest-rank percentiles of durations: the p-th percentile is the value at
/// rank ⌈p/100 × n⌉ of the n sorted values, so it is always an observed duration.
public struct Percentiles: Equatable, Sendable {
    public var count: Int
    public var p50: Int64?
    public var p95: Int64?
    public var p99: Int64?
    public var max: Int64?

    /// From durations in microseconds.
    public init(micros values: [Int64]) {
        let sorted = values.sorted()
        count = sorted.count
        func rank(_ p: Int) -> Int64? {
            guard !sorted.isEmpty else { return nil }
            let index = (p * sorted.count + 99) / 100 - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
        }
        p50 = rank(50)
        p95 = rank(95)
        p99 = rank(99)
        max = sorted.last
    }
}
