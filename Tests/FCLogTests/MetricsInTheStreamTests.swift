@testable import FCLogCore
import Foundation
import Testing

/// Request metrics are linked to their span as they arrive; whatever order or ingest they come in, the store
/// holds what one clean ingest of logs and metrics side by side holds.
@Suite("Request metrics matched in the stream")
struct MetricsInTheStreamTests {
    typealias Record = CrossRouteTests.Record
    static let function = CrossRouteTests.function

    /// A metrics record for every invocation of the records, a cold start (timing its Initializer) first on each instance.
    static func metricsRecords() -> [(afterSecond: Int64, json: String)] {
        var seen: Set<String> = []
        return CrossRouteTests.records.filter { $0.message.hasPrefix("FC Invoke Start") }.enumerated().map { n, r in
            let rid = String(r.message.split(separator: " ").last!)
            let cold = seen.insert(r.instance).inserted
            let failed = n == 1
            let fields: [String: String] = [
                "__time__": String(r.second + 1), "__topic__": "FCRequestMetrics:/\(function)", "requestId": rid,
                "instanceID": r.instance, "functionName": function, "qualifier": "LATEST",
                "durationMs": "\(600 + n).25", "invocationStartTimestamp": String(r.second * 1000 + 120), "memoryMB": "512",
                "memoryUsageMB": "61.5", "isColdStart": cold ? "true" : "false", "hasFunctionError": failed ? "true" : "false",
                "errorType": failed ? "FunctionUnhandledError" : "", "invokeFunctionLatencyMs": cold ? "\(800 + n).50" : "0",
            ]
            let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
            return (r.second + 4, String(decoding: data, as: UTF8.self))
        }
    }

    static func logRecords() -> [(second: Int64, json: String)] {
        CrossRouteTests.records.map { r in
            let fields: [String: String] = [
                "__time__": String(r.second), "__topic__": "FCLogs:\(function)", "functionName": function,
                "qualifier": "LATEST", "versionId": "3", "instanceID": r.instance, "message": r.message,
            ]
            let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
            return (r.second, String(decoding: data, as: UTF8.self))
        }
    }

    /// Logs and metrics as one export sorted by time: each metrics record after its invocation's End.
    static func interleaved() -> [String] {
        let logs = logRecords().map { ($0.second, 0, $0.json) }
        let metrics = metricsRecords().map { ($0.afterSecond, 1, $0.json) }
        return (logs + metrics).enumerated().sorted { ($0.element.0, $0.element.1, $0.offset) < ($1.element.0, $1.element.1, $1.offset) }
            .map(\.element.2)
    }

    static func text(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    static func figures(_ store: TestStore) throws -> [String] {
        try store.rows("""
            SELECT function, instance_id, request_id, kind, status, error, start_time, end_time, duration_ms, billed_ms,
                   duration_source, cold_start, attempt, memory_mb, max_memory_mb, qualifier
            FROM spans ORDER BY request_id, kind, attempt
            """)
            + store.rows("SELECT count(*), count(span_id) FROM request_metrics")
            + store.rows("SELECT instance_id, first_seen, last_seen, invocations, initializer_attempts FROM instances ORDER BY instance_id")
            + [try CountOnceTests.report(store)]
    }

    static func oracle() throws -> [String] {
        let store = try TestStore()
        try store.ingest(text(interleaved()), options: CrossRouteTests.sls)
        return try figures(store)
    }

    @Test func theOracleTimesEveryInvocationAndTheInitializers() throws {
        let figures = try Self.oracle()
        #expect(figures.filter { $0.contains("|invoke|") }.allSatisfy { $0.contains("|request_metrics|") })
        #expect(figures.filter { $0.contains("|initialize|") && $0.contains("|initializer_metrics|") }.count == 2)
        #expect(figures.contains("6|6"))
    }

    /// Records committed before the ingest ends are already linked: a live export's spans carry their metrics.
    @Test func aRecordIsLinkedWhenItArrivesNotAfterTheLastLine() throws {
        let store = try TestStore()
        let path = try store.directory.write("export.jsonl", Self.text(Self.interleaved()))
        let ingester = try Ingester(database: try Store.openForWriting(path: store.path), options: CrossRouteTests.sls)
        try ingester.ingest(path: path)
        _ = try ingester.commitPartial()
        #expect(try store.scalar("SELECT count(span_id) FROM request_metrics") == "6")
        #expect(try store.scalar("SELECT count(*) FROM spans WHERE kind = 'invoke' AND duration_source = 'request_metrics'") == "6")
        // The Initializers are timed once every line is read.
        #expect(try store.scalar("SELECT count(*) FROM fclog_pending_initializers") == "2")
        _ = try ingester.finish()
        #expect(try Self.figures(store) == Self.oracle())
        #expect(try store.scalar("SELECT count(*) FROM fclog_pending_initializers") == "0")
    }

    enum Route: CaseIterable, Sendable, CustomTestStringConvertible {
        case metricsFirstInOneInput, metricsThenLogsInOneIngest, logsThenMetricsInTwoIngests
        case metricsThenLogsInTwoIngests, newestFirst, theExportTwice

        var testDescription: String { "\(self)" }

        func ingest(into store: TestStore) throws {
            let logs = MetricsInTheStreamTests.logRecords().map(\.json)
            let metrics = MetricsInTheStreamTests.metricsRecords().map(\.json)
            let options = CrossRouteTests.sls
            func text(_ lines: [String]) -> String { MetricsInTheStreamTests.text(lines) }
            switch self {
            case .metricsFirstInOneInput: try store.ingest(text(metrics + logs), options: options)
            case .metricsThenLogsInOneIngest: try store.ingest(text(metrics), text(logs), options: options)
            case .logsThenMetricsInTwoIngests:
                try store.ingest(text(logs), options: options)
                try store.ingest(text(metrics), options: options)
            case .metricsThenLogsInTwoIngests:
                try store.ingest(text(metrics), options: options)
                try store.ingest(text(logs), options: options)
            case .newestFirst: try store.ingest(text(MetricsInTheStreamTests.interleaved().reversed()), options: options)
            case .theExportTwice:
                try store.ingest(text(MetricsInTheStreamTests.interleaved()), options: options)
                try store.ingest(text(MetricsInTheStreamTests.interleaved()), options: options)
            }
        }
    }

    @Test(arguments: Route.allCases)
    func everyRouteGivesWhatOneCleanIngestGives(route: Route) throws {
        let store = try TestStore()
        try route.ingest(into: store)
        #expect(try Self.figures(store) == Self.oracle())
    }

    /// An ingest stopped after some batches, run again: the records it linked keep their spans, and the
    /// Initializers their metrics wait for are timed by the rerun.
    @Test(arguments: [(1, 30), (3, 8), (7, 3), (12, 2)])
    func anInterruptedIngestRunAgainCompletesIt(batchLines: Int, stopAtCheck: Int) throws {
        let store = try TestStore()
        let path = try store.directory.write("export.jsonl", Self.text(Self.interleaved()))
        var options = CrossRouteTests.sls
        options.batchLines = batchLines
        do {
            // Its own scope: the stopped ingest lets go of the store before the rerun.
            let ingester = try Ingester(database: try Store.openForWriting(path: store.path), options: options)
            var checks = 0
            ingester.shouldStop = {
                checks += 1
                return checks >= stopAtCheck
            }
            #expect(throws: FCLogError.interrupted) { try ingester.ingest(path: path) }
            _ = try ingester.commitPartial()
        }
        #expect(try store.scalar("SELECT count(*) FROM request_metrics") != "6")
        try store.ingest(paths: [path], options: CrossRouteTests.sls)
        #expect(try Self.figures(store) == Self.oracle())
    }
}
