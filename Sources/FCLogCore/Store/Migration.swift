/// A named step of the store's schema. Once shipped, a migration is never
/// edited: a change to the schema is a new migration appended to the list.
public struct Migration: Sendable {
    public let name: String
    public let sql: String
    /// The migration rewrites table definitions in place: the schema's version is raised so that every
    /// connection reads them anew.
    public let reloadsSchema: Bool

    /// A migration named `name` (never reused) that runs `sql`.
    public init(_ name: String, _ sql: String, reloadsSchema: Bool = false) {
        self.name = name
        self.sql = sql
        self.reloadsSchema = reloadsSchema
    }
}

/// Applies the migrations a store lacks, in order, each in its own transaction (a new store's all in one).
public struct Migrator: Sendable {
    public let migrations: [Migration]

    /// A migrator for `migrations`, in the order they apply.
    public init(_ migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Names of the migrations recorded in `database`.
    public func applied(in database: SQLiteDatabase) throws -> [String] {
        let exists = try database.scalarInt(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'fclog_migrations'") ?? 0
        guard exists > 0 else { return [] }
        return try database.column("SELECT name FROM fclog_migrations ORDER BY rowid")
    }

    /// Throws `.newerStore` when the store holds migrations this build does not know.
    public func checkNotNewer(_ database: SQLiteDatabase) throws {
        let known = Set(migrations.map(\.name))
        let unknown = try applied(in: database).filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw FCLogError.newerStore(path: database.path, unknownMigrations: unknown)
        }
    }

    /// Brings the store up to date.
    public func migrate(_ database: SQLiteDatabase) throws {
        try database.execute(
            "CREATE TABLE IF NOT EXISTS fclog_migrations(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        try checkNotNewer(database)
        let done = Set(try applied(in: database))
        let missing = migrations.filter { !done.contains($0.name) }
        // A new store takes them all in one transaction: each rewrites the schema, which would otherwise go
        // to the write-ahead log once a migration, before the first batch (a store on a nearly full disk).
        for group in done.isEmpty ? [missing] : missing.map({ [$0] }) where !group.isEmpty {
            try database.execute("BEGIN IMMEDIATE")
            do {
                for migration in group { try apply(migration, database) }
                try database.execute("COMMIT")
            } catch {
                try? database.execute("ROLLBACK")
                throw error
            }
        }
    }

    private func apply(_ migration: Migration, _ database: SQLiteDatabase) throws {
        try database.execute(migration.sql)
        if migration.reloadsSchema, let version = try database.scalarInt("PRAGMA schema_version") {
            try database.execute("PRAGMA schema_version = \(version + 1)")
        }
        let record = try database.prepare(
            "INSERT INTO fclog_migrations(name, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
        record.bind(1, migration.name)
        try record.run()
    }
}
