extension ReportBuilder {
    /// What the report needs of one instance (or, with no instance id, of one RequestId).
    final class InstanceState {
        var firstSeen = Int64.max
        var lastSeen = Int64.min
        var invocations = 0
        /// The instance's first invocation by (time, id): a cold start unless metrics say.
        var firstInvoke: (time: Int64, id: Int64, flagged: Bool, requestKey: Int64)?
        var initializerAttempts = 0
        var initializerOK = 0
        /// The duration of the last successful Initializer, for the cold start it preceded.
        var lastInitializerOK: Int64?
        /// Finished executions with both times, for the union of busy periods.
        var intervals: [BusyPeriods.Interval] = []
        var requests: [BusyPeriods.Interval] = []
    }

    /// Accumulates one function's spans (or every function's, for the total).
    final class Accumulator {
        let name: String
        private let facts: [String: InstanceFacts]
        private var service: String?
        private var firstSeen = Int64.max
        private var lastSeen = Int64.min
        private var invocations = FunctionReport.Invocations()
        private var invokeErrors: [String: Int] = [:]
        private var durations: [Phase: [Int64]] = [:]
        private var instances: [String: InstanceState] = [:]
        /// Initializers and cold-start flags of rows with no instance id, by RequestId key.
        private var bareInitializers: [Int64: InstanceState] = [:]
        private var bareInvokes: [(requestKey: Int64, flag: Bool?)] = []
        private var flaggedColdStarts = 0
        private var flaggedColdInitializers: [(key: String?, requestKey: Int64)] = []
        private var initializerErrors: [String: Int] = [:]
        private var hooks: [Phase: FunctionReport.Hook] = [.prestop: .init(), .prefreeze: .init()]
        private var hookErrors: [Phase: [String: Int]] = [.prestop: [:], .prefreeze: [:]]
        /// Hooks that never ended, judged at the end: did the log move on past them?
        private var unfinishedHooks: [(phase: Phase, row: Row, key: String?)] = []
        private var lastIDByInput: [Int64: Int64] = [:]
        /// Billing in integer milliseconds at the report's step, summed as spans come.
        private let stepMillis: Int64
        private var requestBilled: Int64 = 0
        private var estimatedBilled: Int64 = 0
        /// Spans with no instance or no times: they cannot overlap anything known.
        private var standaloneBilled: Int64 = 0
        private var memorySum = 0.0
        private var memoryCount = 0
        /// Spans added so far.
        private(set) var spans = 0

        init(name: String, facts: [String: InstanceFacts], stepMillis: Int64) {
            self.name = name
            self.facts = facts
            self.stepMillis = stepMillis
        }

        /// Adds a span; `function` names its function when the accumulator is the total's.
        func add(_ row: Row, service rowService: String?, function: String? = nil) {
            spans += 1
            if service == nil { service = rowService }
            let key = instanceKey(row.instance, function: function ?? name)
            for time in [row.start, row.end] {
                if let time {
                    firstSeen = min(firstSeen, time)
                    lastSeen = max(lastSeen, time)
                }
            }
            if let input = row.inputID { lastIDByInput[input] = max(lastIDByInput[input] ?? 0, row.id) }
            if let memory = row.memoryMB {
                memorySum += memory
                memoryCount += 1
            }
            let instance = key.map(state)
            if let instance { recent = (key, instance) }
            if let instance {
                for time in [row.start, row.end] {
                    if let time {
                        instance.firstSeen = min(instance.firstSeen, time)
                        instance.lastSeen = max(instance.lastSeen, time)
                    }
                }
            }
            if row.status != .unfinished {
                if let duration = row.duration { durations[row.phase, default: []].append(duration) }
                let billed = Billing.billedMillis(durationMicros: row.duration ?? 0, stepMillis: stepMillis)
                requestBilled += billed
                if !row.exact { estimatedBilled += billed }
                if let instance, let start = row.start, let end = row.end {
                    instance.intervals.append(BusyPeriods.Interval(start: start, end: end))
                } else {
                    standaloneBilled += billed
                }
            }

            switch row.phase {
            case .invoke:
                addInvoke(row, instance: instance, key: key)
            case .initialize:
                let owner = instance ?? bareState(row.requestKey)
                owner.initializerAttempts += 1
                if row.status == .ok {
                    owner.initializerOK += 1
                    owner.lastInitializerOK = row.duration
                } else {
                    initializerErrors[row.error ?? (row.status == .unfinished ? "never ended" : row.status.rawValue), default: 0] += 1
                }
            case .prestop, .prefreeze:
                hooks[row.phase]!.runs += 1
                switch row.status {
                case .ok:
                    break
                case .error, .timeout:
                    hooks[row.phase]!.failures += 1
                    hookErrors[row.phase]![row.error ?? row.status.rawValue, default: 0] += 1
                case .unfinished:
                    unfinishedHooks.append((row.phase, row, key))
                }
            case .prepareCode:
                break
            }
        }

        private func addInvoke(_ row: Row, instance: InstanceState?, key: String?) {
            invocations.total += 1
            switch row.status {
            case .ok: invocations.ok += 1
            case .error: invocations.error += 1
            case .timeout: invocations.timeout += 1
            case .unfinished: invocations.unfinished += 1
            }
            if row.status == .error || row.status == .timeout { invokeErrors[row.error ?? row.status.rawValue, default: 0] += 1 }
            if row.coldStart == true {
                flaggedColdStarts += 1
                flaggedColdInitializers.append((key, row.requestKey))
            }
            guard let instance else {
                bareInvokes.append((row.requestKey, row.coldStart))
                return
            }
            instance.invocations += 1
            let order = (time: row.start ?? row.end ?? Int64.max, id: row.id)
            if let first = instance.firstInvoke, (first.time, first.id) <= order {
                // Not the first.
            } else {
                instance.firstInvoke = (order.time, order.id, row.coldStart != nil, row.requestKey)
            }
            if let start = row.start, let end = row.end {
                instance.requests.append(BusyPeriods.Interval(start: start, end: end))
            }
        }

        /// The last instance's key and state: rows of one instance mostly come together.
        private var recent: (key: String?, state: InstanceState)?
        private var recentFunction: String?
        private var recentInstance: String?

        /// "function/instance", made once per run of rows of the same instance.
        private func instanceKey(_ instance: String?, function: String) -> String? {
            guard let instance else { return nil }
            if let recentKey = recent?.key, instance == recentInstance, function == recentFunction { return recentKey }
            recentInstance = instance
            recentFunction = function
            recent = nil
            return function + "/" + instance
        }

        private func state(_ key: String) -> InstanceState {
            if let recent, recent.key == key { return recent.state }
            if let existing = instances[key] { return existing }
            let created = InstanceState()
            instances[key] = created
            return created
        }

        private func bareState(_ requestKey: Int64) -> InstanceState {
            if let existing = bareInitializers[requestKey] { return existing }
            let created = InstanceState()
            bareInitializers[requestKey] = created
            return created
        }

        func report(options: ReportOptions) -> FunctionReport {
            var report = FunctionReport(function: name)
            report.service = service
            report.firstSeen = firstSeen == .max ? nil : firstSeen
            report.lastSeen = lastSeen == .min ? nil : lastSeen
            report.invocations = invocations
            report.topErrors = ReportBuilder.ranked(invokeErrors, limit: options.topErrors)
            for phase in [Phase.invoke, .initialize, .prestop, .prefreeze] {
                report.durations[phase] = Percentiles(micros: durations[phase] ?? [])
            }

            // Cold starts: metrics' flag, else an instance's first invocation, else one sharing an Initializer's RequestId.
            var coldInitializers: [Int64] = []
            var coldStarts = flaggedColdStarts
            for (key, requestKey) in flaggedColdInitializers {
                if let duration = key.flatMap({ instances[$0]?.lastInitializerOK }) ?? bareInitializers[requestKey]?.lastInitializerOK {
                    coldInitializers.append(duration)
                }
            }
            for instance in instances.values {
                guard let first = instance.firstInvoke, !first.flagged else { continue }
                coldStarts += 1
                // The Initializer ran on the instance, or logged no instance under the invocation's RequestId.
                if let duration = instance.lastInitializerOK ?? bareInitializers[first.requestKey]?.lastInitializerOK {
                    coldInitializers.append(duration)
                }
            }
            for invoke in bareInvokes where invoke.flag == nil {
                guard let owner = bareInitializers[invoke.requestKey] else { continue }
                coldStarts += 1
                if let duration = owner.lastInitializerOK { coldInitializers.append(duration) }
            }
            report.coldStarts = coldStarts
            report.coldStartInitializer = Percentiles(micros: coldInitializers)

            // The Initializer, per instance or, without one, per RequestId.
            let owners = Array(instances.values) + Array(bareInitializers.values)
            report.initializer.attempts = owners.reduce(0) { $0 + $1.initializerAttempts }
            report.initializer.failures = owners.reduce(0) { $0 + $1.initializerAttempts - $1.initializerOK }
            report.initializer.instancesWithRetries = owners.filter { $0.initializerAttempts > 1 }.count
            report.initializer.instancesFailed = owners.filter { $0.initializerAttempts > 0 && $0.initializerOK == 0 }.count
            report.initializer.errors = ReportBuilder.ranked(initializerErrors, limit: options.topErrors)

            // Hooks that never ended failed when their instance was destroyed or the log moved on.
            for (phase, row, key) in unfinishedHooks {
                let destroyed = key.flatMap { facts[$0]?.destroyed } ?? false
                let movedOn = (row.start.map { $0 < lastSeen } ?? false)
                    || (row.inputID.flatMap { lastIDByInput[$0] }.map { row.id < $0 } ?? false)
                if destroyed || movedOn {
                    hooks[phase]!.failures += 1
                    hookErrors[phase]!["never ended", default: 0] += 1
                } else {
                    hooks[phase]!.pending += 1
                }
            }
            report.prestop = hooks[.prestop]!
            report.prestop.errors = ReportBuilder.ranked(hookErrors[.prestop]!, limit: options.topErrors)
            report.prefreeze = hooks[.prefreeze]!
            report.prefreeze.errors = ReportBuilder.ranked(hookErrors[.prefreeze]!, limit: options.topErrors)

            // Instances.
            report.instances.count = instances.count
            var lifetimes: [Int64] = []
            var peak = 0
            for (key, instance) in instances {
                let begin = facts[key]?.begin ?? (instance.firstSeen == .max ? nil : instance.firstSeen)
                let finish = facts[key]?.finish ?? (instance.lastSeen == .min ? nil : instance.lastSeen)
                if let begin, let finish { lifetimes.append(max(0, finish - begin)) }
                peak = max(peak, BusyPeriods.peakConcurrency(instance.requests))
            }
            report.instances.lifetimeMillis = Percentiles(micros: lifetimes)
            report.instances.peakConcurrentRequests = peak
            let perInstance = instances.values.map(\.invocations)
            report.instances.invocationsPerInstanceMax = perInstance.max() ?? 0
            report.instances.invocationsPerInstanceMean = perInstance.isEmpty ? 0 : Double(perInstance.reduce(0, +)) / Double(perInstance.count)

            // Billing, in integer milliseconds.
            var billing = FunctionReport.Billing()
            billing.stepMillis = stepMillis
            billing.requestBilledMillis = requestBilled
            billing.estimatedMillis = estimatedBilled
            billing.instanceBilledMillis = standaloneBilled
                + instances.values.reduce(0) { $0 + BusyPeriods.billedMillis($1.intervals, stepMillis: stepMillis) }
            billing.memoryMB = memoryCount == 0 ? options.prices.defaultMemoryMB : memorySum / Double(memoryCount)
            billing.vcpu = options.prices.vcpu ?? billing.memoryMB / 1024 / 2
            billing.computeUnits = options.prices.computeUnits(activeMillis: billing.instanceBilledMillis, memoryMB: billing.memoryMB,
                                                               invocations: invocations.total)
            billing.cost = options.prices.cost(cu: billing.computeUnits)
            billing.currency = options.prices.currency
            report.billing = billing
            return report
        }
    }
}
