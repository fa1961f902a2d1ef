/// Renders reports in each format from the same figures.
public struct ReportRenderer {
    /// Colour escapes for a terminal; off when printing to a pipe or a file.
    public var colour: Bool
    /// The zone times are printed in (JSON and CSV stay UTC).
    public var zone: LocalTimeZone
    /// Small inline charts (a duration histogram in block characters) for a terminal; off when piped.
    public var charts: Bool

    public init(colour: Bool = false, zone: LocalTimeZone = .utc, charts: Bool = false) {
        self.colour = colour
        self.zone = zone
        self.charts = charts
    }

    public func render(_ functions: [FunctionReport], total: FunctionReport?, as format: ReportFormat) -> String {
        switch format {
        case .json: json(functions)
        case .table: table(functions, total: total)
        case .markdown: markdown(functions, total: total)
        case .csv: csv(functions, total: total)
        }
    }

    // MARK: - Shared wording

    static let phases: [(Phase, String)] = [(.invoke, "invoke"), (.initialize, "initialize"), (.prestop, "prestop"), (.prefreeze, "prefreeze")]

    /// The parts of a cold start the anatomy lists, with their labels.
    static func anatomyRows(_ a: FunctionReport.ColdStartAnatomy) -> [(String, Percentiles)] {
        [("scheduling", a.scheduling), ("code or image preparation", a.codePreparation), ("runtime start", a.runtimeStart),
         ("Initializer", a.initializer), ("first invocation", a.firstInvocation), ("cold start as FC counts it", a.total),
         ("events: Creating to PrepareCodeSuccess", a.eventCodePreparation), ("events: Creating to PullImageSuccess", a.eventImagePull)]
            .filter { $0.1.count > 0 }
    }

    /// `12.3% of the time billed per request (Initializer 10.1%, PreStop 2.2%)`.
    static func hookShare(_ a: FunctionReport.ColdStartAnatomy) -> String {
        "\(percent(a.initializerBillShare + a.prestopBillShare)) of the time billed per request "
            + "(Initializer \(percent(a.initializerBillShare)), PreStop \(percent(a.prestopBillShare)))"
    }

    /// The report's examples as (label, RequestIds with what chose them), the empty ones left out.
    static func exampleRows(_ r: FunctionReport) -> [(String, String)] {
        let e = r.examples
        func ids(_ list: [FunctionReport.Examples.Example]) -> String { list.map(\.requestID).joined(separator: ", ") }
        func timed(_ list: [FunctionReport.Examples.Example]) -> String {
            list.map { "\($0.requestID) (\(millis($0.value)) ms)" }.joined(separator: ", ")
        }
        var rows = [("timeouts", ids(e.timeouts))]
        for (entry, list) in zip(r.topErrors, e.errors) {
            let label = entry.error.count > 64 ? String(entry.error.prefix(63)) + "…" : entry.error
            rows.append((label, ids(list)))
        }
        rows += [("Initializer failures", ids(e.initializerFailures)), ("PreStop failed or hung", ids(e.prestopFailures)),
                 ("slowest invocations", timed(e.slowestInvocations)), ("longest Initializers", timed(e.longestInitializers))]
        return rows.filter { !$0.1.isEmpty }
    }

    /// Rows of cells, the first column left-aligned and the others right-aligned, each row indented.
    static func aligned(_ cells: [[String]], indent: Int = 2) -> String {
        let widths = cells[0].indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        let pad = String(repeating: " ", count: indent)
        return cells.map { line in
            pad + line.enumerated().map { column, text in
                column == 0 ? text + String(repeating: " ", count: widths[0] - text.count)
                    : String(repeating: " ", count: widths[column] - text.count) + text
            }.joined(separator: "  ").trimmingTrailingSpaces + "\n"
        }.joined()
    }

    static func millis(_ micros: Int64?) -> String {
        guard let micros else { return "-" }
        return JSONValue.format(Double(micros) / 1000)
    }

    static func percent(_ share: Double) -> String {
        FixedDecimal.string(share * 100, 1) + "%"
    }

    /// `12,345`.
    public static func grouped(_ value: Int64) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    static func time(_ micros: Int64?, zone: LocalTimeZone = .utc) -> String {
        micros.map { zone.display(micros: $0) } ?? "-"
    }

    static func money(_ amount: Double) -> String {
        amount >= 1 ? FixedDecimal.string(amount, 2) : FixedDecimal.string(amount, 6)
    }

    static func seconds(_ micros: Int64?) -> String {
        guard let micros else { return "-" }
        let s = micros / 1_000_000
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(s % 60)s" }
        return "\(s / 3600)h\((s % 3600) / 60)m"
    }

    static func plural(_ count: Int, _ word: String) -> String {
        "\(count) \(word)\(count == 1 ? "" : "s")"
    }
}
