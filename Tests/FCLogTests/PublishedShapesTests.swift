@testable import FCLogCore
import Foundation
import Testing

/// FC log text as people publish it: local runs' summaries, prefix times with a colon,
/// byte-order marks, classic Mac line ends, and compressed files fclog does not read.
@Suite("Published shapes")
struct PublishedShapesTests {
    static let rid = "0918f56e-affc-4911-b4c7-a98f1b9b0e29"

    static func localRun(summary: String) -> String {
        """
        FC Invoke Start RequestId: \(rid)
        load code for handler:index.handler
        2021-07-26T09:16:16.607Z \(rid) [verbose] hello world
        FC Invoke End RequestId: \(rid)

        \(summary)

        """
    }

    @Test(arguments: [
        ("RequestId: \(rid)   Billed Duration: 240 ms   Memory Size: 128 MB   Max Memory Used: 13 MB", "240.0|240|summary_line|128|13.0"),
        ("RequestId: \(rid) \t Billed Duration: 240 ms \t Memory Size: 128 MB \t Max Memory Used: 13 MB", "240.0|240|summary_line|128|13.0"),
        ("RequestId: \(rid)  Duration: 238.51 ms  Billed Duration: 300 ms  Memory Size: 512 MB  Max Memory Used: 20.5 MB", "238.51|239|summary_line|512|20.5"),
    ])
    func aLocalRunsSummaryGivesItsInvocationsTime(summary: String, expected: String) throws {
        let store = try TestStore()
        try store.ingest(Self.localRun(summary: summary))
        #expect(try store.rows("SELECT duration_ms, billed_ms, duration_source, memory_mb, max_memory_mb FROM spans") == [expected])
        #expect(try store.rows("SELECT kind FROM lines WHERE message LIKE 'RequestId:%'") == ["summary"])
    }

    @Test func aLocalSummaryOfAnotherRequestIsNotTakenForTheLastOne() throws {
        let store = try TestStore()
        let other = "1-65a77fbb-157f3f32-e1ee24b17e49"
        try store.ingest(Self.localRun(summary: "RequestId: \(other)   Billed Duration: 240 ms   Memory Size: 128 MB   Max Memory Used: 13 MB"))
        #expect(try store.rows("SELECT request_id, ifnull(duration_source, '-') FROM spans") == ["\(Self.rid)|line_timestamps"])
    }

    @Test func aPrefixTimeFollowedByAColonKeepsItsTime() throws {
        let store = try TestStore()
        try store.ingest("""
            FC Invoke Start RequestId: \(Self.rid)
            2021-07-26T09:16:16.607Z: \(Self.rid) [INFO]  message
            FC Invoke End RequestId: \(Self.rid)

            """)
        #expect(try store.rows("SELECT time, level, message FROM lines WHERE kind = 'user'") == ["2021-07-26T09:16:16.607Z|info|message"])
    }

    @Test func aByteOrderMarkAndClassicMacLineEndsAreRead() throws {
        let store = try TestStore()
        let text = "\u{FEFF}FC Invoke Start RequestId: r-bom000001\rhello\rFC Invoke End RequestId: r-bom000001\r"
        try store.ingest(text)
        #expect(try store.rows("SELECT request_id, status FROM spans") == ["r-bom000001|ok"])
        #expect(try store.scalar("SELECT count(*) FROM lines") == "3")
    }

    @Test(arguments: [
        ([0x28, 0xB5, 0x2F, 0xFD, 0, 0], "zstd"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0], "xz"),
        ([0x42, 0x5A, 0x68, 0x39, 0x31], "bzip2"),
        ([0x50, 0x4B, 0x03, 0x04, 0x14, 0], "zip"),
    ] as [([UInt8], String)])
    func otherCompressedFilesAreRefusedByName(magic: [UInt8], name: String) throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("logs.\(name)", bytes: magic + [UInt8](repeating: 0x41, count: 64))
        let result = try FCLogBinary.run(["ingest", "--db", directory.path("s.db"), file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("is \(name)-compressed, which fclog does not read"), "\(result.stderr)")
        #expect(try FCLogBinary.run(["query", "--db", directory.path("s.db"), "--format", "csv", "SELECT count(*) FROM lines"]).stdout.hasSuffix("\r\n0\r\n"))
    }

    @Test func aShortFirstLineOfALiveInputIsNotWaitedFor() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("live.db")
        let input = Pipe()
        let process = Process()
        process.executableURL = FCLogBinary.url
        process.arguments = ["ingest", "--db", db, "-"]
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("ok\n".utf8))
        var seen = false
        let deadline = Date().addingTimeInterval(8)
        while !seen, Date() < deadline {
            usleep(50_000)
            seen = (try? Store.openForReading(path: db).scalarInt("SELECT count(*) FROM lines")) == 1
        }
        #expect(seen)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// `s invoke` output pasted into an issue, indented, of a cold start whose Initializer has its own RequestId.
    static let deployToolOutput = """
            ⌛ Steps for [invoke] of [hello-app]
            ====================
            ========= FC invoke Logs begin =========
            FC Initialize Start RequestId: 5c3a9d1e-0b7f-4e2a-9c1d-2f3e4a5b6c7d
            FC Initialize End RequestId: 5c3a9d1e-0b7f-4e2a-9c1d-2f3e4a5b6c7d
            FC Invoke Start RequestId: 2f7c1e9a-1d2b-4c3d-9e8f-0a1b2c3d4e5f
            2022-07-28T18:43:50.784Z 2f7c1e9a-1d2b-4c3d-9e8f-0a1b2c3d4e5f [INFO] main.go:25: hi
            FC Invoke End RequestId: 2f7c1e9a-1d2b-4c3d-9e8f-0a1b2c3d4e5f
            Duration: 0.87 ms, Billed Duration: 1 ms, Memory Size: 128 MB, Max Memory Used: 9.82 MB
            ========= FC invoke Logs end =========

            FC Invoke instanceId: c-62e2d846-995c5020672547c6a1b2
            Code Checksum: 9412753478367283616
            Qualifier: LATEST
            RequestId: 2f7c1e9a-1d2b-4c3d-9e8f-0a1b2c3d4e5f

            FC Invoke Result:
            {"ok": true}

            ✔ [hello_world] completed (1.34s)

            """

    @Test func aDeployToolsBlockNamesTheInstanceAndAliasOfTheTailAboveIt() throws {
        let store = try TestStore()
        let summary = try store.ingest(Self.deployToolOutput)
        #expect(try store.rows("SELECT kind, instance_id, qualifier FROM spans ORDER BY id") == [
            "initialize|c-62e2d846-995c5020672547c6a1b2|LATEST",
            "invoke|c-62e2d846-995c5020672547c6a1b2|LATEST",
        ])
        // The tool's chatter and the call's result are not the function's lines.
        #expect(try store.rows("SELECT message FROM lines WHERE kind = 'user'") == ["main.go:25: hi"])
        #expect(summary.skipped["deploy tool lines (s, fun: instance, result, steps)"] == 8)
        // One cold start: the Initializer and the invocation ran on the same instance.
        let report = try #require(ReportBuilder.build(try Store.openForReading(path: store.path), options: ReportOptions()).functions.first)
        #expect(report.coldStarts == 1)
    }

    @Test func eachCallOfSeveralPastedTogetherHasItsOwnInstance() throws {
        let store = try TestStore()
        let second = Self.deployToolOutput
            .replacingOccurrences(of: "2f7c1e9a-1d2b-4c3d-9e8f-0a1b2c3d4e5f", with: "3a8d2f0b-2e3c-4d4e-8f90-1b2c3d4e5f60")
            .replacingOccurrences(of: "5c3a9d1e-0b7f-4e2a-9c1d-2f3e4a5b6c7d", with: "6d4b0e2f-1c80-4f3b-8d2e-3f4a5b6c7d8e")
            .replacingOccurrences(of: "FC Invoke instanceId: c-62e2d846-995c5020672547c6a1b2", with: "Invoke instanceId: c-62e2d846-000000000000000000b2")
        try store.ingest(Self.deployToolOutput + second)
        #expect(try store.rows("SELECT request_id, instance_id FROM spans WHERE kind = 'invoke' ORDER BY id") == [
            "2f7c1e9a-1d2b-4c3d-9e8f-0a1b2c3d4e5f|c-62e2d846-995c5020672547c6a1b2",
            "3a8d2f0b-2e3c-4d4e-8f90-1b2c3d4e5f60|c-62e2d846-000000000000000000b2",
        ])
    }

    @Test(arguments: [
        #"{"message": "FC Invoke Start RequestId: r-wrap00001\nhello from inside\nFC Invoke End RequestId: r-wrap00001"}"#,
        #"{"user": "bot", "log": "FC Invoke Start RequestId: r-wrap00001\r\nhello from inside\r\nFC Invoke End RequestId: r-wrap00001"}"#,
        #"{"content": "FC Invoke Start RequestId: r-wrap00001"}"# + "\n" + #"{"content": "hello from inside\n"}"# + "\n"
            + #"{"msg": "FC Invoke End RequestId: r-wrap00001"}"#,
        "[\n  {\"message\": \"FC Invoke Start RequestId: r-wrap00001\\nhello from inside\"},\n  {\"message\": \"FC Invoke End RequestId: r-wrap00001\"}\n]",
    ])
    func logTextWrappedInOtherJSONIsReadAsThatText(input: String) throws {
        let store = try TestStore()
        try store.ingest(input + "\n")
        #expect(try store.rows("SELECT request_id, status FROM spans") == ["r-wrap00001|ok"])
        #expect(try store.rows("SELECT message FROM lines WHERE kind = 'user'") == ["hello from inside"])
    }

    static let copied = "7a1c0f3e-1d2b-4c3d-9e8f-0a1b2c3d4e5f"

    @Test(arguments: [
        ("FC Invoke Start RequestId: \(copied)  2023-09-06T04:28:41.79Z \(copied) [INFO] main.go:19: hi  FC Invoke End RequestId: \(copied)",
         ["marker", "user", "marker"]),
        ("2023-09-06 12:28:41FC Invoke Start RequestId: \(copied)2023-09-06 12:28:41FC Invoke End RequestId: \(copied)", ["marker", "marker"]),
        ("2023-09-06 12:28:41 FC Invoke Start RequestId: \(copied) 2023-09-06 12:28:41 hello 2023-09-06 12:28:42 FC Invoke End RequestId: \(copied)",
         ["marker", "user", "marker"]),
        ("2023-09-06 11:18:30FC Invoke Start RequestId: \(copied)\t2023-09-06 11:18:31\tFC Invoke End RequestId: \(copied)", ["marker", "marker"]),
    ])
    func aWholeLogCopiedOntoOneLineEndsItsInvocation(text: String, kinds: [String]) throws {
        let store = try TestStore()
        try store.ingest(text + "\n", options: IngestOptions(timeZone: .utc, defaultFunction: "api"))
        #expect(try store.rows("SELECT request_id, status FROM spans") == ["\(Self.copied)|ok"])
        #expect(try store.rows("SELECT kind FROM lines ORDER BY id") == kinds)
    }

    @Test func severalInvocationsOnOneLineAreEachRead() throws {
        let store = try TestStore()
        try store.ingest("FC Invoke Start RequestId: r-one000001 FC Invoke End RequestId: r-one000001 FC Invoke Start RequestId: r-two000002 working FC Invoke End RequestId: r-two000002\n")
        #expect(try store.rows("SELECT request_id, status FROM spans ORDER BY id") == ["r-one000001|ok", "r-two000002|ok"])
    }

    /// An End that failed keeps its error, which runs to the next row, and the invocations after it are read.
    @Test(arguments: [
        "FC Invoke Start RequestId: r-one000001  FC Invoke End RequestId: r-one000001, Error: Function timed out after 3 seconds (maxMemoryUsage: 62.11MB)  FC Invoke Start RequestId: r-two000002  FC Invoke End RequestId: r-two000002",
        "2023-09-06 12:28:41FC Invoke Start RequestId: r-one0000012023-09-06 12:28:44FC Invoke End RequestId: r-one000001, Error: Function timed out after 3 seconds (maxMemoryUsage: 62.11MB)2023-09-06 12:28:45FC Invoke Start RequestId: r-two0000022023-09-06 12:28:45FC Invoke End RequestId: r-two000002",
        "FC Invoke Start RequestId: r-one000001 FC Invoke End RequestId: r-one000001, Error: Function timed out after 3 seconds (maxMemoryUsage: 62.11MB) FC Invoke Start RequestId: r-two000002 2023-09-06T04:28:45.790Z r-two000002 [INFO] late FC Invoke End RequestId: r-two000002",
    ])
    func anEndsErrorOnOneLineEndsAtTheNextRow(text: String) throws {
        let store = try TestStore()
        try store.ingest(text + "\n", options: IngestOptions(timeZone: .utc, defaultFunction: "api"))
        #expect(try store.rows("SELECT request_id, status, coalesce(error, '-') FROM spans ORDER BY id") == [
            "r-one000001|timeout|Function timed out after 3 seconds (maxMemoryUsage: 62.11MB)", "r-two000002|ok|-",
        ])
        #expect(try store.rows("SELECT message FROM lines WHERE kind = 'marker' AND message LIKE '%Error%'") == [
            "FC Invoke End RequestId: r-one000001, Error: Function timed out after 3 seconds (maxMemoryUsage: 62.11MB)",
        ])
    }

    @Test(arguments: [
        "see: FC Invoke Start RequestId: r-quote0001 then FC Invoke End RequestId: r-quote0001",
        "FC Invoke Start RequestId: r-quote0001 and FC Invoke End RequestId: r-other0002",
        "FC Invoke Start RequestId: r-quote0001 then FC Initialize End RequestId: r-quote0001",
    ])
    func aMarkerQuotedInTextOrAnotherRequestsEndSplitsNothing(text: String) throws {
        let store = try TestStore()
        try store.ingest(text + "\n")
        #expect(try store.rows("SELECT count(*) FROM lines") == ["1"])
        #expect(try store.rows("SELECT count(*) FROM spans WHERE status = 'ok'") == ["0"])
    }

    static let cutCopy = """
        6569a3e1-5f4e3d2c-1b0a998877662023-12-01 09:05:03FC Invoke Start RequestId: 1-6569a3ef-1a2b3c4d-5e6f7a8b9c0d
        c-6569a3e1-5f4e3d2c-1b0a998877662023-12-01 09:05:03 2023-12-01T01:05:03.120Z 1-6569a3ef-1a2b3c4d-5e6f7a8b9c0d [INFO] working
        c-6569a3e1-5f4e3d2c-1b0a998877662023-12-01 09:05:04FC Invoke End RequestId: 1-6569a3ef-1a2b3c4d-5e6f7a8b9c0d

        """

    /// A copy whose first row lost the instance id's leading `c-`, read in one batch or with a commit after each line.
    @Test(arguments: [100_000, 1])
    func markersWhoseInstanceLostItsLeadingCPair(batchLines: Int) throws {
        let store = try TestStore()
        var options = IngestOptions(timeZone: try LocalTimeZone(parsing: "+08:00"), defaultFunction: "web")
        options.batchLines = batchLines
        try store.ingest(Self.cutCopy, options: options)
        #expect(try store.rows("SELECT instance_id, status, duration_ms FROM spans") == ["c-6569a3e1-5f4e3d2c-1b0a99887766|ok|1000.0"])
        #expect(try store.rows("SELECT instance_id, invocations FROM instances") == ["c-6569a3e1-5f4e3d2c-1b0a99887766|1"])
        #expect(try store.rows("SELECT DISTINCT instance_id FROM lines") == ["c-6569a3e1-5f4e3d2c-1b0a99887766"])
    }

    /// Records copied from the Log Service console's field view, one after the other.
    static let fieldView = """
        durationMs: 20.20
        functionName: order-api
        instanceID: c-65a77eb0-15416274-ff5addb2c9e1
        invocationStartTimestamp: 1705476027407
        isColdStart: false
        memoryMB: 512
        requestId: 1-65a77fbb-157f3f32-e1ee24b17e49
        __time__: 1705476028
        __topic__: FCLogs:order-api
        functionName: order-api
        instanceID: c-65a77eb0-15416274-ff5addb2c9e1
        message: FC Invoke End RequestId: 1-65a77fbb-157f3f32-e1ee24b17e49

        """

    @Test func theConsolesFieldViewIsReadAsTheRecordsItShows() throws {
        let store = try TestStore()
        let summary = try store.ingest(Self.fieldView)
        #expect(summary.requestMetrics == 1)
        #expect(try store.rows("SELECT function, instance_id, duration_ms, duration_source, has_end FROM spans") == [
            "order-api|c-65a77eb0-15416274-ff5addb2c9e1|20.2|request_metrics|1",
        ])
        #expect(try store.rows("SELECT kind FROM lines") == ["marker"])
    }

    @Test func keyValueLinesOfAFunctionStayItsLines() throws {
        let store = try TestStore()
        try store.ingest("""
            FC Invoke Start RequestId: r-keyval001
            status: ok
            items: 3
            zone: b
            user: alice
            FC Invoke End RequestId: r-keyval001

            """)
        #expect(try store.rows("SELECT l.message, s.request_id FROM lines l JOIN spans s ON s.id = l.span_id WHERE l.kind = 'user' ORDER BY l.id") == [
            "status: ok|r-keyval001", "items: 3|r-keyval001", "zone: b|r-keyval001", "user: alice|r-keyval001",
        ])
        #expect(try store.rows("SELECT line_no FROM lines WHERE kind = 'user' ORDER BY id") == ["2", "3", "4", "5"])
    }
}
