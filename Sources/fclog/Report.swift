import ArgumentParser
import FCLogCore

extension FCLog {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cold starts, Initializer retries, hook failures, durations and billing per function.",
            discussion: """
                Percentiles are nearest-rank over finished executions. Billing follows FC's rules: each
                span rounded up to the billing step (request_billed_ms), and per instance the union of
                busy periods (instance_billed_ms), which is what instance concurrency saves.

                Examples:
                  fclog report
                  fclog report --function order-api --since 2d --format json
                  fclog report --billing-step-ms 100 --prices prices.toml --format markdown
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Report on this function only.", valueName: "name"))
        var function: String?

        @Option(help: ArgumentHelp("Leave out spans that started before: ISO-8601, or a duration ago (30m, 1h, 2d).", valueName: "time"))
        var since: String?

        @Option(help: ArgumentHelp("Leave out spans that started at or after this time.", valueName: "time"))
        var until: String?

        @Option(help: "Output format: table, markdown, csv or json.")
        var format: ReportFormat = .table

        @Option(name: .customLong("billing-step-ms"), help: ArgumentHelp("Billing step (100 for the pre-2021 rule).", valueName: "ms"))
        var billingStepMillis: Int64 = 1

        @Option(help: ArgumentHelp("Price table (JSON or TOML) overriding the default CU factors and prices.", valueName: "file"))
        var prices: String?

        func validate() throws {
            guard (1...Billing.maxStepMillis).contains(billingStepMillis) else {
                throw ValidationError("--billing-step-ms must be from 1 to \(Billing.maxStepMillis)")
            }
        }

        func run() throws {
            try withUserErrors {
                var options = ReportOptions()
                options.function = function
                options.since = try since.map { try ReportOptions.parseTime($0) }
                options.until = try until.map { try ReportOptions.parseTime($0) }
                options.billingStepMillis = billingStepMillis
                if let prices { options.prices = try PriceTable.load(path: prices) }
                let database = try Store.openForReading(path: store.path)
                let (functions, total) = try ReportBuilder.build(database, options: options)
                if functions.isEmpty, format != .json {
                    Terminal.write("The store \(store.path) has no spans yet: run 'fclog ingest FILE' first.\n")
                    return
                }
                let renderer = ReportRenderer(colour: format == .table && Terminal.stdoutIsTerminal)
                Terminal.write(renderer.render(functions, total: function == nil ? total : nil, as: format))
            }
        }
    }
}
