import ArgumentParser
import FCLogCore
import Foundation

/// A zone as a command-line value: a bad one is a usage error.
struct ZoneArgument: ExpressibleByArgument {
    var zone: LocalTimeZone

    init?(argument: String) {
        guard let zone = try? LocalTimeZone(parsing: argument) else { return nil }
        self.zone = zone
    }
}

/// The `--tz` option of the commands that print times: the zone times are shown in, and in which
/// `--since`/`--until` written without a zone are read.
struct ZoneOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Show times in this zone and read --since/--until without one in it: +08:00, UTC or an IANA name.",
                               discussion: "Default: $FCLOG_TZ, else UTC.", valueName: "zone"))
    var tz: ZoneArgument?

    /// The zone asked for, else `$FCLOG_TZ`, else UTC.
    func zone() throws -> LocalTimeZone {
        if let tz { return tz.zone }
        if let name = ProcessInfo.processInfo.environment["FCLOG_TZ"], !name.isEmpty {
            do {
                return try LocalTimeZone(parsing: name)
            } catch {
                throw FCLogError.invalidArgument("FCLOG_TZ: unknown time zone '\(name)': use an offset such as +08:00, UTC, or an IANA name such as Asia/Shanghai")
            }
        }
        return .utc
    }
}
