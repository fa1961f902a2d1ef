extension ReportRenderer {
    private func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    private func alert(_ count: Int, _ text: String) -> String { colour && count > 0 ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
    private func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

    /// Counts as block characters of eight heights, a bucket with any count at least the lowest.
    static func blocks(_ counts: [Int]) -> String {
        guard let top = counts.max(), top > 0 else { return "" }
        let levels = Array("▁▂▃▄▅▆▇█")
        return String(counts.map { $0 == 0 ? " " : levels[Swift.min(7, ($0 * 8 - 1) / top)] })
    }

    /// Aligned text: headline numbers first, then durations, errors, instances.
    public func table(_ functions: [FunctionReport], total: FunctionReport?) -> String {
        var sections = functions.map { section($0, title: $0.function + ($0.service.map { " (service \($0))" } ?? "")) }
        if let total, functions.count > 1 {
            sections.append(section(total, title: "All \(functions.count) functions"))
        }
        return sections.joined(separator: "\n")
    }

    private func section(_ r: FunctionReport, title: String) -> String {
        var out = bold(title) + "  " + dim("\(Self.time(r.firstSeen, zone: zone)) → \(Self.time(r.lastSeen, zone: zone))") + "\n"
        func row(_ label: String, _ value: String) {
            out += "  " + label.padding(14) + value + "\n"
        }
        let i = r.invocations
        row("Invocations", "\(i.total)   ok \(i.ok) · " + alert(i.error, "error \(i.error)") + " · " + alert(i.timeout, "timeout \(i.timeout)")
            + " · unfinished \(i.unfinished)   error rate \(Self.percent(i.errorRate))")
        var cold = "\(r.coldStarts)   \(Self.percent(r.coldStartShare)) of invocations"
        if r.coldStartInitializer.count > 0 {
            cold += "; Initializer p50 \(Self.millis(r.coldStartInitializer.p50)) ms, max \(Self.millis(r.coldStartInitializer.max)) ms"
        }
        row("Cold starts", cold)
        let initializer = r.initializer
        row("Initializer", Self.plural(initializer.attempts, "attempt") + " · " + alert(initializer.failures, "\(initializer.failures) failed")
            + " · \(initializer.instancesWithRetries) with retries · " + alert(initializer.instancesFailed, "\(initializer.instancesFailed) never initialised"))
        row("PreStop", hookLine(r.prestop))
        if r.prefreeze.runs > 0 { row("PreFreeze", hookLine(r.prefreeze)) }
        let b = r.billing
        row("Billed", "\(Self.grouped(b.instanceBilledMillis)) ms   (\(Self.grouped(b.requestBilledMillis)) ms per request, "
            + "\(Self.grouped(b.concurrencySavedMillis)) ms saved by concurrency, \(Self.grouped(b.estimatedMillis)) ms estimated from timestamps"
            + (b.unstatedSpans > 0 ? "; \(Self.plural(b.unstatedSpans, "span")) with no stated duration, not billed)" : ")"))
        row("Cost", "\(JSONValue.format((b.computeUnits * 100).rounded() / 100)) CU ≈ \(b.currency) \(Self.money(b.cost))   "
            + dim("(\(JSONValue.format(b.memoryMB)) MB, \(JSONValue.format(b.vcpu)) vCPU, \(b.stepMillis) ms step)"))
        if b.requestBilledMillis > 0 { row("Hooks", Self.hookShare(r.coldStartAnatomy)) }

        out += "\n"
        var header = ["Durations (ms)", "count", "p50", "p95", "p99", "max"]
        if charts { header.append("shortest → longest") }
        var cells: [[String]] = [header]
        for (phase, name) in Self.phases {
            let p = r.durations[phase] ?? Percentiles(micros: [])
            if phase == .prefreeze && p.count == 0 { continue }
            cells.append([name, String(p.count), Self.millis(p.p50), Self.millis(p.p95), Self.millis(p.p99), Self.millis(p.max)])
            if charts { cells[cells.count - 1].append(Self.blocks(p.histogram)) }
        }
        out += Self.aligned(cells)

        for (title, list) in [("Invocation errors", r.topErrors), ("Initializer errors", r.initializer.errors),
                              ("PreStop errors", r.prestop.errors), ("PreFreeze errors", r.prefreeze.errors)] where !list.isEmpty {
            out += "\n  \(title)\n"
            let width = String(list.map(\.count).max() ?? 0).count
            for entry in list {
                out += "    " + String(repeating: " ", count: width - String(entry.count).count) + "\(entry.count)  \(entry.error.visibleControls)\n"
            }
        }

        let anatomy = Self.anatomyRows(r.coldStartAnatomy)
        if !anatomy.isEmpty {
            out += "\n"
            var cells = [["Cold-start anatomy (ms)", "count", "p50", "p95", "p99", "max"]]
            for (label, p) in anatomy {
                cells.append([label, String(p.count), Self.millis(p.p50), Self.millis(p.p95), Self.millis(p.p99), Self.millis(p.max)])
            }
            out += Self.aligned(cells)
        }

        let examples = Self.exampleRows(r)
        if !examples.isEmpty {
            out += "\n  Examples (fclog show ID)\n"
            let width = examples.map(\.0.count).max() ?? 0
            for (label, ids) in examples { out += "    " + label.visibleControls + String(repeating: " ", count: width - label.count) + "  " + ids + "\n" }
        }

        let n = r.instances
        out += "\n"
        row("Instances", "\(n.count)   lifetime p50 \(Self.seconds(n.lifetimeMillis.p50)), max \(Self.seconds(n.lifetimeMillis.max))"
            + " · invocations per instance \(JSONValue.format((n.invocationsPerInstanceMean * 10).rounded() / 10)) (max \(n.invocationsPerInstanceMax))"
            + " · peak concurrency \(n.peakConcurrentRequests)")
        return out
    }

    private func hookLine(_ hook: FunctionReport.Hook) -> String {
        Self.plural(hook.runs, "run") + " · " + alert(hook.failures, "\(hook.failures) failed") + " · \(hook.pending) still running"
    }
}

extension String {
    /// Left-aligned in `width` columns.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
