import Foundation

/// What a report reads, fetched from ClickHouse into a store in memory, so that `fclog report --from` computes
/// its figures by the same rules, in the same code, as a report of the local store. ClickHouse does the
/// selecting and merging: the newest copy of each row (`FINAL`), the function and window asked for, and
/// for a whole-store report only the summary tables and the spans a report names one by one.
public enum ClickHouseMirror {
    /// What the report needs of the spans.
    public enum Need: Sendable, Equatable {
        /// The summaries, with the spans of no instance, unfinished or failed spans, and each function's
        /// `examples` longest invocations and Initializers.
        case summaries(examples: Int)
        /// Every span of the window (either bound nil for none).
        case spans(since: Int64?, until: Int64?)
    }

    /// One statement's rows for a table of the store: those matching `condition`, or, with `picked`, the rows
    /// whose keys an ordered, limited statement picks (read narrow first, then whole by key).
    struct Read: Sendable {
        var table: SharedTable
        var columns: [SharedTable.Column]
        var condition: String
        var picked: String?
    }

    public static func load(_ client: ClickHouseClient, function: String?, need: Need) async throws -> SQLiteDatabase {
        let db = try Store.openForWriting(path: ":memory:")
        let schema = try SharedSchema(db)
        try await ClickHouseShape.check(client, schema, lines: false)
        let byFunction = function.map { " AND function = " + TabSeparated.quoted($0) } ?? ""
        var reads: [Read] = []
        for (table, columns) in schema.tables where table.tracking == .digest && table.name != "instance_metrics" {
            let own = columns.filter { $0.expression == nil }
            var condition = byFunction
            switch (table.name, need) {
            case ("spans", .summaries(let examples)):
                // What the report reads of the spans besides the summaries: spans of no instance, unfinished ones,
                // failures (their examples), and each function's longest invocations and Initializers.
                condition += " AND (instance IS NULL OR status <> 'ok' OR has_start = 0 OR has_end = 0)"
                let longest = "ORDER BY duration_us DESC, coalesce(start_us, end_us, 0) DESC, request_id DESC, fclog_store DESC, id DESC"
                if examples > 0 {
                    for runs in ["kind = 'invoke' AND status <> 'unfinished'", "kind = 'initialize' AND status = 'ok'"] {
                        reads.append(Read(table: table, columns: own, condition: byFunction,
                                          picked: " AND \(runs) AND duration_us IS NOT NULL \(longest) LIMIT \(examples) BY function"))
                    }
                }
            case let ("spans", .spans(since, until)):
                if let since { condition += " AND coalesce(start_us, end_us) >= \(since)" }
                if let until { condition += " AND coalesce(start_us, end_us) < \(until)" }
                // A function named or with no span in the window is still one of the store's.
                reads.append(Read(table: table, columns: own, condition: byFunction, picked: " ORDER BY fclog_store, id LIMIT 1 BY function"))
            case ("request_metrics", _):
                condition += " AND is_cold_start = 1"
            default:
                break
            }
            reads.append(Read(table: table, columns: own, condition: condition))
        }
        // ClickHouse answers every statement at once; the store in memory takes the answers one by one.
        async let ordinals = storeOrdinals(client, function: function)
        let answers = try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            for (index, read) in reads.enumerated() {
                group.addTask { (index, try await fetch(read, client: client)) }
            }
            var answers: [Int: Data] = [:]
            for try await (index, data) in group { answers[index] = data }
            return answers
        }
        let stores = try await ordinals
        try db.execute("BEGIN")
        for (index, read) in reads.enumerated() {
            try insert(answers[index] ?? Data(), read.table, read.columns, client: client, stores: stores, into: db)
        }
        try db.execute("COMMIT")
        return db
    }

    /// The rows of a read, as ClickHouse's TabSeparated answer: the store's id, then the columns.
    static func fetch(_ read: Read, client: ClickHouseClient) async throws -> Data {
        let database = client.target.database
        let names = read.columns.map { "`\($0.name)`" }.joined(separator: ", ")
        var condition = read.condition
        if let picked = read.picked {
            let keys = TabSeparated.rows(try await client.run("""
                SELECT function, fclog_store, fclog_key FROM \(database).\(read.table.name) FINAL WHERE fclog_deleted = 0\(read.condition)\(picked)
                FORMAT TabSeparated
                """, settings: readSettings)).map { row in
                "(" + row.map { TabSeparated.quoted($0 ?? "") }.joined(separator: ", ") + ")"
            }
            guard !keys.isEmpty else { return Data() }
            // The whole key, so that ClickHouse reads only the parts that hold these rows.
            condition = " AND (function, fclog_store, toString(fclog_key)) IN (\(keys.joined(separator: ", ")))"
        }
        return try await client.run("""
            SELECT fclog_store, \(names) FROM \(database).\(read.table.name) FINAL WHERE fclog_deleted = 0\(condition)
            FORMAT TabSeparated
            """, settings: readSettings)
    }

    /// Each store's place among those in ClickHouse: ids of the store's own are numbered apart by it. A
    /// function whose rows came from two stores cannot be reported on, for two stores number spans and
    /// instances on their own.
    static func storeOrdinals(_ client: ClickHouseClient, function: String?) async throws -> [String: Int64] {
        let data = try await client.run("""
            SELECT function, groupUniqArray(fclog_store) FROM \(client.target.database).spans FINAL WHERE fclog_deleted = 0 GROUP BY function
            FORMAT TabSeparated
            """, settings: readSettings)
        var all = Set<String>()
        for row in TabSeparated.rows(data) where row.count == 2 {
            let stores = parseArray(row[1] ?? "")
            if stores.count > 1 {
                throw FCLogError.clickHouse("the function '\(row[0] ?? "")' was pushed from \(stores.count) stores; a function's logs must go to one "
                    + "worker, whose store alone pushes it (forget it from all but one and push again)")
            }
            all.formUnion(stores)
        }
        let sorted = all.sorted()
        return Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($0.element, Int64($0.offset)) })
    }

    /// Ids a store numbers for itself, kept apart in the store in memory: the store's place above 2^40.
    static func mirroredID(_ id: Int64, ordinal: Int64) -> Int64 {
        (ordinal << 40) + id
    }

    /// The store and its own id that a mirrored id stands for.
    static func storeAndID(_ mirrored: Int64, stores: [String: Int64]) -> (store: String, id: Int64)? {
        guard mirrored >= 0, let store = stores.first(where: { $0.value == mirrored >> 40 })?.key else { return nil }
        return (store, mirrored & ((1 << 40) - 1))
    }

    /// `['a','b']` as ClickHouse writes an array of strings.
    static func parseArray(_ text: String) -> [String] {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").map {
            String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }.filter { !$0.isEmpty }
    }

    /// Conditions on columns apply after the newest copies are picked, never before (`PREWHERE`).
    static let readSettings = ["optimize_move_to_prewhere": "0", "readonly": "1"]

    static func copy(_ table: SharedTable, _ columns: [SharedTable.Column], condition: String, client: ClickHouseClient,
                     stores: [String: Int64], into db: SQLiteDatabase, target: String? = nil) async throws {
        let data = try await fetch(Read(table: table, columns: columns, condition: condition), client: client)
        try insert(data, table, columns, client: client, stores: stores, into: db, target: target)
    }

    /// Inserts a read's answer into the store in memory, numbering each store's own ids apart.
    static func insert(_ data: Data, _ table: SharedTable, _ columns: [SharedTable.Column], client: ClickHouseClient,
                       stores: [String: Int64], into db: SQLiteDatabase, target: String? = nil) throws {
        // A span's generated columns are written as the codes they are generated from.
        func parameter(_ name: String) -> String { columns.firstIndex { $0.name == name }.map { "?\($0 + 1)" } ?? "NULL" }
        let stored = columns.enumerated().map { index, column in
            (table.source == "fclog_span_rows"
                ? StoredCodes.stored(column.name, value: "?\(index + 1)", start: parameter("start_us"), requestKey: parameter("request_key")) : nil)
                ?? (column.name, "?\(index + 1)")
        }
        let list = stored.map(\.column).joined(separator: ", ")
        let values = stored.map(\.sql).joined(separator: ", ")
        // Tallies of one function from two stores would add up; the check above keeps a function to one store.
        let insert = try db.prepare(table.name == "span_tally"
            ? "INSERT INTO \(table.source)(\(list)) VALUES (\(values)) ON CONFLICT DO UPDATE SET spans = spans + excluded.spans"
            : "INSERT OR IGNORE INTO \(target ?? table.source)(\(list)) VALUES (\(values))")
        let renumbered = columns.map(SharedTable.isStoreID)
        try TabSeparated.forEachRow(data) { row in
            guard row.count == columns.count + 1 else {
                throw FCLogError.clickHouse("ClickHouse at \(client.target.name) answered a row of \(row.count) fields for \(table.name), not \(columns.count + 1)")
            }
            let ordinal = row[0].flatMap { stores[$0] } ?? 0
            insert.reset()
            for (index, column) in columns.enumerated() {
                let position = Int32(index + 1)
                guard let text = row[index + 1] else {
                    insert.bindNull(position)
                    continue
                }
                switch column.type.uppercased() {
                case "INTEGER":
                    guard let value = Int64(text) else { insert.bind(position, text); continue }
                    insert.bind(position, renumbered[index] ? mirroredID(value, ordinal: ordinal) : value)
                case "REAL": insert.bind(position, Double(text))
                default: insert.bind(position, text)
                }
            }
            try insert.run()
        }
    }
}
