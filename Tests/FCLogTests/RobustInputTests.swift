import FCLogCore
import Foundation
import Testing

/// Compresses a file with the system's gzip, cut to its first bytes when asked.
func gzip(_ path: String, to output: String, keepingBytes: Int? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -c '\(path)'" + (keepingBytes.map { " | head -c \($0)" } ?? "") + " > '\(output)'"]
    try process.run()
    process.waitUntilExit()
    return output
}

@Suite("Inputs as they come")
struct RobustInputTests {
    @Test func crlfLineEndsAreRead() throws {
        let store = try TestStore()
        try store.ingest("FC Invoke Start RequestId: r-crlf00001\r\nFC Invoke End RequestId: r-crlf00001\r\n")
        #expect(try store.rows("SELECT request_id, status FROM spans") == ["r-crlf00001|ok"])
    }

    @Test func invalidUTF8AndNulBytesAreSurvived() throws {
        let store = try TestStore()
        var bytes = Array("FC Invoke Start RequestId: r-bytes0001\n".utf8)
        bytes += [0xFF, 0xFE, 0x41, 0x00, 0x42, 0x0A]
        bytes += Array("FC Invoke End RequestId: r-bytes0001\n".utf8)
        let path = try store.directory.write("bytes.log", bytes: bytes)
        try store.ingest(paths: [path])
        #expect(try store.rows("SELECT status FROM spans") == ["ok"])
        #expect(try store.scalar("SELECT message FROM lines WHERE kind = 'user'") == "\u{FFFD}\u{FFFD}AB")
    }

    @Test func aBinaryFileIsNamedAndSkipped() throws {
        let store = try TestStore()
        var bytes: [UInt8] = Array("\u{7F}ELF".utf8)
        for index in 0..<12_000 { bytes += [UInt8(truncatingIfNeeded: index), 0, 0, 0x7F, 0x0A] }
        let binary = try store.directory.write("a.out", bytes: bytes)
        #expect(throws: FCLogError.unreadableInput(path: binary, reason: "looks like a binary file, not a log; skipped")) {
            try store.ingest(paths: [binary])
        }
    }

    @Test func gzipIsDetectedByContent() throws {
        let store = try TestStore()
        let plain = try store.directory.write("tail.log", "FC Invoke Start RequestId: r-gzip00001\nFC Invoke End RequestId: r-gzip00001\n")
        let compressed = try gzip(plain, to: store.directory.path("tail.bin"))
        try store.ingest(paths: [compressed])
        #expect(try store.rows("SELECT request_id, status FROM spans") == ["r-gzip00001|ok"])
    }

    @Test func truncatedGzipIsAClearError() throws {
        let store = try TestStore()
        let plain = try store.directory.write("tail.log", String(repeating: "FC Invoke Start RequestId: r-gzip00001\n", count: 2000))
        let compressed = try gzip(plain, to: store.directory.path("tail.gz"), keepingBytes: 200)
        #expect(throws: FCLogError.corruptGzip(path: compressed, reason: "the stream ends early; the file is truncated")) {
            try store.ingest(paths: [compressed])
        }
    }

    @Test func corruptGzipIsAClearErrorNamingTheFile() throws {
        let store = try TestStore()
        let plain = try store.directory.write("tail.log", String(repeating: "FC Invoke Start RequestId: r-gzip00001\n", count: 2000))
        let compressed = try gzip(plain, to: store.directory.path("tail.gz"))
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: compressed)))
        for index in stride(from: 20, to: min(bytes.count - 8, 120), by: 3) { bytes[index] ^= 0x5A }
        try store.directory.write("tail.gz", bytes: bytes)
        #expect {
            try store.ingest(paths: [compressed])
        } throws: { error in
            guard case let FCLogError.corruptGzip(path, _) = error else { return false }
            return path == compressed && (error as! FCLogError).description.contains("gzip data is damaged")
        }
    }

    @Test func veryLongLinesAreCutAndCounted() throws {
        let store = try TestStore()
        let long = String(repeating: "x", count: 100 << 20)
        let summary = try store.ingest("FC Invoke Start RequestId: r-long00001\n\(long)\nFC Invoke End RequestId: r-long00001\n")
        #expect(summary.skipped["lines longer than 16 MiB (stored cut)"] == 1)
        #expect(try store.scalar("SELECT length(message) FROM lines WHERE kind = 'user'") == String(16 << 20))
        #expect(try store.rows("SELECT status FROM spans") == ["ok"])
    }

    @Test func prettyPrintedJSONArrayExport() throws {
        let store = try TestStore()
        try store.ingest(paths: [sampleLogs.appendingPathComponent("sls-instance-events.json").path])
        #expect(try store.scalar("SELECT count(*) FROM instance_events") == "3")
        #expect(try store.scalar("SELECT count(*) FROM instance_metrics") == "1")
    }

    @Test func malformedAndCutJSONIsCountedNotFatal() throws {
        let store = try TestStore()
        let summary = try store.ingest("""
            {"__time__":"1704163201","__topic__":"FCLogs:api","message":"FC Invoke Start RequestId: r-json00001"
            {"__time__":"1704163202","__topic__":"FCLogs:api","functionName":"api","message":"FC Invoke End RequestId: r-json00001"}
            [
              {"__time__": "1704163203", "__topic__": "FCLogs:api", "functionName": "api", "message": "first"},
              {"__time__": "1704163204", "__topic__": "FCLogs:api", "function
            """)
        #expect(summary.skipped["malformed JSON records"] == 1)
        #expect(summary.skipped["JSON records cut off at the end of the input"] == 1)
        #expect(try store.rows("SELECT message FROM lines ORDER BY id") == ["FC Invoke End RequestId: r-json00001", "first"])
    }

    @Test func userJSONInRawOutputIsAUserLine() throws {
        let store = try TestStore()
        try store.ingest("""
            FC Invoke Start RequestId: r-userjson1
            {"level":"info","msg":"structured"}
            {
            not json after all
            FC Invoke End RequestId: r-userjson1
            """)
        #expect(try store.rows("SELECT message FROM lines WHERE kind = 'user' ORDER BY id") == [
            #"{"level":"info","msg":"structured"}"#, "{", "not json after all",
        ])
        #expect(try store.rows("SELECT status FROM spans") == ["ok"])
    }

    @Test func deeplyNestedJSONDoesNotOverflow() throws {
        let store = try TestStore()
        let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        try store.ingest(#"{"__time__":"1704163201","__topic__":"FCLogs:api","functionName":"api","extra":\#(nested),"message":"deep"}"#)
        #expect(try store.scalar("SELECT message FROM lines") == "deep")
    }

    @Test func unreadableInputsAreNamed() throws {
        let store = try TestStore()
        #expect(throws: FCLogError.unreadableInput(path: store.directory.path("missing.log"), reason: "No such file or directory")) {
            try store.ingest(paths: [store.directory.path("missing.log")])
        }
        #expect(throws: FCLogError.unreadableInput(path: store.directory.url.path, reason: "is a directory")) {
            try store.ingest(paths: [store.directory.url.path])
        }
    }
}

/// Inputs the fuzzers found crashing, kept as regression cases: each is ingested whole.
@Suite("Fuzzer findings")
struct FuzzRegressionTests {
    static let findings: [String] = {
        let folder = fixtures.appendingPathComponent("fuzz-crashes")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }()

    /// Every finding goes through every reader it could have come from.
    @Test(arguments: findings)
    func readsWithoutCrashing(_ name: String) throws {
        let path = fixtures.appendingPathComponent("fuzz-crashes").appendingPathComponent(name).path
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? LocalTimeZone(parsing: text)
        _ = try? ReportOptions.parseTime(text, now: 1_700_000_000_000_000)
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let line = Array(line)
            _ = line.withUnsafeBufferPointer { LineRecogniser.recognise($0) }
            _ = line.withUnsafeBufferPointer { JSONRecordParser.parse($0).flatMap(SLSRecord.init) }
        }
        let store = try TestStore()
        _ = try? store.ingest(paths: [path])
        #expect(try store.scalar("PRAGMA integrity_check") == "ok")
    }
}
