extension ReportRenderer {
    /// Headings and tables that paste into an issue or a wiki.
    public func markdown(_ functions: [FunctionReport], total: FunctionReport?) -> String {
        var sections = functions.map { markdownSection($0, title: $0.function) }
        if let total, functions.count > 1 {
            sections.append(markdownSection(total, title: "All \(functions.count) functions"))
        }
        return sections.joined(separator: "\n")
    }

    private func hookRow(_ name: String, _ hook: FunctionReport.Hook) -> String {
        "| \(name) | \(hook.runs) runs, \(hook.failures) failed, \(hook.pending) still running |\n"
    }

    private func markdownSection(_ r: FunctionReport, title: String) -> String {
        var out = "## \(title)\n\n"
        out += "\(Self.time(r.firstSeen, zone: zone)) → \(Self.time(r.lastSeen, zone: zone))\(r.service.map { ", service \($0)" } ?? "")\n\n"
        let i = r.invocations
        let b = r.billing
        out += "| Figure | Value |\n|---|---|\n"
        out += "| Invocations | \(i.total) (ok \(i.ok), error \(i.error), timeout \(i.timeout), unfinished \(i.unfinished)) |\n"
        out += "| Error rate | \(Self.percent(i.errorRate)) |\n"
        out += "| Cold starts | \(r.coldStarts) (\(Self.percent(r.coldStartShare))) |\n"
        out += "| Initializer | \(r.initializer.attempts) attempts, \(r.initializer.failures) failed, \(r.initializer.instancesWithRetries) instances with retries, \(r.initializer.instancesFailed) never initialised |\n"
        out += hookRow("PreStop", r.prestop)
        if r.prefreeze.runs > 0 { out += hookRow("PreFreeze", r.prefreeze) }
        out += "| Instances | \(r.instances.count), peak concurrency \(r.instances.peakConcurrentRequests) |\n"
        out += "| Billed per instance | \(Self.grouped(b.instanceBilledMillis)) ms |\n"
        out += "| Billed per request | \(Self.grouped(b.requestBilledMillis)) ms |\n"
        out += "| Saved by concurrency | \(Self.grouped(b.concurrencySavedMillis)) ms |\n"
        out += "| Estimated from timestamps | \(Self.grouped(b.estimatedMillis)) ms |\n"
        if b.unstatedSpans > 0 { out += "| No stated duration, not billed | \(Self.plural(b.unstatedSpans, "span")) |\n" }
        out += "| Cost | \(JSONValue.format((b.computeUnits * 100).rounded() / 100)) CU ≈ \(b.currency) \(Self.money(b.cost)) |\n"
        if b.requestBilledMillis > 0 { out += "| Hooks | \(Self.hookShare(r.coldStartAnatomy)) |\n" }
        out += "\n"
        out += "| Durations (ms) | count | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n"
        for (phase, name) in Self.phases {
            let p = r.durations[phase] ?? Percentiles(micros: [])
            out += "| \(name) | \(p.count) | \(Self.millis(p.p50)) | \(Self.millis(p.p95)) | \(Self.millis(p.p99)) | \(Self.millis(p.max)) |\n"
        }
        let anatomy = Self.anatomyRows(r.coldStartAnatomy)
        if !anatomy.isEmpty {
            out += "\n| Cold-start anatomy (ms) | count | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n"
            for (label, p) in anatomy {
                out += "| \(label) | \(p.count) | \(Self.millis(p.p50)) | \(Self.millis(p.p95)) | \(Self.millis(p.p99)) | \(Self.millis(p.max)) |\n"
            }
        }
        let errors = [("invoke", r.topErrors), ("initialize", r.initializer.errors), ("prestop", r.prestop.errors), ("prefreeze", r.prefreeze.errors)]
        if errors.contains(where: { !$0.1.isEmpty }) {
            out += "\n| Phase | Count | Error |\n|---|---:|---|\n"
            for (phase, list) in errors {
                for entry in list {
                    out += "| \(phase) | \(entry.count) | \(entry.error.replacingPipes) |\n"
                }
            }
        }
        let examples = Self.exampleRows(r)
        if !examples.isEmpty {
            out += "\n| Examples (`fclog show ID`) | RequestIds |\n|---|---|\n"
            for (label, ids) in examples { out += "| \(label.replacingPipes) | \(ids) |\n" }
        }
        return out
    }
}

extension String {
    var replacingPipes: String { String(flatMap { $0 == "|" ? ["\\", "|"] : [$0] }) }
}
