@testable import FCLogCore
import Foundation
import Testing

@Suite("Reports over time")
struct TimelineTests {
    private func expectSumsEqualTheReport(_ store: TestStore, width: Int64, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let db = try Store.openForReading(path: store.path)
        let (functions, total) = try ReportBuilder.build(db, options: ReportOptions())
        let timelines = try ReportBuilder.timelines(db, options: ReportOptions(), widthMicros: width)
        let reports = functions.count > 1 ? functions + [total] : functions
        #expect(timelines.map(\.function) == reports.map { functions.count > 1 && $0.function == "total" ? "total" : $0.function },
                sourceLocation: sourceLocation)
        for (timeline, report) in zip(timelines, reports) {
            let buckets = timeline.buckets
            #expect(buckets.reduce(0) { $0 + $1.invocations } == report.invocations.total, "\(report.function)", sourceLocation: sourceLocation)
            #expect(buckets.reduce(0) { $0 + $1.errors } == report.invocations.error, sourceLocation: sourceLocation)
            #expect(buckets.reduce(0) { $0 + $1.timeouts } == report.invocations.timeout, sourceLocation: sourceLocation)
            #expect(buckets.reduce(0) { $0 + $1.coldStarts } == report.coldStarts, "\(report.function)", sourceLocation: sourceLocation)
            #expect(buckets.reduce(0) { $0 + $1.initializerFailures } == report.initializer.failures, sourceLocation: sourceLocation)
            #expect(buckets.reduce(0) { $0 + $1.billedMillis } == report.billing.requestBilledMillis, sourceLocation: sourceLocation)
            #expect((buckets.map(\.peakConcurrency).max() ?? 0) == report.instances.peakConcurrentRequests, sourceLocation: sourceLocation)
            #expect(timeline.total.durations == report.durations[.invoke], sourceLocation: sourceLocation)
            #expect(buckets.reduce(0) { $0 + $1.durations.count } == report.durations[.invoke]?.count, sourceLocation: sourceLocation)
            // Every bucket from the first to the last, in order, then the one with no time.
            let starts = buckets.compactMap(\.start)
            #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 == width }, sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [3_600_000_000 as Int64, 86_400_000_000])
    func theSamplesBucketsSumToTheReport(width: Int64) throws {
        try expectSumsEqualTheReport(try ReportTests.sampleStore(), width: width)
    }

    @Test(arguments: [(1, 600), (3, nil), (5, 300)] as [(Int, Int?)])
    func generatedLogsBucketsSumToTheReport(concurrency: Int, keepAlive: Int?) throws {
        let generated = GeneratedFunction(requests: 800, seed: UInt64(concurrency))
        let store = try TestStore()
        try store.ingest(generated.text(.init(concurrency: concurrency, keepAlive: keepAlive)).text)
        try expectSumsEqualTheReport(store, width: 300_000_000)
        try expectSumsEqualTheReport(store, width: 60_000_000)
    }

    @Test func tooManyBucketsIsAClearError() throws {
        let store = try ReportTests.sampleStore()
        #expect {
            try ReportBuilder.timelines(try Store.openForReading(path: store.path), options: ReportOptions(), widthMicros: 60_000_000)
        } throws: { error in
            (error as? FCLogError)?.description.contains("use a wider --by or --since/--until") == true
        }
    }

    @Test func theCommandPrintsEachFormatAndAChartOnlyOnATerminal() throws {
        let (directory, db) = try AdviseCommandTests.sampleStore()
        _ = directory
        let table = try FCLogBinary.run(["report", "--db", db, "--function", "order-api", "--by", "1m"])
        #expect(table.status == 0, "\(table.stderr)")
        try expectGolden(table.stdout, "report-by-1m.txt")
        #expect(!table.stdout.contains("▁") && !table.stdout.contains("█"))
        let csv = try FCLogBinary.run(["report", "--db", db, "--function", "order-api", "--by", "1h", "--format", "csv"])
        #expect(csv.stdout == """
            function,bucket,invocations,errors,timeouts,cold_starts,initializer_failures,p50_ms,p99_ms,billed_ms,peak_concurrency\r
            order-api,2024-01-02T02:00:00.000Z,3,0,1,1,0,620.35,3000.2,6456,1\r
            order-api,total,3,0,1,1,0,620.35,3000.2,6456,1\r

            """)
        let json = try FCLogBinary.run(["report", "--db", db, "--by", "1d", "--format", "json"])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(parsed.map { $0["function"] as? String } == ["order-api", "thumbnail", "web", "total"])
        #expect(parsed.last?["bucket_seconds"] as? Int == 86_400)
        let bad = try FCLogBinary.run(["report", "--db", db, "--by", "5x"])
        #expect(bad.status == 64)
    }

    @Test(.enabled(if: FCLogBinary.canRunOnTerminal))
    func aTerminalGetsTheChart() throws {
        let (directory, db) = try AdviseCommandTests.sampleStore()
        _ = directory
        let (status, text) = try FCLogBinary.runOnTerminal("\(FCLogBinary.url.path) report --db \(db) --function order-api --by 1m")
        #expect(status == 0)
        #expect(text.contains("invocations █▄"))
        #expect(text.contains("errors      █"))
    }

    @Test func comparingTwoWindowsGivesTheTwoPlainReportsAndTheirChange() throws {
        let (directory, db) = try AdviseCommandTests.sampleStore()
        _ = directory
        let windows = (["--since", "2023-09-01", "--until", "2023-10-01"], ["--since", "2023-10-01", "--until", "2024-01-01"])
        func plain(_ window: [String]) throws -> [String: Any] {
            let run = try FCLogBinary.run(["report", "--db", db, "--function", "web", "--format", "json"] + window)
            return try #require((try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])?.first)
        }
        let compared = try FCLogBinary.run(["report", "--db", db, "--function", "web", "--format", "json"] + windows.0
                                           + ["--compare-since", "2023-10-01", "--compare-until", "2024-01-01"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let item = try #require((try JSONSerialization.jsonObject(with: Data(compared.stdout.utf8)) as? [[String: Any]])?.first)
        let first = try plain(windows.0), second = try plain(windows.1)
        #expect(NSDictionary(dictionary: try #require(item["first"] as? [String: Any])) == NSDictionary(dictionary: first))
        #expect(NSDictionary(dictionary: try #require(item["second"] as? [String: Any])) == NSDictionary(dictionary: second))
        let change = try #require(item["change"] as? [String: Any])
        let total = { (report: [String: Any]) in (report["invocations"] as? [String: Any])?["total"] as? Int ?? -1 }
        #expect(change["invocations"] as? Int == total(second) - total(first))
        let table = try FCLogBinary.run(["report", "--db", db, "--function", "web"] + windows.0 + ["--compare-since", "2023-10-01"])
        let row = table.stdout.split(separator: "\n").first { $0.hasPrefix("  invocations ") }?.split(separator: " ")
        #expect(row == ["invocations", "5", "2", "-3", "-60.0%"], "\(table.stdout)")
        let both = try FCLogBinary.run(["report", "--db", db, "--by", "1d", "--compare-since", "1d"])
        #expect(both.status == 64)
    }

    @Test func oneInstancesReport() throws {
        let store = try ReportTests.sampleStore()
        let db = try Store.openForReading(path: store.path)
        var options = ReportOptions()
        options.instance = "c-65a77eb0-15416274-ff5addb2c9e1"
        let (functions, _) = try ReportBuilder.build(db, options: options)
        var whole = ReportOptions()
        whole.function = "order-api"
        let orderAPI = try ReportBuilder.build(db, options: whole).functions[0]
        // The function has that one instance: the same figures, but for its examples' window.
        #expect(functions.map(\.function) == ["order-api"])
        #expect(functions[0].invocations == orderAPI.invocations)
        #expect(functions[0].coldStarts == orderAPI.coldStarts)
        #expect(functions[0].billing == orderAPI.billing)
        #expect(functions[0].coldStartAnatomy == orderAPI.coldStartAnatomy)
        options.instance = "c-61cf9980-2b3c4d5e6f7a8b9c0d1e"
        #expect(try ReportBuilder.build(db, options: options).functions.map(\.function) == ["thumbnail"])
        options.instance = "c-nope"
        #expect(throws: FCLogError.self) { try ReportBuilder.build(db, options: options) }
    }

    @Test func sparklinesScaleToTheLargestAndFitSixtyFourColumns() {
        #expect(TimelineRenderer.sparkline([0, 1, 2, 4, 8]) == " ▁▂▄█")
        #expect(TimelineRenderer.sparkline(Array(repeating: 1, count: 1000)).count == 64)
        #expect(TimelineRenderer.sparkline([0, 0]) == "  ")
    }
}

@Suite("report --watch")
struct WatchTests {
    @Test(.enabled(if: FCLogBinary.canRunOnTerminal && FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout")))
    func itRedrawsAsTheStoreGrowsAndCtrlCEndsIt() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("store.db")
        func ingest(_ n: Int) throws {
            let run = try FCLogBinary.run(["ingest", "--db", db, "--function", "fn", "-"],
                                          stdin: "FC Invoke Start RequestId: r-watch-\(n)\nFC Invoke End RequestId: r-watch-\(n)\n")
            #expect(run.status == 0, "\(run.stderr)")
        }
        try ingest(1)
        // On a pseudo-terminal, interrupted once as Ctrl-C would: without --foreground, timeout signals the child and then
        // its whole group, and a second SIGINT that lands after the first is handled ends the process at once (130).
        // Long enough for an instrumented (sanitizer) build to ingest and redraw.
        let command = "timeout --foreground -k 3 --preserve-status -s INT 9 \(FCLogBinary.url.path) report --db \(db) --watch --interval 0.5; echo status=$?"
        let (_, text) = try FCLogBinary.runOnTerminal(command) {
            Thread.sleep(forTimeInterval: 1.5)
            try ingest(2)
        }
        #expect(text.contains("\u{1B}[H\u{1B}[2J"))
        #expect(text.contains("Invocations   1 "))
        #expect(text.contains("Invocations   2 "))
        #expect(text.contains("status=0"), "\(text.suffix(400))")
        let piped = try FCLogBinary.run(["report", "--db", db, "--watch"])
        #expect(piped.status == 64)
    }
}

@Suite("Output manners")
struct OutputMannersTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")), arguments: [
        ["report"], ["report", "--by", "1d"], ["show", "1-65a77fbb-157f3f32-e1ee24b17e49"], ["advise"], ["whatif", "--concurrency", "2"],
        ["query", "SELECT * FROM spans"],
    ])
    func aFullDiskIsAnErrorNotLostOutput(_ arguments: [String]) throws {
        let (directory, db) = try AdviseCommandTests.sampleStore()
        _ = directory
        let process = Process()
        process.executableURL = FCLogBinary.url
        process.arguments = arguments + ["--db", db]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(arguments)")
        #expect(message.contains("fclog: cannot write the output: No space left on device"), "\(message)")
    }

    @Test(.enabled(if: FCLogBinary.canRunOnTerminal), arguments: [("NO_COLOR", "1"), ("TERM", "dumb")])
    func noColourWhereTheUserSaysSo(variable: String, value: String) throws {
        let (directory, db) = try AdviseCommandTests.sampleStore()
        _ = directory
        func onTerminal(_ environment: [String: String?]) throws -> String {
            let defaults: [String: String?] = ["NO_COLOR": nil, "TERM": "xterm"]
            return try FCLogBinary.runOnTerminal("\(FCLogBinary.url.path) report --db \(db) --function order-api",
                                                 environment: defaults.merging(environment) { $1 }).text
        }
        #expect(try onTerminal([:]).contains("\u{1B}[1m"))
        #expect(!(try onTerminal([variable: value])).contains("\u{1B}["))
    }
}
