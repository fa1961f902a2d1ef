@testable import FCLogCore
import Foundation
import Testing

@Suite("The store")
struct StoreTests {
    @Test func migrationsAreRecordedByName() throws {
        let store = try TestStore()
        try store.ingest("FC Invoke Start RequestId: r-schema001")
        #expect(try store.rows("SELECT name FROM fclog_migrations ORDER BY rowid") == Schema.migrator.migrations.map(\.name))
    }

    /// A cold start's record finds its Initializer among the spans of its instance (or of its RequestId), not
    /// among every Initializer of its function: read that way, linking grew with the square of the instances.
    @Test func aPendingColdStartSearchesItsInstancesSpans() throws {
        let store = try TestStore()
        try store.ingest("")
        let database = try SQLiteDatabase(path: store.path, mode: .readOnly)
        let steps = try database.prepare("EXPLAIN QUERY PLAN \(PendingMetrics.initializerSQL)")
        var details: [String] = []
        while try steps.step() { details.append(steps.text(3) ?? "") }
        #expect(details.contains { $0.contains("span_rows_by_instance") }, "\(details)")
        #expect(details.contains { $0.contains("span_rows_by_request") }, "\(details)")
        #expect(!details.contains { $0.contains("span_rows_long") || $0.hasPrefix("SCAN fclog_span_rows") }, "\(details)")
    }

    @Test func documentedColumnsExist() throws {
        let store = try TestStore()
        try store.ingest("")
        let columns = try store.rows("SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type IN ('table', 'view')")
        for column in ["spans.id", "spans.function", "spans.instance_id", "spans.request_id", "spans.kind", "spans.status",
                       "spans.error", "spans.start_time", "spans.end_time", "spans.duration_ms", "spans.billed_ms",
                       "spans.duration_source", "spans.attempt", "instances.function", "instances.instance_id",
                       "instances.first_seen", "instances.last_seen", "instances.created", "instances.destroyed",
                       "lines.span_id", "lines.instance_id", "lines.request_id", "lines.level", "lines.message",
                       "request_metrics.request_id", "request_metrics.duration_ms", "instance_events.event"] {
            #expect(columns.contains(column), "missing \(column)")
        }
    }

    /// A store whose record identities are 8 bytes each (schema v14, a SQL dump of `sample-logs` ingested with
    /// `--tz UTC`) has them narrowed to 6 in place: ingesting the same files again stores nothing, and it reads
    /// as a fresh ingest of them, examples included.
    @Test func aStoreOfEightByteIdentitiesIsNarrowedAndStillKnowsEveryRecord() throws {
        let old = try TestStore(dump: "v14-sample-logs")
        let wide = try SQLiteDatabase(path: old.path, mode: .readOnly).column("SELECT count(*) || '|' || sum(length(keys)) FROM fclog_record_keys")
        let files = try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted()
            .map { sampleLogs.appendingPathComponent($0).path }
        // An empty input upgrades the store and claims nothing.
        _ = try old.ingest("")
        #expect(try old.rows("SELECT name FROM fclog_migrations WHERE name = 'v15-lean-identities'").count == 1)
        let keys = Int(wide[0].split(separator: "|")[1]) ?? 0
        #expect(keys > 0 && keys % 8 == 0)
        #expect(try old.rows("SELECT count(*), sum(length(keys)) FROM fclog_record_keys") == ["\(wide[0].split(separator: "|")[0])|\(keys / 8 * 6)"])
        let again = try old.ingest(paths: files, options: IngestOptions(timeZone: .utc))
        #expect(again.recordsNew == 0 && again.recordsDuplicate > 0)

        let fresh = try TestStore()
        try fresh.ingest(paths: files, options: IngestOptions(timeZone: .utc))
        for sql in ["SELECT * FROM spans ORDER BY id", "SELECT * FROM instances ORDER BY id", "SELECT * FROM request_metrics ORDER BY id"] {
            #expect(try old.rows(sql) == fresh.rows(sql), "\(sql)")
        }
        var options = ReportOptions()
        options.examples = 20
        let report = { (store: TestStore) in try ReportBuilder.build(Store.openForReading(path: store.path), options: options) }
        #expect(try report(old) == report(fresh))
    }

    /// A store of schema v15 (a SQL dump of `sample-logs` ingested with `--tz UTC`), whose spans keep their
    /// kind, status and duration source as text, keeps them as codes once upgraded, and reads as a fresh ingest.
    @Test func aStoreOfSpansWithTextKindsIsUpgradedToCodes() throws {
        let old = try TestStore(dump: "v15-sample-logs")
        // The public views read the same, cell for cell, through the schema before and after.
        let views = ["SELECT * FROM spans ORDER BY id", "SELECT * FROM lines ORDER BY id"]
        func cells(_ sql: String) throws -> [String] {
            let database = try SQLiteDatabase(path: old.path, mode: .readOnly)
            let s = try database.prepare(sql)
            var rows: [String] = []
            while try s.step() { rows.append((0..<s.columnCount).map { s.text($0) ?? "NULL" }.joined(separator: "|")) }
            return withExtendedLifetime(database) { rows }
        }
        // What a push to ClickHouse compares: the spans' columns and each row's digest, so that a store pushed before
        // its upgrade sends nothing again after it.
        func pushed() throws -> [String] {
            let database = try SQLiteDatabase(path: old.path, mode: .readOnly)
            try SQLFunctions.register(on: database)
            guard let columns = try SharedSchema(database).tables.first(where: { $0.table.source == "fclog_span_rows" })?.columns
            else { return [] }
            let digests = try database.prepare("SELECT t.id, \(ClickHousePush.digest(columns)) FROM fclog_span_rows t ORDER BY t.id")
            var rows = [columns.map(\.name).joined(separator: ",")]
            while try digests.step() { rows.append("\(digests.int64(0)) \(digests.int64(1))") }
            return withExtendedLifetime(database) { rows }
        }
        let before = try views.map(cells)
        let pushedBefore = try pushed()
        _ = try Store.openForWriting(path: old.path)
        #expect(try views.map(cells) == before)
        #expect(pushedBefore.count > 1)
        #expect(try pushed() == pushedBefore)
        #expect(try old.rows("SELECT count(*) FROM fclog_migrations WHERE name = 'v16-span-codes'") == ["1"])
        #expect(try old.rows("""
            SELECT DISTINCT typeof(kind_code) || typeof(outcome_code) FROM fclog_span_rows
            """) == ["integerinteger"])

        let fresh = try TestStore()
        let files = try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted()
            .map { sampleLogs.appendingPathComponent($0).path }
        try fresh.ingest(paths: files, options: IngestOptions(timeZone: .utc))
        // Its times_from_lines aside: a store upgraded to it cannot know which times its spans' lines gave.
        let spanColumns = try fresh.rows("SELECT name FROM pragma_table_xinfo('fclog_span_rows') WHERE name <> 'times_from_lines'")
            .joined(separator: ", ")
        for sql in ["SELECT * FROM spans ORDER BY id", "SELECT * FROM lines ORDER BY id", "SELECT * FROM instances ORDER BY id",
                    "SELECT * FROM request_metrics ORDER BY id", "SELECT * FROM fclog_span_tally ORDER BY 1, 2, 3, 4, 5",
                    "SELECT \(spanColumns) FROM fclog_span_rows ORDER BY id"] {
            let upgraded = try old.rows(sql)
            #expect(!upgraded.isEmpty)
            #expect(upgraded == (try fresh.rows(sql)), "\(sql)")
        }
        var options = ReportOptions()
        options.examples = 20
        let report = { (store: TestStore) in try ReportBuilder.build(Store.openForReading(path: store.path), options: options) }
        #expect(try report(old) == report(fresh))
        let again = try old.ingest(paths: files, options: IngestOptions(timeZone: .utc))
        #expect(again.recordsNew == 0 && again.recordsDuplicate > 0)
    }

    @Test func everyKindAndDurationSourceHasACode() {
        #expect(Set(StoredCodes.phases) == Set(Phase.allCases) && StoredCodes.phases.count == Phase.allCases.count)
        #expect(Set(StoredCodes.sources) == Set(DurationSource.allCases) && StoredCodes.sources.count == DurationSource.allCases.count)
    }

    /// FC 3.0 RequestIds are kept without the second their key holds and read back as written; any other RequestId
    /// (another case or shape, a key made otherwise) is kept whole.
    @Test(arguments: [
        ("1-65937780-cf0f3258-531907be7b3a", true), ("1-00000001-cf0f3258-531907be7b3a", true), ("1-ffffffff-x", true),
        ("1-65937780-", true), ("1-65937780-CF0F3258-é", true), ("1-6593778A-cf0f3258-531907be7b3a", false),
        ("1-6593778g-cf0f3258-531907be7b3a", false), ("2-65937780-cf0f3258-531907be7b3a", false), ("1-6593778-cf0f3258", false),
        ("283b88fe-4e91-48c1-a9ec-9370f576ec23", false), ("CEBD8A24-8980-594C-87A6-5E5882CB12AB", false),
        ("r-schema001", false), ("", false), ("1-65937780-cf0f\u{0}3258", false),
    ])
    func requestIDsReadBackAsWritten(id: String, keptInPart: Bool) throws {
        let store = try TestStore()
        try store.ingest("")
        let database = try SQLiteDatabase(path: store.path, mode: .readWrite)
        try SQLFunctions.register(on: database)
        let key = RequestKey.of(id)
        let insert = try database.prepare("INSERT INTO fclog_span_rows(function, request_id_raw, request_key, kind_code, outcome_code) VALUES ('f', ?1, ?2, 1, 0)")
        StoredCodes.bindRequestID(id, key: key, to: insert, at: 1)
        insert.bind(2, key)
        try insert.run()
        let copy = try database.prepare("""
            INSERT INTO fclog_span_rows(function, request_id_raw, request_key, kind_code, outcome_code)
            VALUES ('f', fclog_stored_request_id(?1, ?2), ?2, 1, 0)
            """)
        copy.bind(1, id)
        copy.bind(2, key)
        try copy.run()
        // A key that does not hold the id's second (made by another scheme) keeps the id whole.
        copy.reset()
        copy.bind(1, id)
        copy.bind(2, key ^ (1 << 40))
        try copy.run()
        let read = try database.prepare("SELECT request_id, typeof(request_id_raw), length(CAST(request_id_raw AS BLOB)) FROM fclog_span_rows ORDER BY id")
        for expected in [keptInPart, keptInPart, false] {
            #expect(try read.step())
            #expect(read.text(0) == id)
            #expect(read.text(1) == (expected ? "blob" : "text"))
            #expect(read.int64(2) == Int64(id.utf8.count - (expected ? 11 : 0)))
        }
    }

    /// Every kind, status and duration source has a code that the generated columns name again, as plain SQL.
    @Test(arguments: Array(zip(StoredCodes.phases.map(\.rawValue), StoredCodes.statuses.map(\.rawValue) + ["ok"])))
    func storedCodesReadBackAsTheirNames(kind: String, status: String) throws {
        let store = try TestStore()
        try store.ingest("")
        let database = try SQLiteDatabase(path: store.path, mode: .readWrite)
        try SQLFunctions.register(on: database)
        for (index, source) in StoredCodes.sources.enumerated() {
            let start = index.isMultiple(of: 2) ? "1700000000000000" : "NULL"
            try database.execute("""
                INSERT INTO fclog_span_rows(function, request_id_raw, kind_code, outcome_code, source_code, start_us, end_offset_us)
                VALUES ('f', 'r\(index)', fclog_stored_code('kind', '\(kind)'), fclog_stored_code('status', '\(status)'),
                        fclog_stored_code('duration_source', '\(source.rawValue)'), \(start), 1700000000000000 - coalesce(\(start), 0))
                """)
        }
        let read = try store.rows("SELECT DISTINCT kind || ' ' || status || ' ' || end_us FROM fclog_span_rows")
        #expect(read == ["\(kind) \(status) 1700000000000000"])
        #expect(try store.rows("SELECT duration_source FROM fclog_span_rows ORDER BY id") == StoredCodes.sources.map(\.rawValue))
        #expect(try store.rows("SELECT kind_code FROM fclog_span_rows LIMIT 1") == ["\(StoredCodes.phases.firstIndex { $0.rawValue == kind } ?? -1)"])
    }

    /// A store written by the fclog before instance numbers (schema v2, kept as
    /// a SQL dump of `sample-logs` ingested with `--tz UTC`) is upgraded in place
    /// and then reads exactly as a fresh ingest of the same files.
    @Test func aStoreWithInstanceIdsOnSpansIsUpgradedInPlace() throws {
        let old = try TestStore(dump: "v2-sample-logs")
        let columns = try SQLiteDatabase(path: old.path, mode: .readOnly).column("SELECT name FROM pragma_table_info('span_rows')")
        #expect(columns.contains("instance_id"))
        _ = try Store.openForWriting(path: old.path)

        let fresh = try TestStore()
        let files = try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted()
        try fresh.ingest(paths: files.map { sampleLogs.appendingPathComponent($0).path },
                         options: IngestOptions(timeZone: .utc))
        // Spans stored before v6-versions cannot know the alias their function-log records named, and the
        // console copy's flattened row of two markers, which the older fclog read as a Start alone, is
        // read whole since one-line copies are (its records, already stored, are not read again). With that
        // Start no longer left open, the raw tail's first runtime line finds one open span to join, not two.
        let flattened = "'1-64f7ef86-1b2c3d4e-5f6a7b8c9d0e'"
        let views = [
            """
            SELECT function, service, instance_id, request_id, kind, status, error, start_time, end_time, duration_ms, billed_ms,
                   duration_source, attempt, start_us, end_us, has_start, has_end, cold_start, memory_mb, max_memory_mb, input_id
            FROM spans WHERE request_id <> \(flattened) ORDER BY start_us, request_id, kind
            """,
            """
            SELECT input_id, line_no, time, function, instance_id, request_id, level, kind, message FROM lines
            WHERE request_id IS NOT \(flattened) AND message <> 'FunctionCompute python3 runtime inited.' ORDER BY input_id, line_no, id
            """,
            """
            SELECT function, service, instance_id, first_seen, last_seen, created, destroyed, invocations,
                   initializer_attempts FROM instances ORDER BY function, instance_id
            """,
        ]
        for sql in views {
            let upgraded = try old.rows(sql)
            #expect(!upgraded.isEmpty)
            #expect(upgraded == (try fresh.rows(sql)), "\(sql)")
        }
        #expect(try old.rows("SELECT count(*) FROM spans WHERE instance_id IS NOT NULL") != ["0"])
        #expect(try old.rows("SELECT count(*) FROM fclog_span_rows s WHERE instance NOT IN (SELECT id FROM instances)") == ["0"])
        let report = { (store: TestStore) in try ReportBuilder.build(Store.openForReading(path: store.path), options: ReportOptions()) }
        // The text logs' function holds the flattened row, which now ends its invocation.
        let others = { (store: TestStore) in try report(store).functions.filter { $0.function != IngestOptions.unknownFunction } }
        #expect(try others(old) == others(fresh))
        #expect(try report(fresh).functions.count == report(old).functions.count)

        // The upgraded store takes new lines for its instances under their numbers.
        let more = """
            c-6569a3e1-5f4e3d2c-1b0a99887766 2023-12-01 9:50:00 FC Invoke Start RequestId: r-after-upgrade
            c-6569a3e1-5f4e3d2c-1b0a99887766 2023-12-01 9:50:01 FC Invoke End RequestId: r-after-upgrade
            """
        try old.ingest(more, options: IngestOptions(timeZone: .utc))
        try fresh.ingest(more, options: IngestOptions(timeZone: .utc))
        for sql in views { #expect(try old.rows(sql) == fresh.rows(sql), "\(sql)") }
    }

    @Test func aStoreFromANewerFclogIsRefusedClearly() throws {
        let store = try TestStore()
        try store.ingest("")
        let database = try SQLiteDatabase(path: store.path, mode: .readWrite)
        try database.execute("INSERT INTO fclog_migrations VALUES ('v99-future', 'now')")
        #expect(throws: FCLogError.newerStore(path: store.path, unknownMigrations: ["v99-future"])) {
            try Store.openForWriting(path: store.path)
        }
        #expect(throws: FCLogError.newerStore(path: store.path, unknownMigrations: ["v99-future"])) {
            try Store.openForReading(path: store.path)
        }
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("notes.db", String(repeating: "not a database\n", count: 100))
        #expect(throws: FCLogError.self) { try Store.openForWriting(path: path) }
        #expect(throws: FCLogError.self) { try Store.openForReading(path: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("not a database"))
    }

    @Test func aMissingStoreIsNamed() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: FCLogError.missingStore(path: directory.path("none.db"))) {
            try Store.openForReading(path: directory.path("none.db"))
        }
    }
}

@Suite("Queries")
struct QueryTests {
    private func store() throws -> TestStore {
        let store = try TestStore()
        try store.ingest("""
            2024-01-02 02:40:00 FC Invoke Start RequestId: r-query0001
            2024-01-02 02:40:01 FC Invoke End RequestId: r-query0001, Error: Unhandled function error
            """)
        return store
    }

    @Test(arguments: [
        "DELETE FROM spans", "DROP TABLE spans", "UPDATE spans SET status = 'ok'", "INSERT INTO lines(message) VALUES ('x')",
        "ATTACH DATABASE '/tmp/other.db' AS other", "PRAGMA writable_schema = ON", "CREATE TABLE t(x)", "VACUUM",
    ])
    func writesAreRefusedAndTheStoreIsUntouched(_ sql: String) throws {
        let store = try store()
        #expect(throws: FCLogError.self) { try store.query(sql) }
        #expect(try store.scalar("SELECT count(*) FROM spans") == "1")
    }

    @Test func aRunawayQueryIsBoundedAndCanBeCancelled() throws {
        let store = try store()
        let database = try Store.openForReading(path: store.path)
        let forever = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
        #expect(throws: FCLogError.queryTimedOut(seconds: 0.2)) {
            try QueryRunner.run(forever, on: database, limits: QueryRunner.Limits(timeoutSeconds: 0.2))
        }
        #expect(throws: FCLogError.interrupted) {
            try QueryRunner.run(forever, on: database, limits: QueryRunner.Limits { true })
        }
        // The connection is still good afterwards.
        #expect(try QueryRunner.run("SELECT count(*) FROM spans", on: database).rows == [[.integer(1)]])
    }

    @Test func oneStatementAtATime() throws {
        let store = try store()
        #expect(throws: FCLogError.invalidArgument("fclog query runs one statement at a time; this follows the first: DELETE FROM spans")) {
            try store.query("SELECT 1; DELETE FROM spans")
        }
        #expect(try store.query("SELECT 1;;").rows == [[.integer(1)]])
    }

    @Test func badSQLGetsSQLitesMessage() throws {
        let store = try store()
        #expect(throws: FCLogError.sqlite(message: "no such table: missing_table")) { try store.query("SELECT * FROM missing_table") }
    }

    @Test func jsonKeepsTypes() throws {
        let store = try store()
        let result = try store.query("SELECT request_id, duration_ms, billed_ms, NULL AS missing, error FROM spans")
        #expect(ResultWriter.render(result, as: .json) == """
            [
              {"request_id": "r-query0001", "duration_ms": 1000.0, "billed_ms": 1000, "missing": null, "error": "Unhandled function error"}
            ]

            """)
        #expect(ResultWriter.render(result, as: .jsonl) == """
            {"request_id": "r-query0001", "duration_ms": 1000.0, "billed_ms": 1000, "missing": null, "error": "Unhandled function error"}

            """)
    }

    @Test func csvFollowsRFC4180() {
        let result = QueryResult(columns: ["a", "b"], rows: [[.text("x,y"), .text("say \"hi\"\nthere")], [.integer(1), .null]])
        #expect(ResultWriter.render(result, as: .csv) == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\nthere\"\r\n1,\r\n")
    }

    @Test func tableAligns() {
        let result = QueryResult(columns: ["kind", "n"], rows: [[.text("invoke"), .integer(12)], [.text("prestop"), .integer(3)]])
        #expect(ResultWriter.render(result, as: .table) == """
            kind      n
            -------  --
            invoke   12
            prestop   3
            (2 rows)

            """)
    }
}

@Suite("Connections")
struct ConnectionLifetimeTests {
    /// An ingest, finished or abandoned, closes its connections as it goes:
    /// no statement queued for its writing thread outlives it, so the last
    /// close checkpoints the store and removes its write-ahead log at once (which a connection still open
    /// would keep).
    @Test(arguments: [true, false])
    func anIngestClosesTheStoreWhenItEnds(finished: Bool) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("closed.db")
        try {
            let database = try Store.openForWriting(path: path)
            let ingester = try Ingester(database: database, options: IngestOptions(timeZone: .utc, defaultFunction: "fn", batchLines: 7))
            for file in try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted() {
                try ingester.ingest(path: sampleLogs.appendingPathComponent(file).path)
            }
            if finished { _ = try ingester.finish() } else { ingester.abandon() }
        }()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    /// Without a write-ahead log (an in-memory store) no second connection can read while a batch is open:
    /// the writing thread makes the ingest side's reads of earlier batches on its own connection. Every input
    /// read twice, in batches of 7 lines, stores what one ingest into a file stores.
    @Test func anInMemoryStoreIsReadThroughTheWritingThread() throws {
        let options = IngestOptions(timeZone: .utc, defaultFunction: "fn", batchLines: 7)
        let files = try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted().map { sampleLogs.appendingPathComponent($0).path }
        let oracle = try TestStore()
        try oracle.ingest(paths: files, options: options)
        let ingester = try Ingester(database: try Store.openForWriting(path: ":memory:"), options: options)
        for path in files + files { try ingester.ingest(path: path) }
        let summary = try ingester.finish()
        #expect(summary.recordsDuplicate > 0)
        let sql = """
            SELECT (SELECT count(*) || ' ' || total(duration_ms) || ' ' || total(billed_ms) || ' ' || total(attempt) FROM spans) || ' ' || (SELECT count(*) FROM lines)
                || ' ' || (SELECT count(*) || ' ' || count(span_id) FROM request_metrics) || ' ' || (SELECT count(*) FROM instances)
            """
        let stored = try ingester.database.column(sql)
        #expect(stored == (try oracle.rows(sql)))
    }

    /// A connection that stays open (a `report --watch`, or the ingest's own reader) may close after the
    /// writing one, and then SQLite leaves the write-ahead log as it is: the ingest folds it into the store's file
    /// as it ends, so that the file alone (what `cp store.db` takes) holds everything.
    @Test func theStoresFileAloneHoldsTheIngestWhileAReaderStaysOpen() throws {
        let store = try TestStore()
        try store.ingest("FC Invoke Start RequestId: r-first\nFC Invoke End RequestId: r-first\n")
        let watching = try SQLiteDatabase(path: store.path, mode: .readOnly)
        #expect(try watching.scalarInt("SELECT count(*) FROM fclog_span_rows") == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted()
        try store.ingest(paths: files.map { sampleLogs.appendingPathComponent($0).path })
        let copy = store.path + ".copy"
        try FileManager.default.copyItem(atPath: store.path, toPath: copy)
        let sql = "SELECT (SELECT count(*) FROM fclog_span_rows) || ' ' || (SELECT count(*) FROM fclog_line_blocks) || ' ' || (SELECT count(*) FROM request_metrics)"
        let whole = try SQLiteDatabase(path: copy, mode: .readOnly).column(sql)
        #expect(whole == (try watching.column(sql)))
        #expect(try watching.scalarInt("SELECT count(*) FROM fclog_span_rows") ?? 0 > 1)
    }

    /// Spans are looked up by RequestId through its index, even in a store whose
    /// waiting spans (made from request metrics alone) are many: SQLite would
    /// otherwise choose the index of waiting spans and read them all per lookup.
    @Test(arguments: [SpanLookups.sql(.metricsOnly), SpanLookups.latestEndedSQL, SpanLookups.sql(.all),
                      SpanLookups.sql(.awaiting(.start)), SpanLookups.sql(.awaiting(.end))])
    func lookupsByRequestIdSearchItsIndex(_ sql: String) throws {
        let store = try TestStore()
        try store.ingest(paths: [sampleLogs.appendingPathComponent("sls-request-metrics.jsonl").path])
        let db = try SQLiteDatabase(path: store.path, mode: .readOnly)
        let explain = try db.prepare("EXPLAIN QUERY PLAN " + sql)
        var plan: [String] = []
        while try explain.step() { plan.append(explain.text(3) ?? "") }
        #expect(plan.contains { $0.contains("USING INDEX span_rows_by_request") }, "\(plan)")
    }
}
