import CFCLogLines
import CSQLite

/// A connection to a SQLite database through the C API, kept thin so the hot
/// paths bind and step without any per-row allocation.
public final class SQLiteDatabase {
    /// How a store is opened.
    public enum Mode: Sendable {
        case readWrite
        case readOnly
        /// Read-only without locks or the shared-memory index: for a store on read-only media or in a folder
        /// the user cannot write, where WAL's `-shm` file cannot be made. Sees what is checkpointed.
        case immutable
    }

    let handle: OpaquePointer
    /// The path the connection was opened with, for messages.
    public let path: String
    /// Something the reader of this connection should be told (read without the newest commits, say).
    public internal(set) var notice: String?
    /// The store's writer lock, held as long as the connection.
    var writerLock: IngestLock?

    /// Opens (and for `.readWrite` creates) the database at `path`.
    public init(path: String, mode: Mode) throws {
        _ = Self.configured
        var db: OpaquePointer?
        let flags: Int32 = switch mode {
        // Unserialized: one thread at a time owns a connection (an ingest's writing thread takes its own over).
        case .readWrite: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        case .readOnly: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
        case .immutable: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        }
        let name = mode == .immutable ? Self.immutableURI(path) : path
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw FCLogError.unusableStore(path: path, reason: message)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    private static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return "file:" + escaped + "?immutable=1"
    }

    /// Process-wide settings, made once before the first connection.
    private static let configured: Void = {
        _ = fclog_sqlite3_disable_memstatus()
        // Every connection reads the compressed line blocks (the `lines` view) through fclog_lines.
        _ = fclog_lines_install()
    }()

    /// The version of the SQLite library fclog runs with.
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw error(code: rc, message: message)
        }
    }

    /// Compiles one statement for repeated use.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(database: self, sql: sql)
    }

    /// The first column of the first row of `sql`, as an integer.
    public func scalarInt(_ sql: String) throws -> Int64? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    /// Every row's first column as text.
    public func column(_ sql: String) throws -> [String] {
        let statement = try prepare(sql)
        var values: [String] = []
        while try statement.step() {
            values.append(statement.text(0) ?? "")
        }
        return values
    }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    public var changes: Int32 { sqlite3_changes(handle) }

    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// Makes a user-readable error of a SQLite result code.
    func error(code: Int32, message: String? = nil) -> FCLogError {
        let primary = code & 0xff
        if primary == SQLITE_FULL {
            return .diskFull(path: path)
        }
        if primary == SQLITE_NOTADB {
            return .unusableStore(path: path, reason: "file is not an fclog store (not a SQLite database)")
        }
        if primary == SQLITE_INTERRUPT {
            return .interrupted
        }
        return .sqlite(message: message ?? lastErrorMessage)
    }
}
