extension ReportBuilder {
    /// The raw parts of cold starts of one function (or of all, for the total).
    struct AnatomyParts {
        var withMetrics = 0
        var scheduling: [Int64] = []
        var codePreparation: [Int64] = []
        var runtimeStart: [Int64] = []
        var initializer: [Int64] = []
        var firstInvocation: [Int64] = []
        var total: [Int64] = []
        var eventCodePreparation: [Int64] = []
        var eventImagePull: [Int64] = []

        func anatomy(billing: FunctionReport.Billing) -> FunctionReport.ColdStartAnatomy {
            var a = FunctionReport.ColdStartAnatomy()
            a.withMetrics = withMetrics
            a.scheduling = Percentiles(micros: scheduling)
            a.codePreparation = Percentiles(micros: codePreparation)
            a.runtimeStart = Percentiles(micros: runtimeStart)
            a.initializer = Percentiles(micros: initializer)
            a.firstInvocation = Percentiles(micros: firstInvocation)
            a.total = Percentiles(micros: total)
            a.eventCodePreparation = Percentiles(micros: eventCodePreparation)
            a.eventImagePull = Percentiles(micros: eventImagePull)
            let billed = Double(billing.requestBilledMillis)
            if billed > 0 {
                a.initializerBillShare = Double(billing.phaseBilledMillis[.initialize] ?? 0) / billed
                a.prestopBillShare = Double(billing.phaseBilledMillis[.prestop] ?? 0) / billed
            }
            return a
        }
    }

    /// Reads the request metrics of cold starts and the instance events in the
    /// report's window, per function.
    static func anatomyParts(_ store: ReportReader, options: ReportOptions) throws -> [String: AnatomyParts] {
        var parts: [String: AnatomyParts] = [:]
        try store.coldStartRecords(options.selection) { record in
            var p = parts[record.function] ?? AnatomyParts()
            p.withMetrics += 1
            func add(_ value: Double?, to list: inout [Int64]) {
                // Missing or impossible values say nothing of the part.
                guard let ms = value, ms.isFinite, ms >= 0, ms <= Double(Plausible.maxSeconds) * 1000 else { return }
                list.append(Int64((ms * 1000).rounded()))
            }
            add(record.scheduling, to: &p.scheduling)
            add(record.codePreparation, to: &p.codePreparation)
            add(record.runtimeStart, to: &p.runtimeStart)
            add(record.initializer, to: &p.initializer)
            add(record.firstInvocation, to: &p.firstInvocation)
            add(record.total, to: &p.total)
            parts[record.function] = p
        }
        try store.instanceStarts(options.selection) { function, created, prepared, pulled in
            guard let created else { return }
            if let since = options.since, created < since { return }
            if let until = options.until, created >= until { return }
            var p = parts[function] ?? AnatomyParts()
            if let prepared, prepared >= created { p.eventCodePreparation.append(prepared - created) }
            if let pulled, pulled >= created { p.eventImagePull.append(pulled - created) }
            parts[function] = p
        }
        return parts
    }

    /// The parts of every function together.
    static func merged(_ parts: some Sequence<AnatomyParts>) -> AnatomyParts {
        parts.reduce(into: AnatomyParts()) { all, p in
            all.withMetrics += p.withMetrics
            all.scheduling += p.scheduling
            all.codePreparation += p.codePreparation
            all.runtimeStart += p.runtimeStart
            all.initializer += p.initializer
            all.firstInvocation += p.firstInvocation
            all.total += p.total
            all.eventCodePreparation += p.eventCodePreparation
            all.eventImagePull += p.eventImagePull
        }
    }
}
