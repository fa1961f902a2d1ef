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
    static func anatomyParts(_ db: SQLiteDatabase, options: ReportOptions) throws -> [String: AnatomyParts] {
        var parts: [String: AnatomyParts] = [:]
        let metrics = try db.prepare("""
            SELECT function, schedule_latency_ms, prepare_code_latency_ms, runtime_initialization_ms,
                   invoke_function_latency_ms, duration_ms, cold_start_latency_ms
            FROM request_metrics
            WHERE is_cold_start = 1 AND (?1 IS NULL OR function = ?1) AND (?2 IS NULL OR start_us >= ?2) AND (?3 IS NULL OR start_us < ?3)
              AND (?20 IS NULL OR instance_id = ?20) AND (?21 IS NULL OR qualifier = ?21)
              AND (?22 IS NULL OR span_id IN (SELECT id FROM fclog_span_rows WHERE coalesce(version_id, '') = ?22))
            """)
        options.selection.bindScope(metrics)
        metrics.bind(1, options.function)
        metrics.bind(2, options.since)
        metrics.bind(3, options.until)
        while try metrics.step() {
            let function = metrics.text(0) ?? ""
            var p = parts[function] ?? AnatomyParts()
            p.withMetrics += 1
            func add(_ column: Int32, to list: inout [Int64]) {
                // Missing or impossible values say nothing of the part.
                guard let ms = metrics.optionalDouble(column), ms.isFinite, ms >= 0, ms <= Double(Plausible.maxSeconds) * 1000 else { return }
                list.append(Int64((ms * 1000).rounded()))
            }
            add(1, to: &p.scheduling)
            add(2, to: &p.codePreparation)
            add(3, to: &p.runtimeStart)
            add(4, to: &p.initializer)
            add(5, to: &p.firstInvocation)
            add(6, to: &p.total)
            parts[function] = p
        }
        let events = try db.prepare("""
            SELECT function, min(CASE WHEN event = 'Creating' THEN time_us END),
                   min(CASE WHEN event = 'PrepareCodeSuccess' THEN time_us END), min(CASE WHEN event = 'PullImageSuccess' THEN time_us END)
            FROM instance_events
            WHERE instance_id IS NOT NULL AND time_us IS NOT NULL AND (?1 IS NULL OR function = ?1) AND (?20 IS NULL OR instance_id = ?20)
              AND (?21 IS NULL AND ?22 IS NULL OR instance_id IN (
                  SELECT i.instance_id FROM fclog_span_rows s JOIN instances i ON i.id = s.instance
                  WHERE (?21 IS NULL OR s.qualifier = ?21) AND (?22 IS NULL OR coalesce(s.version_id, '') = ?22)))
            GROUP BY function, instance_id
            """)
        events.bind(1, options.function)
        options.selection.bindScope(events)
        while try events.step() {
            guard let created = events.optionalInt64(1) else { continue }
            if let since = options.since, created < since { continue }
            if let until = options.until, created >= until { continue }
            let function = events.text(0) ?? ""
            var p = parts[function] ?? AnatomyParts()
            if let prepared = events.optionalInt64(2), prepared >= created { p.eventCodePreparation.append(prepared - created) }
            if let pulled = events.optionalInt64(3), pulled >= created { p.eventImagePull.append(pulled - created) }
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
