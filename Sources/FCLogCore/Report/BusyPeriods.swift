/// FC's rule for billing an instance that runs requests concurrently: the
/// union of the intervals in which at least one request or hook runs, each
/// maximal busy period (a run of overlapping or touching intervals) rounded
/// up to the billing step, then summed.
public enum BusyPeriods {
    /// An execution on one instance, in microseconds.
    public struct Interval: Equatable, Sendable {
        public var start: Int64
        public var end: Int64

        public init(start: Int64, end: Int64) {
            self.start = start
            self.end = Swift.max(start, end)
        }
    }

    /// The maximal busy periods of `intervals`.
    public static func merge(_ intervals: [Interval]) -> [Interval] {
        let sorted = intervals.sorted { $0.start < $1.start }
        var periods: [Interval] = []
        for interval in sorted {
            if let last = periods.last, interval.start <= last.end {
                periods[periods.count - 1].end = Swift.max(last.end, interval.end)
            } else {
                periods.append(interval)
            }
        }
        return periods
    }

    /// Billed milliseconds of one instance's intervals.
    public static func billedMillis(_ intervals: [Interval], stepMillis: Int64) -> Int64 {
        merge(intervals).reduce(0) { $0 + Billing.billedMillis(durationMicros: $1.end - $1.start, stepMillis: stepMillis) }
    }

    /// The most intervals running at one moment (touching ones do not overlap).
    public static func peakConcurrency(_ intervals: [Interval]) -> Int {
        var edges: [(Int64, Int)] = []
        edges.reserveCapacity(intervals.count * 2)
        for interval in intervals {
            edges.append((interval.start, 1))
            edges.append((interval.end, -1))
        }
        // Ends sort before starts at the same instant.
        edges.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var current = 0
        var peak = 0
        for edge in edges {
            current += edge.1
            peak = Swift.max(peak, current)
        }
        return peak
    }
}
