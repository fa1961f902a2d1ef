/// Turns a function's workload and report into recommendations: memory
/// against what executions used, instance concurrency and provisioned
/// instances by replay, and what failing hooks cost. Pure: everything it
/// needs is handed to it.
public enum Advisor {
    public struct Options: Sendable {
        /// Kept free above the peak memory used, as a fraction of it.
        public var headroom = 0.2
        public var concurrencies = [1, 2, 5, 10, 20, 50, 100, 200]
        public var provisioned = [0, 1, 2, 5, 10, 20]
        public var prices = PriceTable()
        public var stepMillis: Int64 = 1

        public init() {}
    }

    /// FC's memory sizes: 128 MB to 32 GB in steps of 64 MB.
    public static func memorySize(atLeast megabytes: Double) -> Double? {
        guard megabytes.isFinite, megabytes <= 32_768 else { return nil }
        return Swift.max(128, (megabytes / 64).rounded(.up) * 64)
    }

    /// The settings the logs show: the most requests one instance ran at
    /// once, the shortest idle time before an instance ended, no provisioned instance.
    public static func observedSettings(_ workload: Workload, memoryMB: Double, stepMillis: Int64) -> ReplaySettings {
        ReplaySettings(concurrency: workload.observed.concurrency, keepAlive: workload.observed.keepAlive, provisioned: 0,
                       memoryMB: memoryMB, stepMillis: stepMillis)
    }

    /// The report's figures in the replay's terms.
    public static func observedOutcome(_ report: FunctionReport, settings: ReplaySettings) -> ReplayOutcome {
        var outcome = ReplayOutcome(settings: settings)
        outcome.invocations = report.invocations.total
        outcome.instances = report.instances.count
        outcome.coldStarts = report.coldStarts
        outcome.failedStarts = report.initializer.instancesFailed
        outcome.initializerRuns = report.initializer.attempts
        outcome.prestopRuns = report.prestop.runs
        outcome.peakConcurrency = report.instances.peakConcurrentRequests
        outcome.activeBilledMillis = report.billing.instanceBilledMillis
        outcome.computeUnits = report.billing.computeUnits
        outcome.cost = report.billing.cost
        outcome.currency = report.billing.currency
        return outcome
    }

    /// The observed figures, the replay at the observed settings, and the replay
    /// under the observed settings with `change` applied to them.
    public static func whatIf(_ workload: Workload, report: FunctionReport, stepMillis: Int64, prices: PriceTable,
                              change: (inout ReplaySettings) -> Void) -> WhatIf {
        let base = observedSettings(workload, memoryMB: report.billing.memoryMB, stepMillis: stepMillis)
        var settings = base
        change(&settings)
        return WhatIf(function: workload.function, start: workload.start, end: workload.end,
                      observed: observedOutcome(report, settings: base), baseline: Replay.run(workload, settings: base, prices: prices),
                      scenario: Replay.run(workload, settings: settings, prices: prices))
    }

    public static func advise(_ workload: Workload, report: FunctionReport, inputs: AdviceInputs, options: Options) -> Advice {
        let prices = options.prices
        let base = observedSettings(workload, memoryMB: report.billing.memoryMB, stepMillis: options.stepMillis)
        let baseline = Replay.run(workload, settings: base, prices: prices)
        var concurrency = options.concurrencies.map { n in
            var settings = base
            settings.concurrency = n
            return Replay.run(workload, settings: settings, prices: prices)
        }
        concurrency.sort { $0.settings.concurrency < $1.settings.concurrency }
        let provisionedCounts = options.provisioned.filter { $0 <= Swift.max(1, baseline.instances) }
        let provisioned = provisionedCounts.map { n in
            var settings = base
            settings.provisioned = n
            return Replay.run(workload, settings: settings, prices: prices)
        }
        let memory = memoryAdvice(inputs, report: report, options: options)
        let hooks = hookAdvice(inputs, report: report, options: options)
        var advice = Advice(function: workload.function, start: workload.start, end: workload.end, currency: prices.currency,
                            observed: observedOutcome(report, settings: base), baseline: baseline, memory: memory,
                            concurrency: concurrency, provisioned: provisioned, hooks: hooks, recommendations: [])
        advice.recommendations = recommendations(advice, options: options)
        return advice
    }

    static func memoryAdvice(_ inputs: AdviceInputs, report: FunctionReport, options: Options) -> Advice.Memory {
        // The size most executions reported; ties go to the larger.
        let configured = inputs.configuredMB.max { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }?.key
        var memory = Advice.Memory(configuredMB: configured ?? options.prices.defaultMemoryMB, configuredFromLogs: configured != nil,
                                   headroom: options.headroom)
        let used = inputs.usedMB.filter { $0.isFinite && $0 >= 0 }
        memory.samples = used.count
        let thousandths = Percentiles(micros: used.map { Int64(($0 * 1000).rounded()) })
        memory.p99MB = thousandths.p99.map { Double($0) / 1000 }
        let instancePeak = inputs.instanceUsedMB.filter { $0.isFinite && $0 >= 0 }.max()
        memory.instancePeakMB = instancePeak
        memory.peakMB = [used.max(), instancePeak].compactMap { $0 }.max()
        let active = report.billing.instanceBilledMillis
        let invocations = report.invocations.total
        memory.computeUnitsNow = options.prices.computeUnits(activeMillis: active, memoryMB: memory.configuredMB, invocations: invocations)
        memory.costNow = options.prices.cost(cu: memory.computeUnitsNow)
        if let peak = memory.peakMB, let size = memorySize(atLeast: peak * (1 + options.headroom)) {
            memory.recommendedMB = size
            memory.computeUnitsRecommended = options.prices.computeUnits(activeMillis: active, memoryMB: size, invocations: invocations)
            memory.costRecommended = options.prices.cost(cu: memory.computeUnitsRecommended)
        }
        return memory
    }

    static func hookAdvice(_ inputs: AdviceInputs, report: FunctionReport, options: Options) -> Advice.Hooks {
        var hooks = Advice.Hooks()
        hooks.initializerAttempts = report.initializer.attempts
        hooks.initializerFailures = report.initializer.failures
        hooks.instancesWithRetries = report.initializer.instancesWithRetries
        hooks.prestopRuns = report.prestop.runs
        let memoryMB = report.billing.memoryMB
        for run in inputs.hooks where run.status != .ok {
            let billed = run.duration.map { Billing.billedMillis(durationMicros: $0, stepMillis: options.stepMillis) } ?? 0
            switch run.phase {
            case .initialize:
                hooks.failedInitializerBilledMillis += billed
                if hooks.initializerExamples.count < 3 { hooks.initializerExamples.append(run.requestID) }
            case .prestop:
                if run.status == .error { hooks.prestopErrors += 1 } else { hooks.prestopHangs += 1 }
                hooks.failedPrestopBilledMillis += billed
                if hooks.prestopExamples.count < 3 { hooks.prestopExamples.append(run.requestID) }
            case .invoke, .prefreeze, .prepareCode:
                break
            }
        }
        hooks.failedInitializerComputeUnits = options.prices.computeUnits(activeMillis: hooks.failedInitializerBilledMillis,
                                                                           memoryMB: memoryMB, invocations: 0)
        hooks.failedPrestopComputeUnits = options.prices.computeUnits(activeMillis: hooks.failedPrestopBilledMillis,
                                                                       memoryMB: memoryMB, invocations: 0)
        return hooks
    }
}
