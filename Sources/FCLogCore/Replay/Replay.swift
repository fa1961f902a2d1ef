/// Replays observed arrivals onto instances under other settings, the way FC
/// schedules them: a request goes to a busy instance with a free slot (the
/// oldest), else to an idle provisioned instance, else to the on-demand
/// instance that went idle last, else to a new instance, which first pays the
/// start (Initializer attempts) of the observed instance created in the same
/// turn. Idle on-demand instances are reclaimed after the keep-alive and then
/// run their PreStop. Deterministic: the same workload and settings give the
/// same outcome. The README's "What-ifs" section states the rules.
public enum Replay {
    public static func run(_ workload: Workload, settings: ReplaySettings, prices: PriceTable = PriceTable()) -> ReplayOutcome {
        var engine = Engine(workload: workload, settings: settings)
        for arrival in workload.arrivals { engine.arrive(arrival) }
        var outcome = engine.finish()
        outcome.price(prices)
        return outcome
    }

    /// One instance of the replay.
    private struct Instance {
        let provisioned: Bool
        /// The observed instance whose start and PreStop it borrows.
        let package: Int?
        var ready: Int64
        var running = 0
        /// Bumped each time it goes idle, so that stale entries of the idle list are known.
        var epoch = 0
        var idleSince: Int64
        var reclaimed = false
        var inPartialHeap = false
        var servedRequest = false
        var billed: BusyPeriods.BilledSweep
        var peak = BusyPeriods.PeakSweep()
        /// The union of its runs, unrounded, for a provisioned instance's idle time.
        var busyMicros: Int64 = 0
        var period: (start: Int64, end: Int64)?

        init(provisioned: Bool, package: Int?, at time: Int64, stepMillis: Int64) {
            self.provisioned = provisioned
            self.package = package
            ready = time
            idleSince = time
            billed = BusyPeriods.BilledSweep(stepMillis: stepMillis)
        }

        /// Adds a run starting no earlier than the ones before it.
        mutating func run(from start: Int64, to proposedEnd: Int64) {
            let end = Swift.max(start, proposedEnd)
            billed.add(BusyPeriods.Interval(start: start, end: end))
            if let current = period, start <= current.end {
                period!.end = Swift.max(current.end, end)
            } else {
                closePeriod()
                period = (start, end)
            }
        }

        mutating func closePeriod() {
            if let current = period { busyMicros += current.end - current.start }
            period = nil
        }
    }

    private struct Completion: Comparable {
        var end: Int64
        var instance: Int

        static func < (a: Completion, b: Completion) -> Bool { (a.end, a.instance) < (b.end, b.instance) }
    }

    private struct IdleEntry {
        var instance: Int
        var epoch: Int
        var since: Int64
    }

    private struct Engine {
        let workload: Workload
        let settings: ReplaySettings
        var outcome: ReplayOutcome
        var instances: [Instance] = []
        var completions = MinHeap<Completion>()
        /// Busy instances with a free slot, oldest first (entries checked when read).
        var partial = MinHeap<Int>()
        /// On-demand instances in the order they went idle: reclaimed from the front, reused from the back.
        var idle: [IdleEntry] = []
        var idleHead = 0
        var idleProvisioned: [IdleEntry] = []
        var nextPackage = 0
        let anyServingPackage: Bool

        init(workload: Workload, settings: ReplaySettings) {
            self.workload = workload
            self.settings = settings
            outcome = ReplayOutcome(settings: settings)
            anyServingPackage = workload.packages.contains { !$0.failed }
            for _ in 0..<settings.provisioned {
                let index = instances.count
                instances.append(Instance(provisioned: true, package: nil, at: workload.start, stepMillis: settings.stepMillis))
                idleProvisioned.append(IdleEntry(instance: index, epoch: 0, since: workload.start))
            }
            // Provisioned instances taken first are the oldest.
            idleProvisioned.reverse()
        }

        mutating func arrive(_ arrival: Workload.Arrival) {
            complete(upTo: arrival.time)
            reclaimIdle(before: arrival.time)
            outcome.invocations += 1
            let index = pick(at: arrival.time)
            instances[index].servedRequest = true
            let start = Swift.max(arrival.time, instances[index].ready)
            guard let duration = arrival.duration else {
                // A request that never ended holds no slot; its instance was active when it came.
                if instances[index].running == 0 { goIdle(index, at: start) }
                return
            }
            let end = start + Swift.max(0, duration)
            instances[index].running += 1
            instances[index].run(from: start, to: end)
            instances[index].peak.add(BusyPeriods.Interval(start: start, end: end))
            completions.push(Completion(end: end, instance: index))
            notePartial(index)
        }

        /// Frees the slots of requests that ended by `time`.
        mutating func complete(upTo time: Int64) {
            while let next = completions.first, next.end <= time {
                completions.popFirst()
                instances[next.instance].running -= 1
                if instances[next.instance].running == 0 {
                    goIdle(next.instance, at: next.end)
                } else {
                    notePartial(next.instance)
                }
            }
        }

        mutating func goIdle(_ index: Int, at time: Int64) {
            instances[index].epoch += 1
            instances[index].idleSince = Swift.max(instances[index].idleSince, time)
            let entry = IdleEntry(instance: index, epoch: instances[index].epoch, since: instances[index].idleSince)
            if instances[index].provisioned { idleProvisioned.append(entry) } else { idle.append(entry) }
        }

        mutating func notePartial(_ index: Int) {
            let running = instances[index].running
            guard running > 0, running < settings.concurrency, !instances[index].inPartialHeap else { return }
            instances[index].inPartialHeap = true
            partial.push(index)
        }

        func isIdle(_ entry: IdleEntry) -> Bool {
            let instance = instances[entry.instance]
            return instance.epoch == entry.epoch && instance.running == 0 && !instance.reclaimed
        }

        /// Reclaims the instances idle for the keep-alive or longer at `time`.
        mutating func reclaimIdle(before time: Int64) {
            guard let keepAlive = settings.keepAlive else { return }
            while idleHead < idle.count, idle[idleHead].since + keepAlive <= time {
                let entry = idle[idleHead]
                idleHead += 1
                if isIdle(entry) { reclaim(entry.instance, at: entry.since + keepAlive) }
            }
            // Reused entries pile up behind the head: drop them once they are most of the list.
            if idleHead > 4096, idleHead * 2 > idle.count {
                idle.removeFirst(idleHead)
                idleHead = 0
            }
        }

        /// Ends an instance's life: it runs the PreStop of the instance it borrows from.
        mutating func reclaim(_ index: Int, at time: Int64) {
            instances[index].reclaimed = true
            guard let package = instances[index].package else { return }
            var at = time
            for duration in workload.packages[package].prestops {
                instances[index].run(from: at, to: at + duration)
                outcome.prestopRuns += 1
                at += duration
            }
        }

        mutating func pick(at time: Int64) -> Int {
            while let top = partial.first {
                let instance = instances[top]
                if instance.running > 0, instance.running < settings.concurrency, !instance.reclaimed { return top }
                partial.popFirst()
                instances[top].inPartialHeap = false
            }
            while let entry = idleProvisioned.last {
                idleProvisioned.removeLast()
                if isIdle(entry) { return entry.instance }
            }
            while idle.count > idleHead, let entry = idle.last {
                idle.removeLast()
                if isIdle(entry) { return entry.instance }
            }
            return start(at: time)
        }

        /// Starts on-demand instances until one can serve: borrowed starts that failed bill their attempts and serve nothing.
        mutating func start(at time: Int64) -> Int {
            while true {
                let package: Int? = workload.packages.isEmpty ? nil : nextPackage % workload.packages.count
                nextPackage += 1
                let index = instances.count
                instances.append(Instance(provisioned: false, package: package, at: time, stepMillis: settings.stepMillis))
                outcome.instances += 1
                guard let package else { return index }
                let borrowed = workload.packages[package]
                for attempt in borrowed.initializers {
                    instances[index].run(from: time + attempt.offset, to: time + attempt.offset + attempt.duration)
                    outcome.initializerRuns += 1
                }
                instances[index].ready = time + borrowed.readyOffset
                instances[index].idleSince = instances[index].ready
                if borrowed.failed && anyServingPackage {
                    outcome.failedStarts += 1
                    reclaim(index, at: instances[index].ready)
                    continue
                }
                return index
            }
        }

        mutating func finish() -> ReplayOutcome {
            complete(upTo: .max)
            reclaimIdle(before: workload.end)
            for index in instances.indices where !instances[index].reclaimed && !instances[index].provisioned {
                reclaim(index, at: instances[index].idleSince + (settings.keepAlive ?? 0))
            }
            let window = workload.end - workload.start
            for index in instances.indices {
                instances[index].closePeriod()
                let instance = instances[index]
                outcome.activeBilledMillis += instance.billed.billedMillis
                outcome.peakConcurrency = Swift.max(outcome.peakConcurrency, instance.peak.peak)
                if instance.servedRequest && !instance.provisioned { outcome.coldStarts += 1 }
                if instance.provisioned { outcome.provisionedIdleMillis += Swift.max(0, window - instance.busyMicros) / 1000 }
            }
            outcome.activeBilledMillis += workload.carriedMicros.reduce(0) {
                $0 + Billing.billedMillis(durationMicros: $1, stepMillis: settings.stepMillis)
            }
            return outcome
        }
    }
}
