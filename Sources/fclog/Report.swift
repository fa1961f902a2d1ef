import ArgumentParser
import FCLogCore
import Foundation

extension FCLog {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cold starts, Initializer retries, hook failures, durations and billing per function.",
            discussion: """
                Percentiles are nearest-rank over finished executions. Billing follows FC's rules: each \
                span rounded up to the billing step (request_billed_ms), and per instance the union of \
                busy periods (instance_billed_ms), which is what instance concurrency saves.

                Examples:
                  fclog report
                  fclog report --function order-api --since 2d --format json
                  fclog report --billing-step-ms 100 --prices prices.toml --format markdown
                  fclog report --function order-api --by 5m
                  fclog report --function order-api --since 1h --by-version
                  fclog report --function order-api --qualifier canary
                  fclog report --watch --since 1h --by 1m
                  fclog report --since 2024-01-01 --until 2024-01-02 --compare-since 2024-01-02 --compare-until 2024-01-03
                  fclog report --from clickhouse://127.0.0.1:8123/fclog --function order-api --format json
                """
        )

        @OptionGroup var store: StoreOptions

        @OptionGroup var scope: ScopeOptions

        @Option(help: ArgumentHelp("Report on a shared ClickHouse database that workers push to, not the store: clickhouse://HOST:8123/DATABASE.",
                                   valueName: "url"))
        var from: ClickHouseURL?

        @OptionGroup var credentials: ClickHouseCredentials

        @OptionGroup var color: ColorOptions

        @Option(help: "Output format: table, markdown, csv or json.")
        var format: ReportFormat = .table

        @Option(name: .customLong("compare-since"), help: ArgumentHelp("Compare with a second window starting here.", valueName: "time"))
        var compareSince: String?

        @Option(name: .customLong("compare-until"), help: ArgumentHelp("…and ending here.", valueName: "time"))
        var compareUntil: String?

        @Option(help: ArgumentHelp("Report on this instance only.", valueName: "id"))
        var instance: String?

        @Option(help: ArgumentHelp("Report on the spans of this alias only (a qualifier: LATEST, canary, …).", valueName: "alias"))
        var qualifier: String?

        @Option(name: .customLong("version"), help: ArgumentHelp("Report on the spans of this published version only.", valueName: "n"))
        var versionID: String?

        @Flag(name: .customLong("by-version"), help: "One report per version, side by side in time, to compare a canary with the stable one.")
        var byVersion = false

        @Option(help: ArgumentHelp("Name this many example RequestIds of each problem (0 for none).", valueName: "n"))
        var examples = 3

        @Option(help: ArgumentHelp("Figures per bucket of time instead: 1m, 5m, 1h, 1d (any number of s, m, h or d).", valueName: "width"))
        var by: BucketWidth?

        @Flag(help: "Redraw the report on the terminal as the store grows, until Ctrl-C.")
        var watch = false

        @Option(help: ArgumentHelp("Seconds between redraws with --watch.", valueName: "seconds"))
        var interval = 2.0

        func validate() throws {
            if watch, !Terminal.stdoutIsTerminal { throw ValidationError("--watch redraws a terminal; standard output is not one") }
            guard interval.isFinite, (0.2...3600).contains(interval) else { throw ValidationError("--interval must be from 0.2 to 3600 (seconds)") }
            guard (0...100).contains(examples) else { throw ValidationError("--examples must be from 0 to 100") }
            if by != nil, compareSince != nil || compareUntil != nil { throw ValidationError("--by and --compare-since/--compare-until go apart") }
            if byVersion, versionID != nil { throw ValidationError("--by-version reports every version; --version picks one") }
            if byVersion, by != nil || compareSince != nil || compareUntil != nil {
                throw ValidationError("--by-version goes apart from --by and --compare-since/--compare-until")
            }
            if let versionID, versionID.isEmpty { throw ValidationError("--version needs a version number") }
            if let qualifier, qualifier.isEmpty { throw ValidationError("--qualifier needs an alias name") }
            let zone = try scope.zone.zone()
            let second = (try WindowOptions.time(compareSince, "--compare-since", zone), try WindowOptions.time(compareUntil, "--compare-until", zone))
            if let since = second.0, let until = second.1, until <= since {
                throw ValidationError("--compare-until must be later than --compare-since")
            }
        }

        func run() async throws {
            try await withUserErrors {
                guard watch else {
                    let text = try await render()
                    try format == .table ? Terminal.outputFitted(text) : Terminal.output(text)
                    return
                }
                Terminal.trapInterrupts()
                while Terminal.interrupted == 0 {
                    // Home and clear, then the report as the store now is; relative windows move with the clock.
                    let text = TextWrapping.wrapped(try await render(), width: Terminal.stdoutColumns)
                    let now = try scope.zone.zone().display(micros: ReportOptions.currentMicros())
                    // A terminal that went away ends the watch.
                    guard Terminal.write("\u{1B}[H\u{1B}[2J" + text + "\nevery \(interval == interval.rounded() ? String(Int(interval)) : String(interval)) s · \(now) · Ctrl-C stops\n") else { return }
                    var waited = 0.0
                    while waited < interval, Terminal.interrupted == 0 {
                        usleep(100_000)
                        waited += 0.1
                    }
                }
            }
        }

        /// The report (or the bucket table, or the comparison) as the store now holds it.
        private func render() async throws -> String {
            var options = try scope.reportOptions()
            let zone = try scope.zone.zone()
            options.examples = examples
            options.instance = instance
            options.qualifier = qualifier
            options.version = versionID
            let database = try await open(options)
            if byVersion { return try renderByVersion(database, options: options, zone: zone) }
            if let by {
                let timelines = try ReportBuilder.timelines(database, options: options, widthMicros: by.micros, zone: zone)
                return TimelineRenderer(chart: format == .table && Terminal.stdoutIsTerminal, zone: zone).render(timelines, as: format)
            }
            if compareSince != nil || compareUntil != nil {
                var second = options
                second.since = try compareSince.map { try ReportOptions.parseTime($0, zone: zone) }
                second.until = try compareUntil.map { try ReportOptions.parseTime($0, zone: zone) }
                let comparison = ReportComparison(
                    first: .init(since: options.since, until: options.until), firstReports: try ReportBuilder.build(database, options: options).functions,
                    second: .init(since: second.since, until: second.until), secondReports: try ReportBuilder.build(database, options: second).functions)
                return comparison.render(as: format, zone: zone)
            }
            let (functions, total) = try ReportBuilder.build(database, options: options)
            if functions.isEmpty {
                // Said on standard error: standard output stays what the format promises (an empty list, a header).
                let empty = try database.scalarInt("SELECT count(*) FROM (SELECT 1 FROM fclog_span_rows LIMIT 1)") == 0
                let place = from.map { "the ClickHouse database \($0.target.name)" } ?? "the store \(store.path)"
                Terminal.writeStderr(empty ? "fclog: \(place) has no spans yet: run 'fclog ingest FILE' first\n"
                                           : "fclog: no spans in the store match this function, window or scope\n")
                if format == .table || format == .markdown { return "" }
            }
            let renderer = ReportRenderer(colour: format == .table && color.enabled, zone: zone, charts: format == .table && Terminal.chartsAllowed)
            return renderer.render(functions, total: scope.function == nil ? total : nil, as: format)
        }

        /// The store, or what the report needs of the ClickHouse database it is asked of, in memory.
        private func open(_ options: ReportOptions) async throws -> SQLiteDatabase {
            guard let from else { return try store.openForReading() }
            let plain = !byVersion && by == nil && compareSince == nil && compareUntil == nil && options.since == nil && options.until == nil
                && instance == nil && qualifier == nil && versionID == nil && options.billingStepMillis == ReportOptions().billingStepMillis
            let compared = compareSince != nil || compareUntil != nil
            let need: ClickHouseMirror.Need = plain ? .summaries(examples: examples)
                : compared ? .spans(since: nil, until: nil) : .spans(since: options.since, until: options.until)
            return try await ClickHouseMirror.load(try credentials.client(from), function: options.function, need: need)
        }

        /// A report for each version the spans name (and one for the spans that name none), one after the other.
        private func renderByVersion(_ database: SQLiteDatabase, options: ReportOptions, zone: LocalTimeZone) throws -> String {
            let reports = try ReportBuilder.versions(database, options: options).map { version in
                var scoped = options
                scoped.version = version ?? ""
                let (functions, total) = try ReportBuilder.build(database, options: scoped)
                return ReportRenderer.VersionReport(version: version, functions: functions, total: scope.function == nil ? total : nil)
            }
            guard !reports.isEmpty || format == .json else { return "The store \(store.path) has no spans in this scope.\n" }
            return ReportRenderer(colour: format == .table && color.enabled, zone: zone, charts: format == .table && Terminal.chartsAllowed)
                .render(byVersion: reports, as: format)
        }
    }
}
