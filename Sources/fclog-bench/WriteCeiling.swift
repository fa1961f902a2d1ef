import FCLogCore

/// The write ceiling: every line of a file stored as one row (line number,
/// text) through one prepared statement in one transaction, journal off.
/// Nothing that keeps all lines can store them faster through SQLite.
enum WriteCeiling {
    static func run(input: String, database path: String) throws {
        let database = try SQLiteDatabase(path: path, mode: .readWrite)
        try database.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; CREATE TABLE lines(n INTEGER, text TEXT); BEGIN")
        let insert = try database.prepare("INSERT INTO lines(n, text) VALUES (?, ?)")
        let reader = LineReader(source: try InputOpener.open(input))
        try reader.forEachLine { line in
            insert.bind(1, Int64(line.number))
            insert.bindText(2, line.bytes)
            try insert.run()
        }
        try database.execute("COMMIT")
    }
}
