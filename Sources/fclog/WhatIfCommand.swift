import ArgumentParser
import FCLogCore

extension FCLog {
    struct WhatIfCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whatif",
            abstract: "The report as it would have been under other settings, beside the observed one.",
            discussion: """
                Replays the observed arrivals with their observed durations under the settings given; \
                the others stay as observed. Three columns: the report's figures, the replay at the \
                observed settings (the baseline), and the what-if; the change is against the baseline.

                Examples:
                  fclog whatif --function order-api --concurrency 10
                  fclog whatif --provisioned 2 --keep-alive 10m --format json
                  fclog whatif --memory 256 --prices prices.toml
                """
        )

        @OptionGroup var store: StoreOptions

        @OptionGroup var scope: ScopeOptions

        @Option(help: ArgumentHelp("Requests one instance runs at once (1 to 200).", valueName: "n"))
        var concurrency: Int?

        @Option(help: ArgumentHelp("Memory of each instance, in MB (128 to 32768).", valueName: "mb"))
        var memory: Double?

        @Option(help: ArgumentHelp("Always-on instances (0 to 1000).", valueName: "n"))
        var provisioned: Int?

        @Option(name: .customLong("keep-alive"), help: ArgumentHelp("Idle time before an on-demand instance is reclaimed: 90s, 10m, 1h or never.", valueName: "time"))
        var keepAlive: KeepAlive?

        @Option(help: "Output format: table, markdown or json.")
        var format: AdviceFormat = .table

        func validate() throws {
            if let concurrency, !(1...200).contains(concurrency) { throw ValidationError("--concurrency must be from 1 to 200") }
            if let memory, !(memory.isFinite && (128...32_768).contains(memory)) { throw ValidationError("--memory must be from 128 to 32768 (MB)") }
            if let provisioned, !(0...1000).contains(provisioned) { throw ValidationError("--provisioned must be from 0 to 1000") }
            if concurrency == nil, memory == nil, provisioned == nil, keepAlive == nil {
                throw ValidationError("say what to change: --concurrency, --memory, --provisioned or --keep-alive")
            }
        }

        func run() throws {
            try withUserErrors {
                let options = try scope.reportOptions()
                let database = try store.openForReading()
                let (functions, _) = try ReportBuilder.build(database, options: options)
                let results = try functions.map { report in
                    let workload = try WorkloadReader.read(database, function: report.function, since: options.since, until: options.until)
                    return Advisor.whatIf(workload, report: report, stepMillis: options.billingStepMillis, prices: options.prices) { settings in
                        if let concurrency { settings.concurrency = concurrency }
                        if let memory { settings.memoryMB = memory }
                        if let provisioned { settings.provisioned = provisioned }
                        if let keepAlive { settings.keepAlive = keepAlive.micros }
                    }
                }
                if results.isEmpty, format != .json { Terminal.writeStderr("fclog: no spans in \(store.path) to replay\n") }
                let text = AdviceRenderer.render(results, as: format, zone: try scope.zone.zone())
                try format == .table ? Terminal.outputFitted(text) : Terminal.output(text)
            }
        }
    }
}
