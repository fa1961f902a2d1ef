/// Two reports of the same functions over two windows, figure by figure,
/// with the change from the first to the second (`fclog report --compare-since`).
public struct ReportComparison: Sendable {
    public struct Window: Sendable {
        public var since: Int64?
        public var until: Int64?

        public init(since: Int64?, until: Int64?) {
            self.since = since
            self.until = until
        }
    }

    public var first: Window
    public var second: Window
    /// Per function, in order of name, its report in each window (an empty one where it ran none).
    public var pairs: [(first: FunctionReport, second: FunctionReport)]

    public init(first: Window, firstReports: [FunctionReport], second: Window, secondReports: [FunctionReport]) {
        self.first = first
        self.second = second
        let names = Set(firstReports.map(\.function) + secondReports.map(\.function)).sorted()
        pairs = names.map { name in
            (firstReports.first { $0.function == name } ?? FunctionReport(function: name),
             secondReports.first { $0.function == name } ?? FunctionReport(function: name))
        }
    }

    /// The figures compared: label, JSON key, and how to read it off a report.
    static let figures: [(label: String, key: String, value: @Sendable (FunctionReport) -> Double?)] = [
        ("invocations", "invocations", { Double($0.invocations.total) }),
        ("errors", "errors", { Double($0.invocations.error) }),
        ("timeouts", "timeouts", { Double($0.invocations.timeout) }),
        ("error rate", "error_rate", { $0.invocations.errorRate }),
        ("cold starts", "cold_starts", { Double($0.coldStarts) }),
        ("cold-start share", "cold_start_share", { $0.coldStartShare }),
        ("invoke p50 ms", "invoke_p50_ms", { $0.durations[.invoke]?.p50.map { Double($0) / 1000 } }),
        ("invoke p99 ms", "invoke_p99_ms", { $0.durations[.invoke]?.p99.map { Double($0) / 1000 } }),
        ("Initializer failures", "initializer_failures", { Double($0.initializer.failures) }),
        ("PreStop failures", "prestop_failures", { Double($0.prestop.failures) }),
        ("instances", "instances", { Double($0.instances.count) }),
        ("peak concurrency", "peak_concurrency", { Double($0.instances.peakConcurrentRequests) }),
        ("billed ms", "instance_billed_ms", { Double($0.billing.instanceBilledMillis) }),
        ("CU", "cu", { $0.billing.computeUnits }),
        ("cost", "cost", { $0.billing.cost }),
    ]

    static func text(_ value: Double?) -> String {
        value.map { JSONValue.format($0) } ?? "-"
    }

    static func change(_ a: Double?, _ b: Double?) -> (delta: Double?, relative: Double?) {
        guard let a, let b else { return (nil, nil) }
        return (b - a, a == 0 ? nil : (b - a) / a)
    }

    static func windowText(_ w: Window, zone: LocalTimeZone) -> String {
        (w.since.map { ReportRenderer.time($0, zone: zone) } ?? "start") + " → " + (w.until.map { ReportRenderer.time($0, zone: zone) } ?? "end")
    }

    /// `zone` is the zone of the windows' times in the table and markdown (JSON and CSV stay UTC).
    public func render(as format: ReportFormat, zone: LocalTimeZone = .utc) -> String {
        switch format {
        case .json: json()
        case .csv: csv()
        case .table, .markdown: pairs.map { table($0.first, $0.second, markdown: format == .markdown, zone: zone) }.joined(separator: "\n")
        }
    }

    private func table(_ a: FunctionReport, _ b: FunctionReport, markdown: Bool, zone: LocalTimeZone) -> String {
        var cells = [["", "first", "second", "change", ""]]
        for figure in Self.figures {
            let (x, y) = (figure.value(a), figure.value(b))
            let (delta, relative) = Self.change(x, y)
            cells.append([figure.label, Self.text(x), Self.text(y), delta.map { ($0 > 0 ? "+" : "") + Self.text($0) } ?? "-",
                          relative.map { ($0 > 0 ? "+" : "") + ReportRenderer.percent($0) } ?? ""])
        }
        let heading = "first \(Self.windowText(first, zone: zone)), second \(Self.windowText(second, zone: zone))"
        if markdown {
            return "## \(a.function)\n\n\(heading)\n\n| Figure | first | second | change | % |\n|---|---:|---:|---:|---:|\n"
                + cells.dropFirst().map { "| " + $0.joined(separator: " | ") + " |\n" }.joined()
        }
        return "\(a.function)  \(heading)\n" + ReportRenderer.aligned(cells)
    }

    private func json() -> String {
        func window(_ w: Window) -> JSONValue {
            .object([("since", w.since.map { .string(TimestampParser.iso8601(micros: $0)) } ?? .null),
                     ("until", w.until.map { .string(TimestampParser.iso8601(micros: $0)) } ?? .null)])
        }
        let items = pairs.map { a, b -> JSONValue in
            .object([
                ("function", .string(a.function)), ("first_window", window(first)), ("second_window", window(second)),
                ("first", ReportRenderer.jsonObject(a)), ("second", ReportRenderer.jsonObject(b)),
                ("change", .object(Self.figures.map { figure in
                    (figure.key, Self.change(figure.value(a), figure.value(b)).delta.map(JSONValue.number) ?? .null)
                })),
            ])
        }
        return JSONValue.array(items).rendered() + "\n"
    }

    private func csv() -> String {
        var out = "function,figure,first,second,change\r\n"
        for (a, b) in pairs {
            for figure in Self.figures {
                let (x, y) = (figure.value(a), figure.value(b))
                let delta = Self.change(x, y).delta
                out += [a.function, figure.key, x.map { JSONValue.format($0) } ?? "", y.map { JSONValue.format($0) } ?? "",
                        delta.map { JSONValue.format($0) } ?? ""].map(ResultWriter.csvField).joined(separator: ",") + "\r\n"
            }
        }
        return out
    }
}
