import ArgumentParser
import FCLogCore

extension FCLog {
    struct TimelineCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timeline",
            abstract: "Draw the instances and their spans over time as one self-contained HTML page.",
            discussion: """
                A row per instance, its spans as bars coloured by phase (Initializer, Invoke, PreStop, \
                PreFreeze) and marked by status (errors hatched, timeouts outlined, hooks that never \
                ended dashed, cold starts with a corner mark); overlapping requests of one instance in \
                lanes of their own; the instance's busy time (as billed) under its row; created and \
                destroyed events as ticks. Above it the report's headline figures and histograms of \
                invocation and Initializer durations. The page needs no network.

                Examples:
                  fclog timeline -o timeline.html
                  fclog timeline --function order-api --since 2024-01-02T02:00 --until 2024-01-02T03:00 --tz +08:00 -o incident.html
                  fclog timeline --from clickhouse://127.0.0.1:8123/fclog --function order-api --since 1h -o recent.html
                """
        )

        @OptionGroup var store: StoreOptions

        @OptionGroup var window: WindowOptions

        @Option(help: ArgumentHelp("Draw from a shared ClickHouse database that workers push to, not the store: clickhouse://HOST:8123/DATABASE.",
                                   valueName: "url"))
        var from: ClickHouseURL?

        @OptionGroup var credentials: ClickHouseCredentials

        @Option(help: ArgumentHelp("This instance only.", valueName: "id"))
        var instance: String?

        @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The page to write ('-' for standard output).", valueName: "file"),
                completion: .file(extensions: ["html"]))
        var output = "timeline.html"

        func run() async throws {
            try await withUserErrors {
                var options = ReportOptions()
                try window.apply(to: &options)
                options.instance = instance
                let zone = try window.zone.zone()
                let database = if let from {
                    try await ClickHouseMirror.load(try credentials.client(from), function: options.function,
                                                    need: .spans(since: options.since, until: options.until))
                } else {
                    try store.openForReading()
                }
                let (functions, total) = try ReportBuilder.build(database, options: options)
                let renderer = ReportRenderer(zone: zone)
                let report = "{\"functions\":\(renderer.render(functions, total: nil, as: .json)),\"total\":\(renderer.render([total], total: nil, as: .json))}"
                let title = "fclog timeline: " + (window.function ?? (functions.count == 1 ? functions[0].function : "\(functions.count) functions"))
                let file = try OutputFile(output)
                var out = TextOutput { try file.write($0) }
                let summary = try TimelinePage.write(database, options: options, report: report, zone: zone, title: title, to: &out)
                try file.finish()
                var line = "wrote \(output == "-" ? "the page" : output): \(summary.spans) spans on \(summary.rows) rows"
                if summary.untimedSpans > 0 { line += "; \(summary.untimedSpans) spans with no time are not drawn" }
                Terminal.writeStderr("fclog: " + line + "\n")
            }
        }
    }
}
