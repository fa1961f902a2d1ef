import CSQLite

/// Rules of the field reference that SQL needs, registered on a connection so
/// that each is written once, in Swift.
enum SQLFunctions {
    /// `fclog_billed_ms(duration_us, step_ms)`: `Billing.billedMillis`; NULL when the duration is.
    static func register(on db: SQLiteDatabase) throws {
        let rc = sqlite3_create_function_v2(
            db.handle, "fclog_billed_ms", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, _, arguments in
                guard let arguments, let duration = arguments[0], sqlite3_value_type(duration) != SQLITE_NULL else {
                    sqlite3_result_null(context)
                    return
                }
                let step = arguments[1].map { sqlite3_value_int64($0) } ?? 1
                sqlite3_result_int64(context, Billing.billedMillis(durationMicros: sqlite3_value_int64(duration), stepMillis: step))
            }, nil, nil, nil)
        guard rc == SQLITE_OK else { throw FCLogError.unusableStore(path: db.path, reason: db.lastErrorMessage) }
    }
}
