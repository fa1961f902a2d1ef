extension ReportBuilder {
    /// Accumulates one function's spans (or every function's, for the total).
    final class Accumulator {
        let name: String
        private let facts: [String: InstanceFacts]
        private var service: String?
        private var serviceSpanID = Int64.max
        private var firstSeen = Int64.max
        private var lastSeen = Int64.min
        private var invocations = FunctionReport.Invocations()
        private var invokeErrors: [String: Int] = [:]
        /// How many finished spans of each phase took each duration.
        private var durations: [Phase: [Int64: Int]] = [:]
        private var instances: [String: InstanceState] = [:]
        /// Initializers and cold-start flags of rows with no instance id, by RequestId key.
        private var bareInitializers: [Int64: InstanceState] = [:]
        private var bareInvokes: [(requestKey: Int64, flag: Bool?, time: Int64?)] = []
        /// When each invocation that request metrics flagged as a cold start began (nil when read from a summary).
        private var flaggedColdTimes: [Int64?] = []
        private var flaggedColdInitializers: [(key: String?, requestKey: Int64)] = []
        private var initializerErrors: [String: Int] = [:]
        private var hooks: [Phase: FunctionReport.Hook] = [.prestop: .init(), .prefreeze: .init()]
        private var hookErrors: [Phase: [String: Int]] = [.prestop: [:], .prefreeze: [:]]
        /// Hooks that never ended, judged at the end: did the log move on past them?
        private var unfinishedHooks: [(phase: Phase, row: SpanFacts, key: String?)] = []
        private var lastIDByInput: [Int64: Int64] = [:]
        /// Billing in integer milliseconds at the report's step, summed as spans come.
        private let stepMillis: Int64
        private var requestBilled: Int64 = 0
        private var phaseBilled: [Phase: Int64] = [:]
        private var estimatedBilled: Int64 = 0
        private var unstated = 0
        /// Spans with no instance or no times: they cannot overlap anything known.
        private var standaloneBilled: Int64 = 0
        private var memorySum = 0.0
        private var memoryCount = 0
        /// Spans added so far.
        private(set) var spans = 0

        /// A span's billed time per request: its duration rounded up to the step, once it has ended (nil before).
        static func requestBilled(status: SpanStatus, duration: Int64?, stepMillis: Int64) -> Int64? {
            status == .unfinished ? nil : Billing.billedMillis(durationMicros: duration ?? 0, stepMillis: stepMillis)
        }

        init(name: String, facts: [String: InstanceFacts], stepMillis: Int64) {
            self.name = name
            self.facts = facts
            self.stepMillis = stepMillis
        }

        /// Adds a span; `function` names its function when the accumulator is the total's.
        func add(_ row: SpanFacts, service rowService: String?, function: String? = nil) {
            count(SpanTally.Key(function: name, phase: row.phase, status: row.status, error: row.error, duration: row.duration,
                                exact: row.exact, hasInstance: row.instance != nil, start: row.start, end: row.end), spans: 1)
            follow(row, service: rowService, function: function)
        }

        /// Adds the figures `fclog_span_tally` keeps of `n` spans alike.
        func count(_ tallied: SpanTally.Key, spans n: Int) {
            spans += n
            if tallied.status != .unfinished {
                if let duration = tallied.duration {
                    durations[tallied.phase, default: [:]][duration, default: 0] += n
                } else {
                    unstated += n
                }
                let billed = Accumulator.requestBilled(status: tallied.status, duration: tallied.duration, stepMillis: stepMillis)! * Int64(n)
                requestBilled += billed
                phaseBilled[tallied.phase, default: 0] += billed
                if !tallied.exact { estimatedBilled += billed }
                if tallied.standalone { standaloneBilled += billed }
            }
            switch tallied.phase {
            case .invoke:
                invocations.total += n
                switch tallied.status {
                case .ok: invocations.ok += n
                case .error: invocations.error += n
                case .timeout: invocations.timeout += n
                case .unfinished: invocations.unfinished += n
                }
                if let label = tallied.label { invokeErrors[label, default: 0] += n }
            case .initialize:
                if let label = tallied.label { initializerErrors[label, default: 0] += n }
            case .prestop, .prefreeze:
                hooks[tallied.phase]!.runs += n
                if let label = tallied.label {
                    hooks[tallied.phase]!.failures += n
                    hookErrors[tallied.phase]![label, default: 0] += n
                }
            case .prepareCode:
                break
            }
        }

        /// Adds what the tally does not keep of a span: times, instances, cold
        /// starts, Initializer owners, hooks left unfinished.
        func follow(_ row: SpanFacts, service rowService: String?, function: String? = nil) {
            if let rowService { considerService(rowService, spanID: row.id) }
            let key = instanceKey(row.instance, function: function ?? name)
            for time in [row.start, row.end] {
                if let time { seen(time) }
            }
            if let input = row.inputID { noteInput(input, lastSpanID: row.id) }
            if let memory = row.memoryMB {
                memorySum += memory
                memoryCount += 1
            }
            let instance = key.map(state)
            if let instance {
                recent = (key, instance)
                instance.add(row)
            } else if row.phase == .initialize {
                bareState(row.requestKey).addInitializer(row)
            }
            switch row.phase {
            case .invoke:
                if row.coldStart == true {
                    flaggedColdTimes.append(row.start ?? row.end)
                    flaggedColdInitializers.append((key, row.requestKey))
                }
                if instance == nil { bareInvokes.append((row.requestKey, row.coldStart, row.start ?? row.end)) }
            case .prestop, .prefreeze:
                if row.status == .unfinished { noteUnfinishedHook(row, key: key) }
            case .initialize, .prepareCode:
                break
            }
        }

        /// A hook with no End yet, judged when the report is made.
        func noteUnfinishedHook(_ row: SpanFacts, key: String?) {
            unfinishedHooks.append((row.phase, row, key))
        }

        /// The function's service is that of its first span (by id) naming one.
        private func considerService(_ rowService: String, spanID: Int64) {
            if spanID < serviceSpanID {
                service = rowService
                serviceSpanID = spanID
            }
        }

        private func seen(_ time: Int64) {
            firstSeen = min(firstSeen, time)
            lastSeen = max(lastSeen, time)
        }

        /// Adds an instance from its summary and the state made of it, shared by
        /// the function's accumulator and the total's; `key` is "function/instance".
        func add(_ summary: InstanceSummary, state: InstanceState, key: String) {
            guard summary.spans > 0 else { return }
            if let rowService = summary.service, let id = summary.serviceSpanID { considerService(rowService, spanID: id) }
            if let first = summary.firstSeen { seen(first) }
            if let last = summary.lastSeen { seen(last) }
            memorySum += summary.memorySum
            memoryCount += summary.memoryCount
            flaggedColdTimes += summary.coldFlaggedRequestKeys.map { _ in nil }
            for requestKey in summary.coldFlaggedRequestKeys { flaggedColdInitializers.append((key, requestKey)) }
            instances[key] = state
        }

        /// The last span id of an input, for judging whether the log moved on past a hook.
        func noteInput(_ input: Int64, lastSpanID: Int64) {
            lastIDByInput[input] = max(lastIDByInput[input] ?? 0, lastSpanID)
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
            created.facts = facts[key]
            instances[key] = created
            return created
        }

        private func bareState(_ requestKey: Int64) -> InstanceState {
            if let existing = bareInitializers[requestKey] { return existing }
            let created = InstanceState()
            bareInitializers[requestKey] = created
            return created
        }

        /// Cold starts: metrics' flag, else an instance's first invocation, else one sharing an Initializer's
        /// RequestId. When each began (nil when unknown), and the Initializers that preceded them.
        func coldStarts() -> (times: [Int64?], initializers: [Int64]) {
            var coldInitializers: [Int64] = []
            var times = flaggedColdTimes
            for (key, requestKey) in flaggedColdInitializers {
                if let duration = key.flatMap({ instances[$0]?.lastInitializerOK }) ?? bareInitializers[requestKey]?.lastInitializerOK {
                    coldInitializers.append(duration)
                }
            }
            for instance in instances.values {
                guard let first = instance.firstInvoke, !first.flagged else { continue }
                times.append(first.time == .max ? nil : first.time)
                // The Initializer ran on the instance, or logged no instance under the invocation's RequestId.
                if let duration = instance.lastInitializerOK ?? bareInitializers[first.requestKey]?.lastInitializerOK {
                    coldInitializers.append(duration)
                }
            }
            for invoke in bareInvokes where invoke.flag == nil {
                guard let owner = bareInitializers[invoke.requestKey] else { continue }
                times.append(invoke.time)
                if let duration = owner.lastInitializerOK { coldInitializers.append(duration) }
            }
            return (times, coldInitializers)
        }

        func report(options: ReportOptions) -> FunctionReport {
            var report = FunctionReport(function: name)
            report.service = service
            report.firstSeen = firstSeen == .max ? nil : firstSeen
            report.lastSeen = lastSeen == .min ? nil : lastSeen
            report.invocations = invocations
            report.topErrors = ReportBuilder.ranked(invokeErrors, limit: options.topErrors)
            for phase in [Phase.invoke, .initialize, .prestop, .prefreeze] {
                report.durations[phase] = Percentiles(counts: durations[phase] ?? [:])
            }

            let cold = coldStarts()
            report.coldStarts = cold.times.count
            report.coldStartInitializer = Percentiles(micros: cold.initializers)

            // The Initializer, per instance or, without one, per RequestId.
            let owners = Array(instances.values) + Array(bareInitializers.values)
            report.initializer.attempts = owners.reduce(0) { $0 + $1.initializerAttempts }
            report.initializer.failures = owners.reduce(0) { $0 + $1.initializerAttempts - $1.initializerOK }
            report.initializer.instancesWithRetries = owners.filter { $0.initializerAttempts > 1 }.count
            report.initializer.instancesFailed = owners.filter { $0.initializerAttempts > 0 && $0.initializerOK == 0 }.count
            report.initializer.errors = ReportBuilder.ranked(initializerErrors, limit: options.topErrors)

            // Hooks that never ended failed when their instance was destroyed or the log moved on.
            for (phase, row, key) in unfinishedHooks {
                let destroyed = key.flatMap { instances[$0]?.facts?.destroyed } ?? false
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
            for instance in instances.values {
                let begin = instance.facts?.begin ?? (instance.firstSeen == .max ? nil : instance.firstSeen)
                let finish = instance.facts?.finish ?? (instance.lastSeen == .min ? nil : instance.lastSeen)
                if let begin, let finish { lifetimes.append(max(0, finish - begin)) }
                peak = max(peak, instance.peakConcurrency)
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
            billing.phaseBilledMillis = phaseBilled
            billing.estimatedMillis = estimatedBilled
            billing.unstatedSpans = unstated
            billing.instanceBilledMillis = standaloneBilled
                + instances.values.reduce(0) { $0 + $1.billedMillis(stepMillis: stepMillis) }
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
