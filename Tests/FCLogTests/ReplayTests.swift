@testable import FCLogCore
import Foundation
import Testing

/// A plain FC scheduler written apart from the replay, in seconds: it makes
/// `s logs` text with known instances, cold starts and billing.
struct GeneratedFunction {
    struct Settings {
        var concurrency: Int
        /// Seconds idle before an instance is reclaimed; nil: never.
        var keepAlive: Int?
        var initializer = 2
        var prestop = 1
        /// Whether reclaimed instances log a PreStop (a function without the hook does not).
        var logsPrestop = true
    }

    struct Answer: Equatable {
        var instances = 0
        var coldStarts = 0
        var billedMillis: Int64 = 0
        var prestopRuns = 0
        var peakConcurrency = 0
    }

    /// Arrivals (second, duration in seconds), the same for every setting.
    let arrivals: [(at: Int, duration: Int)]

    init(requests: Int, seed: UInt64) {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var time = 1_700_000_000
        var list: [(Int, Int)] = []
        for _ in 0..<requests {
            // Bursts and lulls: mostly seconds apart, sometimes many minutes. Never two in one second, whose order
            // the log cannot tell, nor during an Initializer (2 s), where the log shows a request joining it only once it ends.
            time += next(10) == 0 ? 300 + next(900) : 3 + next(3)
            list.append((time, 1 + next(8)))
        }
        arrivals = list
    }

    /// Schedules the arrivals; `lines` collects the log they make.
    func schedule(_ settings: Settings, lines: inout [(Int, String)]) -> Answer {
        struct Instance {
            var id: String
            var ends: [Int] = []
            var idleSince: Int
            /// When its Initializer ended: requests wait for it.
            var ready: Int
            var alive = true
            var busy: [(Int, Int)] = []
            var peak = 0
        }
        var instances: [Instance] = []
        var answer = Answer()
        var request = 0
        func rid(_ n: Int) -> String { String(format: "1-%08x-%08x-%012x", 1_700_000_000 + n, n, n) }
        func reclaim(_ index: Int, at time: Int) {
            instances[index].alive = false
            guard settings.logsPrestop else { return }
            let id = "prestop-\(index)"
            lines.append((time, "\(instances[index].id) @ FC PreStop Start RequestId: \(id)"))
            lines.append((time + settings.prestop, "\(instances[index].id) @ FC PreStop End RequestId: \(id)"))
            instances[index].busy.append((time, time + settings.prestop))
            answer.prestopRuns += 1
        }
        for (at, duration) in arrivals {
            for index in instances.indices {
                instances[index].ends.removeAll { $0 <= at }
            }
            for index in instances.indices where instances[index].alive && instances[index].ends.isEmpty {
                if let keepAlive = settings.keepAlive, instances[index].idleSince + keepAlive <= at {
                    reclaim(index, at: instances[index].idleSince + keepAlive)
                }
            }
            let live = instances.indices.filter { instances[$0].alive }
            var chosen = live.first { !instances[$0].ends.isEmpty && instances[$0].ends.count < settings.concurrency }
            if chosen == nil {
                chosen = live.filter { instances[$0].ends.isEmpty }.max { (instances[$0].idleSince, $0) < (instances[$1].idleSince, $1) }
            }
            var start: Int
            if chosen == nil {
                let id = String(format: "c-%08x-%08x-%012x", at, instances.count, instances.count)
                instances.append(Instance(id: id, idleSince: at, ready: at + settings.initializer))
                chosen = instances.count - 1
                answer.coldStarts += 1
                let initID = "init-\(instances.count)"
                lines.append((at, "\(id) @ FC Initialize Start RequestId: \(initID)"))
                lines.append((at + settings.initializer, "\(id) @ FC Initialize End RequestId: \(initID)"))
                instances[chosen!].busy.append((at, at + settings.initializer))
            }
            let index = chosen!
            start = max(at, instances[index].ready)
            let end = start + duration
            request += 1
            lines.append((start, "\(instances[index].id) @ FC Invoke Start RequestId: \(rid(request))"))
            lines.append((end, "\(instances[index].id) @ FC Invoke End RequestId: \(rid(request))"))
            instances[index].ends.append(end)
            instances[index].peak = max(instances[index].peak, instances[index].ends.count)
            instances[index].busy.append((start, end))
            instances[index].idleSince = max(instances[index].idleSince, instances[index].ends.max()!)
        }
        answer.instances = instances.count
        for instance in instances {
            answer.peakConcurrency = max(answer.peakConcurrency, instance.peak)
            // Busy periods: the union of touching or overlapping runs.
            var periods: [(Int, Int)] = []
            for run in instance.busy.sorted(by: { $0.0 < $1.0 }) {
                if let last = periods.last, run.0 <= last.1 {
                    periods[periods.count - 1].1 = max(last.1, run.1)
                } else {
                    periods.append(run)
                }
            }
            answer.billedMillis += periods.reduce(0) { $0 + Int64($1.1 - $1.0) * 1000 }
        }
        return answer
    }

    /// The `s logs` text of one schedule, lines in order of time.
    func text(_ settings: Settings) -> (text: String, answer: Answer) {
        var lines: [(Int, String)] = []
        let answer = schedule(settings, lines: &lines)
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd H:mm:ss"
        let text = lines.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map { _, line in
            line.1.replacingOccurrences(of: "@", with: formatter.string(from: Date(timeIntervalSince1970: TimeInterval(line.0))))
        }.joined(separator: "\n") + "\n"
        return (text, answer)
    }
}

@Suite("Replay and what-ifs")
struct ReplayTests {
    static let second: Int64 = 1_000_000

    private func workload(_ arrivals: [(Int64, Int64?)], packages: [Workload.StartPackage] = [], start: Int64? = nil, end: Int64? = nil) -> Workload {
        Workload(function: "fn", arrivals: arrivals.map { Workload.Arrival(time: $0.0 * Self.second, duration: $0.1.map { $0 * Self.second }) },
                 packages: packages, start: start.map { $0 * Self.second }, end: end.map { $0 * Self.second })
    }

    @Test func twoOverlappingRequestsNeedOneInstanceAtConcurrencyTwo() {
        let w = workload([(0, 10), (1, 10)])
        let shared = Replay.run(w, settings: ReplaySettings(concurrency: 2))
        #expect(shared.instances == 1)
        #expect(shared.coldStarts == 1)
        #expect(shared.peakConcurrency == 2)
        #expect(shared.activeBilledMillis == 11_000)
        let apart = Replay.run(w, settings: ReplaySettings(concurrency: 1))
        #expect(apart.instances == 2)
        #expect(apart.coldStarts == 2)
        #expect(apart.activeBilledMillis == 20_000)
    }

    @Test func aRequestThatEndsFreesItsSlotForOneArrivingThen() {
        let outcome = Replay.run(workload([(0, 5), (5, 5)]), settings: ReplaySettings(concurrency: 1))
        #expect(outcome.instances == 1)
        // Touching runs are one busy period.
        #expect(outcome.activeBilledMillis == 10_000)
    }

    @Test func aProvisionedInstanceNeverUsedCostsItsIdleTime() {
        let w = workload([], start: 0, end: 3600)
        let outcome = Replay.run(w, settings: ReplaySettings(provisioned: 1, memoryMB: 512))
        #expect(outcome.instances == 0)
        #expect(outcome.provisionedIdleMillis == 3_600_000)
        // An hour of 0.5 GB at 0.15 CU per GB-second; idle vCPU costs nothing by default.
        #expect(abs(outcome.computeUnits - 270) < 1e-9)
        #expect(abs(outcome.cost - 270 * 0.000020) < 1e-12)
        var prices = PriceTable()
        prices.cuPerIdleVCPUSecond = 0.1
        let charged = Replay.run(w, settings: ReplaySettings(provisioned: 1, memoryMB: 512), prices: prices)
        #expect(abs(charged.computeUnits - (270 + 3600 * 0.25 * 0.1)) < 1e-9)
    }

    @Test func provisionedInstancesServeFirstAndAvoidColdStarts() {
        let start = Workload.StartPackage(initializers: [.init(offset: 0, duration: 2 * Self.second)], readyOffset: 2 * Self.second)
        let w = workload([(10, 1), (20, 1)], packages: [start], start: 0, end: 30)
        let onDemand = Replay.run(w, settings: ReplaySettings())
        #expect(onDemand.coldStarts == 1)
        #expect(onDemand.initializerRuns == 1)
        #expect(onDemand.activeBilledMillis == 4_000)
        let provisioned = Replay.run(w, settings: ReplaySettings(provisioned: 1))
        #expect(provisioned.coldStarts == 0)
        #expect(provisioned.instances == 0)
        #expect(provisioned.activeBilledMillis == 2_000)
        #expect(provisioned.provisionedIdleMillis == 28_000)
    }

    @Test func idleInstancesAreReclaimedAfterTheKeepAliveAndRunTheirPreStop() {
        let start = Workload.StartPackage(initializers: [.init(offset: 0, duration: Self.second)], readyOffset: Self.second,
                                          prestops: [3 * Self.second])
        let w = workload([(0, 1), (1200, 1)], packages: [start])
        let reclaimed = Replay.run(w, settings: ReplaySettings(keepAlive: 600 * Self.second))
        #expect(reclaimed.instances == 2)
        #expect(reclaimed.coldStarts == 2)
        #expect(reclaimed.prestopRuns == 2)
        #expect(reclaimed.activeBilledMillis == 2 * (2_000 + 3_000))
        let kept = Replay.run(w, settings: ReplaySettings(keepAlive: nil))
        #expect(kept.instances == 1)
        #expect(kept.prestopRuns == 1)
        #expect(kept.activeBilledMillis == 2_000 + 1_000 + 3_000)
    }

    @Test func aStartThatFailedBillsItsAttemptsAndTheRequestTakesTheNextInstance() {
        let failed = Workload.StartPackage(initializers: [.init(offset: 0, duration: Self.second)], readyOffset: Self.second, failed: true)
        let good = Workload.StartPackage(initializers: [.init(offset: 0, duration: Self.second / 2)], readyOffset: Self.second / 2)
        let outcome = Replay.run(workload([(0, 2)], packages: [failed, good]), settings: ReplaySettings())
        #expect(outcome.instances == 2)
        #expect(outcome.failedStarts == 1)
        #expect(outcome.coldStarts == 1)
        #expect(outcome.initializerRuns == 2)
        #expect(outcome.activeBilledMillis == 1_000 + 2_500)
    }

    @Test func aRequestThatNeverEndedHoldsNoSlotAndBillsNothing() {
        let outcome = Replay.run(workload([(0, nil), (1, 1)]), settings: ReplaySettings())
        #expect(outcome.invocations == 2)
        #expect(outcome.instances == 1)
        #expect(outcome.activeBilledMillis == 1_000)
    }

    @Test(arguments: [(52.0, 128.0), (100, 128), (120, 192), (500, 640), (27_000, 32_448), (28_000, nil)] as [(Double, Double?)])
    func memorySizesKeepTheHeadroom(peak: Double, size: Double?) {
        #expect(Advisor.memorySize(atLeast: peak * 1.2) == size)
    }

    @Test func memoryUsed52MBOf512RecommendsTheSmallestSizeAndItsComputeUnits() {
        var inputs = AdviceInputs()
        inputs.configuredMB = [512: 3]
        inputs.usedMB = [40, 48.2, 52]
        var report = FunctionReport(function: "fn")
        report.billing.instanceBilledMillis = 1000
        report.invocations.total = 1
        let memory = Advisor.memoryAdvice(inputs, report: report, options: Advisor.Options())
        #expect(memory.recommendedMB == 128)
        #expect(memory.peakMB == 52)
        #expect(memory.p99MB == 52)
        // 1 s at 0.25 vCPU and 0.5 GB, plus one invocation (75 CU per 10,000); then at 0.0625 vCPU and 0.125 GB.
        #expect(abs(memory.computeUnitsNow - (0.25 + 0.5 * 0.15 + 0.0075)) < 1e-12)
        #expect(abs(memory.computeUnitsRecommended - (0.0625 + 0.125 * 0.15 + 0.0075)) < 1e-12)
    }

    /// The samples whose spans all name their instance.
    @Test(arguments: ["order-api", "thumbnail"])
    func theReplayAtTheObservedSettingsReproducesTheSamples(function: String) throws {
        let store = try ReportTests.sampleStore()
        let db = try Store.openForReading(path: store.path)
        var options = ReportOptions()
        options.function = function
        let report = try ReportBuilder.build(db, options: options).functions[0]
        let workload = try WorkloadReader.read(db, function: function, since: nil, until: nil)
        let advice = Advisor.advise(workload, report: report, inputs: AdviceInputs(), options: Advisor.Options())
        #expect(advice.baseline.instances == report.instances.count)
        #expect(advice.baseline.coldStarts == report.coldStarts)
        #expect(advice.baseline.activeBilledMillis == report.billing.instanceBilledMillis)
        #expect(advice.baseline.peakConcurrency == report.instances.peakConcurrentRequests)
        #expect(advice.baseline.invocations == report.invocations.total)
        #expect(abs(advice.baseline.computeUnits - report.billing.computeUnits) < 1e-9)
    }

    @Test(arguments: [(1, 600), (2, 600), (5, 300), (1, nil), (3, nil)] as [(Int, Int?)])
    func theReplayReproducesGeneratedLogsAndPredictsOtherSettings(concurrency: Int, keepAlive: Int?) throws {
        let generated = GeneratedFunction(requests: 1500, seed: UInt64(concurrency * 7919 + (keepAlive ?? 1)))
        let settings = GeneratedFunction.Settings(concurrency: concurrency, keepAlive: keepAlive)
        let (text, answer) = generated.text(settings)
        let store = try TestStore()
        try store.ingest(text)
        let db = try Store.openForReading(path: store.path)
        let report = try ReportBuilder.build(db, options: ReportOptions()).functions[0]
        #expect(report.instances.count == answer.instances)
        #expect(report.coldStarts == answer.coldStarts)
        #expect(report.billing.instanceBilledMillis == answer.billedMillis)
        let workload = try WorkloadReader.read(db, function: "fn", since: nil, until: nil)
        let base = Advisor.observedSettings(workload, memoryMB: 512, stepMillis: 1)
        let replay = Replay.run(workload, settings: base)
        #expect(replay.instances == answer.instances)
        #expect(replay.coldStarts == answer.coldStarts)
        #expect(replay.activeBilledMillis == answer.billedMillis)
        #expect(replay.prestopRuns == answer.prestopRuns)
        #expect(replay.peakConcurrency == answer.peakConcurrency)

        // Other settings: the replay of these logs agrees with the scheduler run afresh (PreStop aside, which
        // instances borrow in turn).
        for (otherConcurrency, otherKeepAlive) in [(1, 120), (4, 900), (10, nil)] as [(Int, Int?)] {
            var other = GeneratedFunction.Settings(concurrency: otherConcurrency, keepAlive: otherKeepAlive)
            other.prestop = 0
            var ignored: [(Int, String)] = []
            let expected = generated.schedule(other, lines: &ignored)
            var replayed = base
            replayed.concurrency = otherConcurrency
            replayed.keepAlive = otherKeepAlive.map { Int64($0) * Self.second }
            let outcome = Replay.run(workload, settings: replayed)
            let prestopBilled = Int64(outcome.prestopRuns) * Int64(settings.prestop) * 1000
            #expect(outcome.instances == expected.instances, "concurrency \(otherConcurrency), keep-alive \(String(describing: otherKeepAlive))")
            #expect(outcome.coldStarts == expected.coldStarts)
            #expect(outcome.activeBilledMillis - prestopBilled == expected.billedMillis)
        }
    }

    @Test func anInstanceEndedSoonerThanAnotherStoodIdleDidNotEndForIdlenessAndSetsNoKeepAlive() throws {
        // c-…a1 is reused after 5 minutes idle, then ends 10 minutes after its last request; c-…b2 ends
        // 10 seconds after its request, as a deployment would end it.
        let text = """
            c-65000000-00000000-0000000000a1 2024-01-01 0:00:00 FC Invoke Start RequestId: 1-65000000-00000000-000000000001
            c-65000000-00000000-0000000000a1 2024-01-01 0:00:01 FC Invoke End RequestId: 1-65000000-00000000-000000000001
            c-65000000-00000000-0000000000a1 2024-01-01 0:05:01 FC Invoke Start RequestId: 1-65000000-00000000-000000000002
            c-65000000-00000000-0000000000a1 2024-01-01 0:05:02 FC Invoke End RequestId: 1-65000000-00000000-000000000002
            c-65000000-00000000-0000000000b2 2024-01-01 0:05:01 FC Invoke Start RequestId: 1-65000000-00000000-000000000003
            c-65000000-00000000-0000000000b2 2024-01-01 0:05:02 FC Invoke End RequestId: 1-65000000-00000000-000000000003
            c-65000000-00000000-0000000000b2 2024-01-01 0:05:12 FC PreStop Start RequestId: 0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a01
            c-65000000-00000000-0000000000b2 2024-01-01 0:05:13 FC PreStop End RequestId: 0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a01
            c-65000000-00000000-0000000000a1 2024-01-01 0:15:02 FC PreStop Start RequestId: 0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a02
            c-65000000-00000000-0000000000a1 2024-01-01 0:15:03 FC PreStop End RequestId: 0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a02

            """
        let store = try TestStore()
        try store.ingest(text)
        let workload = try WorkloadReader.read(try Store.openForReading(path: store.path), function: "fn", since: nil, until: nil)
        #expect(workload.observed.keepAlive == 600 * Self.second)
        #expect(workload.observed.concurrency == 1)
        #expect(workload.packages.map(\.prestops) == [[Self.second], [Self.second]])
    }

    @Test func theColdStartAnatomyReadsRequestMetricsAndInstanceEvents() throws {
        let records = [
            #"{"__time__":"1704163199","__topic__":"FCInstanceEvents:/api","functionName":"api","instanceID":"c-1","event":"fc:Instance:Creating"}"#,
            #"{"__time__":"1704163201","__topic__":"FCInstanceEvents:/api","functionName":"api","instanceID":"c-1","event":"fc:Instance:PullImageSuccess"}"#,
            #"{"__time__":"1704163202","__topic__":"FCInstanceEvents:/api","functionName":"api","instanceID":"c-1","event":"fc:Instance:PrepareCodeSuccess"}"#,
            #"{"__time__":"1704163203","__topic__":"FCRequestMetrics:/api","requestId":"1-65a77fbb-157f3f32-e1ee24b17e01","instanceID":"c-1","functionName":"api","durationMs":"100","invocationStartTimestamp":"1704163203000","isColdStart":"true","scheduleLatencyMs":"10","prepareCodeLatencyMs":"200","runtimeInitializationMs":"300","invokeFunctionLatencyMs":"400","coldStartLatencyMs":"910"}"#,
            #"{"__time__":"1704163303","__topic__":"FCRequestMetrics:/api","requestId":"1-65a77fbb-157f3f32-e1ee24b17e02","instanceID":"c-2","functionName":"api","durationMs":"50","invocationStartTimestamp":"1704163303000","isColdStart":"true","scheduleLatencyMs":"n/a","prepareCodeLatencyMs":"-5","runtimeInitializationMs":"100"}"#,
            #"{"__time__":"1704163304","__topic__":"FCRequestMetrics:/api","requestId":"1-65a77fbb-157f3f32-e1ee24b17e03","instanceID":"c-2","functionName":"api","durationMs":"70","invocationStartTimestamp":"1704163304000","isColdStart":"false","scheduleLatencyMs":"99"}"#,
        ]
        let store = try TestStore()
        try store.ingest(records.joined(separator: "\n") + "\n")
        let report = try ReportBuilder.build(try Store.openForReading(path: store.path), options: ReportOptions()).functions[0]
        let anatomy = report.coldStartAnatomy
        #expect(anatomy.withMetrics == 2)
        // Values that are missing, not numbers or negative say nothing; warm requests are left out.
        #expect(anatomy.scheduling.count == 1 && anatomy.scheduling.max == 10_000)
        #expect(anatomy.codePreparation.count == 1 && anatomy.codePreparation.max == 200_000)
        #expect(anatomy.runtimeStart.count == 2 && anatomy.runtimeStart.p50 == 100_000 && anatomy.runtimeStart.max == 300_000)
        #expect(anatomy.initializer.count == 1 && anatomy.initializer.p50 == 400_000)
        #expect(anatomy.firstInvocation.count == 2 && anatomy.firstInvocation.max == 100_000)
        #expect(anatomy.total.max == 910_000)
        #expect(anatomy.eventImagePull.max == 2_000_000)
        #expect(anatomy.eventCodePreparation.max == 3_000_000)
    }

    /// Without PreStop hooks the logs show no instance's end; a start while another instance stood idle bounds the keep-alive.
    @Test(arguments: [(1, 600), (2, 300), (4, 900)])
    func theKeepAliveIsFoundFromStartsWhenNoEndIsLogged(concurrency: Int, keepAlive: Int) throws {
        let generated = GeneratedFunction(requests: 1500, seed: UInt64(concurrency * 31 + keepAlive))
        var settings = GeneratedFunction.Settings(concurrency: concurrency, keepAlive: keepAlive)
        settings.logsPrestop = false
        let (text, answer) = generated.text(settings)
        let store = try TestStore()
        try store.ingest(text)
        let workload = try WorkloadReader.read(try Store.openForReading(path: store.path), function: "fn", since: nil, until: nil)
        let keepAliveFound = try #require(workload.observed.keepAlive)
        #expect(keepAliveFound >= Int64(keepAlive) * Self.second)
        let replay = Replay.run(workload, settings: Advisor.observedSettings(workload, memoryMB: 512, stepMillis: 1))
        #expect(replay.instances == answer.instances)
        #expect(replay.coldStarts == answer.coldStarts)
        #expect(replay.activeBilledMillis == answer.billedMillis)
        #expect(replay.prestopRuns == 0)
    }

    @Test func whatIfAtTheObservedSettingsChangesNothing() throws {
        let store = try ReportTests.sampleStore()
        let db = try Store.openForReading(path: store.path)
        var options = ReportOptions()
        options.function = "thumbnail"
        let report = try ReportBuilder.build(db, options: options).functions[0]
        let workload = try WorkloadReader.read(db, function: "thumbnail", since: nil, until: nil)
        let same = Advisor.whatIf(workload, report: report, stepMillis: 1, prices: PriceTable()) { _ in }
        #expect(same.scenario == same.baseline)
        let one = Advisor.whatIf(workload, report: report, stepMillis: 1, prices: PriceTable()) { $0.concurrency = 1 }
        #expect(one.scenario.instances == 2)
        #expect(one.scenario.activeBilledMillis == 5_000)
    }
}
