import FCLogCore
import Foundation
import Testing

/// Live inputs: a tail on standard input and files followed as they grow.
@Suite("Live ingest")
struct LiveIngestTests {
    static func marker(_ second: Int, _ phase: String, _ request: Int) -> String {
        "2023-12-01 09:05:\(String(format: "%02d", second)) FC Invoke \(phase) RequestId: 1-aaaa\(String(format: "%04d", request))-bbbbbbbb-cccccccccccc\n"
    }

    /// Starts `fclog ingest` with `arguments`, its output collected, without waiting.
    private func start(_ arguments: [String], stdin: Pipe? = nil) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = FCLogBinary.url
        process.arguments = ["ingest", "--function", "api", "--tz", "UTC"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
        return (process, output)
    }

    /// Waits until `sql` on the store gives `value`; the seconds it took, or nil after `limit` seconds.
    private func waitFor(_ sql: String, in store: String, toBe value: Int64, limit: Double = 10) -> Double? {
        let started = Date()
        while Date().timeIntervalSince(started) < limit {
            if let database = try? Store.openForReading(path: store), (try? database.scalarInt(sql)) == value {
                return Date().timeIntervalSince(started)
            }
            usleep(20_000)
        }
        return nil
    }

    private func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    private func rows(_ store: String) throws -> [String] {
        let database = try Store.openForReading(path: store)
        let spans = try database.column("SELECT request_id || ' ' || status || ' ' || ifnull(start_time, '-') || ' ' || ifnull(end_time, '-') FROM spans ORDER BY 1")
        let lines = try database.column("SELECT message FROM lines ORDER BY message")
        return spans + lines
    }

    @Test func aQuietStandardInputIsCommittedWithinTwoSecondsAndHearsCtrlC() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("live.db")
        let input = Pipe()
        let (process, output) = try start(["--db", store, "-"], stdin: input)
        input.fileHandleForWriting.write(Data((Self.marker(3, "Start", 1) + Self.marker(4, "End", 1)).utf8))
        let seen = waitFor("SELECT count(*) FROM spans WHERE status = 'ok'", in: store, toBe: 1)
        #expect(seen != nil && seen! < 4, "the span showed after \(seen ?? -1) s")
        #expect(waitFor("SELECT count(*) FROM lines", in: store, toBe: 2) != nil)
        // Nothing more arrives; Ctrl-C is heard anyway, and what was read stays.
        let signalled = Date()
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(signalled) < 3)
        #expect(process.terminationStatus == 130)
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(said.contains("interrupted after 2 lines"))
        try? input.fileHandleForWriting.close()
    }

    @Test func ctrlCIsHeardWhileAStandardInputKeepsSendingLines() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("steady.db")
        let input = Pipe()
        let (process, output) = try start(["--db", store, "-"], stdin: input)
        let writer = input.fileHandleForWriting
        // The sender may write once more after fclog is gone: a closed pipe is an error, not a signal.
        signal(SIGPIPE, SIG_IGN)
        // A line every 50 ms: the input is never quiet for long.
        let sending = Thread {
            for n in 1...400 {
                guard (try? writer.write(contentsOf: Data(Self.marker(3, "Start", n).utf8))) != nil else { return }
                usleep(50_000)
            }
        }
        sending.start()
        #expect(waitFor("SELECT count(*) > 0 FROM spans", in: store, toBe: 1) != nil)
        let signalled = Date()
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(signalled) < 3)
        #expect(process.terminationStatus == 130)
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(said.contains("interrupted after"))
        try? writer.close()
    }

    @Test func followReadsGrowthRotationTruncationAndAFileCreatedLater() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("follow.db")
        let followed = directory.path("f.log"), later = directory.path("g.log")
        try directory.write("f.log", Self.marker(3, "Start", 1))
        let (process, output) = try start(["--db", store, "--follow", followed, later])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let lines = "SELECT count(*) FROM lines"
        #expect(waitFor(lines, in: store, toBe: 1) != nil)

        // Growth, with a last line still being written: only whole lines are stored.
        try append(Self.marker(4, "End", 1) + "2023-12-01 09:05:05 FC Invoke Start Requ", to: followed)
        let grew = waitFor("SELECT count(*) FROM spans WHERE status = 'ok'", in: store, toBe: 1)
        #expect(grew != nil && grew! < 4, "the End showed after \(grew ?? -1) s")
        usleep(600_000)
        #expect(waitFor(lines, in: store, toBe: 2, limit: 0.1) != nil, "a partial line was stored")
        try append("estId: 1-aaaa0002-bbbbbbbb-cccccccccccc\n", to: followed)
        #expect(waitFor(lines, in: store, toBe: 3) != nil)

        // Rotation: the old file is renamed and a new one takes its path.
        try FileManager.default.moveItem(atPath: followed, toPath: directory.path("f.log.1"))
        try directory.write("f.log", Self.marker(6, "End", 2))
        #expect(waitFor(lines, in: store, toBe: 4) != nil)

        // Truncation, rewritten at once to more than was read.
        try (Self.marker(7, "Start", 3) + Self.marker(8, "Info", 3)).write(toFile: followed, atomically: false, encoding: .utf8)
        #expect(waitFor(lines, in: store, toBe: 6) != nil)

        // A file that did not exist when the follow began.
        try directory.write("g.log", Self.marker(9, "End", 3))
        #expect(waitFor("SELECT count(*) FROM spans WHERE status = 'ok'", in: store, toBe: 3) != nil)

        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(said)")
        #expect(said.contains("Ingested 4 inputs"))

        // The same spans and lines as one ingest of the four files the follow saw.
        let reference = directory.path("reference.db")
        let parts = [
            try directory.write("1.log", Self.marker(3, "Start", 1) + Self.marker(4, "End", 1) + Self.marker(5, "Start", 2)),
            try directory.write("2.log", Self.marker(6, "End", 2)),
            try directory.write("3.log", Self.marker(7, "Start", 3) + Self.marker(8, "Info", 3)),
            try directory.write("4.log", Self.marker(9, "End", 3)),
        ]
        let oracle = try FCLogBinary.run(["ingest", "--db", reference, "--function", "api", "--tz", "UTC"] + parts)
        #expect(oracle.status == 0, "\(oracle.stderr)")
        #expect(try rows(store) == rows(reference))
    }

    @Test func followRefusesStandardInputAndCompressedFiles() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("s.db")
        let refused = try FCLogBinary.run(["ingest", "--db", store, "--follow", "-"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--follow reads files"))

        var gzip = [UInt8](GzipByteSource.magic)
        gzip += [8, 0, 0, 0, 0, 0, 0, 3]
        let compressed = try directory.write("c.log.gz", bytes: gzip)
        let plain = try directory.write("p.log", Self.marker(3, "Start", 1) + Self.marker(4, "End", 1))
        let (process, output) = try start(["--db", store, "--follow", compressed, plain])
        #expect(waitFor("SELECT count(*) FROM spans WHERE status = 'ok'", in: store, toBe: 1) != nil)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(said.contains("\(compressed) is compressed") || said.contains("cannot read \(compressed): is compressed"))
        // A file that could not be followed is an error in the exit status, after the others were stored.
        #expect(process.terminationStatus == 1)
    }
}
