@testable import FCLogCore
import Foundation
import Testing

/// Compares `actual` with a golden file; `FCLOG_UPDATE_GOLDEN=1` rewrites it.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = fixtures.appendingPathComponent("golden").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["FCLOG_UPDATE_GOLDEN"] == "1" {
        try actual.write(to: url, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(actual == expected, sourceLocation: sourceLocation)
}

@Suite("Reports")
struct ReportTests {
    /// The bundled samples, read as the README's quick start reads them.
    static func sampleStore() throws -> TestStore {
        let store = try TestStore()
        let samples = try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted().map { sampleLogs.appendingPathComponent($0).path }
        try store.ingest(paths: samples, options: IngestOptions(timeZone: try LocalTimeZone(parsing: "+08:00"), defaultFunction: "web"))
        return store
    }

    private func report(_ store: TestStore, _ configure: (inout ReportOptions) -> Void = { _ in }) throws -> (functions: [FunctionReport], total: FunctionReport) {
        var options = ReportOptions()
        configure(&options)
        return try ReportBuilder.build(try Store.openForReading(path: store.path), options: options)
    }

    @Test func examplesNameRequestIdsOfEachProblemInEveryRouteAlike() throws {
        let store = try Self.sampleStore()
        let (functions, total) = try report(store)
        let web = try #require(functions.first { $0.function == "web" })
        #expect(web.examples.timeouts.map(\.requestID) == ["1-64f7ef7c-0f1e2d3c-4b5a69788796"])
        #expect(web.examples.errors.count == web.topErrors.count)
        #expect(web.examples.initializerFailures.map(\.requestID) == ["1-64f7ef72-64caf1ff0046194d9a26bbd7"])
        #expect(web.examples.slowestInvocations.map(\.value) == [3_000_000, 1_000_000, 1_000_000])
        #expect(total.examples.timeouts.count == 2)
        // The whole store from its summaries, and at another step from every span, give the same examples.
        let scanned = try report(store) { $0.billingStepMillis = 2 }
        #expect(scanned.functions.map(\.examples) == functions.map(\.examples))
        let one = try report(store) { $0.examples = 1 }
        #expect(one.functions.allSatisfy { $0.examples.slowestInvocations.count <= 1 })
        let none = try report(store) { $0.examples = 0 }
        #expect(none.functions.allSatisfy { $0.examples == FunctionReport.Examples() })
    }

    @Test func goldenTableJSONMarkdownAndCSV() throws {
        let store = try Self.sampleStore()
        let (functions, total) = try report(store)
        let renderer = ReportRenderer(colour: false)
        try expectGolden(renderer.render(functions, total: total, as: .table), "report.txt")
        try expectGolden(renderer.render(functions, total: total, as: .json), "report.json")
        try expectGolden(renderer.render(functions, total: total, as: .markdown), "report.md")
        try expectGolden(renderer.render(functions, total: total, as: .csv), "report.csv")
    }

    @Test func figuresOfTheSLSSample() throws {
        let store = try Self.sampleStore()
        let r = try #require(report(store) { $0.function = "order-api" }.functions.first)
        #expect(r.invocations == FunctionReport.Invocations(total: 3, ok: 2, error: 0, timeout: 1, unfinished: 0))
        #expect(r.coldStarts == 1)
        #expect(r.coldStartInitializer.max == 812_500)
        #expect(r.prestop.failures == 1)
        // 621 + 3001 + 21 (metrics) + 813 (Initializer from metrics) + 2000 (PreStop, seconds).
        #expect(r.billing.requestBilledMillis == 6456)
        #expect(r.billing.estimatedMillis == 2000)
        #expect(r.instances.lifetimeMillis.max == 604_000_000)
    }

    @Test func unknownFunctionIsNamed() throws {
        let store = try Self.sampleStore()
        #expect(throws: FCLogError.invalidArgument("no spans for function 'nope'; functions in the store: order-api, thumbnail, web")) {
            try report(store) { $0.function = "nope" }
        }
    }

    // MARK: - Billing rules on hand-computed cases

    /// Three overlapping 10 s requests on one instance bill 10 s, not 30 s.
    @Test func overlappingRequestsOnOneInstanceBillTheirUnion() throws {
        let store = try TestStore()
        try store.ingest("""
            {"__time__":"1700000000","__topic__":"FCLogs:f","functionName":"f","instanceID":"c-1","message":"FC Invoke Start RequestId: r-aaaaaaa1"}
            {"__time__":"1700000000","__topic__":"FCLogs:f","functionName":"f","instanceID":"c-1","message":"FC Invoke Start RequestId: r-aaaaaaa2"}
            {"__time__":"1700000000","__topic__":"FCLogs:f","functionName":"f","instanceID":"c-1","message":"FC Invoke Start RequestId: r-aaaaaaa3"}
            {"__time__":"1700000010","__topic__":"FCLogs:f","functionName":"f","instanceID":"c-1","message":"FC Invoke End RequestId: r-aaaaaaa1"}
            {"__time__":"1700000010","__topic__":"FCLogs:f","functionName":"f","instanceID":"c-1","message":"FC Invoke End RequestId: r-aaaaaaa2"}
            {"__time__":"1700000010","__topic__":"FCLogs:f","functionName":"f","instanceID":"c-1","message":"FC Invoke End RequestId: r-aaaaaaa3"}
            """)
        let r = try #require(report(store).functions.first)
        #expect(r.billing.requestBilledMillis == 30_000)
        #expect(r.billing.instanceBilledMillis == 10_000)
        #expect(r.billing.concurrencySavedMillis == 20_000)
        #expect(r.billing.estimatedMillis == 30_000)
        #expect(r.instances.peakConcurrentRequests == 3)
    }

    @Test func busyPeriodsRoundEachPeriodUp() {
        let ms = { (a: Int64, b: Int64) in BusyPeriods.Interval(start: a * 1000, end: b * 1000) }
        // 0–150 and 100–250 overlap: one 250 ms period. 250–300 touches it: 300 ms. 1000–1003.5 stands alone.
        let intervals = [ms(0, 150), ms(100, 250), ms(250, 300), BusyPeriods.Interval(start: 1_000_000, end: 1_003_500)]
        #expect(BusyPeriods.billedMillis(intervals, stepMillis: 1) == 300 + 4)
        #expect(BusyPeriods.billedMillis(intervals, stepMillis: 100) == 300 + 100)
        // Without overlap the union equals the sum of the spans' billed times.
        let apart = [ms(0, 87), ms(200, 203)]
        #expect(BusyPeriods.billedMillis(apart, stepMillis: 1) == 87 + 3)
        #expect(BusyPeriods.billedMillis(apart, stepMillis: 100) == 100 + 100)
    }

    /// The sweeps, which see intervals once in order of start, against the
    /// plain definitions: the union of the intervals (on a millisecond grid)
    /// and the most intervals covering one instant, ends before starts.
    @Test(arguments: [1, 2, 3, 4, 5])
    func sweepsAgreeWithTheDefinitions(seed: UInt64) {
        var rng = seed
        func next(_ bound: Int64) -> Int64 {
            rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17
            return Int64(rng % UInt64(bound))
        }
        for _ in 0..<50 {
            let intervals = (0..<Int(1 + next(40))).map { _ in
                let start = next(2_000) * 1000
                // Some empty, some touching the next on the grid, some long.
                return BusyPeriods.Interval(start: start, end: start + [0, 1000, next(300) * 1000, next(5) * 1000][Int(next(4))])
            }
            var covered = Set<Int64>()
            for interval in intervals { for ms in stride(from: interval.start / 1000, to: interval.end / 1000, by: 1) { covered.insert(ms) } }
            // On a millisecond grid, busy periods are runs of covered milliseconds (touching intervals make one run).
            var runs: [Int64] = []
            for ms in covered.sorted() {
                if covered.contains(ms - 1) { runs[runs.count - 1] += 1 } else { runs.append(1) }
            }
            #expect(BusyPeriods.billedMillis(intervals, stepMillis: 1) == runs.reduce(0, +))
            #expect(BusyPeriods.billedMillis(intervals, stepMillis: 100) == runs.reduce(0) { $0 + ($1 + 99) / 100 * 100 })
            var peak = 0
            for instant in Set(intervals.map(\.start)) {
                peak = max(peak, intervals.filter { $0.start <= instant && instant < $0.end }.count)
            }
            #expect(BusyPeriods.peakConcurrency(intervals) == peak)
        }
    }

    @Test(arguments: [
        (Int64(87_020), Int64(1), Int64(88)), (87_020, 100, 100), (3_000, 100, 100), (2_190, 1, 3), (100_000, 100, 100),
        (100_001, 100, 200), (0, 1, 0), (1, 1, 1),
    ])
    func billedDurationRoundsUpToTheStep(_ micros: Int64, _ step: Int64, _ billed: Int64) {
        #expect(Billing.billedMillis(durationMicros: micros, stepMillis: step) == billed)
    }

    @Test func hooksAreBilledAndTheOldStepApplies() throws {
        let store = try TestStore()
        try store.ingest("""
            FC Initialize Start RequestId: r-init00001
            FC Initialize End RequestId: r-init00001
            Duration: 3.00 ms, Billed Duration: 100 ms, Memory Size: 128 MB, Max Memory Used: 20.00 MB
            FC Invoke Start RequestId: r-invoke0001
            FC Invoke End RequestId: r-invoke0001
            Duration: 87.02 ms, Billed Duration: 100 ms, Memory Size: 128 MB, Max Memory Used: 20.00 MB
            FC PreStop Start RequestId: r-stop000001
            2023-09-27T08:12:44.100Z r-stop000001 [INFO] draining
            2023-09-27T08:12:44.350Z r-stop000001 [INFO] drained
            FC PreStop End RequestId: r-stop000001
            """)
        let exact = try #require(report(store).functions.first)
        // The summary follows the invocation only; the PreStop is timed by its lines (250 ms, an estimate).
        #expect(exact.billing.requestBilledMillis == 0 + 88 + 250)
        #expect(exact.billing.estimatedMillis == 250)
        let old = try #require(report(store) { $0.billingStepMillis = 100 }.functions.first)
        #expect(old.billing.requestBilledMillis == 0 + 100 + 300)
    }

    @Test func computeUnitsMatchFCsWorkedExample() {
        // 3 M invocations of 200 ms, 0.5 GB, 0.25 vCPU: 22,500 + 45,000 + 150,000 CU.
        var prices = PriceTable()
        prices.vcpu = 0.25
        let cu = prices.computeUnits(activeMillis: 3_000_000 * 200, memoryMB: 512, invocations: 3_000_000)
        #expect(abs(cu - 217_500) < 0.001)
        #expect(abs(prices.cost(cu: cu) - 4.35) < 0.000_001)
        // The tiers: 100 M CU at 0.000020, the next 400 M at 0.000017, the rest at 0.000014.
        #expect(abs(prices.cost(cu: 600_000_000) - (2000 + 6800 + 1400)) < 0.001)
    }

    @Test func priceFilesInJSONAndTOMLOverrideTheDefaults() throws {
        let directory = try TemporaryDirectory()
        let json = try directory.write("prices.json", #"{"currency": "CNY", "tiers": [{"price_per_cu": 0.0001}], "vcpu": 1, "memory_mb": 1024}"#)
        let fromJSON = try PriceTable.load(path: json)
        #expect(fromJSON.currency == "CNY")
        #expect(fromJSON.tiers == [PriceTable.Tier(upToCU: nil, pricePerCU: 0.0001)])
        #expect(fromJSON.vcpu == 1)
        let toml = try directory.write("prices.toml", """
            # my contract
            currency = "EUR"
            cu_per_10k_invocations = 50
            [[tiers]]
            up_to_cu = 1_000
            price_per_cu = 0.001
            [[tiers]]
            price_per_cu = 0.0005
            """)
        let fromTOML = try PriceTable.load(path: toml)
        #expect(fromTOML.currency == "EUR")
        #expect(fromTOML.cuPer10kInvocations == 50)
        #expect(abs(fromTOML.cost(cu: 3000) - (1 + 1)) < 0.000_001)
        let bad = try directory.write("bad.toml", "currency = EUR")
        #expect(throws: FCLogError.self) { try PriceTable.load(path: bad) }
    }

    @Test func initializerFailuresRetriesAndInstancesThatNeverInitialised() throws {
        let store = try TestStore()
        try store.ingest("""
            c-aaaaaaaa-0001 2024-01-02 2:40:00 FC Initialize Start RequestId: r-i1
            c-aaaaaaaa-0001 2024-01-02 2:40:01 FC Initialize End RequestId: r-i1, Error: Unhandled function error
            c-aaaaaaaa-0001 2024-01-02 2:40:02 FC Initialize Start RequestId: r-i1
            c-aaaaaaaa-0001 2024-01-02 2:40:03 FC Initialize End RequestId: r-i1
            c-aaaaaaaa-0001 2024-01-02 2:40:03 FC Invoke Start RequestId: r-v1
            c-aaaaaaaa-0001 2024-01-02 2:40:04 FC Invoke End RequestId: r-v1
            c-bbbbbbbb-0002 2024-01-02 2:41:00 FC Initialize Start RequestId: r-i2
            c-bbbbbbbb-0002 2024-01-02 2:41:03 FC Initialize End RequestId: r-i2, Error: Function timed out after 3 seconds
            c-cccccccc-0003 2024-01-02 2:42:00 FC Initialize Start RequestId: r-i3
            c-dddddddd-0004 2024-01-02 2:43:00 FC PreStop Start RequestId: r-p4
            c-dddddddd-0004 2024-01-02 2:44:00 FC Invoke Start RequestId: r-v4
            """)
        let r = try #require(report(store).functions.first)
        #expect(r.initializer.attempts == 4)
        #expect(r.initializer.failures == 3)
        #expect(r.initializer.instancesWithRetries == 1)
        #expect(r.initializer.instancesFailed == 2)
        #expect(r.initializer.errors.map(\.error) == ["Function timed out after 3 seconds", "Unhandled function error", "never ended"])
        #expect(r.prestop.failures == 1)
        #expect(r.invocations.unfinished == 1)
        #expect(r.coldStarts == 2)
    }

    @Test func sinceAndUntilAcceptISOAndRelativeTimes() throws {
        let now: Int64 = 1_700_000_000_000_000
        #expect(try ReportOptions.parseTime("2h", now: now) == now - 7_200_000_000)
        #expect(try ReportOptions.parseTime("2d", now: now) == now - 172_800_000_000)
        #expect(try ReportOptions.parseTime("2024-01-02T02:40:00Z") == 1_704_163_200_000_000)
        #expect(try ReportOptions.parseTime("2024-01-02") == 1_704_153_600_000_000)
        #expect(throws: FCLogError.self) { try ReportOptions.parseTime("yesterday") }
        let store = try Self.sampleStore()
        let windowed = try report(store) {
            $0.since = try? ReportOptions.parseTime("2024-01-02T02:40:01Z")
            $0.until = try? ReportOptions.parseTime("2024-01-02T02:41:00Z")
        }
        #expect(windowed.total.invocations.total == 2)
        #expect(windowed.functions.map(\.function) == ["order-api"])
    }
}
