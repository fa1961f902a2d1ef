import ArgumentParser
import FCLogCore

/// The `--db` option every command shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store.", discussion: "Default: $FCLOG_DB, else fclog.db in the current directory.", valueName: "path"),
            completion: .file())
    var db: String?

    var path: String { Store.resolvePath(db) }
}
