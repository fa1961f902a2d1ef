import ArgumentParser
import FCLogCore

extension FCLog {
    struct Advise: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recommend memory, instance concurrency and provisioned instances, and price failing hooks.",
            discussion: """
                Each recommendation says its evidence, the assumption it rests on and the figure it \
                changes. Concurrency and provisioned instances are judged by replaying the observed \
                arrivals onto instances under each setting (the README's "What-ifs" section gives \
                the rules); the replay at the observed settings is printed first, to compare with \
                the report.

                Examples:
                  fclog advise --function order-api
                  fclog advise --since 1d --headroom 30 --format json
                """
        )

        @OptionGroup var store: StoreOptions

        @OptionGroup var scope: ScopeOptions

        @Option(help: ArgumentHelp("Memory kept free above the peak used, in percent of it.", valueName: "percent"))
        var headroom: Double = 20

        @Option(help: "Output format: table, markdown or json.")
        var format: AdviceFormat = .table

        func validate() throws {
            guard headroom.isFinite, (0...400).contains(headroom) else { throw ValidationError("--headroom must be from 0 to 400 (percent)") }
        }

        func run() throws {
            try withUserErrors {
                let options = try scope.reportOptions()
                let database = try store.openForReading()
                var advisor = Advisor.Options()
                advisor.headroom = headroom / 100
                advisor.prices = options.prices
                advisor.stepMillis = options.billingStepMillis
                let (functions, _) = try ReportBuilder.build(database, options: options)
                let advice = try functions.map { report in
                    Advisor.advise(try WorkloadReader.read(database, function: report.function, since: options.since, until: options.until),
                                   report: report,
                                   inputs: try AdviceInputsReader.read(database, function: report.function, since: options.since, until: options.until),
                                   options: advisor)
                }
                if advice.isEmpty, format != .json { Terminal.writeStderr("fclog: no spans in \(store.path) to advise on\n") }
                let text = AdviceRenderer.render(advice, as: format, zone: try scope.zone.zone())
                try format == .table ? Terminal.outputFitted(text) : Terminal.output(text)
            }
        }
    }
}
