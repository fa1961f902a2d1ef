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
        var counts: [Int64: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        self.init(counts: counts)
    }

    /// From how many times each duration (in microseconds) occurs.
    public init(counts: [Int64: Int]) {
        let sorted = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        count = sorted.reduce(0) { $0 + $1.value }
        // The value at 1-based rank r: the first whose running count reaches r.
        func rank(_ p: Int) -> Int64? {
            guard count > 0 else { return nil }
            let wanted = Swift.max(1, Swift.min(count, (p * count + 99) / 100))
            var seen = 0
            for (value, n) in sorted {
                seen += n
                if seen >= wanted { return value }
            }
            return sorted.last?.key
        }
        p50 = rank(50)
        p95 = rank(95)
        p99 = rank(99)
        max = sorted.last?.key
    }
}
