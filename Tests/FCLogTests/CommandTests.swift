import Foundation
import Testing

/// Runs the built `fclog` binary as a user would.
struct FCLogBinary {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let url: URL = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fclog")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/fclog")
    }()

    static let canRunOnTerminal = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

    /// Runs a shell command on a pseudo-terminal (script(1)), calling `during` while it runs; gives what the terminal
    /// showed. `environment` sets variables, or removes those given nil.
    static func runOnTerminal(_ command: String, environment: [String: String?] = [:], during: () throws -> Void = {}) throws
        -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try during()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Runs fclog (or `executable`, a shell say) with the arguments.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in directory: URL? = nil,
                    executable: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = executable.map(URL.init(fileURLWithPath:)) ?? url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["FCLOG_DB"] = nil
        env["TZ"] = "UTC"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

@Suite("The fclog command")
struct CommandTests {
    @Test func ingestSamplesThenQueryAsJSON() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("store.db")
        let samples = try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted().map { sampleLogs.appendingPathComponent($0).path }
        let ingest = try FCLogBinary.run(["ingest", "--db", db, "--tz", "Asia/Shanghai", "--function", "web"] + samples)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("Ingested \(samples.count) inputs"))
        let query = try FCLogBinary.run(["query", "--db", db, "--format", "json",
                                         "SELECT kind, status, count(*) AS n FROM spans WHERE function = 'order-api' GROUP BY 1, 2 ORDER BY 1, 2"])
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout == """
            [
              {"kind": "initialize", "status": "ok", "n": 1},
              {"kind": "invoke", "status": "ok", "n": 2},
              {"kind": "invoke", "status": "timeout", "n": 1},
              {"kind": "prestop", "status": "error", "n": 1}
            ]

            """)
    }

    @Test func standardInputAndTheEnvironmentsStore() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("env.db")
        let tail = "FC Invoke Start RequestId: r-stdin0001\nFC Invoke End RequestId: r-stdin0001\n"
        let ingest = try FCLogBinary.run(["ingest", "--function", "api", "-"], stdin: tail, environment: ["FCLOG_DB": db])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let query = try FCLogBinary.run(["query", "--format", "csv", "SELECT function, request_id, status FROM spans"], environment: ["FCLOG_DB": db])
        #expect(query.stdout == "function,request_id,status\r\napi,r-stdin0001,ok\r\n")
    }

    @Test func defaultStoreIsInTheCurrentDirectory() throws {
        let directory = try TemporaryDirectory()
        let ingest = try FCLogBinary.run(["ingest", "-"], stdin: "FC Invoke Start RequestId: r-cwd000001\n", in: directory.url)
        #expect(ingest.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.path("fclog.db")))
    }

    @Test func unreadableFileIsNamedAndOthersAreStillRead() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("store.db")
        let good = try directory.write("good.log", "FC Invoke Start RequestId: r-good00001\nFC Invoke End RequestId: r-good00001\n")
        let result = try FCLogBinary.run(["ingest", "--db", db, directory.path("missing.log"), good])
        #expect(result.status == 1)
        #expect(result.stderr == "fclog: cannot read \(directory.path("missing.log")): No such file or directory\n")
        let query = try FCLogBinary.run(["query", "--db", db, "--format", "csv", "SELECT count(*) FROM spans"])
        #expect(query.stdout.hasSuffix("\r\n1\r\n"))
    }

    @Test func queryRefusesWritesWithAClearMessage() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("store.db")
        _ = try FCLogBinary.run(["ingest", "--db", db, "-"], stdin: "FC Invoke Start RequestId: r-write0001\n")
        let result = try FCLogBinary.run(["query", "--db", db, "DELETE FROM spans"])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("fclog: refused: fclog query is read-only"))
        let bad = try FCLogBinary.run(["query", "--db", db, "SELEC 1"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("syntax error"))
    }

    @Test func queryWithoutAStoreSaysWhatToDo() throws {
        let directory = try TemporaryDirectory()
        let result = try FCLogBinary.run(["query", "--db", directory.path("none.db"), "SELECT 1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no store at"))
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func reportOnTheSamplesInEachFormat() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("store.db")
        let samples = try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted().map { sampleLogs.appendingPathComponent($0).path }
        _ = try FCLogBinary.run(["ingest", "--db", db, "--tz", "+08:00", "--function", "web"] + samples)
        let table = try FCLogBinary.run(["report", "--db", db])
        #expect(table.status == 0)
        #expect(table.stdout == (try String(contentsOf: fixtures.appendingPathComponent("golden/report.txt"), encoding: .utf8)))
        let json = try FCLogBinary.run(["report", "--db", db, "--function", "order-api", "--format", "json", "--billing-step-ms", "100"])
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        let billing = try #require(parsed?.first?["billing"] as? [String: Any])
        // 620.35, 3000.2 and 20.2 ms invocations, an 812.5 ms Initializer, a 2 s PreStop, in 100 ms steps.
        #expect(billing["request_billed_ms"] as? Int == 700 + 3100 + 100 + 900 + 2000)
        let markdown = try FCLogBinary.run(["report", "--db", db, "--format", "markdown", "--since", "2024-01-01", "--until", "2024-02-01"])
        #expect(markdown.stdout.hasPrefix("## order-api"))
        #expect(!markdown.stdout.contains("## web"))
        let empty = try FCLogBinary.run(["report", "--db", db, "--function", "nope"])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no spans for function 'nope'"))
    }

    @Test(arguments: ["ingest", "report", "query", "show", "advise", "whatif"])
    func helpShowsAnExample(_ command: String) throws {
        let result = try FCLogBinary.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("fclog \(command) "))
    }
}
