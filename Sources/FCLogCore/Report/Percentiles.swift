#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nearest-rank percentiles of durations: the p-th percentile is the value at
/// rank ⌈p/100 × n⌉ of the n sorted values, so it is always an observed duration.
public struct Percentiles: Equatable, Sendable {
    public var count: Int
    public var p50: Int64?
    public var p95: Int64?
    public var p99: Int64?
    public var max: Int64?
    /// How many values fall in each of `histogramBuckets` buckets, logarithmic from the least to the greatest.
    public var histogram: [Int] = []

    public static let histogramBuckets = 12

    /// From durations in microseconds.
    public init(micros values: [Int64]) {
        let sorted = values.sorted()
        histogram = Self.histogram(sorted.map { ($0, 1) })
        count = sorted.count
        func rank(_ p: Int) -> Int64? {
            sorted.isEmpty ? nil : sorted[Self.rank(p, of: sorted.count) - 1]
        }
        p50 = rank(50)
        p95 = rank(95)
        p99 = rank(99)
        max = sorted.last
    }

    /// From how many times each duration (in microseconds) occurs.
    public init(counts: [Int64: Int]) {
        let sorted = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        count = sorted.reduce(0) { $0 + $1.value }
        histogram = Self.histogram(sorted.map { ($0.key, $0.value) })
        // The value at 1-based rank r: the first whose running count reaches r.
        func rank(_ p: Int) -> Int64? {
            guard count > 0 else { return nil }
            let wanted = Self.rank(p, of: count)
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

    /// Counts per logarithmic bucket of values (sorted, with their counts); durations under a millisecond share the first.
    private static func histogram(_ sorted: [(value: Int64, count: Int)]) -> [Int] {
        guard let first = sorted.first?.value, let last = sorted.last?.value else { return [] }
        let low = Double(Swift.max(first, 1000)), high = Double(Swift.max(last, 1000))
        var buckets = [Int](repeating: 0, count: histogramBuckets)
        let width = high > low ? log(high / low) / Double(histogramBuckets) : 1
        for (value, count) in sorted {
            let index = Int(log(Swift.max(Double(value), low) / low) / width)
            buckets[Swift.min(histogramBuckets - 1, Swift.max(0, index))] += count
        }
        return buckets
    }

    /// The 1-based nearest rank of the p-th percentile of n values: ⌈p/100 × n⌉.
    private static func rank(_ p: Int, of n: Int) -> Int {
        Swift.max(1, Swift.min(n, (p * n + 99) / 100))
    }
}
