import ArgumentParser
import FCLogCore

/// A ClickHouse URL given on the command line: a malformed one is a usage error.
struct ClickHouseURL: ExpressibleByArgument {
    var target: ClickHouseTarget

    init?(argument: String) {
        guard let target = try? ClickHouseTarget(url: argument) else { return nil }
        self.target = target
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// The credentials for ClickHouse that every command reaching it shares.
struct ClickHouseCredentials: ParsableArguments {
    @Option(help: ArgumentHelp("The ClickHouse user (default: the URL's, else ClickHouse's `default`).", valueName: "name"))
    var user: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp("Read the ClickHouse password from the first line of this file.",
                                                                    valueName: "file"), completion: .file())
    var passwordFile: String?

    /// A client for `url` with these credentials.
    func client(_ url: ClickHouseURL) throws -> ClickHouseClient {
        var target = url.target
        if let user { target.user = user }
        if let passwordFile {
            try target.readPassword(file: passwordFile)
            if target.user == nil { target.user = "default" }
        }
        return ClickHouseClient(target: target)
    }
}
