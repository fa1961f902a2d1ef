/// How many spans share each combination of what the report counts of them
/// (`fclog_span_tally`). The writer keeps the changes of a batch in memory, one
/// entry per combination, and adds them to the table when the batch commits.
final class SpanTally {
    typealias Key = SpanTallyKey

    /// Changes to the counts, kept in memory until a commit writes them: no connection needed to count.
    struct Changes {
        private var counts: [Key: Int] = [:]

        /// Counts `n` more (or, negative, fewer) spans under `key`.
        mutating func add(_ key: Key, _ n: Int) {
            counts[key, default: 0] += n
        }

        /// The changes counted so far, which are then forgotten here.
        mutating func take() -> [Key: Int] {
            defer { counts.removeAll(keepingCapacity: true) }
            return counts
        }
    }

    private var changes = Changes()
    private let upsert: SQLiteStatement
    private let dropEmpty: SQLiteStatement
    private let read: SQLiteStatement

    init(database: SQLiteDatabase) throws {
        upsert = try database.prepare("""
            INSERT INTO fclog_span_tally(function, kind, status, error, duration_us, exact, standalone, spans)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            ON CONFLICT(function, kind, status, error, duration_us, exact, standalone) DO UPDATE SET spans = spans + excluded.spans
            """)
        dropEmpty = try database.prepare("""
            DELETE FROM fclog_span_tally
            WHERE function = ?1 AND kind = ?2 AND status = ?3 AND error = ?4 AND duration_us = ?5 AND exact = ?6
              AND standalone = ?7 AND spans = 0
            """)
        read = try database.prepare("SELECT \(Self.keyColumns()) FROM fclog_span_rows WHERE id = ?1")
    }

    /// The `fclog_span_rows` columns a span's key is made of, in the order `key(_:at:)` reads them,
    /// qualified by `table` when given.
    static func keyColumns(of table: String? = nil) -> String {
        let prefix = table.map { $0 + "." } ?? ""
        return ["function", "kind", "status", "error", "duration_us", "duration_source", "instance IS NOT NULL", "start_us", "end_us"]
            .map { prefix + $0 }.joined(separator: ", ")
    }

    /// Counts `n` more (or, negative, fewer) spans under `key`.
    func add(_ key: Key, _ n: Int) {
        changes.add(key, n)
    }

    /// The key of a stored span, as its row says.
    func key(ofSpan id: Int64) throws -> Key? {
        read.bind(1, id)
        defer { read.reset() }
        return try read.step() ? Self.key(read, at: 0) : nil
    }

    /// The key of the span whose `keyColumns` a statement's row holds from column `first`.
    static func key(_ s: SQLiteStatement, at first: Int32) -> Key? {
        guard let phase = Phase(rawValue: s.text(first + 1) ?? "") else { return nil }
        return Key(function: s.text(first) ?? "", phase: phase, status: SpanStatus(rawValue: s.text(first + 2) ?? "") ?? .unfinished,
                   error: s.text(first + 3), duration: s.optionalInt64(first + 4),
                   exact: s.text(first + 5).flatMap(DurationSource.init(rawValue:))?.isExact ?? false,
                   hasInstance: s.int64(first + 6) != 0, start: s.optionalInt64(first + 7), end: s.optionalInt64(first + 8))
    }

    /// Adds the batch's changes to `fclog_span_tally`.
    func flush() throws {
        try write(changes.take())
    }

    /// Adds `changes` to `fclog_span_tally`.
    func write(_ changes: [Key: Int]) throws {
        for (key, n) in changes where n != 0 {
            // Combinations no span has any more (an unfinished span that ended) leave no row behind.
            for s in n > 0 ? [upsert] : [upsert, dropEmpty] {
                s.bind(1, key.function)
                s.bind(2, key.phase.rawValue)
                s.bind(3, key.status.rawValue)
                s.bind(4, key.label ?? "")
                s.bind(5, key.duration ?? -1)
                s.bind(6, key.exact ? 1 : 0)
                s.bind(7, key.standalone ? 1 : 0)
                if s === upsert { s.bind(8, n) }
                try s.run()
            }
        }
    }
}
