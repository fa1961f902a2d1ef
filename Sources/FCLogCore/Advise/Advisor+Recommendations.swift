extension Advisor {
    /// The recommendations an advice's figures support, each with its evidence and assumption.
    static func recommendations(_ advice: Advice, options: Options) -> [Advice.Recommendation] {
        var list: [Advice.Recommendation] = []
        let currency = advice.currency
        func cu(_ value: Double) -> String { JSONValue.format((value * 100).rounded() / 100) + " CU" }
        func money(_ value: Double) -> String { "\(currency) \(ReportRenderer.money(value))" }
        func change(_ from: Double, _ to: Double) -> String {
            let delta = to - from
            let share = from > 0 ? " (" + (delta >= 0 ? "+" : "") + ReportRenderer.percent(delta / from) + ")" : ""
            return (delta >= 0 ? "+" : "") + cu(delta) + share
        }

        let m = advice.memory
        if let recommended = m.recommendedMB, let peak = m.peakMB {
            let evidence = "peak \(JSONValue.format(peak)) MB" + (m.p99MB.map { ", p99 \(JSONValue.format($0)) MB" } ?? "")
                + " over \(m.samples) executions" + (m.instancePeakMB.map { ", \(JSONValue.format($0)) MB at most in instance metrics" } ?? "")
                + " against \(JSONValue.format(m.configuredMB)) MB" + (m.configuredFromLogs ? " configured" : " assumed (the logs do not say)")
            let assumption = "durations stay as observed at the new size; vCPU follows memory at FC's 1:2 default unless the price table sets vcpu, "
                + "so CPU-bound code may run slower and bill longer; \(ReportRenderer.percent(m.headroom)) headroom above the peak"
            if recommended < m.configuredMB {
                list.append(.init(topic: "memory", action: "lower memory from \(JSONValue.format(m.configuredMB)) MB to \(JSONValue.format(recommended)) MB",
                                  evidence: evidence, assumption: assumption,
                                  changes: "compute units \(change(m.computeUnitsNow, m.computeUnitsRecommended)), cost \(money(m.costNow)) → \(money(m.costRecommended))"))
            } else if recommended > m.configuredMB {
                list.append(.init(topic: "memory", action: "raise memory from \(JSONValue.format(m.configuredMB)) MB to \(JSONValue.format(recommended)) MB",
                                  evidence: evidence + ": less than the headroom is left, so a larger input may run out of memory",
                                  assumption: assumption,
                                  changes: "compute units \(change(m.computeUnitsNow, m.computeUnitsRecommended)), cost \(money(m.costNow)) → \(money(m.costRecommended))"))
            }
        }

        let base = advice.baseline
        let o = advice.observed
        // Alternatives are compared with the replay; say so when it is not the report.
        let calibration = o.instances == base.instances && o.coldStarts == base.coldStarts && o.activeBilledMillis == base.activeBilledMillis
            ? ""
            : "; the replay at the observed settings gives \(ReportRenderer.plural(base.instances, "instance")) and "
                + "\(ReportRenderer.grouped(base.activeBilledMillis)) ms where the report has \(o.instances) and \(ReportRenderer.grouped(o.activeBilledMillis)) ms "
                + "(spans without an instance id are placed by the replay), so the change is against the replay"
        if let best = advice.concurrency.min(by: { ($0.computeUnits, $0.settings.concurrency) < ($1.computeUnits, $1.settings.concurrency) }),
           best.settings.concurrency != base.settings.concurrency, best.computeUnits < base.computeUnits * 0.99 {
            list.append(.init(
                topic: "concurrency", action: "set instance concurrency to \(best.settings.concurrency) (observed \(base.settings.concurrency))",
                evidence: "replay of \(base.invocations) requests: instances \(base.instances) → \(best.instances), cold starts \(base.coldStarts) → \(best.coldStarts), "
                    + "billed active time \(ReportRenderer.grouped(base.activeBilledMillis)) → \(ReportRenderer.grouped(best.activeBilledMillis)) ms",
                assumption: "requests take as long when they share an instance, the code is safe to run concurrently, and one instance's memory holds "
                    + "\(best.settings.concurrency) requests at once" + (m.peakMB.map { " (about \(JSONValue.format($0 * Double(best.settings.concurrency))) MB at the observed peak)" } ?? "")
                    + calibration,
                changes: "compute units \(change(base.computeUnits, best.computeUnits)), cost \(money(base.cost)) → \(money(best.cost))"))
        }

        if base.coldStarts > 0, let option = advice.provisioned.first(where: { $0.settings.provisioned > 0 && $0.coldStarts < base.coldStarts }) {
            let avoided = base.coldStarts - option.coldStarts
            let added = option.cost - base.cost
            let perColdStart = added > 0 ? ", \(money(added / Double(avoided))) per cold start avoided" : ""
            list.append(.init(
                topic: "provisioned",
                action: added <= 0
                    ? "provision \(option.settings.provisioned) instance\(option.settings.provisioned == 1 ? "" : "s"): it pays for itself"
                    : "provision \(option.settings.provisioned) instance\(option.settings.provisioned == 1 ? "" : "s") if a cold start avoided is worth \(money(added / Double(avoided)))",
                evidence: "replay: cold starts \(base.coldStarts) → \(option.coldStarts), provisioned idle time \(ReportRenderer.grouped(option.provisionedIdleMillis)) ms "
                    + "over the window of \(ReportRenderer.seconds(advice.end - advice.start))",
                assumption: "provisioned instances are ready before the first request and billed the whole window, idle time at the price table's idle rate; "
                    + "on-demand instances are reclaimed after the observed idle time" + (base.settings.keepAlive.map { " (\(ReportRenderer.seconds($0)))" } ?? " (none was seen reclaimed)")
                    + calibration,
                changes: "cold starts -\(avoided), compute units \(change(base.computeUnits, option.computeUnits))\(perColdStart)"))
        }

        let h = advice.hooks
        if h.initializerFailures > 0 {
            list.append(.init(
                topic: "initializer", action: "fix the Initializer's failures" + (h.initializerExamples.first.map { " (RequestId \($0), for one)" } ?? ""),
                evidence: "\(h.initializerFailures) of \(h.initializerAttempts) attempts failed; \(ReportRenderer.plural(h.instancesWithRetries, "instance")) retried",
                assumption: "each failed attempt that ended was billed like an invocation; attempts that never ended ran until their timeout, which the logs do not give",
                changes: "billed time -\(ReportRenderer.grouped(h.failedInitializerBilledMillis)) ms, compute units -\(cu(h.failedInitializerComputeUnits))"))
        }
        if h.prestopErrors + h.prestopHangs > 0 {
            list.append(.init(
                topic: "prestop", action: "fix the PreStop hook" + (h.prestopExamples.first.map { " (RequestId \($0), for one)" } ?? ""),
                evidence: "of \(ReportRenderer.plural(h.prestopRuns, "run")), \(h.prestopErrors) ended in an error and \(h.prestopHangs) timed out or never ended",
                assumption: "a PreStop that never ended ran until the hook's timeout and was billed for it; that time is not in the logs",
                changes: "billed time -\(ReportRenderer.grouped(h.failedPrestopBilledMillis)) ms at least, compute units -\(cu(h.failedPrestopComputeUnits))"))
        }
        return list
    }
}
