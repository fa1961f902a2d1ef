import Foundation

/// Sends what the store holds and ClickHouse does not yet. Each row's digest is kept in the store
/// (`fclog_push_marks`) once ClickHouse has taken its batch, so a push sends only new and changed rows,
/// tombstones for rows deleted since, and the lines after the last one sent. Every row carries the store's
/// id and its key there, and the push's version: sending a row again (after an interrupted push) leaves
/// one copy, the newest, once ClickHouse merges, and reads use `FINAL`.
public struct ClickHousePush: Sendable {
    public struct Outcome: Sendable, Equatable {
        /// Rows sent per table, tombstones included, in the order the tables were sent.
        public var rows: [(table: String, sent: Int)] = []
        public var tombstones = 0
        public var unchanged = 0
        public var requests = 0
        public var bytes = 0

        public static func == (a: Outcome, b: Outcome) -> Bool {
            a.rows.map(\.table) == b.rows.map(\.table) && a.rows.map(\.sent) == b.rows.map(\.sent)
                && (a.tombstones, a.unchanged, a.requests, a.bytes) == (b.tombstones, b.unchanged, b.requests, b.bytes)
        }

        public var text: String {
            let sent = rows.filter { $0.sent > 0 }.map { "\($0.sent) \($0.table)" }
            var text = sent.isEmpty ? "nothing new to send" : "sent " + sent.joined(separator: ", ")
            text += " in \(requests) request\(requests == 1 ? "" : "s") (\(bytes) bytes)"
            if tombstones > 0 { text += "; \(tombstones) of them deletions" }
            if unchanged > 0 { text += "; \(unchanged) rows unchanged since the last push" }
            return text
        }
    }

    /// Where a push records what ClickHouse has taken.
    public enum Ledger: Sendable {
        /// The store's own tables.
        case store
        /// This connection's temporary copies of them (`beginSession`), for pushes while an ingest holds the
        /// store's write lock; `endSession` writes them to the store once it is free.
        case session
    }

    public var client: ClickHouseClient
    public var ledger = Ledger.store
    /// Rows per request, at most; a request also ends at `batchBytes`.
    public var batchRows = 20_000
    public var batchBytes = 8 << 20
    public var lines = true

    public init(client: ClickHouseClient) {
        self.client = client
    }

    public func run(_ db: SQLiteDatabase) async throws -> Outcome {
        let schema = try SharedSchema(db)
        try await ClickHouseShape.check(client, schema, lines: lines)
        let store = try Self.storeID(db)
        let version = UInt64(max(ReportOptions.currentMicros(), 1))
        var outcome = Outcome()
        for (table, columns) in schema.tables {
            switch table.tracking {
            case .digest:
                let sent = try await pushChanged(table, columns, db, store: store, version: version, &outcome)
                outcome.rows.append((table.name, sent))
            case .watermark:
                guard lines else { continue }
                let sent = try await pushNew(table, columns, db, store: store, version: version, &outcome)
                outcome.rows.append((table.name, sent))
            }
        }
        return outcome
    }

    /// The store's id in ClickHouse: made at its first push, kept in `fclog_settings`.
    public static func storeID(_ db: SQLiteDatabase) throws -> String {
        let read = try db.prepare("SELECT value FROM fclog_settings WHERE name = 'store_id'")
        if try read.step(), let id = read.text(0) { return id }
        let id = (0..<2).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.map { String(repeating: "0", count: 16 - $0.count) + $0 }.joined()
        let write = try db.prepare("INSERT INTO fclog_settings(name, value) VALUES ('store_id', ?1)")
        write.bind(1, id)
        try write.run()
        return id
    }

    private var marks: String { ledger == .store ? "main.fclog_push_marks" : "temp.fclog_session_marks" }
    private var watermarks: String { ledger == .store ? "main.fclog_push_watermarks" : "temp.fclog_session_watermarks" }
    /// A session's writes touch its temporary tables alone, which need no lock on the store.
    private var beginMarking: String { ledger == .store ? "BEGIN IMMEDIATE" : "BEGIN" }

    /// Copies what the store records of pushes into this connection's temporary tables, where pushes
    /// with the `session` ledger record theirs.
    public static func beginSession(_ db: SQLiteDatabase) throws {
        try db.execute("""
            DROP TABLE IF EXISTS temp.fclog_session_marks;
            DROP TABLE IF EXISTS temp.fclog_session_watermarks;
            CREATE TEMP TABLE fclog_session_marks(target TEXT NOT NULL, tbl TEXT NOT NULL, key INTEGER NOT NULL, digest INTEGER NOT NULL,
                                                  function TEXT NOT NULL, PRIMARY KEY (target, tbl, key)) WITHOUT ROWID;
            CREATE TEMP TABLE fclog_session_watermarks(target TEXT NOT NULL, tbl TEXT NOT NULL, last_id INTEGER NOT NULL,
                                                       PRIMARY KEY (target, tbl)) WITHOUT ROWID;
            INSERT INTO temp.fclog_session_marks SELECT target, tbl, key, digest, function FROM main.fclog_push_marks;
            INSERT INTO temp.fclog_session_watermarks SELECT target, tbl, last_id FROM main.fclog_push_watermarks;
            """)
    }

    /// Writes what the session's pushes recorded to the store, in one transaction.
    public static func endSession(_ db: SQLiteDatabase) throws {
        try db.execute("BEGIN IMMEDIATE")
        do {
            try db.execute("""
                DELETE FROM main.fclog_push_marks;
                INSERT INTO main.fclog_push_marks SELECT target, tbl, key, digest, function FROM temp.fclog_session_marks;
                DELETE FROM main.fclog_push_watermarks;
                INSERT INTO main.fclog_push_watermarks SELECT target, tbl, last_id FROM temp.fclog_session_watermarks;
                COMMIT;
                DROP TABLE temp.fclog_session_marks;
                DROP TABLE temp.fclog_session_watermarks;
                """)
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    /// The `json_object(…)` of a row as ClickHouse takes it, `t` being the table's alias.
    static func json(_ table: SharedTable, _ columns: [SharedTable.Column]) -> String {
        let values = columns.map { column -> String in
            let value = column.expression ?? "t.\(column.name)"
            switch column.type.uppercased() {
            case _ where column.name == "function": return "'\(column.name)', coalesce(\(value), '')"
            case "REAL": return "'\(column.name)', CAST(\(value) AS REAL)"
            default: return "'\(column.name)', \(value)"
            }
        }
        return "json_object('fclog_store', ?1, 'fclog_key', \(key(table, columns)), 'fclog_version', ?2, 'fclog_deleted', 0, "
            + values.joined(separator: ", ") + ")"
    }

    static func key(_ table: SharedTable, _ columns: [SharedTable.Column]) -> String {
        switch table.key {
        case .id: "t.id"
        case let .columns(names): "fclog_digest(" + names.map { "t." + $0 }.joined(separator: ", ") + ")"
        }
    }

    /// The SQL of a row's digest over the columns pushed (`t` is the row), which a push compares with the last push's.
    static func digest(_ columns: [SharedTable.Column]) -> String {
        "fclog_digest(" + columns.map { $0.expression ?? "t.\($0.name)" }.joined(separator: ", ") + ")"
    }

    /// Sends the rows whose digest differs from the one kept at the last push, and tombstones for the rows kept then and gone now.
    private func pushChanged(_ table: SharedTable, _ columns: [SharedTable.Column], _ db: SQLiteDatabase, store: String, version: UInt64,
                             _ outcome: inout Outcome) async throws -> Int {
        let key = Self.key(table, columns)
        let digest = Self.digest(columns)
        try db.execute("""
            DROP TABLE IF EXISTS temp.fclog_push_rows;
            CREATE TEMP TABLE fclog_push_rows(key INTEGER NOT NULL, digest INTEGER, function TEXT NOT NULL, json TEXT NOT NULL);
            DROP TABLE IF EXISTS temp.fclog_push_keys;
            CREATE TEMP TABLE fclog_push_keys(key INTEGER PRIMARY KEY);
            """)
        defer { try? db.execute("DROP TABLE IF EXISTS temp.fclog_push_rows; DROP TABLE IF EXISTS temp.fclog_push_keys") }
        let target = client.target.name
        let changed = try db.prepare("""
            INSERT INTO temp.fclog_push_rows(key, digest, function, json)
            SELECT r.k, r.d, r.f, r.j FROM (SELECT \(key) AS k, \(digest) AS d, coalesce(t.function, '') AS f, \(Self.json(table, columns)) AS j
                                           FROM \(table.source) t) r
            LEFT JOIN \(marks) m ON m.target = ?3 AND m.tbl = ?4 AND m.key = r.k
            WHERE m.digest IS NOT r.d
            """)
        changed.bind(1, store)
        changed.bind(2, Int64(bitPattern: version))
        changed.bind(3, target)
        changed.bind(4, table.name)
        try changed.run()
        try db.execute("INSERT OR IGNORE INTO temp.fclog_push_keys(key) SELECT \(key) FROM \(table.source) t")
        let gone = try db.prepare("""
            INSERT INTO temp.fclog_push_rows(key, digest, function, json)
            SELECT m.key, NULL, m.function,
                   json_object('fclog_store', ?1, 'fclog_key', m.key, 'fclog_version', ?2, 'fclog_deleted', 1, 'function', m.function)
            FROM \(marks) m WHERE m.target = ?3 AND m.tbl = ?4 AND m.key NOT IN (SELECT key FROM temp.fclog_push_keys)
            """)
        gone.bind(1, store)
        gone.bind(2, Int64(bitPattern: version))
        gone.bind(3, target)
        gone.bind(4, table.name)
        try gone.run()
        let kept = try db.scalarInt("SELECT count(*) FROM temp.fclog_push_keys") ?? 0
        let tombstones = try db.scalarInt("SELECT count(*) FROM temp.fclog_push_rows WHERE digest IS NULL") ?? 0
        outcome.unchanged += Int(kept - ((try db.scalarInt("SELECT count(*) FROM temp.fclog_push_rows") ?? 0) - tombstones))
        outcome.tombstones += Int(tombstones)

        let page = try db.prepare("SELECT rowid, key, digest, function, json FROM temp.fclog_push_rows WHERE rowid > ?1 ORDER BY rowid")
        let mark = try db.prepare("INSERT OR REPLACE INTO \(marks)(target, tbl, key, digest, function) VALUES (?1, ?2, ?3, ?4, ?5)")
        let unmark = try db.prepare("DELETE FROM \(marks) WHERE target = ?1 AND tbl = ?2 AND key = ?3")
        var after: Int64 = 0
        var sent = 0
        while true {
            page.reset()
            page.bind(1, after)
            var body = Data()
            var marked: [(key: Int64, digest: Int64?, function: String)] = []
            while body.count < batchBytes, marked.count < batchRows, try page.step() {
                after = page.int64(0)
                marked.append((page.int64(1), page.optionalInt64(2), page.text(3) ?? ""))
                if let json = page.textBytes(4) { body.append(json.baseAddress!, count: json.count) }
                body.append(0x0A)
            }
            page.reset()
            guard !marked.isEmpty else { break }
            try await insert(table, body, &outcome)
            // Marked only once ClickHouse has the batch: an interrupted push sends it again.
            try db.execute(beginMarking)
            do {
                for row in marked {
                    if let digest = row.digest {
                        mark.reset()
                        mark.bind(1, target)
                        mark.bind(2, table.name)
                        mark.bind(3, row.key)
                        mark.bind(4, digest)
                        mark.bind(5, row.function)
                        try mark.run()
                    } else {
                        unmark.reset()
                        unmark.bind(1, target)
                        unmark.bind(2, table.name)
                        unmark.bind(3, row.key)
                        try unmark.run()
                    }
                }
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
            sent += marked.count
        }
        return sent
    }

    /// Sends the rows after the last id sent.
    private func pushNew(_ table: SharedTable, _ columns: [SharedTable.Column], _ db: SQLiteDatabase, store: String, version: UInt64,
                         _ outcome: inout Outcome) async throws -> Int {
        let target = client.target.name
        let last = try db.prepare("SELECT last_id FROM \(watermarks) WHERE target = ?1 AND tbl = ?2")
        last.bind(1, target)
        last.bind(2, table.name)
        var after = try last.step() ? last.int64(0) : 0
        let page = try db.prepare("SELECT t.id, \(Self.json(table, columns)) FROM \(table.source) t WHERE t.id > ?3 ORDER BY t.id")
        let save = try db.prepare("INSERT OR REPLACE INTO \(watermarks)(target, tbl, last_id) VALUES (?1, ?2, ?3)")
        var sent = 0
        while true {
            page.reset()
            page.bind(1, store)
            page.bind(2, Int64(bitPattern: version))
            page.bind(3, after)
            var body = Data()
            var rows = 0
            var end = after
            while body.count < batchBytes, rows < batchRows, try page.step() {
                end = page.int64(0)
                if let json = page.textBytes(1) { body.append(json.baseAddress!, count: json.count) }
                body.append(0x0A)
                rows += 1
            }
            page.reset()
            guard rows > 0 else { break }
            try await insert(table, body, &outcome)
            save.reset()
            save.bind(1, target)
            save.bind(2, table.name)
            save.bind(3, end)
            try save.run()
            after = end
            sent += rows
        }
        return sent
    }

    private func insert(_ table: SharedTable, _ body: Data, _ outcome: inout Outcome) async throws {
        // Synchronous through a Distributed table, so that an answer of 200 means the shards hold the rows.
        _ = try await client.run("INSERT INTO \(client.target.database).\(table.name) FORMAT JSONEachRow", data: body,
                                 settings: ["insert_distributed_sync": "1", "input_format_skip_unknown_fields": "0"])
        outcome.requests += 1
        outcome.bytes += body.count
    }
}
