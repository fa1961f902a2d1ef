/// Computes reports from the span store, following the lifecycle and billing
/// rules of FC: sections 5 and 6 of the field reference.
public enum ReportBuilder {
    /// One span as the report reads it.
    struct Row {
        var id: Int64
        var function: String
        var service: String?
        var instance: String?
        var requestID: String
        var phase: Phase
        var status: SpanStatus
        var error: String?
        var start: Int64?
        var end: Int64?
        var duration: Int64?
        var exact: Bool
        var coldStart: Bool?
        var memoryMB: Double?
        var inputID: Int64?
    }

    /// What the store knows of an instance beyond its spans.
    struct InstanceFacts {
        var begin: Int64?
        var finish: Int64?
        var destroyed: Bool
    }

    /// The reports of each function (or of the one asked for), and the total across them.
    public static func build(_ db: SQLiteDatabase, options: ReportOptions) throws -> (functions: [FunctionReport], total: FunctionReport) {
        let known = try db.column("SELECT DISTINCT function FROM span_rows ORDER BY function")
        if let wanted = options.function, !known.contains(wanted) {
            let list = known.isEmpty ? "the store has no spans yet" : "functions in the store: " + known.joined(separator: ", ")
            throw FCLogError.invalidArgument("no spans for function '\(wanted)'; \(list)")
        }
        let rows = try loadRows(db, options: options)
        let facts = try loadInstanceFacts(db)
        let names = options.function.map { [$0] } ?? known
        var grouped: [String: [Row]] = [:]
        for row in rows { grouped[row.function, default: []].append(row) }
        let functions = names.map { name in
            summarise(name, rows: grouped[name] ?? [], facts: facts, options: options)
        }
        let total = summarise("total", rows: rows, facts: facts, options: options)
        return (functions, total)
    }

    private static func loadRows(_ db: SQLiteDatabase, options: ReportOptions) throws -> [Row] {
        var sql = """
            SELECT id, function, service, instance_id, request_id, kind, status, error, start_us, end_us,
                   duration_us, duration_source, cold_start, memory_mb, input_id
            FROM span_rows WHERE 1
            """
        if options.function != nil { sql += " AND function = ?1" }
        if options.since != nil { sql += " AND coalesce(start_us, end_us) >= ?2" }
        if options.until != nil { sql += " AND coalesce(start_us, end_us) < ?3" }
        sql += " ORDER BY id"
        let s = try db.prepare(sql)
        s.bind(1, options.function)
        s.bind(2, options.since)
        s.bind(3, options.until)
        var rows: [Row] = []
        while try s.step() {
            guard let phase = Phase(rawValue: s.text(5) ?? ""), phase.isSpan else { continue }
            rows.append(Row(
                id: s.int64(0), function: s.text(1) ?? "", service: s.text(2), instance: s.text(3),
                requestID: s.text(4) ?? "", phase: phase, status: SpanStatus(rawValue: s.text(6) ?? "") ?? .unfinished,
                error: s.text(7), start: s.optionalInt64(8), end: s.optionalInt64(9), duration: s.optionalInt64(10),
                exact: s.text(11).flatMap(DurationSource.init(rawValue:))?.isExact ?? false,
                coldStart: s.optionalInt64(12).map { $0 != 0 }, memoryMB: s.optionalDouble(13), inputID: s.optionalInt64(14)))
        }
        return rows
    }

    private static func loadInstanceFacts(_ db: SQLiteDatabase) throws -> [String: InstanceFacts] {
        let s = try db.prepare("""
            SELECT function || '/' || instance_id, coalesce(created, first_seen), coalesce(destroyed, last_seen), destroyed IS NOT NULL
            FROM instances
            """)
        var facts: [String: InstanceFacts] = [:]
        while try s.step() {
            facts[s.text(0) ?? ""] = InstanceFacts(begin: s.text(1).flatMap(micros), finish: s.text(2).flatMap(micros), destroyed: s.int64(3) != 0)
        }
        return facts
    }

    /// Unix microseconds of a stored ISO-8601 time.
    static func micros(_ iso: String) -> Int64? {
        Array(iso.utf8).withUnsafeBufferPointer { bytes in
            TimestampParser.parse(bytes, at: 0).map { stamp, _ in
                (stamp.civilSeconds - Int64(stamp.zoneOffsetSeconds ?? 0)) * 1_000_000 + stamp.micros
            }
        }
    }

    /// Counts in descending order, ties by text.
    static func ranked(_ counts: [String: Int], limit: Int) -> [FunctionReport.ErrorCount] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit).map { FunctionReport.ErrorCount(error: $0.key, count: $0.value) }
    }

    static func summarise(_ name: String, rows: [Row], facts: [String: InstanceFacts], options: ReportOptions) -> FunctionReport {
        var report = FunctionReport(function: name)
        report.service = rows.lazy.compactMap(\.service).first
        let times = rows.flatMap { [$0.start, $0.end].compactMap { $0 } }
        report.firstSeen = times.min()
        report.lastSeen = times.max()
        let step = options.billingStepMillis
        func instanceKey(_ row: Row) -> String? { row.instance.map { row.function + "/" + $0 } }

        // Invocations and their errors.
        let invokes = rows.filter { $0.phase == .invoke }
        var invokeErrors: [String: Int] = [:]
        for row in invokes {
            report.invocations.total += 1
            switch row.status {
            case .ok: report.invocations.ok += 1
            case .error: report.invocations.error += 1
            case .timeout: report.invocations.timeout += 1
            case .unfinished: report.invocations.unfinished += 1
            }
            if row.status == .error || row.status == .timeout { invokeErrors[row.error ?? row.status.rawValue, default: 0] += 1 }
        }
        report.topErrors = ranked(invokeErrors, limit: options.topErrors)

        // Durations of finished executions.
        for phase in [Phase.invoke, .initialize, .prestop, .prefreeze] {
            report.durations[phase] = Percentiles(micros: rows.filter { $0.phase == phase && $0.status != .unfinished }.compactMap(\.duration))
        }

        // The Initializer, per instance (or per RequestId when no instance is known).
        let initializers = rows.filter { $0.phase == .initialize }
        var attemptsByKey: [String: [Row]] = [:]
        var initErrors: [String: Int] = [:]
        for row in initializers {
            attemptsByKey[instanceKey(row) ?? "request/" + row.requestID, default: []].append(row)
            if row.status != .ok {
                report.initializer.failures += 1
                initErrors[row.error ?? (row.status == .unfinished ? "never ended" : row.status.rawValue), default: 0] += 1
            }
        }
        report.initializer.attempts = initializers.count
        report.initializer.instancesWithRetries = attemptsByKey.values.filter { $0.count > 1 }.count
        report.initializer.instancesFailed = attemptsByKey.values.filter { !$0.contains { $0.status == .ok } }.count
        report.initializer.errors = ranked(initErrors, limit: options.topErrors)

        // Cold starts: request metrics say, else an instance's first invocation, else one sharing an Initializer's RequestId.
        var firstInvoke: [String: (time: Int64, id: Int64)] = [:]
        for row in invokes {
            guard let key = instanceKey(row) else { continue }
            let order = (time: row.start ?? row.end ?? Int64.max, id: row.id)
            if let current = firstInvoke[key], current <= order { continue }
            firstInvoke[key] = order
        }
        let initializerRequests = Set(initializers.map(\.requestID))
        var coldInitializers: [Int64] = []
        for row in invokes {
            let cold: Bool
            if let flag = row.coldStart {
                cold = flag
            } else if let key = instanceKey(row) {
                cold = firstInvoke[key]?.id == row.id
            } else {
                cold = initializerRequests.contains(row.requestID)
            }
            guard cold else { continue }
            report.coldStarts += 1
            let attempts = attemptsByKey[instanceKey(row) ?? "request/" + row.requestID] ?? attemptsByKey["request/" + row.requestID] ?? []
            if let last = attempts.last(where: { $0.status == .ok }), let duration = last.duration {
                coldInitializers.append(duration)
            }
        }
        report.coldStartInitializer = Percentiles(micros: coldInitializers)

        // Hooks.
        // The log moved on past a hook when something started later, or came later in the same input.
        var lastIDByInput: [Int64: Int64] = [:]
        for row in rows { if let input = row.inputID { lastIDByInput[input] = max(lastIDByInput[input] ?? 0, row.id) } }
        let lastTime = report.lastSeen ?? Int64.min
        func hook(_ phase: Phase) -> FunctionReport.Hook {
            var hook = FunctionReport.Hook()
            var errors: [String: Int] = [:]
            for row in rows where row.phase == phase {
                hook.runs += 1
                switch row.status {
                case .ok:
                    continue
                case .error, .timeout:
                    hook.failures += 1
                    errors[row.error ?? row.status.rawValue, default: 0] += 1
                case .unfinished:
                    let destroyed = instanceKey(row).flatMap { facts[$0]?.destroyed } ?? false
                    let movedOn = (row.start.map { $0 < lastTime } ?? false)
                        || (row.inputID.flatMap { lastIDByInput[$0] }.map { row.id < $0 } ?? false)
                    if destroyed || movedOn {
                        hook.failures += 1
                        errors["never ended", default: 0] += 1
                    } else {
                        hook.pending += 1
                    }
                }
            }
            hook.errors = ranked(errors, limit: options.topErrors)
            return hook
        }
        report.prestop = hook(.prestop)
        report.prefreeze = hook(.prefreeze)

        // Instances and billing.
        var byInstance: [String: [Row]] = [:]
        for row in rows { if let key = instanceKey(row) { byInstance[key, default: []].append(row) } }
        report.instances.count = byInstance.count
        var lifetimes: [Int64] = []
        var invocationsPerInstance: [Int] = []
        for (key, spans) in byInstance {
            let seen = spans.flatMap { [$0.start, $0.end].compactMap { $0 } }
            let begin = facts[key]?.begin ?? seen.min()
            let finish = facts[key]?.finish ?? seen.max()
            if let begin, let finish { lifetimes.append(max(0, finish - begin)) }
            invocationsPerInstance.append(spans.filter { $0.phase == .invoke }.count)
            let requests = spans.compactMap { row -> BusyPeriods.Interval? in
                guard row.phase == .invoke, let start = row.start, let end = row.end else { return nil }
                return BusyPeriods.Interval(start: start, end: end)
            }
            report.instances.peakConcurrentRequests = max(report.instances.peakConcurrentRequests, BusyPeriods.peakConcurrency(requests))
        }
        report.instances.lifetimeMillis = Percentiles(micros: lifetimes)
        report.instances.invocationsPerInstanceMax = invocationsPerInstance.max() ?? 0
        report.instances.invocationsPerInstanceMean = invocationsPerInstance.isEmpty ? 0
            : Double(invocationsPerInstance.reduce(0, +)) / Double(invocationsPerInstance.count)

        var billing = FunctionReport.Billing()
        billing.stepMillis = step
        var intervalsByInstance: [String: [BusyPeriods.Interval]] = [:]
        for row in rows where row.status != .unfinished {
            let billed = Billing.billedMillis(durationMicros: row.duration ?? 0, stepMillis: step)
            billing.requestBilledMillis += billed
            if !row.exact { billing.estimatedMillis += billed }
            if let key = instanceKey(row), let start = row.start, let end = row.end {
                intervalsByInstance[key, default: []].append(BusyPeriods.Interval(start: start, end: end))
            } else {
                // No instance or no times: it cannot overlap anything known.
                billing.instanceBilledMillis += billed
            }
        }
        for intervals in intervalsByInstance.values {
            billing.instanceBilledMillis += BusyPeriods.billedMillis(intervals, stepMillis: step)
        }
        let memories = rows.compactMap(\.memoryMB)
        billing.memoryMB = memories.isEmpty ? options.prices.defaultMemoryMB : memories.reduce(0, +) / Double(memories.count)
        billing.vcpu = options.prices.vcpu ?? billing.memoryMB / 1024 / 2
        billing.computeUnits = options.prices.computeUnits(activeMillis: billing.instanceBilledMillis, memoryMB: billing.memoryMB,
                                                           invocations: report.invocations.total)
        billing.cost = options.prices.cost(cu: billing.computeUnits)
        billing.currency = options.prices.currency
        report.billing = billing
        return report
    }
}
