@testable import FCLogCore
import Foundation
import Testing

/// What fclog says to ClickHouse and reads back, without a server; the integration tests run it
/// against real servers (a two-shard cluster of Debian's ClickHouse, and current ClickHouse in chdb).
@Suite("ClickHouse, without a server")
struct ClickHouseTests {
    @Test(arguments: [
        ("a\tb\n", [["a", "b"]]),
        ("\\N\t\n", [[nil, ""]]),
        ("tab\\there\tnew\\nline\tback\\\\slash\tquote\\'s\n", [["tab\there", "new\nline", "back\\slash", "quote's"]]),
        ("1\n2\n", [["1"], ["2"]]),
        ("no end", [["no end"]]),
        ("", []),
        ("\\\\N\n", [["\\N"]]),
    ] as [(String, [[String?]])])
    func tabSeparatedAnswersReadBack(text: String, rows: [[String?]]) {
        #expect(TabSeparated.rows(Data(text.utf8)) == rows)
    }

    @Test func literalsAreQuoted() {
        #expect(TabSeparated.quoted("it's a \\ path") == #"'it\'s a \\ path'"#)
    }

    @Test(arguments: [
        ("clickhouse://127.0.0.1:18123/fclog", "http://127.0.0.1:18123/", "fclog", nil, nil),
        ("clickhouse://ch.example/logs", "http://ch.example:8123/", "logs", nil, nil),
        ("clickhouses://u:p%40ss@ch.example/logs", "https://ch.example:8443/", "logs", "u", "p@ss"),
    ] as [(String, String, String, String?, String?)])
    func urlsNameServerDatabaseAndCredentials(url: String, endpoint: String, database: String, user: String?, password: String?) throws {
        let target = try ClickHouseTarget(url: url)
        #expect(target.endpoint.absoluteString == endpoint)
        #expect(target.database == database)
        #expect(target.user == user)
        #expect(target.password == password)
        #expect(!target.name.contains("@"))
    }

    @Test(arguments: ["http://127.0.0.1:8123/fclog", "clickhouse://127.0.0.1:8123", "clickhouse://127.0.0.1:8123/a/b", "clickhouse://h/1db",
                      "clickhouse://h/my-db", "clickhouse:///db"])
    func badURLsAreRefused(url: String) {
        #expect(throws: FCLogError.self) { try ClickHouseTarget(url: url) }
    }

    @Test func digestsTellEveryValueAndTypeApart() throws {
        let db = try Store.openForWriting(path: ":memory:")
        let values = ["1", "'1'", "1.0", "NULL", "x'01'", "''", "'1', NULL", "NULL, '1'", "'a', 'b'", "'ab', ''"]
        let digests = try values.map { try db.scalarInt("SELECT fclog_digest(\($0))") }
        #expect(Set(digests).count == values.count, "\(digests)")
        #expect(try db.scalarInt("SELECT fclog_digest('a', 2)") == db.scalarInt("SELECT fclog_digest('a', 2)"))
    }

    @Test func everyTableOfTheStoreIsSharedWithItsColumns() throws {
        let db = try Store.openForWriting(path: ":memory:")
        let schema = try SharedSchema(db)
        #expect(schema.tables.map(\.table.name) == ["instances", "spans", "instance_summaries", "span_tally", "input_spans", "request_metrics",
                                                     "instance_events", "instance_metrics", "lines"])
        for (table, columns) in schema.tables {
            #expect(columns.contains { $0.name == "function" }, "\(table.name)")
            #expect(columns.count >= 3, "\(table.name)")
        }
        // The ids a store numbers for itself are told apart; hashes and texts are not ids.
        let spans = schema.tables.first { $0.table.name == "spans" }!.columns
        let renumbered = spans.filter(SharedTable.isStoreID).map(\.name)
        #expect(renumbered == ["id", "input_id", "instance", "touched_by"])
    }

    @Test func replicatedTablesKeepTheirPartsUnderTheServersMacros() throws {
        let result = try FCLogBinary.run(["push", "--ddl", "--cluster", "logs", "--replicated"])
        #expect(result.status == 0)
        try expectGolden(result.stdout, "push-ddl-replicated.sql")
        #expect(result.stdout.contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/fclog/spans_local', '{replica}', fclog_version)"))
    }

    @Test func theTablesStatementsAreDocumented() throws {
        let result = try FCLogBinary.run(["push", "--ddl", "--cluster", "logs"])
        #expect(result.status == 0)
        try expectGolden(result.stdout, "push-ddl-cluster.sql")
        let readme = try String(contentsOf: sampleLogs.deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let spans = result.stdout.components(separatedBy: "\n\n").first { $0.contains("CREATE TABLE IF NOT EXISTS fclog.spans_local") }!
        #expect(readme.contains(spans.trimmingCharacters(in: .whitespacesAndNewlines)), "the README shows the spans table as fclog makes it")
    }

    @Test(arguments: [
        ("UInt64", "12", QueryValue.integer(12)), ("Nullable(Int64)", "-3", .integer(-3)), ("Float64", "1.5", .real(1.5)),
        ("String", "12", .text("12")), ("Nullable(String)", nil, .null), ("Int64", "nan", .text("nan")),
    ] as [(String, String?, QueryValue)])
    func answersKeepTheirTypes(type: String, text: String?, value: QueryValue) {
        #expect(ClickHouseQuery.value(text, type: type) == value)
    }

    @Test(arguments: [("1-65a7", "1-65a7"), ("1-65*77fbb", "1-65.77fbb"), ("a.b(c)[d]", #"a\.b\(c\)\[d\]"#), (#"x\y+"#, #"x\\y\+"#)])
    func storyIDsArePrefixPatterns(id: String, pattern: String) {
        #expect(ClickHouseMirror.prefixPattern(id) == pattern)
    }

    @Test func arraysOfStoresReadBack() {
        #expect(ClickHouseMirror.parseArray("['a1','b2']") == ["a1", "b2"])
        #expect(ClickHouseMirror.parseArray("[]") == [])
    }

    @Test(arguments: [
        (["push"], "give --to clickhouse://HOST:8123/DATABASE"),
        (["push", "--to", "http://127.0.0.1:8123/db"], "--to"),
        (["push", "--to", "clickhouse://127.0.0.1:8123/db", "--shard", "clickhouse://127.0.0.1:8124/db"], "--shard goes with --cluster"),
        (["push", "--ddl", "--create"], "--ddl only prints"),
        (["push", "--to", "clickhouse://127.0.0.1:8123/db", "--replicated"], "--replicated goes with --create or --ddl"),
        (["push", "--ddl", "--cluster", "a b"], "is not a cluster name"),
        (["push", "--to", "clickhouse://127.0.0.1:8123/db", "--lines", "errors"], "--lines"),
        (["report", "--from", "clickhouse://127.0.0.1:8123"], "--from"),
        (["query", "--from", "clickhouse://127.0.0.1:8123/db", "--param", "a=1", "SELECT 1"], "with --from, write them into the SQL"),
    ])
    func badOptionsAreUsageErrors(arguments: [String], message: String) throws {
        let result = try FCLogBinary.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func anUnreachableServerIsSaidSoAndNothingIsMarkedSent() throws {
        let store = try TestStore()
        try store.ingest("2024-01-02 10:00:00 FC Invoke Start RequestId: r1\n2024-01-02 10:00:01 FC Invoke End RequestId: r1\n")
        for arguments in [["push", "--to", "clickhouse://127.0.0.1:9/fclog"], ["report", "--from", "clickhouse://127.0.0.1:9/fclog"],
                          ["query", "--from", "clickhouse://127.0.0.1:9/fclog", "SELECT 1"]] {
            let result = try FCLogBinary.run(arguments + ["--db", store.path])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("cannot reach ClickHouse at clickhouse://127.0.0.1:9/fclog"), "\(result.stderr)")
        }
        #expect(try store.scalar("SELECT count(*) FROM fclog_push_marks") == "0")
    }

    @Test func anIngestThatCannotPushKeepsEverythingAndSaysHowToSendIt() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("store.db")
        let input = directory.path("input.log")
        try "2024-01-02 10:00:00 FC Invoke Start RequestId: r1\n2024-01-02 10:00:01 FC Invoke End RequestId: r1\n".write(toFile: input, atomically: true, encoding: .utf8)
        let result = try FCLogBinary.run(["ingest", "--db", db, "--function", "api", "--push-to", "clickhouse://127.0.0.1:9/fclog", input])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot reach ClickHouse at clickhouse://127.0.0.1:9/fclog"), "\(result.stderr)")
        #expect(result.stderr.contains("'fclog push --to clickhouse://127.0.0.1:9/fclog' sends what ClickHouse lacks"), "\(result.stderr)")
        #expect(try FCLogBinary.run(["query", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM spans"]).stdout.split(whereSeparator: \.isNewline) == ["n", "1"])
        let badURL = try FCLogBinary.run(["ingest", "--db", db, "--push-to", "http://127.0.0.1:8123/db", input])
        #expect(badURL.status == 64)
    }
}
