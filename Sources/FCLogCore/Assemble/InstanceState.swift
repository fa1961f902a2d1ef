/// What the report needs of one instance (or, with no instance id, of one RequestId).
final class InstanceState {
    var firstSeen = Int64.max
    var lastSeen = Int64.min
    var invocations = 0
    /// The instance's first invocation by (time, id): a cold start unless metrics say.
    var firstInvoke: (time: Int64, id: Int64, flagged: Bool, requestKey: Int64)?
    var initializerAttempts = 0
    var initializerOK = 0
    /// The duration of the last successful Initializer (by id), for the cold start it preceded.
    var lastInitializerOK: Int64?
    private var lastInitializerOKID = Int64.min
    /// Finished executions with both times, for the union of busy periods.
    private var intervals: [BusyPeriods.Interval] = []
    private var requests: [BusyPeriods.Interval] = []
    /// With spans given in order of start: the busy periods and concurrency so far, instead of the intervals.
    private var sweeps: (billed: BusyPeriods.BilledSweep, peak: BusyPeriods.PeakSweep)?
    /// Billed busy time at a 1 ms step and peak concurrency, when read from a summary rather than from spans.
    private var summarised: (billedMillis: Int64, peak: Int)?
    /// What instance events and the `instances` table say of its life.
    var facts: InstanceFacts?

    /// An instance whose spans come in any order.
    init() {}

    /// An instance whose spans come in order of start: its busy time (at
    /// `stepMillis`) and concurrency are swept as they come, in constant memory.
    init(sweepingAt stepMillis: Int64) {
        sweeps = (BusyPeriods.BilledSweep(stepMillis: stepMillis), BusyPeriods.PeakSweep())
    }

    /// An instance as its stored summary describes it.
    init(_ summary: InstanceSummary) {
        firstSeen = summary.firstSeen ?? .max
        lastSeen = summary.lastSeen ?? .min
        invocations = summary.invocations
        firstInvoke = summary.firstInvoke
        initializerAttempts = summary.initializerAttempts
        initializerOK = summary.initializerOK
        lastInitializerOK = summary.lastInitializerOK
        summarised = (summary.busyBilledMillis, summary.peakConcurrency)
        facts = summary.facts
    }

    /// Adds one of the instance's spans.
    func add(_ row: SpanFacts) {
        for time in [row.start, row.end] {
            if let time {
                firstSeen = min(firstSeen, time)
                lastSeen = max(lastSeen, time)
            }
        }
        if row.status != .unfinished, let start = row.start, let end = row.end {
            if sweeps != nil {
                sweeps!.billed.add(BusyPeriods.Interval(start: start, end: end))
            } else {
                intervals.append(BusyPeriods.Interval(start: start, end: end))
            }
        }
        switch row.phase {
        case .invoke:
            invocations += 1
            let order = (time: row.start ?? row.end ?? Int64.max, id: row.id)
            if firstInvoke.map({ (order.time, order.id) < ($0.time, $0.id) }) ?? true {
                firstInvoke = (order.time, order.id, row.coldStart != nil, row.requestKey)
            }
            if let start = row.start, let end = row.end {
                if sweeps != nil {
                    sweeps!.peak.add(BusyPeriods.Interval(start: start, end: end))
                } else {
                    requests.append(BusyPeriods.Interval(start: start, end: end))
                }
            }
        case .initialize:
            addInitializer(row)
        case .prestop, .prefreeze, .prepareCode:
            break
        }
    }

    /// Counts an Initializer attempt.
    func addInitializer(_ row: SpanFacts) {
        initializerAttempts += 1
        if row.status == .ok {
            initializerOK += 1
            if row.id >= lastInitializerOKID {
                lastInitializerOKID = row.id
                lastInitializerOK = row.duration
            }
        }
    }

    /// The union of the instance's busy periods, billed at the step.
    func billedMillis(stepMillis: Int64) -> Int64 {
        if let summarised, stepMillis == InstanceSummary.stepMillis { return summarised.billedMillis }
        if let sweeps {
            // Swept at one step: the summaries'.
            assert(sweeps.billed.stepMillis == stepMillis)
            return sweeps.billed.billedMillis
        }
        return BusyPeriods.billedMillis(intervals, stepMillis: stepMillis)
    }

    /// The most invocations running at once.
    var peakConcurrency: Int {
        summarised?.peak ?? sweeps?.peak.peak ?? BusyPeriods.peakConcurrency(requests)
    }
}
