import ArgumentParser
import FCLogCore

/// The `--db` option every command shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store.", discussion: "Default: $FCLOG_DB, else fclog.db in the current directory.", valueName: "path"),
            completion: .file())
    var db: String?

    var path: String { Store.resolvePath(db) }

    /// The store, read-only; what the reader should know about how it was opened goes to standard error.
    func openForReading() throws -> SQLiteDatabase {
        let database = try Store.openForReading(path: path)
        if let notice = database.notice { Terminal.printErrorOnce(notice) }
        return database
    }
}
