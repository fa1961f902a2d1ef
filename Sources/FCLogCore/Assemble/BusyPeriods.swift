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

    /// The billed time of intervals given in order of start, each busy period
    /// billed as it closes: constant memory, whatever the number of intervals.
    public struct BilledSweep: Sendable {
        public let stepMillis: Int64
        private var period: Interval?
        private var closed: Int64 = 0

        public init(stepMillis: Int64) {
            self.stepMillis = stepMillis
        }

        /// Adds an interval starting no earlier than the ones before it.
        public mutating func add(_ interval: Interval) {
            if let current = period, interval.start <= current.end {
                period!.end = Swift.max(current.end, interval.end)
            } else {
                closeCurrent()
                period = interval
            }
        }

        /// Billed milliseconds of the periods so far, the open one included.
        public var billedMillis: Int64 {
            closed + (period.map { Billing.billedMillis(durationMicros: $0.end - $0.start, stepMillis: stepMillis) } ?? 0)
        }

        private mutating func closeCurrent() {
            guard let current = period else { return }
            closed += Billing.billedMillis(durationMicros: current.end - current.start, stepMillis: stepMillis)
        }
    }

    /// The most intervals running at one moment, of intervals given in order
    /// of start: memory for the ones running at once only. Touching intervals
    /// do not overlap, and an empty one overlaps nothing.
    public struct PeakSweep: Sendable {
        /// Ends of the intervals running.
        private var ends = MinHeap<Int64>()
        public private(set) var peak = 0
        /// Intervals running at the start of the last one added, itself included.
        public var running: Int { ends.elements.count }

        public init() {}

        /// Adds an interval starting no earlier than the ones before it.
        public mutating func add(_ interval: Interval) {
            guard interval.end > interval.start else { return }
            while let first = ends.first, first <= interval.start { ends.popFirst() }
            ends.push(interval.end)
            peak = Swift.max(peak, ends.elements.count)
        }
    }

    /// Billed milliseconds of one instance's intervals.
    public static func billedMillis(_ intervals: [Interval], stepMillis: Int64) -> Int64 {
        var sweep = BilledSweep(stepMillis: stepMillis)
        for interval in intervals.sorted(by: { $0.start < $1.start }) { sweep.add(interval) }
        return sweep.billedMillis
    }

    /// The most intervals running at one moment.
    public static func peakConcurrency(_ intervals: [Interval]) -> Int {
        var sweep = PeakSweep()
        for interval in intervals.sorted(by: { $0.start < $1.start }) { sweep.add(interval) }
        return sweep.peak
    }
}
