@testable import FCLogCore
import Foundation
import Testing

/// Lines are kept in compressed blocks and read back through the virtual table under the `lines` view.
@Suite("Lines in compressed blocks")
struct LineBlockTests {
    /// The inputs the v10 dump was made of, in the order that ingest read them.
    static let dumpedInputs: [String] = {
        let samples = (try? FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted()) ?? []
        return samples.map { sampleLogs.appendingPathComponent($0).path }
            + [fixtures.appendingPathComponent("inputs/many-lines.log").path]
    }()

    /// A log of `invocations` on four instances whose lines interleave, long enough for several blocks.
    static func interleavedLog(invocations: Int) -> String {
        var text = ""
        for n in 0..<invocations {
            let instance = "c-64f7ef70-1a2b3c4d-5e6f7a8b9c0\(n % 4)"
            let request = "1-64f7ef72-\(String(format: "%08x", n))-0046194d9a26"
            // Console rows: the instance, the row's time, the text (a runtime prefix with its own time).
            let row = instance + String(format: "2023-09-06 03:%02d:%02d", n / 60 % 60, n % 60)
            let prefix = String(format: "2023-09-06T03:%02d:%02d", n / 60 % 60, n % 60)
            text += "\(row)FC Invoke Start RequestId: \(request)\n"
            text += "\(row)\(prefix).200Z \(request) [INFO] order \(n) of customer \(n * 7919 % 100_003) in cn-hangzhou took \(n % 97) ms ✓\n"
            text += "\(row)\(prefix).300Z \(request) [WARN] \(String(repeating: "retrying ", count: n % 5))\n"
            text += "\(row)FC Invoke End RequestId: \(request)\n"
        }
        return text
    }

    @Test func aStoreOfTheLastSchemaKeepsEveryLineSpanAndMetricAcrossTheMigration() throws {
        let old = try TestStore(dump: "v10-many-lines")
        let tables = [
            "SELECT * FROM lines ORDER BY id",
            "SELECT * FROM spans ORDER BY id",
            "SELECT * FROM request_metrics ORDER BY id",
            "SELECT * FROM instances ORDER BY id",
        ]
        // Read as v10 left it: this fclog reads a store only once it is upgraded.
        let dumped = try SQLiteDatabase(path: old.path, mode: .readOnly)
        let before = try tables.map { try QueryRunner.run($0, on: dumped).rows.map { $0.map(\.plainText).joined(separator: "|") } }
        #expect(before[0].count == 2175)
        _ = try Store.openForWriting(path: old.path)
        #expect(try old.rows("SELECT count(*) FROM sqlite_master WHERE name = 'fclog_log_lines'") == ["0"])
        #expect(try old.rows("SELECT count(*) FROM fclog_line_blocks") != ["0"])
        for (sql, rows) in zip(tables, before) { #expect(try old.rows(sql) == rows, "\(sql)") }
        // Lines of the two parts of the 2,175 ids that the migration's blocks hold.
        #expect(try old.rows("SELECT count(*) FROM fclog_lines WHERE id BETWEEN 2040 AND 2060") == ["21"])

        // And they are what this fclog stores of the same inputs.
        let fresh = try TestStore()
        try fresh.ingest(paths: Self.dumpedInputs, options: IngestOptions(timeZone: .utc))
        #expect(try fresh.rows(tables[0]) == before[0])
        #expect(try fresh.rows("SELECT count(*) FROM spans") == [String(before[1].count)])
        #expect(try old.rows("PRAGMA integrity_check") == ["ok"])
    }

    /// Where a query names a span, ids, an input or a block, only those blocks are read; `+column` hides the
    /// constraint from the table, so the same query then reads every line and filters them.
    @Test(arguments: [
        "span_id = 5", "span_id = 3999", "span_id IN (3, 2000, 4000, 7)", "span_id IS NULL",
        "id = 1", "id = 9000", "id BETWEEN 4000 AND 9000", "id > 15990", "id >= 8000 AND id < 8003", "id < 4",
        "rowid = 777", "input_id = 1", "input_id = 2",
        "block_id = (SELECT max(id) FROM fclog_line_blocks)", "block_id = 0",
        "span_id = 2500 AND id > 10000",
    ])
    func plansReadTheLinesAFullScanFinds(condition: String) throws {
        let store = try Self.storeOfSeveralBlocks()
        let oracle = condition.replacingOccurrences(
            of: #"\b(span_id|id|rowid|input_id|block_id) "#, with: "+$1 ", options: .regularExpression)
        let sql = "SELECT *, block_id FROM fclog_lines WHERE %@ ORDER BY id"
        let planned = try store.rows(String(format: sql, condition))
        #expect(planned == (try store.rows(String(format: sql, oracle))), "\(condition)")
    }

    @Test func aSpansLinesAreFoundInEveryBlockTheyAreIn() throws {
        let store = try Self.storeOfSeveralBlocks()
        #expect(Int(try store.scalar("SELECT count(*) FROM fclog_line_blocks")) ?? 0 >= 3)
        // Every (span, block) pair that lines make is recorded, and no other.
        let made = try store.rows("SELECT DISTINCT span_id, block_id FROM fclog_lines WHERE +span_id IS NOT NULL ORDER BY 1, 2")
        #expect(made == (try store.rows("SELECT span_id, block_id FROM fclog_line_spans ORDER BY 1, 2")))
        // The view's span column takes the span's plan too.
        let spanLines = "SELECT id, message FROM lines WHERE span_id = 1234 ORDER BY id"
        #expect(try store.rows(spanLines).count == 4)
        #expect(try store.rows(spanLines) == store.rows("SELECT id, message FROM lines WHERE +span_id = 1234 ORDER BY id"))
    }

    @Test func aCorruptBlockIsAnErrorThatSaysSo() throws {
        let store = try TestStore()
        try store.ingest(Self.interleavedLog(invocations: 20))
        try SQLiteDatabase(path: store.path, mode: .readWrite).execute("UPDATE fclog_line_blocks SET data = x'28b52ffd00112233'")
        let query = try FCLogBinary.run(["query", "--db", store.path, "SELECT count(*) FROM lines"])
        #expect(query.status == 1)
        #expect(query.stderr.contains("a line block is corrupt"), "\(query.stderr)")
        let report = try FCLogBinary.run(["report", "--db", store.path, "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
    }

    @Test func anInterruptedBatchLeavesNoBlockAndTheNextIngestNumbersOn() throws {
        let store = try TestStore()
        try store.ingest(Self.interleavedLog(invocations: 50))
        do {
            // The store's lock goes with the connection, at the end of this scope.
            let writer = try StoreWriter(database: try Store.openForWriting(path: store.path), stepMillis: 1)
            try writer.begin()
            writer.inputID = 1
            let row = StoreWriter.LineRow(inputID: 1, lineNumber: 9, timeMicros: nil, spanID: nil, function: "fn",
                                          instanceID: nil, requestID: nil, level: nil, kind: .user)
            try writer.insertLine(row, message: nil)
            writer.rollback()
        }
        #expect(try store.rows("SELECT count(*), max(id) FROM lines") == ["200|200"])
        try store.ingest("FC Invoke Start RequestId: r-after-rollback")
        #expect(try store.rows("SELECT id, message FROM lines WHERE id > 200") == ["201|FC Invoke Start RequestId: r-after-rollback"])
    }

    @Test func blocksAreAFractionOfTheText() throws {
        let store = try TestStore()
        let text = Self.interleavedLog(invocations: 4000)
        try store.ingest(text)
        let stored = Int(try store.scalar("SELECT sum(length(data)) FROM fclog_line_blocks")) ?? .max
        #expect(stored * 8 < text.utf8.count, "\(stored) bytes of blocks for \(text.utf8.count) of text")
    }

    private static func storeOfSeveralBlocks() throws -> TestStore {
        let store = try TestStore()
        try store.ingest(interleavedLog(invocations: 3000), interleavedLog(invocations: 3000).replacingOccurrences(of: "1-64f7ef72", with: "1-64f7ef73"))
        return store
    }
}
