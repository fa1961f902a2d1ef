import Foundation

extension ClickHouseMirror {
    /// What `fclog show ID --from` reads, fetched into a store in memory: the spans of the RequestIds and
    /// instances that `id` names or begins (at most 11 of each, enough to tell an ambiguous prefix), the span
    /// a number names, and what the story shows of them: instances and their summaries, instance events,
    /// and for requests their request metrics and lines.
    public static func loadStory(_ client: ClickHouseClient, id raw: String) async throws -> SQLiteDatabase {
        let db = try Store.openForWriting(path: ":memory:")
        let schema = try SharedSchema(db)
        try await ClickHouseShape.check(client, schema, lines: false)
        let stores = try await storeOrdinals(client, function: nil)
        let id = try StoryReader.normalisedID(raw)
        let pattern = TabSeparated.quoted("^" + prefixPattern(id))
        let database = client.target.database
        let requests = try await strings(client, """
            SELECT DISTINCT request_id FROM \(database).spans FINAL WHERE fclog_deleted = 0 AND match(request_id, \(pattern)) LIMIT 11
            """)
        let instances = try await strings(client, """
            SELECT DISTINCT instance_id FROM \(database).instances FINAL WHERE fclog_deleted = 0 AND match(instance_id, \(pattern)) LIMIT 11
            """)
        // A span id as the story numbers it: the store's place among those in ClickHouse, then its own id there.
        var number = ""
        var localNumber = ""
        if let n = Int64(id), let (store, own) = storeAndID(n, stores: stores) {
            number = " OR (fclog_store = \(TabSeparated.quoted(store)) AND id = \(own))"
            localNumber = " OR id = \(n)"
        }
        let requestList = list(requests)
        let instanceList = list(instances)
        let tables = Dictionary(uniqueKeysWithValues: schema.tables.map { ($0.table.name, $0) })
        func copy(_ name: String, _ condition: String) async throws {
            guard let (table, columns) = tables[name] else { return }
            try await ClickHouseMirror.copy(table, columns.filter { $0.expression == nil }, condition: " AND (\(condition))", client: client,
                                            stores: stores, into: db)
        }
        let spans = "request_id IN \(requestList) OR instance_id IN \(instanceList)\(number)"
        // The instances of the spans read, and of those named.
        let spanInstances = try await strings(client, """
            SELECT DISTINCT instance_id FROM \(database).spans FINAL WHERE fclog_deleted = 0 AND (\(spans)) AND instance_id IS NOT NULL
            """)
        try db.execute("BEGIN")
        try await copy("spans", spans)
        let allInstances = list(Array(Set(instances + spanInstances)))
        try await copy("instances", "instance_id IN \(allInstances)")
        try await copy("instance_summaries", "instance_id IN \(allInstances)")
        try await copy("instance_events", "instance_id IN \(allInstances)")
        try await copy("request_metrics", "request_id IN \(requestList)")
        try db.execute("COMMIT")
        if try await hasLines(client) {
            try await copyLines(client, db: db, stores: stores, requests: requestList, number: localNumber)
        }
        return db
    }

    /// The lines of the requests named (or the span numbered), packed into the store's line blocks.
    private static func copyLines(_ client: ClickHouseClient, db: SQLiteDatabase, stores: [String: Int64], requests: String, number: String) async throws {
        let columns = SharedTable.lineColumns
        try db.execute("""
            CREATE TEMP TABLE fclog_story_lines(id INTEGER, input_id INTEGER, line_no INTEGER, time TEXT, function TEXT, instance_id TEXT,
                                                request_id TEXT, span_id INTEGER, level TEXT, kind TEXT, message TEXT)
            """)
        var pairs: [String] = []
        let read = try db.prepare("SELECT id FROM fclog_span_rows WHERE request_id IN \(requests)\(number)")
        while try read.step() {
            guard let (store, own) = storeAndID(read.int64(0), stores: stores) else { continue }
            pairs.append("(\(TabSeparated.quoted(store)), \(own))")
        }
        guard !pairs.isEmpty, let table = SharedTable.all.first(where: { $0.name == "lines" }) else { return }
        try db.execute("BEGIN")
        for chunk in stride(from: 0, to: pairs.count, by: 500) {
            let some = pairs[chunk..<min(chunk + 500, pairs.count)].joined(separator: ", ")
            try await copy(table, columns, condition: " AND (fclog_store, span_id) IN (\(some))", client: client, stores: stores, into: db,
                           target: "temp.fclog_story_lines")
        }
        // Lines as the store keeps them: the time in milliseconds, the kind as its code, a block per 2,048 ids of an input.
        typealias LineKind = StoreWriter.LineKind
        try db.execute("""
            INSERT INTO fclog_line_blocks(id, last_id, input_id, lines, data)
            SELECT min(id), max(id), input_id, count(*),
                   fclog_line_block(id, line_no,
                                    CAST(strftime('%s', substr(time, 1, 19)) AS INTEGER) * 1000 + CAST(substr(time, 21, 3) AS INTEGER),
                                    span_id, function, instance_id, request_id, level,
                                    CASE kind WHEN 'user' THEN \(LineKind.user.rawValue) WHEN 'runtime' THEN \(LineKind.runtime.rawValue)
                                         WHEN 'summary' THEN \(LineKind.summary.rawValue) ELSE \(LineKind.marker.rawValue) END, message)
            FROM (SELECT * FROM temp.fclog_story_lines ORDER BY id) GROUP BY input_id, id >> 11;
            INSERT OR IGNORE INTO fclog_line_spans(span_id, block_id)
            SELECT l.span_id, b.id FROM temp.fclog_story_lines l JOIN fclog_line_blocks b ON l.id BETWEEN b.id AND b.last_id
            WHERE l.span_id IS NOT NULL;
            DROP TABLE temp.fclog_story_lines;
            COMMIT;
            """)
    }

    /// A regular expression for ids that begin with `id`, `*` standing for any one character.
    static func prefixPattern(_ id: String) -> String {
        id.map { character -> String in
            switch character {
            case "*": "."
            case _ where "\\.^$|?+()[]{}".contains(character): "\\" + String(character)
            default: String(character)
            }
        }.joined()
    }

    private static func list(_ values: [String]) -> String {
        "(" + (values.isEmpty ? "NULL" : values.sorted().map(TabSeparated.quoted).joined(separator: ", ")) + ")"
    }

    private static func strings(_ client: ClickHouseClient, _ sql: String) async throws -> [String] {
        TabSeparated.rows(try await client.run(sql + "\nFORMAT TabSeparated", settings: readSettings)).compactMap { $0.first ?? nil }
    }

    private static func hasLines(_ client: ClickHouseClient) async throws -> Bool {
        let found = try await strings(client, "SELECT count() FROM system.tables WHERE database = \(TabSeparated.quoted(client.target.database)) AND name = 'lines'")
        return found.first == "1"
    }
}
