import CSQLite

/// The SQLITE_TRANSIENT destructor: SQLite copies the bound or returned bytes.
let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement, reset and rebound for each row.
public final class SQLiteStatement {
    let handle: OpaquePointer
    unowned let database: SQLiteDatabase

    /// SQL after the first statement, if any (only blanks and semicolons do not count).
    public let remainder: String

    init(database: SQLiteDatabase, sql: String) throws {
        var statement: OpaquePointer?
        var remainder = ""
        let rc = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v2(database.handle, text, -1, &statement, &tail)
            if let tail { remainder = String(cString: tail) }
            return rc
        }
        guard rc == SQLITE_OK, let statement else {
            throw database.error(code: rc)
        }
        handle = statement
        self.database = database
        self.remainder = remainder.trimmingWhitespaceAndSemicolons
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Whether the statement leaves the database unchanged.
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    /// Steps once; true while a row is available.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(code: rc)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs the statement to completion and makes it ready for new bindings.
    public func run() throws {
        defer { reset() }
        while try step() {}
    }

    /// Clears the previous execution; bindings are kept until rebound.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Binds a parameter (1-based); nil binds NULL. Likewise for the overloads below.
    public func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    public func bind(_ index: Int32, _ value: Int?) {
        bind(index, value.map(Int64.init))
    }

    public func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    public func bind(_ index: Int32, _ value: String?) {
        guard let value else { sqlite3_bind_null(handle, index); return }
        var copy = value
        copy.withUTF8 { bindText(index, $0) }
    }

    /// Binds UTF-8 bytes as text without making a `String`.
    public func bindText(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            sqlite3_bind_text(handle, index, "", 0, transient)
            return
        }
        UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            _ = sqlite3_bind_text(handle, index, $0, Int32(bytes.count), transient)
        }
    }

    /// Binds bytes as a blob (SQLite copies them).
    public func bindBlob(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), transient)
    }

    /// Binds NULL.
    public func bindNull(_ index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    /// Columns of the result.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// A result column's name.
    public func columnName(_ index: Int32) -> String {
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
    }

    /// The storage class of a column in the current row.
    public func columnType(_ index: Int32) -> Int32 { sqlite3_column_type(handle, index) }

    /// Whether a column of the current row is NULL.
    public func isNull(_ index: Int32) -> Bool { columnType(index) == SQLITE_NULL }

    /// Column values of the current row, 0-based; `text` and the optionals give nil for NULL.
    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    public func double(_ index: Int32) -> Double { sqlite3_column_double(handle, index) }

    public func text(_ index: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    public func optionalInt64(_ index: Int32) -> Int64? { isNull(index) ? nil : int64(index) }

    /// A text column's bytes without copying; valid until the next step or reset.
    public func textBytes(_ index: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let pointer = sqlite3_column_text(handle, index) else { return nil }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, index)))
    }

    /// A blob column's bytes, copied.
    public func blob(_ index: Int32) -> [UInt8]? {
        guard let pointer = sqlite3_column_blob(handle, index) else { return isNull(index) ? nil : [] }
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count).bindMemory(to: UInt8.self))
    }

    public func optionalDouble(_ index: Int32) -> Double? { isNull(index) ? nil : double(index) }
}
