@testable import FCLogCore
import Foundation
import Testing

/// The report read from the summary tables kept at ingest must equal the
/// report computed from every span, however the store was filled.
@Suite("Report summaries")
struct ReportSummaryTests {
    enum Filling: String, CaseIterable, CustomTestStringConvertible {
        /// Every sample in one ingest.
        case together
        /// One ingest per sample, last first: metrics and events before the logs they describe.
        case separatelyInReverse
        /// Each sample cut in two halves, ingested in four runs, then everything again.
        case inHalvesThenAgain
        /// Small batches, so that spans are stored unfinished and completed later.
        case smallBatches

        var testDescription: String { rawValue }
    }

    static let options = IngestOptions(timeZone: try! LocalTimeZone(parsing: "+08:00"), defaultFunction: "web")

    static func samplePaths() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted().map { sampleLogs.appendingPathComponent($0).path }
    }

    static func store(_ filling: Filling) throws -> TestStore {
        let store = try TestStore()
        let paths = try samplePaths()
        switch filling {
        case .together:
            try store.ingest(paths: paths, options: options)
        case .separatelyInReverse:
            for path in paths.reversed() { try store.ingest(paths: [path], options: options) }
        case .inHalvesThenAgain:
            var firsts: [String] = []
            var seconds: [String] = []
            for (index, path) in paths.enumerated() {
                let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                let middle = lines.count / 2
                firsts.append(try store.directory.write("a\(index)-\(URL(fileURLWithPath: path).lastPathComponent)",
                                                        lines[..<middle].joined(separator: "\n") + "\n"))
                seconds.append(try store.directory.write("b\(index)-\(URL(fileURLWithPath: path).lastPathComponent)",
                                                         lines[middle...].joined(separator: "\n")))
            }
            try store.ingest(paths: Array(firsts.prefix(4)), options: options)
            try store.ingest(paths: Array(firsts.dropFirst(4)), options: options)
            try store.ingest(paths: seconds, options: options)
            try store.ingest(paths: paths, options: options)
        case .smallBatches:
            var small = options
            small.batchLines = 3
            try store.ingest(paths: paths, options: small)
        }
        return store
    }

    private static func both(_ store: TestStore, _ configure: (inout ReportOptions) -> Void = { _ in })
        throws -> (summaries: [FunctionReport], scan: [FunctionReport]) {
        var options = ReportOptions()
        configure(&options)
        let db = try Store.openForReading(path: store.path)
        let summaries = try ReportBuilder.build(db, options: options, fromSummaries: true)
        let scan = try ReportBuilder.build(db, options: options, fromSummaries: false)
        return (summaries.functions + [summaries.total], scan.functions + [scan.total])
    }

    @Test(arguments: Filling.allCases)
    func summariesGiveTheReportTheSpansGive(_ filling: Filling) throws {
        let store = try Self.store(filling)
        let db = try Store.openForReading(path: store.path)
        #expect(try ReportBuilder.canUseSummaries(ReportReader(db: db), options: ReportOptions()))
        let whole = try Self.both(store)
        #expect(whole.summaries == whole.scan)
        #expect(whole.scan.count == 4)
        for function in ["order-api", "thumbnail", "web"] {
            let one = try Self.both(store) { $0.function = function }
            #expect(one.summaries == one.scan, "\(function)")
        }
    }

    /// The tally the writer kept batch by batch equals the tally of the
    /// stored spans counted afresh, key for key.
    @Test(arguments: Filling.allCases)
    func tallyCountsEverySpan(_ filling: Filling) throws {
        let store = try Self.store(filling)
        let db = try Store.openForReading(path: store.path)
        var kept: [SpanTally.Key: Int] = [:]
        let tally = try db.prepare("SELECT function, kind, status, error, duration_us, exact, standalone, spans FROM fclog_span_tally")
        while try tally.step() {
            let phase = try #require(Phase(rawValue: tally.text(1) ?? ""))
            let status = try #require(SpanStatus(rawValue: tally.text(2) ?? ""))
            let key = SpanTally.Key(function: tally.text(0) ?? "", phase: phase, status: status,
                                    label: SpanTally.Key.isLabelled(phase, status) ? tally.text(3) : nil,
                                    duration: tally.int64(4) >= 0 ? tally.int64(4) : nil,
                                    exact: tally.int64(5) != 0, standalone: tally.int64(6) != 0)
            if tally.int64(7) != 0 { kept[key, default: 0] += Int(tally.int64(7)) }
        }
        var counted: [SpanTally.Key: Int] = [:]
        let spans = try db.prepare("""
            SELECT function, kind, status, error, duration_us, duration_source, instance IS NOT NULL, start_us, end_us
            FROM fclog_span_rows
            """)
        while try spans.step() {
            let key = SpanTally.Key(
                function: spans.text(0) ?? "", phase: try #require(Phase(rawValue: spans.text(1) ?? "")),
                status: try #require(SpanStatus(rawValue: spans.text(2) ?? "")), error: spans.text(3),
                duration: spans.optionalInt64(4),
                exact: spans.text(5).flatMap(DurationSource.init(rawValue:))?.isExact ?? false,
                hasInstance: spans.int64(6) != 0, start: spans.optionalInt64(7), end: spans.optionalInt64(8))
            counted[key, default: 0] += 1
        }
        #expect(kept == counted)
        #expect(!counted.isEmpty)
        #expect(try db.scalarInt("SELECT count(*) FROM fclog_span_tally WHERE spans = 0") == 0)
    }

    /// Hooks left open (one the log moved past, one at its very end), spans of
    /// no instance, cold starts flagged by metrics with no Initializer, and
    /// a second function, in two ingests.
    @Test func edgeCasesGiveTheSameReport() throws {
        func log(_ time: Int, _ function: String, _ instance: String?, _ message: String) -> String {
            let instanceField = instance.map { #","instanceID":"\#($0)""# } ?? ""
            return #"{"__time__":"\#(1_700_000_000 + time)","__topic__":"FCLogs:\#(function)","functionName":"\#(function)"\#(instanceField),"message":"\#(message)"}"#
        }
        func metric(_ time: Int, _ function: String, _ instance: String, _ request: String) -> String {
            #"{"__time__":"\#(1_700_000_000 + time)","__topic__":"FCRequestMetrics:/\#(function)","requestId":"\#(request)","instanceID":"\#(instance)","functionName":"\#(function)","durationMs":"12.5","invocationStartTimestamp":"\#(1_700_000_000 + time)000","memoryMB":"256","isColdStart":"true","hasFunctionError":"false","errorType":"","invokeFunctionLatencyMs":"40.0"}"#
        }
        let store = try TestStore()
        try store.ingest([
            log(100, "f", "c-1", "FC Invoke Start RequestId: r-1"),
            log(101, "f", "c-1", "FC Invoke End RequestId: r-1"),
            log(160, "f", "c-1", "FC PreStop Start RequestId: s-1"),
            log(170, "f", nil, "FC Initialize Start RequestId: r-2"),
            log(171, "f", nil, "FC Initialize End RequestId: r-2"),
            log(172, "f", nil, "FC Invoke Start RequestId: r-2"),
            log(173, "f", nil, "FC Invoke End RequestId: r-2, Error: boom"),
            log(180, "g", "c-9", "FC Initialize Start RequestId: i-9"),
            log(181, "g", "c-9", "FC Initialize End RequestId: i-9, Error: no module"),
        ].joined(separator: "\n"))
        try store.ingest([
            log(190, "g", "c-9", "FC Initialize Start RequestId: i-9"),
            log(191, "g", "c-9", "FC Initialize End RequestId: i-9"),
            log(192, "g", "c-9", "FC Invoke Start RequestId: r-9"),
            log(193, "g", "c-9", "FC Invoke End RequestId: r-9"),
            log(200, "f", "c-2", "FC PreStop Start RequestId: s-2"),
        ].joined(separator: "\n"), [
            metric(150, "f", "c-3", "r-3"),
            metric(192, "g", "c-9", "r-9"),
        ].joined(separator: "\n"))
        let reports = try Self.both(store)
        #expect(reports.summaries == reports.scan)
        let f = try #require(reports.scan.first { $0.function == "f" })
        #expect(f.prestop.runs == 2)
        #expect(f.prestop.failures == 1)
        #expect(f.prestop.pending == 1)
        #expect(f.coldStarts >= 2)
    }

    /// An instance's spans sorted in memory and sorted by SQLite (an instance with more spans than are sorted
    /// in memory) make the same summary: the same order, equal starts included.
    @Test func summariesAreTheSameWhereverTheSpansAreSorted() throws {
        let store = try TestStore()
        let files = try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted()
        try store.ingest(paths: files.map { sampleLogs.appendingPathComponent($0).path }, options: IngestOptions(timeZone: .utc))
        #expect(try store.scalar("SELECT count(*) FROM (SELECT 1 FROM fclog_span_rows GROUP BY instance, start_us HAVING count(*) > 1)") != "0")
        let summaries = "SELECT * FROM fclog_instance_summaries ORDER BY function, instance_id"
        let database = try SQLiteDatabase(path: store.path, mode: .readWrite)
        let refs = Set(try store.rows("SELECT function || '|' || instance_id FROM instances").map {
            let parts = $0.split(separator: "|", maxSplits: 1).map(String.init)
            return InstanceRef(function: parts[0], instance: parts[1])
        })
        #expect(refs.count > 1)
        let ingested = try store.rows(summaries)
        try InstanceSummary.rebuild(database, touched: refs, sortedHere: 1)
        #expect(try store.rows(summaries) == ingested)
        try InstanceSummary.rebuild(database, touched: refs)
        #expect(try store.rows(summaries) == ingested)
    }

    /// A report made while summaries are missing (an interrupted ingest, an
    /// older store) reads the spans; the next ingest brings them back.
    @Test func missingSummariesFallBackToSpansAndAreRebuilt() throws {
        let store = try Self.store(.together)
        let before = try Self.both(store).scan
        try SQLiteDatabase(path: store.path, mode: .readWrite).execute("DELETE FROM fclog_instance_summaries WHERE instance_id IN (SELECT instance_id FROM fclog_instance_summaries ORDER BY 1 LIMIT 2)")
        #expect(try !ReportBuilder.canUseSummaries(ReportReader(db: Store.openForReading(path: store.path)), options: ReportOptions()))
        let fallback = try ReportBuilder.build(Store.openForReading(path: store.path), options: ReportOptions())
        #expect(fallback.functions + [fallback.total] == before)

        try store.ingest("")
        #expect(try ReportBuilder.canUseSummaries(ReportReader(db: Store.openForReading(path: store.path)), options: ReportOptions()))
        let after = try Self.both(store)
        #expect(after.summaries == before)
    }

    /// A store written before the summaries existed (schema v1, from a dump of
    /// an older fclog's store) gets them from its spans: the tally when it is
    /// opened for writing, the instances at its next ingest.
    @Test func aStoreFromBeforeSummariesGetsThem() throws {
        let withSummaries = try TestStore(dump: "v2-sample-logs")
        try withSummaries.ingest("")
        let before = try Self.both(withSummaries).scan
        let store = try TestStore(dump: "v2-sample-logs")
        try SQLiteDatabase(path: store.path, mode: .readWrite).execute("""
            DROP TABLE span_tally; DROP TABLE input_spans; DROP TABLE instance_summaries;
            DELETE FROM fclog_migrations WHERE name = 'v2-report-summaries';
            """)
        // Reports refuse a store until an ingest upgrades it.
        #expect(throws: FCLogError.self) { try Store.openForReading(path: store.path) }
        try store.ingest("")
        #expect(try ReportBuilder.canUseSummaries(ReportReader(db: Store.openForReading(path: store.path)), options: ReportOptions()))
        #expect(try Self.both(store).summaries == before)
        #expect(before.count > 2)
    }

    /// Windows and other billing steps need the spans themselves.
    @Test func windowsAndOtherStepsReadTheSpans() throws {
        let store = try Self.store(.together)
        let db = try Store.openForReading(path: store.path)
        var windowed = ReportOptions()
        windowed.since = 0
        var stepped = ReportOptions()
        stepped.billingStepMillis = 100
        #expect(try !ReportBuilder.canUseSummaries(ReportReader(db: db), options: windowed))
        #expect(try !ReportBuilder.canUseSummaries(ReportReader(db: db), options: stepped))
        #expect(try ReportBuilder.canUseSummaries(ReportReader(db: db), options: ReportOptions()))
    }

    /// A long-lived instance: more spans than `instances` rows are rebuilt
    /// whole for at every batch, overlapping requests that cross batches, and
    /// lifecycle events. Its row, merged batch by batch (an ingest stopped
    /// early keeps that), equals the row rebuilt whole in one batch.
    @Test func aLongLivedInstancesRowMergedBatchByBatchEqualsItRebuiltWhole() throws {
        let instance = "c-65a77eb0-15416274-ff5addb2c9e1"
        let requests = StoreMaintenance.incrementalInstanceSpans + 300
        func line(_ second: Int, _ message: String) -> (Int, String) {
            let t = 2 * 3600 + 40 * 60 + second
            return (second, "\(instance) 2024-01-02 \(t / 3600):\(String(format: "%02d:%02d", t / 60 % 60, t % 60)) \(message)")
        }
        var lines = [line(0, "FC Initialize Start RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c"),
                     line(1, "FC Initialize End RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c")]
        for i in 0..<requests {
            let id = "1-65937780-\(String(format: "%08d", i))-531907be7b3a"
            lines.append(line(2 + i, "FC Invoke Start RequestId: \(id)"))
            lines.append(line(2 + i, "2024-01-02T02:40:00.000Z \(id) [INFO] request \(i)"))
            lines.append(line(4 + i, "FC Invoke End RequestId: \(id)"))
        }
        // One request runs through all the batches and ends last.
        lines.append(line(3, "FC Invoke Start RequestId: 1-65937780-99999999-531907be7b3a"))
        lines.append(line(requests + 10, "FC Invoke End RequestId: 1-65937780-99999999-531907be7b3a"))
        let ordered = lines.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        var options = IngestOptions(timeZone: .utc, defaultFunction: "order-api")
        let events = sampleLogs.appendingPathComponent("sls-instance-events.json").path

        func instances(_ text: String, batchLines: Int, finish: Bool) throws -> [String] {
            let store = try TestStore()
            let log = try store.directory.write("long.log", text)
            options.batchLines = batchLines
            let ingester = try Ingester(database: try Store.openForWriting(path: store.path), options: options)
            try ingester.ingest(path: events)
            try ingester.ingest(path: log)
            if finish { _ = try ingester.finish() } else { _ = try ingester.commitPartial() }
            return try store.rows("""
                SELECT function, service, instance_id, first_seen, last_seen, created, destroyed, invocations, initializer_attempts
                FROM instances ORDER BY instance_id
                """)
        }
        let text = ordered.joined(separator: "\n")
        let whole = try instances(text, batchLines: 1_000_000, finish: true)
        #expect(whole == ["order-api||\(instance)|2024-01-02T02:39:59.000Z|2024-01-02T03:01:50.000Z|2024-01-02T02:39:59.000Z|2024-01-02T02:50:03.000Z|\(requests + 1)|1"])
        #expect(try instances(text, batchLines: 50, finish: true) == whole)
        // Stopped at several points, each after some batches were merged.
        for cut in stride(from: ordered.count - 150, through: ordered.count, by: 50) {
            let prefix = ordered.prefix(cut).joined(separator: "\n")
            #expect(try instances(prefix, batchLines: 50, finish: false) == instances(prefix, batchLines: 1_000_000, finish: true), "\(cut) lines")
        }
    }
}
