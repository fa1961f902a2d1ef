/// Reads a function's workload for the replay from the store: its spans in
/// the window, instance by instance, and the instance events that tell when
/// instances were destroyed.
public enum WorkloadReader {
    public static func read(_ db: SQLiteDatabase, function: String, since: Int64?, until: Int64?) throws -> Workload {
        let s = try db.prepare("""
            SELECT instance, kind_code, outcome_code, start_us, end_us, duration_us FROM fclog_span_rows
            WHERE function = ?1 AND \(SpanSelection.window)
            ORDER BY instance, coalesce(start_us, end_us), id
            """)
        s.bind(1, function)
        s.bind(2, since)
        s.bind(3, until)
        let destroyed = try destroyedTimes(db, function: function)
        var arrivals: [Workload.Arrival] = []
        var packages: [(created: Int64, package: Workload.StartPackage)] = []
        var carried: [Int64] = []
        var observed = Workload.Observed()
        // Idle times before an instance ended, and the longest idle time after which one was used again.
        var endIdles: [Int64] = []
        var longestReuseGap: Int64 = -1
        // When each instance began and when its last invocation ended, for instances whose end the logs do not show.
        var lives: [(created: Int64, lastEnd: Int64?)] = []
        var group = InstanceSpans(instance: nil)
        // The window is what the spans cover, unless the user bounded it.
        var first = Int64.max
        var last = Int64.min
        func close(_ group: InstanceSpans) {
            let made = group.finish(destroyedAt: group.instance.flatMap { destroyed[$0] })
            arrivals += made.arrivals
            carried += made.carried
            if let package = made.package { packages.append(package) }
            observed.concurrency = Swift.max(observed.concurrency, made.peak)
            if let idle = made.idleBeforeEnd { endIdles.append(idle) }
            longestReuseGap = Swift.max(longestReuseGap, made.longestReuseGap)
            if let created = made.package?.created { lives.append((created, made.lastInvocationEnd)) }
        }
        while try s.step() {
            let instance = s.optionalInt64(0)
            if instance != group.instance || group.isEmpty && group.instance == nil {
                if !group.isEmpty { close(group) }
                group = InstanceSpans(instance: instance)
            }
            guard let phase = StoredCodes.phase(code: s.optionalInt64(1)) else { continue }
            for time in [s.optionalInt64(3), s.optionalInt64(4)] {
                if let time {
                    first = Swift.min(first, time)
                    last = Swift.max(last, time)
                }
            }
            group.add(phase: phase, finished: StoredCodes.status(code: s.optionalInt64(2)) != .unfinished,
                      start: s.optionalInt64(3), end: s.optionalInt64(4), duration: s.optionalInt64(5))
        }
        if !group.isEmpty { close(group) }
        // An instance started while another stood idle means that one was gone: its idle time by then bounds the
        // keep-alive from above, as an end the logs show does.
        endIdles += idleBeforeLaterStarts(lives)
        // An instance that ended sooner than another stood idle and was reused did not end for idleness
        // (a deployment, a scale-in): the keep-alive is the shortest of the others.
        observed.keepAlive = endIdles.filter { $0 > longestReuseGap }.min()
        let provisioned = try db.prepare("""
            SELECT count(DISTINCT instance_id) FROM request_metrics
            WHERE function = ?1 AND resource_mode = 'Provision' AND (?2 IS NULL OR start_us >= ?2) AND (?3 IS NULL OR start_us < ?3)
            """)
        provisioned.bind(1, function)
        provisioned.bind(2, since)
        provisioned.bind(3, until)
        if try provisioned.step() { observed.provisionedInstances = Int(provisioned.int64(0)) }
        return Workload(function: function, arrivals: arrivals, packages: packages.sorted { $0.created < $1.created }.map(\.package),
                        carriedMicros: carried, observed: observed, start: since ?? (first == .max ? nil : first),
                        end: until ?? (last == .min ? nil : last))
    }

    /// For each instance started, how long the instance that last went idle before it had been idle
    /// (the instances that served no request, or were busy then, tell nothing).
    static func idleBeforeLaterStarts(_ lives: [(created: Int64, lastEnd: Int64?)]) -> [Int64] {
        let ends = lives.compactMap(\.lastEnd).sorted()
        var bounds: [Int64] = []
        var index = 0
        for created in lives.map(\.created).sorted() {
            while index < ends.count, ends[index] < created { index += 1 }
            if index > 0 { bounds.append(created - ends[index - 1]) }
        }
        return bounds
    }

    /// When each instance (by number) was destroyed, from its `DestroySuccess` event.
    private static func destroyedTimes(_ db: SQLiteDatabase, function: String) throws -> [Int64: Int64] {
        let s = try db.prepare("""
            SELECT i.id, min(e.time_us) FROM instance_events e JOIN instances i ON i.function = e.function AND i.instance_id = e.instance_id
            WHERE e.function = ?1 AND e.event = 'DestroySuccess' AND e.time_us IS NOT NULL GROUP BY i.id
            """)
        s.bind(1, function)
        var times: [Int64: Int64] = [:]
        while try s.step() { times[s.int64(0)] = s.int64(1) }
        return times
    }

    /// One instance's spans (or those of no instance), in order of time.
    private struct InstanceSpans {
        let instance: Int64?
        var invocations: [(start: Int64, duration: Int64?)] = []
        var initializers: [(start: Int64, end: Int64)] = []
        var prestops: [(start: Int64, duration: Int64)] = []
        var unfinishedPrestopStart: Int64?
        var carried: [Int64] = []
        var first: Int64?
        var isEmpty = true

        init(instance: Int64?) {
            self.instance = instance
        }

        mutating func add(phase: Phase, finished: Bool, start: Int64?, end: Int64?, duration: Int64?) {
            isEmpty = false
            if let time = start ?? end { first = Swift.min(first ?? time, time) }
            // The report bills an instance's finished runs by their times, and runs without both times alone.
            let interval: Int64? = finished ? (start != nil && end != nil ? end! - start! : duration) : nil
            let timed = finished && start != nil && end != nil && instance != nil
            switch phase {
            case .invoke:
                guard let at = start ?? end.map({ $0 - (duration ?? 0) }) else { return }
                invocations.append((at, interval))
            case .initialize:
                if timed {
                    initializers.append((start!, end!))
                } else if let interval {
                    carried.append(interval)
                }
            case .prestop:
                if timed {
                    prestops.append((start!, interval!))
                } else if let interval {
                    carried.append(interval)
                } else if finished == false, let start {
                    unfinishedPrestopStart = Swift.min(unfinishedPrestopStart ?? start, start)
                }
            case .prefreeze:
                if let interval { carried.append(interval) }
            case .prepareCode:
                break
            }
        }

        /// What one instance's spans tell the replay.
        struct Findings {
            var arrivals: [Workload.Arrival]
            var carried: [Int64]
            /// Its start, keyed by when it began.
            var package: (created: Int64, package: Workload.StartPackage)?
            var peak = 1
            /// How long it stood idle before its end of life, when the logs show that end.
            var idleBeforeEnd: Int64?
            /// The longest idle time after which it served again; -1 when none.
            var longestReuseGap: Int64 = -1
            /// When its last invocation ended.
            var lastInvocationEnd: Int64?
        }

        func finish(destroyedAt: Int64?) -> Findings {
            var arrivals = invocations.map { Workload.Arrival(time: $0.start, duration: $0.duration) }
            guard instance != nil, let first else { return Findings(arrivals: arrivals, carried: carried) }
            var peak = BusyPeriods.PeakSweep()
            var busyUntil: Int64?
            var longestGap: Int64 = -1
            for invocation in invocations {
                let end = invocation.start + Swift.max(0, invocation.duration ?? 0)
                if let duration = invocation.duration { peak.add(BusyPeriods.Interval(start: invocation.start, end: invocation.start + duration)) }
                if let until = busyUntil, invocation.start > until { longestGap = Swift.max(longestGap, invocation.start - until) }
                busyUntil = Swift.max(busyUntil ?? end, end)
            }
            let lastEnd = invocations.map { invocation in invocation.start + (invocation.duration ?? 0) }.max()
            let endOfLife = [prestops.first?.start, unfinishedPrestopStart, destroyedAt].compactMap { $0 }.min()
            let idle = lastEnd.flatMap { last in endOfLife.map { Swift.max(0, $0 - last) } }
            // Instances alive before the window with nothing but a PreStop in it are not started here.
            if invocations.isEmpty && initializers.isEmpty {
                return Findings(arrivals: [], carried: carried + prestops.map(\.duration))
            }
            let attempts = initializers.map { Workload.Interval(offset: $0.start - first, duration: $0.end - $0.start) }
            let ready: Int64
            if let firstInvoke = invocations.first {
                ready = firstInvoke.start - first
                // The request that found no instance arrived when this one began to start.
                arrivals[0].time = first
            } else {
                ready = initializers.map { $0.end - first }.max() ?? 0
            }
            let package = Workload.StartPackage(initializers: attempts, readyOffset: Swift.max(0, ready), failed: invocations.isEmpty,
                                                prestops: prestops.map(\.duration))
            return Findings(arrivals: arrivals, carried: carried, package: (first, package), peak: Swift.max(1, peak.peak),
                            idleBeforeEnd: idle, longestReuseGap: longestGap, lastInvocationEnd: lastEnd)
        }
    }
}
