@testable import FCLogCore
import Foundation
import Testing

/// The assembler on its own: markers and records in, span rows out, with a dictionary for a store.
@Suite("Assembling spans without a database")
struct AssemblerWithoutStoreTests {
    /// A count kept in two generations (copy numbers, executions) counts what the current or the older
    /// generation holds, as the rule reads: a key is forgotten two generations after it was last counted.
    @Test(arguments: [1, 7, 42])
    func countsInTwoGenerationsFollowTheRule(seed: UInt64) {
        var random = seed
        func next() -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(random >> 60)
        }
        var counted: [Int: Int] = [:], older: [Int: Int] = [:]
        var ruleCounted: [Int: Int] = [:], ruleOlder: [Int: Int] = [:]
        for _ in 0..<2_000 {
            let key = next()
            let seen = ruleCounted[key] ?? ruleOlder[key] ?? 0
            ruleCounted.startGeneration(over: &ruleOlder, at: 5)
            ruleCounted[key] = seen + 1
            #expect(counted.countOnce(key, over: &older, generation: 5) == seen + 1)
        }
        #expect(counted == ruleCounted && older == ruleOlder)
    }

    /// A list of spans keeps the order of an array through any appends and removals, its first span included.
    @Test(arguments: [3, 11, 29])
    func aSpanListActsAsAnArray(seed: UInt64) {
        var random = seed
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(random >> 33) % bound
        }
        var list: SpanList = [], array: [SpanState] = []
        for round in 0..<500 {
            if array.isEmpty || next(3) > 0 {
                let span = SpanState(function: "f", service: nil, instanceID: nil, requestID: "r\(round)", phase: .invoke)
                list.append(span)
                array.append(span)
            } else {
                let position = next(array.count)
                #expect(list.remove(at: position) === array.remove(at: position))
            }
            #expect(list.count == array.count && zip(list, array).allSatisfy { $0 === $1 })
        }
        while !array.isEmpty { #expect(list.remove(at: 0) === array.removeFirst()) }
        #expect(list.isEmpty)
    }

    static let instance = "c-65a77eb0-15416274-ff5addb2c9e1"
    static let second: Int64 = 1_704_163_200_000_000

    @Test func aStartAndItsEndAreOneSpanTimedByTheirMarkers() throws {
        let store = MemorySpanStore()
        let assembler = try SpanAssembler(store: store)
        try assembler.start("1-a", at: Self.second + 100_000)
        try assembler.end("1-a", at: Self.second + 350_000)
        let rows = store.rows
        #expect(rows.count == 1)
        #expect(rows.first?.status == .ok)
        #expect(rows.first?.durationMicros == 250_000)
        #expect(rows.first?.durationSource == .millisecondTimestamps)
        #expect(rows.first?.hasStart == true && rows.first?.hasEnd == true)
    }

    /// Read newest first, the End comes before its Start: still one span.
    @Test func anEndReadBeforeItsStartIsCompletedByIt() throws {
        let store = MemorySpanStore()
        let assembler = try SpanAssembler(store: store)
        try assembler.end("1-a", at: Self.second + 900_000, error: "Function timed out after 3 seconds")
        try assembler.start("1-a", at: Self.second + 100_000)
        #expect(store.rows.map(\.status) == [.timeout])
        #expect(store.rows.first?.durationMicros == 800_000)
    }

    @Test func retriesOfOneRequestAreNumberedAttempts() throws {
        let store = MemorySpanStore()
        let assembler = try SpanAssembler(store: store)
        for n in 0..<3 {
            try assembler.start("1-a", at: Self.second + Int64(n) * 1_000_000)
            try assembler.end("1-a", at: Self.second + Int64(n) * 1_000_000 + 10_000, error: n < 2 ? "Unhandled function error" : nil)
        }
        #expect(store.rows.map(\.attempt) == [1, 2, 3])
        #expect(store.rows.map(\.status) == [.error, .error, .ok])
    }

    /// A request-metrics record gives its ended span the record's duration at once.
    @Test func aMetricsRecordIsLinkedToItsEndedSpan() throws {
        let store = MemorySpanStore()
        let assembler = try SpanAssembler(store: store)
        try assembler.start("1-a", at: Self.second)
        try assembler.end("1-a", at: Self.second + 2_000_000)
        let metrics = RequestMetrics(function: "fn", requestID: "1-a", instanceID: Self.instance, startMicros: Self.second,
                                     durationMillis: 1234.5, errorType: nil, hasFunctionError: false, coldStart: 0,
                                     initializerMillis: nil, memoryMB: 512, memoryUsageMB: 40, qualifier: "LATEST")
        let linked = try assembler.link(metrics)
        #expect(linked == store.rows.first?.id)
        #expect(store.rows.first?.durationMicros == 1_234_500)
        #expect(store.rows.first?.durationSource == .requestMetrics)
        #expect(store.rows.first?.memoryMB == 512)
    }

    /// Beyond its capacity, the oldest waiting spans are left to the store; their Ends find them there,
    /// and nothing is stored twice.
    @Test func spansLeftToTheStoreAreFoundByTheirEnds() throws {
        let store = MemorySpanStore()
        let assembler = try SpanAssembler(store: store, waitingCapacity: 4)
        let requests = (0..<10).map { "1-r\($0)" }
        for (n, request) in requests.enumerated() { try assembler.start(request, at: Self.second + Int64(n) * 1000) }
        #expect(assembler.holdsTooManyWaiting)
        try assembler.flush()
        #expect(store.rows.count == 10, "open spans are stored, unfinished")
        #expect(!assembler.holdsTooManyWaiting)
        for (n, request) in requests.enumerated().reversed() { try assembler.end(request, at: Self.second + 500_000 + Int64(n) * 1000) }
        #expect(store.rows.count == 10)
        #expect(store.rows.allSatisfy { $0.status == .ok && $0.durationMicros == 500_000 })
        #expect(store.lookups > 0, "some were read back from the store")
    }

    /// What an earlier ingest left open is completed by this one's End.
    @Test func aSpanAnEarlierIngestLeftOpenIsCompleted() throws {
        let store = MemorySpanStore()
        do {
            let earlier = try SpanAssembler(store: store)
            try earlier.start("1-a", at: Self.second)
            try earlier.flush()
        }
        store.firstID = store.nextSpanID
        let assembler = try SpanAssembler(store: store)
        try assembler.end("1-a", at: Self.second + 40_000)
        #expect(store.rows.count == 1)
        #expect(store.rows.first?.status == .ok)
        #expect(store.rows.first?.durationMicros == 40_000)
    }

    /// An instance id a copy cut at its edge is the whole id without its leading `c-` or `c`.
    @Test(arguments: [
        ("65a77eb0-15416274-ff5addb2c9e1", "c-65a77eb0-15416274-ff5addb2c9e1", true),
        ("-65a77eb0-15416274-ff5addb2c9e1", "c-65a77eb0-15416274-ff5addb2c9e1", true),
        ("c-65a77eb0-15416274-ff5addb2c9e1", "c-65a77eb0-15416274-ff5addb2c9e1", false),
        ("5a77eb0-15416274-ff5addb2c9e1", "c-65a77eb0-15416274-ff5addb2c9e1", false),
        ("65a77eb0-15416274-ff5addb2c9e1", "x-65a77eb0-15416274-ff5addb2c9e1", false),
        ("c-65a77eb0-15416274-ff5addb2c9e1", "65a77eb0-15416274-ff5addb2c9e1", false),
        ("", "c-", true),
    ])
    func aCutInstanceIdIsTheWholeOneWithoutItsPrefix(cut: String, whole: String, expected: Bool) {
        #expect(SpanState.isCut(cut, from: whole) == expected)
    }

    /// Lines join the open span of their RequestId, or the only open span of their instance.
    @Test func linesFindTheirOpenSpan() throws {
        let store = MemorySpanStore()
        let assembler = try SpanAssembler(store: store)
        let a = try assembler.start("1-a", at: Self.second)
        try assembler.start("1-b", instance: "c-other", at: Self.second)
        #expect(assembler.span("1-a") === a)
        #expect(assembler.span(nil, instance: Self.instance) === a)
        #expect(assembler.span("1-c") == nil)
        try assembler.end("1-a", at: Self.second + 1000)
        #expect(assembler.span(nil, instance: Self.instance) == nil)
    }
}

/// A store in a dictionary: rows are snapshots of spans as they were written, read back as new objects.
final class MemorySpanStore: SpanStore {
    private var stored: [Int64: SpanState] = [:]
    private var commits = 0
    /// Spans numbered below it count as stored by earlier ingests.
    var firstID: Int64 = 1
    private(set) var lookups = 0

    var rows: [SpanState] { stored.keys.sorted().map { stored[$0]! } }
    var nextSpanID: Int64 { (stored.keys.max() ?? 0) + 1 }
    var nextCommit: Int { commits + 1 }

    func insert(_ span: SpanState) throws {
        span.isStored = true
        stored[span.id] = span.snapshot()
    }

    func update(_ span: SpanState) throws {
        stored[span.id] = span.snapshot()
    }

    func noteAdoption(_ span: SpanState, replacing before: String?) {}

    func spans(_ query: StoredSpanQuery, committedThrough commit: Int) throws -> [SpanState] {
        lookups += 1
        commits = max(commits, commit)
        return rows.filter { span in
            guard span.function == query.function, span.phase == query.phase, span.requestID == query.requestID else { return false }
            switch query.which {
            case .all: return true
            case .awaiting(.start): return !span.hasStart
            case .awaiting(.end): return !span.hasEnd
            case .metricsOnly: return !span.hasStart && !span.hasEnd
            }
        }.map { $0.snapshot() }
    }

    func latestEndedInvocation(function: String, requestID: String) throws -> SpanState? {
        rows.last { $0.function == function && $0.requestID == requestID && $0.phase == .invoke && $0.hasEnd }?.snapshot()
    }

    func holdsEarlierInvocation(function: String, requestID: String) throws -> Bool {
        rows.contains { $0.id < firstID && $0.function == function && $0.requestID == requestID && $0.phase == .invoke }
    }

    func waitingSpans(limit: Int) throws -> (spans: [SpanState], others: [(phase: Phase, requestID: String)]) {
        let waiting = rows.reversed().filter { $0.hasStart != $0.hasEnd }
        return (waiting.prefix(limit).map { $0.snapshot() }, waiting.dropFirst(limit).map { ($0.phase, $0.requestID) })
    }

    func holdsMetricsOnlySpans() throws -> Bool {
        rows.contains { !$0.hasStart && !$0.hasEnd }
    }
}

extension SpanState {
    /// A copy holding what a stored row holds.
    func snapshot() -> SpanState {
        let copy = SpanState(function: function, service: service, instanceID: instanceID, requestID: requestID, phase: phase)
        copy.id = id
        copy.isStored = true
        copy.status = status
        copy.error = error
        copy.startMicros = startMicros
        copy.startIsSubsecond = startIsSubsecond
        copy.endMicros = endMicros
        copy.endIsSubsecond = endIsSubsecond
        copy.durationMicros = durationMicros
        copy.durationSource = durationSource
        copy.attempt = attempt
        copy.hasStart = hasStart
        copy.hasEnd = hasEnd
        copy.memoryMB = memoryMB
        copy.maxMemoryMilliMB = maxMemoryMilliMB
        copy.qualifier = qualifier
        copy.versionID = versionID
        copy.coldStart = coldStart
        return copy
    }
}

extension SpanAssembler {
    @discardableResult
    func start(_ request: String, instance: String = AssemblerWithoutStoreTests.instance, at time: Int64) throws -> SpanState {
        try Array(request.utf8).withUnsafeBufferPointer {
            try start(function: "fn", service: nil, instance: instance, requestID: $0, phase: .invoke, time: time, subsecond: true)
        }
    }

    @discardableResult
    func end(_ request: String, instance: String = AssemblerWithoutStoreTests.instance, at time: Int64, error: String? = nil) throws
        -> SpanState {
        try Array(request.utf8).withUnsafeBufferPointer {
            try end(function: "fn", service: nil, instance: instance, requestID: $0, phase: .invoke, time: time, subsecond: true, error: error)
        }
    }

    func span(_ request: String?, instance: String = AssemblerWithoutStoreTests.instance) -> SpanState? {
        guard let request else { return span(function: "fn", instance: instance, requestID: nil, previous: nil) }
        return Array(request.utf8).withUnsafeBufferPointer { span(function: "fn", instance: instance, requestID: $0, previous: nil) }
    }
}
