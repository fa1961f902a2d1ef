import CSQLite

/// Runs a user's SQL against a store opened read-only. A statement that
/// would write, attach another database or change a setting is refused
/// before it runs.
public enum QueryRunner {
    /// Statements that change a database, refused before SQLite sees them.
    static let writingStatements: Set<String> = [
        "INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT", "DROP", "CREATE", "ALTER", "VACUUM", "ATTACH", "DETACH",
        "REINDEX", "ANALYZE",
    ]

    /// Pragmas whose argument names what to describe, not a value to set.
    static let pragmasWithArgument: Set<String> = [
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "integrity_check", "quick_check",
    ]
    /// Pragmas that only report when read without a value.
    static let readablePragmas: Set<String> = [
        "database_list", "collation_list", "function_list", "module_list", "pragma_list", "compile_options",
        "user_version", "schema_version", "application_id", "page_count", "page_size", "freelist_count", "encoding",
        "journal_mode", "foreign_keys",
    ]

    /// Bounds on a running query: a time limit, and a check for the user's Ctrl-C.
    public final class Limits {
        public let deadline: Double?
        public let timeoutSeconds: Double?
        public let isCancelled: () -> Bool
        var timedOut = false

        public init(timeoutSeconds: Double? = nil, isCancelled: @escaping () -> Bool = { false }) {
            self.timeoutSeconds = timeoutSeconds
            deadline = timeoutSeconds.map { Clock.now() + $0 }
            self.isCancelled = isCancelled
        }

        /// Called by SQLite every few thousand steps; true stops the query.
        func shouldStop() -> Bool {
            if isCancelled() { return true }
            if let deadline, Clock.now() > deadline {
                timedOut = true
                return true
            }
            return false
        }
    }

    /// Runs `sql` (one statement) and collects its rows.
    public static func run(_ sql: String, on database: SQLiteDatabase, limits: Limits = Limits(),
                           parameters: [String: String] = [:]) throws -> QueryResult {
        var result = QueryResult(columns: [], rows: [])
        try run(sql, on: database, limits: limits, parameters: parameters, columns: { result.columns = $0 }, row: { result.rows.append($0) })
        return result
    }

    /// Streams the rows of `sql` to `row`, after `columns` gets the names. `parameters` bind by name (`:name`,
    /// `@name`, `$name`) or number (`?1`, or `1` for the first `?`); the time limit covers what `row` does.
    public static func run(_ sql: String, on database: SQLiteDatabase, limits: Limits = Limits(), parameters: [String: String] = [:],
                           columns: ([String]) throws -> Void, row: ([QueryValue]) throws -> Void) throws {
        let context = Unmanaged.passUnretained(limits).toOpaque()
        sqlite3_progress_handler(database.handle, 10_000, { pointer in
            Unmanaged<Limits>.fromOpaque(pointer!).takeUnretainedValue().shouldStop() ? 1 : 0
        }, context)
        defer { sqlite3_progress_handler(database.handle, 0, nil, nil) }
        do {
            try withExtendedLifetime(limits) {
                try runStatement(sql, on: database, parameters: parameters, columns: columns) { values in
                    try row(values)
                    // The limit holds while the output is written too (a slow pipe, a pager).
                    if limits.shouldStop() { throw FCLogError.interrupted }
                }
            }
        } catch FCLogError.interrupted {
            if limits.timedOut, let seconds = limits.timeoutSeconds {
                throw FCLogError.queryTimedOut(seconds: seconds)
            }
            throw FCLogError.interrupted
        }
    }

    static let deniedFunctions: Set<String> = ["fts3_tokenizer", "load_extension"]

    private static func runStatement(_ sql: String, on database: SQLiteDatabase, parameters: [String: String],
                                     columns: ([String]) throws -> Void, row: ([QueryValue]) throws -> Void) throws {
        let trimmed = sql.trimmingWhitespaceAndSemicolons
        guard !trimmed.isEmpty else { throw FCLogError.invalidArgument("the query is empty") }
        sqlite3_set_authorizer(database.handle, { _, action, name, value, _, _ in
            switch action {
            case SQLITE_ATTACH, SQLITE_DETACH:
                return SQLITE_DENY
            case SQLITE_FUNCTION:
                // fts3_tokenizer('name') returns a code pointer of the library; load_extension runs foreign code.
                guard let value else { return SQLITE_OK }
                return QueryRunner.deniedFunctions.contains(String(cString: value).lowercased()) ? SQLITE_DENY : SQLITE_OK
            case SQLITE_PRAGMA:
                // Informational pragmas (pragma_table_info and friends) are allowed; anything that sets is not.
                guard let name else { return SQLITE_DENY }
                let pragma = String(cString: name).lowercased()
                if QueryRunner.pragmasWithArgument.contains(pragma) { return SQLITE_OK }
                return value == nil && QueryRunner.readablePragmas.contains(pragma) ? SQLITE_OK : SQLITE_DENY
            default:
                return SQLITE_OK
            }
        }, nil)
        defer { sqlite3_set_authorizer(database.handle, nil, nil) }
        let firstWord = trimmed.prefix { $0.isLetter }.uppercased()
        if writingStatements.contains(firstWord) {
            throw FCLogError.writeRefused(statement: trimmed)
        }
        let statement: SQLiteStatement
        do {
            statement = try database.prepare(trimmed)
        } catch let FCLogError.sqlite(message) where message.contains("not authorized") || message.contains("cannot modify") {
            throw FCLogError.writeRefused(statement: trimmed)
        }
        guard statement.isReadOnly else { throw FCLogError.writeRefused(statement: trimmed) }
        guard statement.remainder.isEmpty else {
            throw FCLogError.invalidArgument("fclog query runs one statement at a time; this follows the first: \(statement.remainder)")
        }
        try bind(parameters, to: statement)
        let count = statement.columnCount
        try columns((0..<count).map(statement.columnName))
        while try statement.step() {
            var values: [QueryValue] = []
            values.reserveCapacity(Int(count))
            for index in 0..<count {
                switch statement.columnType(index) {
                case SQLITE_INTEGER: values.append(.integer(statement.int64(index)))
                case SQLITE_FLOAT: values.append(.real(statement.double(index)))
                case SQLITE_NULL: values.append(.null)
                case SQLITE_BLOB: values.append(.blob(statement.blob(index) ?? []))
                default: values.append(.text(statement.text(index) ?? ""))
                }
            }
            try row(values)
        }
    }
}

extension QueryRunner {
    /// Binds each parameter of the statement from `parameters`; one without a value, or a value the statement
    /// has no parameter for, is an error naming it. Whole numbers bind as integers, other numbers as reals.
    static func bind(_ parameters: [String: String], to statement: SQLiteStatement) throws {
        var used = Set<String>()
        let count = sqlite3_bind_parameter_count(statement.handle)
        for index in stride(from: Int32(1), through: count, by: 1) {
            // `:name`, `@name`, `$name` and `?NNN` are named by what follows their sign; a bare `?` by its number.
            let written = sqlite3_bind_parameter_name(statement.handle, index).map { String(cString: $0) }
            let name = written.map { String($0.dropFirst()) } ?? String(index)
            guard let value = parameters[name] else {
                throw FCLogError.invalidArgument("the query's parameter \(written ?? "?\(index)") has no value: give --param \(name)=VALUE")
            }
            used.insert(name)
            if let integer = Int64(value) {
                statement.bind(index, integer)
            } else if let real = Double(value), real.isFinite, value.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
                statement.bind(index, real)
            } else {
                statement.bind(index, value)
            }
        }
        if let unused = parameters.keys.sorted().first(where: { !used.contains($0) }) {
            throw FCLogError.invalidArgument("--param \(unused): the query has no parameter :\(unused)")
        }
    }
}

extension String {
    /// The statement without surrounding blanks and trailing semicolons.
    var trimmingWhitespaceAndSemicolons: String {
        var scalars = Substring(self)
        while let last = scalars.last, last.isWhitespace || last == ";" { scalars.removeLast() }
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        return String(scalars)
    }
}
