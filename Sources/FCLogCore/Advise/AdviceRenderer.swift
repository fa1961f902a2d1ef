/// Renders advice and what-ifs in each format from the same figures.
public enum AdviceRenderer {
    /// `zone` is the zone of printed times (JSON stays UTC).
    public static func render(_ advice: [Advice], as format: AdviceFormat, zone: LocalTimeZone = .utc) -> String {
        switch format {
        case .json: JSONValue.array(advice.map(json)).rendered() + "\n"
        case .table: advice.map { table($0, zone: zone) }.joined(separator: "\n")
        case .markdown: advice.map { markdown($0, zone: zone) }.joined(separator: "\n")
        }
    }

    // MARK: - JSON

    static func json(_ outcome: ReplayOutcome) -> JSONValue {
        let s = outcome.settings
        return .object([
            ("concurrency", .integer(Int64(s.concurrency))),
            ("keep_alive_s", s.keepAlive.map { .number(Double($0) / 1_000_000) } ?? .null),
            ("provisioned", .integer(Int64(s.provisioned))),
            ("memory_mb", .number(s.memoryMB)),
            ("invocations", .integer(Int64(outcome.invocations))),
            ("instances", .integer(Int64(outcome.instances))),
            ("cold_starts", .integer(Int64(outcome.coldStarts))),
            ("failed_starts", .integer(Int64(outcome.failedStarts))),
            ("initializer_runs", .integer(Int64(outcome.initializerRuns))),
            ("prestop_runs", .integer(Int64(outcome.prestopRuns))),
            ("peak_concurrency", .integer(Int64(outcome.peakConcurrency))),
            ("active_billed_ms", .integer(outcome.activeBilledMillis)),
            ("provisioned_idle_ms", .integer(outcome.provisionedIdleMillis)),
            ("cu", .number(outcome.computeUnits)),
            ("cost", .number(outcome.cost)),
        ])
    }

    static func window(_ start: Int64, _ end: Int64) -> JSONValue {
        .object([("start", .string(TimestampParser.iso8601(micros: start))), ("end", .string(TimestampParser.iso8601(micros: end)))])
    }

    static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }

    static func json(_ a: Advice) -> JSONValue {
        let m = a.memory
        let h = a.hooks
        return .object([
            ("function", .string(a.function)),
            ("window", window(a.start, a.end)),
            ("currency", .string(a.currency)),
            ("observed", json(a.observed)),
            ("replay_at_observed", json(a.baseline)),
            ("memory", .object([
                ("configured_mb", .number(m.configuredMB)),
                ("configured_from_logs", .bool(m.configuredFromLogs)),
                ("samples", .integer(Int64(m.samples))),
                ("peak_used_mb", optional(m.peakMB)),
                ("p99_used_mb", optional(m.p99MB)),
                ("instance_peak_used_mb", optional(m.instancePeakMB)),
                ("headroom", .number(m.headroom)),
                ("recommended_mb", optional(m.recommendedMB)),
                ("cu_now", .number(m.computeUnitsNow)),
                ("cu_recommended", m.recommendedMB == nil ? .null : .number(m.computeUnitsRecommended)),
                ("cost_now", .number(m.costNow)),
                ("cost_recommended", m.recommendedMB == nil ? .null : .number(m.costRecommended)),
            ])),
            ("concurrency", .array(a.concurrency.map(json))),
            ("provisioned", .array(a.provisioned.map(json))),
            ("hooks", .object([
                ("initializer_attempts", .integer(Int64(h.initializerAttempts))),
                ("initializer_failures", .integer(Int64(h.initializerFailures))),
                ("instances_with_retries", .integer(Int64(h.instancesWithRetries))),
                ("failed_initializer_billed_ms", .integer(h.failedInitializerBilledMillis)),
                ("failed_initializer_cu", .number(h.failedInitializerComputeUnits)),
                ("initializer_examples", .array(h.initializerExamples.map(JSONValue.string))),
                ("prestop_runs", .integer(Int64(h.prestopRuns))),
                ("prestop_errors", .integer(Int64(h.prestopErrors))),
                ("prestop_hangs", .integer(Int64(h.prestopHangs))),
                ("failed_prestop_billed_ms", .integer(h.failedPrestopBilledMillis)),
                ("failed_prestop_cu", .number(h.failedPrestopComputeUnits)),
                ("prestop_examples", .array(h.prestopExamples.map(JSONValue.string))),
            ])),
            ("recommendations", .array(a.recommendations.map { r in
                .object([("topic", .string(r.topic)), ("action", .string(r.action)), ("evidence", .string(r.evidence)),
                         ("assumption", .string(r.assumption)), ("changes", .string(r.changes))])
            })),
        ])
    }

    // MARK: - Text

    /// `1 instance · 1 cold start · 6,456 ms billed · 2.12 CU ≈ USD 0.000042`.
    static func summary(_ o: ReplayOutcome) -> String {
        "\(ReportRenderer.plural(o.instances, "instance")) · \(ReportRenderer.plural(o.coldStarts, "cold start")) · "
            + "\(ReportRenderer.grouped(o.activeBilledMillis)) ms billed · \(cu(o.computeUnits)) ≈ \(o.currency) \(ReportRenderer.money(o.cost))"
    }

    static func settings(_ s: ReplaySettings) -> String {
        "concurrency \(s.concurrency), keep-alive \(s.keepAlive.map { ReportRenderer.seconds($0) } ?? "unbounded")"
            + (s.provisioned > 0 ? ", \(s.provisioned) provisioned" : "") + ", \(JSONValue.format(s.memoryMB)) MB"
    }

    static func cu(_ value: Double) -> String { JSONValue.format((value * 100).rounded() / 100) + " CU" }

    /// Columns of replayed outcomes, the first cell of each row naming it.
    static func outcomeRows(_ outcomes: [(String, ReplayOutcome)], markdown: Bool) -> String {
        let header = ["", "instances", "cold starts", "billed ms", "idle ms", "CU", "cost"]
        var cells = [header]
        for (label, o) in outcomes {
            cells.append([label, String(o.instances), String(o.coldStarts), ReportRenderer.grouped(o.activeBilledMillis),
                          ReportRenderer.grouped(o.provisionedIdleMillis), JSONValue.format((o.computeUnits * 100).rounded() / 100),
                          ReportRenderer.money(o.cost)])
        }
        if markdown {
            return "| " + header.joined(separator: " | ") + " |\n|---|" + String(repeating: "---:|", count: header.count - 1) + "\n"
                + cells.dropFirst().map { "| " + $0.joined(separator: " | ") + " |\n" }.joined()
        }
        return ReportRenderer.aligned(cells, indent: 4)
    }

    static func table(_ a: Advice, zone: LocalTimeZone) -> String {
        var out = "\(a.function)  \(ReportRenderer.time(a.start, zone: zone)) → \(ReportRenderer.time(a.end, zone: zone))\n"
        func row(_ label: String, _ value: String) { out += "  " + label.padding(14) + value + "\n" }
        row("Observed", "\(a.observed.invocations) invocations · " + summary(a.observed))
        row("Replay", "at the observed \(settings(a.baseline.settings)): " + summary(a.baseline) + "  (" + fidelity(a) + ")")
        out += "\n"
        let m = a.memory
        row("Memory", memoryLine(m))
        out += "\n  Instance concurrency (replayed)\n"
        out += outcomeRows(a.concurrency.map { ("\($0.settings.concurrency)" + ($0.settings.concurrency == a.baseline.settings.concurrency ? " (observed)" : ""), $0) },
                           markdown: false)
        out += "\n  Provisioned instances (replayed at the observed concurrency)\n"
        out += outcomeRows(a.provisioned.map { ("\($0.settings.provisioned)", $0) }, markdown: false)
        out += "\n"
        row("Hooks", hooksLine(a.hooks))
        out += "\n  Recommendations\n"
        if a.recommendations.isEmpty { out += "    none: nothing replayed or measured here beats the observed settings\n" }
        for (index, r) in a.recommendations.enumerated() {
            out += "    \(index + 1). \(r.topic): \(r.action)\n"
            out += "       evidence: \(r.evidence)\n       assumes:  \(r.assumption)\n       changes:  \(r.changes)\n"
        }
        return out
    }

    static func markdown(_ a: Advice, zone: LocalTimeZone) -> String {
        var out = "## \(a.function)\n\n\(ReportRenderer.time(a.start, zone: zone)) → \(ReportRenderer.time(a.end, zone: zone))\n\n"
        out += "- Observed: \(a.observed.invocations) invocations · \(summary(a.observed))\n"
        out += "- Replay at the observed \(settings(a.baseline.settings)): \(summary(a.baseline)) (\(fidelity(a)))\n"
        out += "- Memory: \(memoryLine(a.memory))\n"
        out += "- Hooks: \(hooksLine(a.hooks))\n\n"
        out += "### Instance concurrency (replayed)\n\n"
        out += outcomeRows(a.concurrency.map { ("\($0.settings.concurrency)", $0) }, markdown: true)
        out += "\n### Provisioned instances (replayed)\n\n"
        out += outcomeRows(a.provisioned.map { ("\($0.settings.provisioned)", $0) }, markdown: true)
        out += "\n### Recommendations\n\n"
        if a.recommendations.isEmpty { out += "None: nothing replayed or measured here beats the observed settings.\n" }
        for (index, r) in a.recommendations.enumerated() {
            out += "\(index + 1). **\(r.topic)**: \(r.action)\n   - evidence: \(r.evidence)\n   - assumes: \(r.assumption)\n   - changes: \(r.changes)\n"
        }
        return out
    }

    /// Whether the replay at the observed settings gives the report's figures.
    static func fidelity(_ a: Advice) -> String {
        let o = a.observed
        let b = a.baseline
        if o.instances == b.instances, o.coldStarts == b.coldStarts, o.activeBilledMillis == b.activeBilledMillis {
            return "reproduces the report"
        }
        return "the report has \(ReportRenderer.plural(o.instances, "instance")), \(ReportRenderer.plural(o.coldStarts, "cold start")), "
            + "\(ReportRenderer.grouped(o.activeBilledMillis)) ms: compare alternatives with this replay"
    }

    static func memoryLine(_ m: Advice.Memory) -> String {
        var line = "\(JSONValue.format(m.configuredMB)) MB " + (m.configuredFromLogs ? "configured" : "assumed (no size in the logs)")
        guard let peak = m.peakMB else { return line + " · no memory use in the logs (request metrics or summary lines give it)" }
        line += " · peak \(JSONValue.format(peak)) MB" + (m.p99MB.map { ", p99 \(JSONValue.format($0)) MB" } ?? "") + " over \(m.samples) executions"
        if let recommended = m.recommendedMB {
            line += " · \(JSONValue.format(recommended)) MB keeps \(ReportRenderer.percent(m.headroom)) headroom: "
                + "\(cu(m.computeUnitsNow)) → \(cu(m.computeUnitsRecommended))"
        }
        return line
    }

    static func hooksLine(_ h: Advice.Hooks) -> String {
        "Initializer \(h.initializerFailures) of \(h.initializerAttempts) attempts failed "
            + "(\(ReportRenderer.grouped(h.failedInitializerBilledMillis)) ms, \(cu(h.failedInitializerComputeUnits))) · "
            + "PreStop \(h.prestopErrors) errors and \(h.prestopHangs) hangs of \(h.prestopRuns) runs "
            + "(\(ReportRenderer.grouped(h.failedPrestopBilledMillis)) ms, \(cu(h.failedPrestopComputeUnits)))"
    }
}
