import ArgumentParser
import FCLogCore

/// Which spans a command covers: one function, and a window of time read in the `--tz` zone.
struct WindowOptions: ParsableArguments {
    @Option(help: ArgumentHelp("This function only.", valueName: "name"))
    var function: String?

    @Option(help: ArgumentHelp("Leave out spans that started before: ISO-8601, or a duration ago (30m, 1h, 2d).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Leave out spans that started at or after this time.", valueName: "time"))
    var until: String?

    @OptionGroup var zone: ZoneOptions

    /// The options with the function and window set; the times are read here.
    func apply(to options: inout ReportOptions) throws {
        options.function = function
        let zone = try zone.zone()
        options.since = try since.map { try ReportOptions.parseTime($0, zone: zone) }
        options.until = try until.map { try ReportOptions.parseTime($0, zone: zone) }
    }
}
