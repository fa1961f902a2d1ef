import ArgumentParser
import FCLogCore

/// What a report covers and how it bills: shared by `report`, `advise` and `whatif`.
struct ScopeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Report on this function only.", valueName: "name"))
    var function: String?

    @Option(help: ArgumentHelp("Leave out spans that started before: ISO-8601, or a duration ago (30m, 1h, 2d).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Leave out spans that started at or after this time.", valueName: "time"))
    var until: String?

    @Option(name: .customLong("billing-step-ms"), help: ArgumentHelp("Billing step (100 for the pre-2021 rule).", valueName: "ms"))
    var billingStepMillis: Int64 = 1

    @OptionGroup var zone: ZoneOptions

    @Option(help: ArgumentHelp("Price table (JSON or TOML) overriding the default CU factors and prices.", valueName: "file"))
    var prices: String?

    func validate() throws {
        guard (1...Billing.maxStepMillis).contains(billingStepMillis) else {
            throw ValidationError("--billing-step-ms must be from 1 to \(Billing.maxStepMillis)")
        }
    }

    /// The report options these stand for; times and the price file are read here.
    func reportOptions() throws -> ReportOptions {
        var options = ReportOptions()
        options.function = function
        let zone = try zone.zone()
        options.since = try since.map { try ReportOptions.parseTime($0, zone: zone) }
        options.until = try until.map { try ReportOptions.parseTime($0, zone: zone) }
        options.billingStepMillis = billingStepMillis
        if let prices { options.prices = try PriceTable.load(path: prices) }
        return options
    }
}
