@testable import FCLogCore
import Foundation
import Testing

/// Spans carry the alias and version that ran them; reports keep one, or one per version.
@Suite("Versions and aliases")
struct VersionTests {
    /// An SLS function-log record of `api`.
    static func record(_ second: Int, _ message: String, qualifier: String, version: String, instance: String) -> String {
        #"{"__time__":"\#(1_704_163_200 + second)","__topic__":"FCLogs:api","functionName":"api","qualifier":"\#(qualifier)","versionId":"\#(version)","instanceID":"\#(instance)","message":"\#(message)"}"#
    }

    /// Stable (prod, version 3) serves three requests, the canary (version 4) two, one of which times out.
    static let export: String = {
        var lines: [String] = []
        func invoke(_ n: Int, at second: Int, _ qualifier: String, _ version: String, _ instance: String, timeout: Bool = false) {
            let id = "1-65a77f\(String(format: "%02d", n))-157f3f32-e1ee24b17e49"
            lines.append(record(second, "FC Invoke Start RequestId: \(id)", qualifier: qualifier, version: version, instance: instance))
            lines.append(record(second, "2024-01-02 02:40:0\(second % 10).350 \(id) [info] handled", qualifier: qualifier, version: version, instance: instance))
            let end = timeout ? "FC Invoke End RequestId: \(id), Error: Function timed out after 3 seconds (maxMemoryUsage: 10MB)"
                : "FC Invoke End RequestId: \(id)"
            lines.append(record(second + (timeout ? 3 : 1), end, qualifier: qualifier, version: version, instance: instance))
        }
        invoke(1, at: 0, "prod", "3", "c-65a77eb0-15416274-000000000001")
        invoke(2, at: 2, "prod", "3", "c-65a77eb0-15416274-000000000001")
        invoke(3, at: 4, "prod", "3", "c-65a77eb0-15416274-000000000001")
        invoke(4, at: 1, "canary", "4", "c-65a77eb0-15416274-000000000002")
        invoke(5, at: 5, "canary", "4", "c-65a77eb0-15416274-000000000002", timeout: true)
        return lines.joined(separator: "\n") + "\n"
    }()

    private func report(_ store: TestStore, _ configure: (inout ReportOptions) -> Void) throws -> FunctionReport {
        var options = ReportOptions()
        configure(&options)
        return try #require(ReportBuilder.build(try Store.openForReading(path: store.path), options: options).functions.first)
    }

    @Test func spansCarryTheirQualifierAndVersion() throws {
        let store = try TestStore()
        try store.ingest(Self.export)
        #expect(try store.rows("SELECT qualifier, version_id, count(*) FROM spans GROUP BY 1, 2 ORDER BY 1") == ["canary|4|2", "prod|3|3"])
    }

    @Test func aReportKeepsOneAliasOrVersionAndTheirSumIsTheWhole() throws {
        let store = try TestStore()
        try store.ingest(Self.export)
        let all = try report(store) { _ in }
        let stable = try report(store) { $0.version = "3" }
        let canary = try report(store) { $0.qualifier = "canary" }
        #expect(stable.invocations == FunctionReport.Invocations(total: 3, ok: 3, error: 0, timeout: 0, unfinished: 0))
        #expect(canary.invocations == FunctionReport.Invocations(total: 2, ok: 1, error: 0, timeout: 1, unfinished: 0))
        #expect(try report(store) { $0.version = "4" }.invocations == canary.invocations)
        #expect(stable.invocations.total + canary.invocations.total == all.invocations.total)
        #expect(stable.billing.requestBilledMillis + canary.billing.requestBilledMillis == all.billing.requestBilledMillis)
        #expect(canary.examples.timeouts.map(\.requestID) == ["1-65a77f05-157f3f32-e1ee24b17e49"])
        #expect(stable.examples.timeouts.isEmpty)
    }

    @Test func requestMetricsNameTheAliasOfASpanFromTextLogs() throws {
        let store = try TestStore()
        let id = "1-65a77fbb-157f3f32-e1ee24b17e49"
        let text = "2024-01-02 02:40:01 FC Invoke Start RequestId: \(id)\n2024-01-02 02:40:02 FC Invoke End RequestId: \(id)\n"
        let metrics = #"{"__time__":"1704163202","__topic__":"FCRequestMetrics:/api","functionName":"api","qualifier":"canary","requestId":"\#(id)","durationMs":"20.20","invocationStartTimestamp":"1704163201350"}"# + "\n"
        try store.ingest(text, metrics, options: IngestOptions(timeZone: .utc, defaultFunction: "api"))
        #expect(try store.rows("SELECT qualifier, duration_source FROM spans") == ["canary|request_metrics"])
    }

    @Test func reportByVersionOnTheCommandLine() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("v.db")
        let input = try directory.write("export.jsonl", Self.export)
        #expect(try FCLogBinary.run(["ingest", "--db", db, input]).status == 0)
        let table = try FCLogBinary.run(["report", "--db", db, "--by-version"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("── version 3 ──\n"))
        #expect(table.stdout.contains("── version 4 ──\n"))
        let json = try FCLogBinary.run(["report", "--db", db, "--by-version", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let sections = try #require(object?["by_version"] as? [[String: Any]])
        #expect(sections.map { $0["version"] as? String } == ["3", "4"])
        let csv = try FCLogBinary.run(["report", "--db", db, "--by-version", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("version,function,"))
        let one = try FCLogBinary.run(["report", "--db", db, "--qualifier", "canary", "--format", "json"])
        #expect(one.status == 0)
        #expect(one.stdout.contains("\"timeout\": 1"))
        let clash = try FCLogBinary.run(["report", "--db", db, "--by-version", "--version", "3"])
        #expect(clash.status == 64)
    }
}
