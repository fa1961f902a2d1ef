import ArgumentParser
import FCLogCore

/// What a report covers and how it bills: shared by `report`, `advise` and `whatif`.
struct ScopeOptions: ParsableArguments {
    @OptionGroup var window: WindowOptions

    @Option(name: .customLong("billing-step-ms"), help: ArgumentHelp("Billing step (100 for the pre-2021 rule).", valueName: "ms"))
    var billingStepMillis: Int64 = 1

    @Option(help: ArgumentHelp("Price table (JSON or TOML) overriding the default CU factors and prices.", valueName: "file"),
            completion: .file(extensions: ["toml", "json"]))
    var prices: String?

    var function: String? { window.function }
    var zone: ZoneOptions { window.zone }

    func validate() throws {
        guard (1...Billing.maxStepMillis).contains(billingStepMillis) else {
            throw ValidationError("--billing-step-ms must be from 1 to \(Billing.maxStepMillis)")
        }
        if let prices {
            do {
                _ = try PriceTable.load(path: prices)
            } catch let error as FCLogError {
                throw ValidationError("--prices: \(error.description)")
            } catch {
                throw ValidationError("--prices: cannot read \(prices): \(error.localizedDescription)")
            }
        }
    }

    /// The report options these stand for; times and the price file are read here.
    func reportOptions() throws -> ReportOptions {
        var options = ReportOptions()
        try window.apply(to: &options)
        options.billingStepMillis = billingStepMillis
        if let prices { options.prices = try PriceTable.load(path: prices) }
        return options
    }
}
