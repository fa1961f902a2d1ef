extension AdviceRenderer {
    public static func render(_ whatIfs: [WhatIf], as format: AdviceFormat, zone: LocalTimeZone = .utc) -> String {
        switch format {
        case .json: JSONValue.array(whatIfs.map(json)).rendered() + "\n"
        case .table: whatIfs.map { sideBySide($0, markdown: false, zone: zone) }.joined(separator: "\n")
        case .markdown: whatIfs.map { sideBySide($0, markdown: true, zone: zone) }.joined(separator: "\n")
        }
    }

    static func json(_ w: WhatIf) -> JSONValue {
        let b = w.baseline
        let s = w.scenario
        return .object([
            ("function", .string(w.function)),
            ("window", window(w.start, w.end)),
            ("observed", json(w.observed)),
            ("replay_at_observed", json(b)),
            ("what_if", json(s)),
            ("change", .object([
                ("instances", .integer(Int64(s.instances - b.instances))),
                ("cold_starts", .integer(Int64(s.coldStarts - b.coldStarts))),
                ("active_billed_ms", .integer(s.activeBilledMillis - b.activeBilledMillis)),
                ("provisioned_idle_ms", .integer(s.provisionedIdleMillis - b.provisionedIdleMillis)),
                ("cu", .number(s.computeUnits - b.computeUnits)),
                ("cost", .number(s.cost - b.cost)),
            ])),
        ])
    }

    /// A figure per row; observed, replayed at the observed settings, what-if, and the change.
    static func sideBySide(_ w: WhatIf, markdown: Bool, zone: LocalTimeZone) -> String {
        let o = w.observed, b = w.baseline, s = w.scenario
        func signed(_ value: Int64) -> String { (value > 0 ? "+" : "") + ReportRenderer.grouped(value) }
        func signed(_ value: Double) -> String { (value > 0 ? "+" : "") + JSONValue.format((value * 1_000_000).rounded() / 1_000_000) }
        func keepAlive(_ r: ReplayOutcome) -> String { r.settings.keepAlive.map { ReportRenderer.seconds($0) } ?? "unbounded" }
        let counts: [(String, (ReplayOutcome) -> Int)] = [
            ("invocations", \.invocations), ("instances", \.instances), ("cold starts", \.coldStarts),
            ("Initializer runs", \.initializerRuns), ("PreStop runs", \.prestopRuns), ("peak concurrency", \.peakConcurrency),
        ]
        var cells: [[String]] = [["", "observed", "replayed", "what-if", "change"]]
        cells.append(["concurrency", "\(o.settings.concurrency)", "\(b.settings.concurrency)", "\(s.settings.concurrency)", ""])
        cells.append(["keep-alive", keepAlive(o), keepAlive(b), keepAlive(s), ""])
        cells.append(["provisioned", "0", "\(b.settings.provisioned)", "\(s.settings.provisioned)", ""])
        cells.append(["memory MB", JSONValue.format(o.settings.memoryMB), JSONValue.format(b.settings.memoryMB), JSONValue.format(s.settings.memoryMB), ""])
        for (label, figure) in counts {
            cells.append([label, String(figure(o)), String(figure(b)), String(figure(s)), signed(Int64(figure(s) - figure(b)))])
        }
        cells.append(["billed active ms", ReportRenderer.grouped(o.activeBilledMillis), ReportRenderer.grouped(b.activeBilledMillis),
                      ReportRenderer.grouped(s.activeBilledMillis), signed(s.activeBilledMillis - b.activeBilledMillis)])
        cells.append(["provisioned idle ms", "0", ReportRenderer.grouped(b.provisionedIdleMillis), ReportRenderer.grouped(s.provisionedIdleMillis),
                      signed(s.provisionedIdleMillis - b.provisionedIdleMillis)])
        cells.append(["CU", cuText(o), cuText(b), cuText(s), signed(((s.computeUnits - b.computeUnits) * 100).rounded() / 100)])
        cells.append(["cost (\(s.currency))", ReportRenderer.money(o.cost), ReportRenderer.money(b.cost), ReportRenderer.money(s.cost), signed(s.cost - b.cost)])
        let title = "\(w.function)  \(ReportRenderer.time(w.start, zone: zone)) → \(ReportRenderer.time(w.end, zone: zone))"
        if markdown {
            return "## \(w.function)\n\n\(ReportRenderer.time(w.start, zone: zone)) → \(ReportRenderer.time(w.end, zone: zone))\n\n"
                + "| Figure | observed | replayed | what-if | change |\n|---|---:|---:|---:|---:|\n"
                + cells.dropFirst().map { "| " + $0.joined(separator: " | ") + " |\n" }.joined()
                + "\nDurations are as observed; \"change\" is what-if against the replay at the observed settings.\n"
        }
        return title + "\n" + ReportRenderer.aligned(cells)
            + "  Durations are as observed; the change is what-if against the replay at the observed settings.\n"
    }

    static func cuText(_ o: ReplayOutcome) -> String { JSONValue.format((o.computeUnits * 100).rounded() / 100) }
}

