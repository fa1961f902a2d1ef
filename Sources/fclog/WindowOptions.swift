import ArgumentParser
import FCLogCore

/// Which spans a command covers: one function, and a window of time read in the `--tz` zone.
struct WindowOptions: ParsableArguments {
    @Option(help: ArgumentHelp("This function only.", valueName: "name"), completion: .custom(FunctionCompletion.names))
    var function: String?

    @Option(help: ArgumentHelp("Leave out spans that started before: ISO-8601, or a duration ago (30m, 1h, 2d).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Leave out spans that started at or after this time.", valueName: "time"))
    var until: String?

    @OptionGroup var zone: ZoneOptions

    /// A time that cannot be read, or a window that ends before it starts, is a usage error naming the option.
    func validate() throws {
        try Self.validate(since: since, until: until, zone: zone)
    }

    /// `--since` and `--until` as written: each readable in the zone, the second later than the first.
    static func validate(since: String?, until: String?, zone options: ZoneOptions) throws {
        let zone: LocalTimeZone
        do { zone = try options.zone() } catch let error as FCLogError { throw ValidationError(error.description) }
        let start = try time(since, "--since", zone)
        let end = try time(until, "--until", zone)
        if let start, let end, end <= start {
            throw ValidationError("--until (\(until!)) must be later than --since (\(since!))")
        }
    }

    static func time(_ text: String?, _ option: String, _ zone: LocalTimeZone) throws -> Int64? {
        guard let text else { return nil }
        do {
            return try ReportOptions.parseTime(text, zone: zone)
        } catch let error as FCLogError {
            throw ValidationError("\(option): \(error.description)")
        }
    }

    /// The options with the function and window set; the times are read here.
    func apply(to options: inout ReportOptions) throws {
        options.function = function
        let zone = try zone.zone()
        options.since = try since.map { try ReportOptions.parseTime($0, zone: zone) }
        options.until = try until.map { try ReportOptions.parseTime($0, zone: zone) }
    }
}
