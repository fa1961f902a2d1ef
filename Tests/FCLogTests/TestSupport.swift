import FCLogCore
import Foundation

/// A temporary folder removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fclog-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Writes `text` to a file of the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// A store in a temporary folder, with helpers to ingest text and query it.
final class TestStore {
    let directory: TemporaryDirectory
    let path: String
    private var inputs = 0

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("fclog.db")
    }

    /// A store as an older fclog left it: a SQL dump under `Fixtures/stores`.
    convenience init(dump name: String) throws {
        try self.init()
        let sql = try String(contentsOf: fixtures.appendingPathComponent("stores/\(name).sql"), encoding: .utf8)
        try SQLiteDatabase(path: path, mode: .readWrite).execute(sql)
    }

    /// Ingests each text as one input, in one ingest run.
    @discardableResult
    func ingest(_ texts: String..., options: IngestOptions = IngestOptions(timeZone: .utc, defaultFunction: "fn")) throws -> IngestSummary {
        let database = try Store.openForWriting(path: path)
        let ingester = try Ingester(database: database, options: options)
        for text in texts {
            inputs += 1
            try ingester.ingest(path: try directory.write("input-\(inputs).log", text))
        }
        return try ingester.finish()
    }

    /// Ingests files as they are.
    @discardableResult
    func ingest(paths: [String], options: IngestOptions = IngestOptions(timeZone: .utc, defaultFunction: "fn")) throws -> IngestSummary {
        let database = try Store.openForWriting(path: path)
        let ingester = try Ingester(database: database, options: options)
        for path in paths { try ingester.ingest(path: path) }
        return try ingester.finish()
    }

    func query(_ sql: String) throws -> QueryResult {
        try QueryRunner.run(sql, on: try Store.openForReading(path: path))
    }

    /// The rows of `sql` as plain text, one string per row, cells joined by `|`.
    func rows(_ sql: String) throws -> [String] {
        try query(sql).rows.map { $0.map(\.plainText).joined(separator: "|") }
    }

    func scalar(_ sql: String) throws -> String {
        try rows(sql).first ?? ""
    }
}

/// The repository's `sample-logs` folder.
let sampleLogs = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("sample-logs")

/// The fixtures folder of this test target.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
