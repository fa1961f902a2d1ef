import CSQLite

/// Functions SQL needs that are written in Swift, registered on a connection.
enum SQLFunctions {
    static func register(on db: SQLiteDatabase) throws {
        try registerDigest(on: db)
        try registerNarrowRecordKeys(on: db)
        try registerStoredCode(on: db)
        try registerStoredRequestID(on: db)
    }

    /// `fclog_stored_request_id(id, request_key)`: what `fclog_span_rows.request_id_raw` keeps for a RequestId
    /// with that key (`StoredCodes.storedTail`): the part after an FC 3.0 id's second as a blob, any other id as text.
    private static func registerStoredRequestID(on db: SQLiteDatabase) throws {
        let rc = sqlite3_create_function_v2(
            db.handle, "fclog_stored_request_id", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, _, arguments in
                let value = arguments?[0]
                guard sqlite3_value_type(value) != SQLITE_NULL, let text = sqlite3_value_text(value) else {
                    sqlite3_result_null(context)
                    return
                }
                let id = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value)))
                let key = sqlite3_value_type(arguments?[1]) == SQLITE_INTEGER ? sqlite3_value_int64(arguments?[1]) : -1
                let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
                if let tail = StoredCodes.storedTail(of: id, key: key) {
                    sqlite3_result_blob64(context, tail.baseAddress ?? text, UInt64(tail.count), transient)
                } else {
                    sqlite3_result_text64(context, UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self), UInt64(id.count),
                                          transient, UInt8(SQLITE_UTF8))
                }
            }, nil, nil, nil)
        guard rc == SQLITE_OK else { throw FCLogError.unusableStore(path: db.path, reason: db.lastErrorMessage) }
    }

    /// `fclog_stored_code(column, value)`: the code `fclog_span_rows` keeps for a value of its generated
    /// column `kind`, `status` or `duration_source` (`StoredCodes`); NULL for NULL or a value it has no code for.
    private static func registerStoredCode(on db: SQLiteDatabase) throws {
        let rc = sqlite3_create_function_v2(
            db.handle, "fclog_stored_code", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, _, arguments in
                func text(_ index: Int) -> String? {
                    sqlite3_value_text(arguments?[index]).map { String(cString: $0) }
                }
                if let column = text(0), let value = text(1), let code = StoredCodes.code(column: column, value: value) {
                    sqlite3_result_int64(context, code)
                } else {
                    sqlite3_result_null(context)
                }
            }, nil, nil, nil)
        guard rc == SQLITE_OK else { throw FCLogError.unusableStore(path: db.path, reason: db.lastErrorMessage) }
    }

    /// `fclog_narrow_record_keys(keys)`: a blob of 64-bit record identities as one of the 48-bit ones stored
    /// since `v15-lean-identities`.
    private static func registerNarrowRecordKeys(on db: SQLiteDatabase) throws {
        let rc = sqlite3_create_function_v2(
            db.handle, "fclog_narrow_record_keys", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, _, arguments in
                let value = arguments?[0]
                let length = Int(sqlite3_value_bytes(value))
                var narrow: [UInt8] = []
                if let wide = sqlite3_value_blob(value) {
                    narrow = RecordKeys.narrowed(UnsafeRawBufferPointer(start: wide, count: length))
                }
                narrow.withUnsafeBytes { bytes in
                    sqlite3_result_blob64(context, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64(bytes.count),
                                          unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                }
            }, nil, nil, nil)
        guard rc == SQLITE_OK else { throw FCLogError.unusableStore(path: db.path, reason: db.lastErrorMessage) }
    }

    /// `fclog_digest(value, …)`: a 64-bit FNV-1a hash of the values with their types, so that rows equal in
    /// every column have equal digests (what a push compares to tell a changed row).
    private static func registerDigest(on db: SQLiteDatabase) throws {
        let rc = sqlite3_create_function_v2(
            db.handle, "fclog_digest", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, count, arguments in
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
                func mix64(_ value: UInt64) { for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: value >> UInt64(shift))) } }
                for index in 0..<Int(count) {
                    let value = arguments?[index]
                    let type = value.map { sqlite3_value_type($0) } ?? SQLITE_NULL
                    mix(UInt8(truncatingIfNeeded: type))
                    switch type {
                    case SQLITE_INTEGER: mix64(UInt64(bitPattern: sqlite3_value_int64(value)))
                    case SQLITE_FLOAT: mix64(sqlite3_value_double(value).bitPattern)
                    case SQLITE_NULL: break
                    default:
                        let length = Int(sqlite3_value_bytes(value))
                        if let text = sqlite3_value_blob(value) {
                            let bytes = text.assumingMemoryBound(to: UInt8.self)
                            for i in 0..<length { mix(bytes[i]) }
                        }
                        mix64(UInt64(length))
                    }
                }
                sqlite3_result_int64(context, Int64(bitPattern: hash))
            }, nil, nil, nil)
        guard rc == SQLITE_OK else { throw FCLogError.unusableStore(path: db.path, reason: db.lastErrorMessage) }
    }
}
