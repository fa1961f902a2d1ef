#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens fclog stores: read-write for ingest (created and migrated as needed),
/// read-only for queries and reports.
public enum Store {
    /// The store path: `--db`, else `$FCLOG_DB`, else `fclog.db` here.
    public static func resolvePath(_ explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = getenv("FCLOG_DB"), let value = String(validatingCString: env), !value.isEmpty { return value }
        return "fclog.db"
    }

    /// Opens (creating if needed) and migrates the store for writing. One
    /// writer at a time: while another holds the store, calls `waiting` and
    /// waits for it to close its connection.
    public static func openForWriting(path: String, waiting: () -> Void = {}) throws -> SQLiteDatabase {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw FCLogError.unusableStore(path: path, reason: "is a directory")
        }
        // A private database (in memory, or a temporary one for an empty path) has no other writer.
        if !path.isEmpty, path != ":memory:", access(path, F_OK) == 0, access(path, W_OK) != 0 {
            throw FCLogError.unusableStore(path: path, reason: "cannot be written by this user or on this media (fclog report and query can still read it)")
        }
        let lock = path.isEmpty || path == ":memory:" ? nil : try IngestLock(storePath: path, waiting: waiting)
        let database = try SQLiteDatabase(path: path, mode: .readWrite)
        database.writerLock = lock
        try verifyIsDatabase(database)
        try refuseForeign(database)
        // Larger pages suit bulk appends; the size only takes on a new, empty store. A 12 MiB page cache keeps
        // an ingest of any size under 128 MiB at the speed of a larger one (docs/PERFORMANCE.md).
        try database.execute("PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -12288")
        // Registered first: a migration may use them.
        try SQLFunctions.register(on: database)
        try Schema.migrator.migrate(database)
        return database
    }

    /// A second connection to a store that an ingest of this process holds (`openForWriting`), without its
    /// lock: for a push while the ingest runs, which writes only to its own temporary tables.
    public static func openAlongside(path: String) throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: path, mode: .readWrite)
        try verifyIsDatabase(database)
        try SQLFunctions.register(on: database)
        return database
    }

    /// Opens an existing store read-only. A store whose folder cannot be written (read-only media, another
    /// user's folder) is read without WAL's shared-memory file, as it was last checkpointed.
    public static func openForReading(path: String) throws -> SQLiteDatabase {
        guard access(path, F_OK) == 0 else { throw FCLogError.missingStore(path: path) }
        var database = try SQLiteDatabase(path: path, mode: .readOnly)
        do {
            try verifyIsDatabase(database)
        } catch FCLogError.unusableStore(_, let reason) where reason.contains("readonly") || reason.contains("unable to open") {
            database = try SQLiteDatabase(path: path, mode: .immutable)
            try verifyIsDatabase(database)
            var wal = stat()
            if stat(path + "-wal", &wal) == 0, wal.st_size > 0 {
                database.notice = "\(path) is read without its write-ahead log (\(wal.st_size) bytes), which this user cannot open: "
                    + "the newest commits may be missing until the store's owner runs an ingest or 'fclog query' on it"
            }
        }
        try Schema.migrator.checkNotNewer(database)
        guard try Schema.migrator.applied(in: database).count == Schema.migrator.migrations.count else {
            throw FCLogError.unusableStore(path: path, reason: "not an fclog store, or written by an older fclog: run 'fclog ingest' on it once to upgrade it")
        }
        return database
    }

    /// A database of another application is refused before anything is written to it (no table, no WAL switch).
    private static func refuseForeign(_ database: SQLiteDatabase) throws {
        let objects = try database.scalarInt("SELECT count(*) FROM sqlite_master") ?? 0
        guard objects > 0, try Schema.migrator.applied(in: database).isEmpty else { return }
        throw FCLogError.unusableStore(path: database.path,
                                       reason: "holds tables of another application, not an fclog store; give --db a new file or an fclog store")
    }

    /// Reads the header so a file that is not SQLite fails here, clearly.
    private static func verifyIsDatabase(_ database: SQLiteDatabase) throws {
        do {
            _ = try database.scalarInt("SELECT count(*) FROM sqlite_master")
        } catch FCLogError.sqlite(let message) {
            throw FCLogError.unusableStore(path: database.path, reason: message)
        }
    }
}
