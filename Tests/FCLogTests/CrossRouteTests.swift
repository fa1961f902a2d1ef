@testable import FCLogCore
import Foundation
import Testing

/// The same hour reached by two routes (an SLS export, and a console copy or `s logs` output of it) is one
/// set of executions and lines, in either order: each test compares with one clean ingest of the export.
@Suite("One execution whatever route its lines took")
struct CrossRouteTests {
    /// One function-log record: its second, instance and message (lines joined by newlines).
    struct Record {
        var second: Int64
        var instance: String
        var message: String
    }

    static let function = "order-api"
    static let start: Int64 = 1_704_163_200

    /// Two instances: a cold start each, the same runtime line on both in one second, a stack trace, a
    /// user line logged twice in a second, a timeout.
    static let records: [Record] = {
        let a = "c-65a77eb0-15416274-ff5addb2c9e1"
        let b = "c-65a77eb0-2b3c4d5e-6f7a8b9c0d1e"
        var out: [Record] = []
        for (n, instance) in [a, b].enumerated() {
            let t = start + Int64(n) * 60
            let initializer = "init-\(n)-e0d1-4015-afbd-63a387f6044c"
            out += [
                Record(second: t, instance: instance, message: "FC Initialize Start RequestId: \(initializer)"),
                Record(second: t, instance: instance, message: "load code for handler:index.initialize"),
                Record(second: t + 1, instance: instance, message: "FC Initialize End RequestId: \(initializer)"),
            ]
            for k in 0..<3 {
                let rid = "1-65a77fbb-\(n)\(k)7f3f32-e1ee24b17e49"
                let s = t + 2 + Int64(k) * 5
                let prefix = "\(iso(s)).123Z \(rid) [INFO]"
                out += [
                    Record(second: s, instance: instance, message: "FC Invoke Start RequestId: \(rid)"),
                    Record(second: s, instance: instance, message: "load code for handler:index.handler"),
                    Record(second: s, instance: instance, message: "\(prefix) order received"),
                    Record(second: s, instance: instance, message: "\(prefix) order received"),
                ]
                if k == 1 {
                    out.append(Record(second: s + 1, instance: instance, message: """
                        \(prefix) Error: stock service refused
                            at reserve (/code/index.js:31:11)
                            at handler (/code/index.js:12:5)
                        """))
                    out.append(Record(second: s + 3, instance: instance, message: "FC Invoke End RequestId: \(rid), Error: Function timed out after 3 seconds (maxMemoryUsage: 62.11MB)"))
                } else {
                    out.append(Record(second: s + 1, instance: instance, message: "FC Invoke End RequestId: \(rid)"))
                }
            }
        }
        // The same runtime line on both instances in one second.
        out.append(Record(second: start + 100, instance: a, message: "FunctionCompute nodejs18 runtime inited."))
        out.append(Record(second: start + 100, instance: b, message: "FunctionCompute nodejs18 runtime inited."))
        return out
    }()

    /// Request metrics of the first invocation of each instance (its cold start) among `records`: exact durations.
    static func metrics(_ records: [Record]) -> String {
        let starts = records.filter { $0.message.hasPrefix("FC Invoke Start") }
        var seen: Set<String> = []
        return starts.filter { seen.insert($0.instance).inserted }.map { r in
            let rid = String(r.message.split(separator: " ").last!)
            let fields: [String: String] = [
                "__time__": String(r.second + 1), "__topic__": "FCRequestMetrics:/\(function)", "requestId": rid,
                "instanceID": r.instance, "functionName": function, "qualifier": "LATEST", "durationMs": "620.35",
                "invocationStartTimestamp": String(r.second * 1000 + 120), "memoryMB": "512", "isColdStart": "true",
                "hasFunctionError": "false", "invokeFunctionLatencyMs": "812.50",
            ]
            let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self) + "\n"
        }.joined()
    }

    static func export(_ records: [Record]) -> String {
        metrics(records) + records.map { r in
            let fields: [String: String] = [
                "__time__": String(r.second), "__topic__": "FCLogs:\(function)", "functionName": function,
                "qualifier": "LATEST", "versionId": "3", "instanceID": r.instance, "message": r.message,
            ]
            let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }

    static func iso(_ second: Int64) -> String {
        let text = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(second)))
        return String(text.dropLast())
    }

    /// Local time in UTC+8, as the console and `s logs` show it.
    static func local(_ second: Int64, padHour: Bool = true) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                        from: Date(timeIntervalSince1970: TimeInterval(second)))
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        let hour = padHour ? two(c.hour) : String(c.hour ?? 0)
        return "\(c.year!)-\(two(c.month))-\(two(c.day)) \(hour):\(two(c.minute)):\(two(c.second))"
    }

    enum Instances { case none, markers, every }

    /// A console copy: time glued to the message, the instance id opening the rows `instances` says, a
    /// record's further lines on rows of their own.
    static func consoleCopy(_ records: [Record], instances: Instances) -> String {
        var out = ""
        for r in records {
            let lines = r.message.split(separator: "\n", omittingEmptySubsequences: false)
            let named = instances == .every || (instances == .markers && r.message.hasPrefix("FC "))
            out += (named ? r.instance : "") + local(r.second) + lines[0] + "\n"
            for line in lines.dropFirst() { out += line + "\n" }
        }
        return out
    }

    /// `s logs` output: instance, unpadded local time, colour codes, a blank line whenever the request changes.
    static func sLogs(_ records: [Record]) -> String {
        var out = ""
        for r in records {
            let lines = r.message.split(separator: "\n", omittingEmptySubsequences: false)
            out += "\u{1B}[36m\(r.instance)\u{1B}[0m \(local(r.second, padHour: false)) \(lines[0])\n"
            for line in lines.dropFirst() { out += line + "\n" }
            if r.message.hasPrefix("FC Invoke End") { out += "\n" }
        }
        return out
    }

    static let console = IngestOptions(timeZone: try! LocalTimeZone(parsing: "+08:00"), defaultFunction: function)
    static let sls = IngestOptions(timeZone: .utc)

    static func oracle() throws -> TestStore {
        let store = try TestStore()
        _ = try store.ingest(export(records), options: sls)
        return store
    }

    static func figures(_ store: TestStore) throws -> [String] {
        [
            try CountOnceTests.report(store),
            try store.scalar("SELECT count(*) FROM lines"),
            try store.scalar("SELECT count(*) FROM spans"),
            try store.scalar("SELECT group_concat(kind || ' ' || status || ' ' || coalesce(instance_id, '-') || ' ' || coalesce(qualifier, '-') || ' ' || coalesce(version_id, '-'), ', ') FROM (SELECT * FROM spans ORDER BY request_id, kind)"),
            try store.scalar("SELECT count(*) || ' ' || count(DISTINCT instance_id) FROM instances"),
        ]
    }

    enum Copy: CaseIterable, Sendable, CustomTestStringConvertible {
        case consoleWithoutInstances, consoleWithInstancesOnMarkers, consoleWithInstancesOnEveryRow, sLogs

        func text(_ records: [Record]) -> String {
            switch self {
            case .consoleWithoutInstances: consoleCopy(records, instances: .none)
            case .consoleWithInstancesOnMarkers: consoleCopy(records, instances: .markers)
            case .consoleWithInstancesOnEveryRow: consoleCopy(records, instances: .every)
            case .sLogs: CrossRouteTests.sLogs(records)
            }
        }

        var testDescription: String { "\(self)" }
    }

    @Test(arguments: Copy.allCases)
    func theCopyAfterTheExportAddsNothing(copy: Copy) throws {
        let oracle = try Self.oracle()
        let store = try Self.oracle()
        let again = try store.ingest(copy.text(Self.records), options: Self.console)
        #expect(again.recordsNew == 0, "\(copy): \(again)")
        #expect(again.linesFromAnotherRoute > 0)
        #expect(try Self.figures(store) == Self.figures(oracle), "\(copy)")
    }

    /// The same copy read again (or an interrupted ingest run again) is its own records, not another route's.
    @Test(arguments: Copy.allCases)
    func theSameCopyAgainIsNoOtherRoute(copy: Copy) throws {
        let store = try TestStore()
        let first = try store.ingest(copy.text(Self.records), options: Self.console)
        let again = try store.ingest(copy.text(Self.records), options: Self.console)
        #expect(again.recordsNew == 0)
        #expect(again.recordsDuplicate == first.recordsNew)
        #expect(again.linesFromAnotherRoute == 0, "\(copy)")
        #expect(!IngestSummaryText.render(again, store: "s.db").contains("another route"))
    }

    @Test(arguments: Copy.allCases)
    func theExportAfterTheCopyGivesItsFactsAndNoMoreLines(copy: Copy) throws {
        let oracle = try Self.oracle()
        let store = try TestStore()
        _ = try store.ingest(copy.text(Self.records), options: Self.console)
        let again = try store.ingest(Self.export(Self.records), options: Self.sls)
        #expect(again.linesFromAnotherRoute > 0)
        #expect(IngestSummaryText.render(again, store: "s.db").contains("stored already from another route"))
        #expect(try Self.figures(store) == Self.figures(oracle), "\(copy)")
    }

    @Test func bothRoutesInOneIngestAreOneSetOfLines() throws {
        let oracle = try Self.oracle()
        let store = try TestStore()
        let directory = store.directory
        let copy = try directory.write("console.txt", Self.consoleCopy(Self.records, instances: .markers))
        let export = try directory.write("export.jsonl", Self.export(Self.records))
        var options = Self.console
        options.defaultFunction = Self.function
        _ = try store.ingest(paths: [export, copy], options: options)
        #expect(try Self.figures(store) == Self.figures(oracle))
    }

    @Test func aCopyOfPartOfTheHourAddsTheRest() throws {
        let oracle = try Self.oracle()
        let store = try TestStore()
        let half = Self.records.count / 2
        _ = try store.ingest(Self.consoleCopy(Array(Self.records[..<half]), instances: .markers), options: Self.console)
        _ = try store.ingest(Self.export(Self.records), options: Self.sls)
        #expect(try Self.figures(store) == Self.figures(oracle))
    }

    /// Each export filtered to one instance, its metrics included.
    @Test func exportsOfOneInstanceEachKeepTheLinesTheyShare() throws {
        let oracle = try Self.oracle()
        let store = try TestStore()
        let instances = Set(Self.records.map(\.instance)).sorted()
        for instance in instances {
            _ = try store.ingest(Self.export(Self.records.filter { $0.instance == instance }), options: Self.sls)
        }
        #expect(try store.scalar("SELECT count(*) FROM lines") == oracle.scalar("SELECT count(*) FROM lines"))
        #expect(try CountOnceTests.report(store) == CountOnceTests.report(oracle))
    }

    /// A request that prints the same plain text in two seconds, and an export of the later seconds alone (which
    /// knows the request from a runtime line): its line is the first copy of that text in that second on both
    /// routes, in either order.
    @Test(arguments: Copy.allCases, [true, false])
    func theSameTextInAnotherSecondIsFoundInAnExportOfThatSecond(copy: Copy, copyFirst: Bool) throws {
        let instance = "c-65a77eb0-15416274-ff5addb2c9e1"
        let rid = "1-65a77fbb-157f3f32-e1ee24b17e49"
        let records = [
            Record(second: Self.start, instance: instance, message: "FC Invoke Start RequestId: \(rid)"),
            Record(second: Self.start + 1, instance: instance, message: "tick"),
            Record(second: Self.start + 4, instance: instance, message: "\(Self.iso(Self.start + 4)).120Z \(rid) [INFO] retrying"),
            Record(second: Self.start + 5, instance: instance, message: "tick"),
            Record(second: Self.start + 6, instance: instance, message: "FC Invoke End RequestId: \(rid)"),
        ]
        let oracle = try TestStore()
        _ = try oracle.ingest(Self.export(records), options: Self.sls)
        let store = try TestStore()
        let later = Self.export(records.filter { $0.second >= Self.start + 4 })
        if copyFirst {
            _ = try store.ingest(copy.text(records), options: Self.console)
            _ = try store.ingest(later, options: Self.sls)
        } else {
            _ = try store.ingest(later, options: Self.sls)
            _ = try store.ingest(copy.text(records), options: Self.console)
        }
        let lines = "SELECT group_concat(time || ' ' || message, ' | ') FROM (SELECT * FROM lines ORDER BY time, message)"
        #expect(try store.scalar(lines) == oracle.scalar(lines), "\(copy)")
        #expect(try store.scalar("SELECT count(*) FROM spans") == "1")
    }

    /// `s invoke` output (a raw tail: markers without times, the instance named after it) of a cold start whose
    /// Initializer was retried, with FC 3.0 RequestIds, and an export of the same call: one span for each execution in either order, with
    /// the times the export gives, the tail adding only its summary line; its plain lines, which show no time (after a
    /// marker, or after a runtime line in another second), are the export's.
    enum Ingests: CaseIterable, Sendable {
        case tailFirst, exportFirst, tailFirstInOneIngest, exportFirstInOneIngest
    }

    /// Ingests a raw tail (read as a console copy would be) and an export into `store` in the order `ingests` names.
    static func ingest(tail: String, export: String, _ ingests: Ingests, into store: TestStore) throws {
        let tailFile = try store.directory.write("invoke.txt", tail)
        let exportFile = try store.directory.write("export.jsonl", export)
        switch ingests {
        case .tailFirst:
            _ = try store.ingest(paths: [tailFile], options: console)
            _ = try store.ingest(paths: [exportFile], options: sls)
        case .exportFirst:
            _ = try store.ingest(paths: [exportFile], options: sls)
            _ = try store.ingest(paths: [tailFile], options: console)
        case .tailFirstInOneIngest:
            _ = try store.ingest(paths: [tailFile, exportFile], options: console)
        case .exportFirstInOneIngest:
            _ = try store.ingest(paths: [exportFile, tailFile], options: console)
        }
    }

    @Test(arguments: ["", "    "], Ingests.allCases)
    func anInvokeOutputAndTheExportOfItAreOneCall(indent: String, ingests: Ingests) throws {
        let instance = "c-65a77eb0-15416274-ff5addb2c9e1"
        let initializer = "1-65a77fb0-0a1b2c3d-4e5f60718293"
        let rid = "1-65a77fb1-157f3f32-e1ee24b17e49"
        let line = "\(Self.iso(Self.start + 1)).350Z \(rid) [INFO] order received"
        let records = [
            Record(second: Self.start - 3, instance: instance, message: "FC Initialize Start RequestId: \(initializer)"),
            Record(second: Self.start - 3, instance: instance, message: "connecting to the stock service"),
            Record(second: Self.start - 2, instance: instance, message: "FC Initialize End RequestId: \(initializer), Error: Unhandled function error"),
            Record(second: Self.start, instance: instance, message: "FC Initialize Start RequestId: \(initializer)"),
            Record(second: Self.start, instance: instance, message: "connecting to the stock service"),
            Record(second: Self.start + 1, instance: instance, message: "FC Initialize End RequestId: \(initializer)"),
            Record(second: Self.start + 1, instance: instance, message: "FC Invoke Start RequestId: \(rid)"),
            Record(second: Self.start + 1, instance: instance, message: "load code for handler:index.handler"),
            Record(second: Self.start + 1, instance: instance, message: line),
            Record(second: Self.start + 1, instance: instance, message: line),
            Record(second: Self.start + 2, instance: instance, message: "order 42 reserved"),
            Record(second: Self.start + 2, instance: instance, message: "FC Invoke End RequestId: \(rid)"),
        ]
        let tail = ["========= FC invoke Logs begin ========="] + records.map(\.message) + [
            "Duration: 620.35 ms, Billed Duration: 621 ms, Memory Size: 512 MB, Max Memory Used: 48.20 MB",
            "========= FC invoke Logs end =========", "FC Invoke instanceId: \(instance)", "FC Invoke Result:", "\"ok\"",
        ]
        let invoke = tail.map { indent + $0 + "\n" }.joined()
        let oracle = try TestStore()
        _ = try oracle.ingest(Self.export(records), options: Self.sls)
        let store = try TestStore()
        try Self.ingest(tail: invoke, export: Self.export(records), ingests, into: store)
        let spans = "SELECT group_concat(kind || ' ' || attempt || ' ' || status || ' ' || coalesce(instance_id, '-'), ', ') FROM (SELECT * FROM spans ORDER BY start_us)"
        #expect(try store.scalar(spans) == oracle.scalar(spans))
        let invocation = "SELECT duration_ms || ' ' || duration_source FROM spans WHERE kind = 'invoke'"
        #expect(try store.scalar(invocation) == oracle.scalar(invocation))
        // The export's marker times time each attempt of the Initializer, which the tail's markers did not.
        let initializerTimes = "SELECT group_concat(attempt || ' ' || start_time || ' ' || end_time, ', ') FROM (SELECT * FROM spans WHERE kind = 'initialize' ORDER BY attempt)"
        #expect(try store.scalar(initializerTimes) == oracle.scalar(initializerTimes))
        let lines = "SELECT group_concat(message, ' | ') FROM (SELECT message FROM lines WHERE kind <> 'summary' ORDER BY message)"
        #expect(try store.scalar(lines) == oracle.scalar(lines))
        #expect(try store.scalar("SELECT count(*) FROM lines WHERE kind = 'summary'") == "1")
    }

    /// `s invoke` output whose summary line gives the exact duration, and an export without request metrics: the
    /// invocation starts at the export's Start and lasts the summary's duration in any order, although the tail
    /// alone starts it at its first line. Stored first, the tail's span is read back before the export's marker
    /// comes: the store keeps that its start came from its lines.
    @Test(arguments: Ingests.allCases)
    func anExactDurationFromATailKeepsTheExportsStartInAnyOrder(ingests: Ingests) throws {
        let instance = "c-65a77eb0-15416274-ff5addb2c9e1"
        let rid = "1-65a77fb1-157f3f32-e1ee24b17e49"
        let records = [
            Record(second: Self.start + 1, instance: instance, message: "FC Invoke Start RequestId: \(rid)"),
            Record(second: Self.start + 1, instance: instance, message: "\(Self.iso(Self.start + 1)).350Z \(rid) [INFO] order received"),
            Record(second: Self.start + 2, instance: instance, message: "FC Invoke End RequestId: \(rid)"),
        ]
        let tail = records.map { $0.message + "\n" }.joined()
            + "Duration: 620.35 ms, Billed Duration: 621 ms, Memory Size: 512 MB, Max Memory Used: 48.20 MB\n"
        let export = records.map { r in
            let fields = ["__time__": String(r.second), "__topic__": "FCLogs:\(Self.function)", "functionName": Self.function,
                          "instanceID": r.instance, "message": r.message]
            return String(decoding: try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }.joined()
        let store = try TestStore()
        try Self.ingest(tail: tail, export: export, ingests, into: store)
        #expect(try store.rows("SELECT start_time || ' ' || end_time || ' ' || duration_ms || ' ' || duration_source FROM spans") == [
            "\(Self.iso(Self.start + 1)).000Z \(Self.iso(Self.start + 1)).620Z 620.35 summary_line",
        ])
    }

    /// The Log Service console's field view of an export's function logs (no `__time__`) and the export: one set
    /// of executions and lines in either order, with the export's times. A plain line shows no time there: it is
    /// known by its request, inside the execution or in the minute after its End.
    @Test(arguments: [true, false])
    func theFieldViewOfFunctionLogsAndTheExportAreOneSet(viewFirst: Bool) throws {
        let records = Self.records.filter { !$0.message.contains("\n") }
        let export = Self.export(records)
        let view = export.split(separator: "\n").map { line in
            let record = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return record.keys.sorted().filter { !$0.hasPrefix("__") }.map { "\($0): \(record[$0]!)\n" }.joined() + "\n"
        }.joined()
        let oracle = try TestStore()
        _ = try oracle.ingest(export, options: Self.sls)
        let store = try TestStore()
        for text in viewFirst ? [view, export] : [export, view] { _ = try store.ingest(text, options: Self.sls) }
        let spans = "SELECT group_concat(kind || ' ' || attempt || ' ' || status || ' ' || instance_id || ' ' || start_time || ' ' || end_time || ' ' || coalesce(duration_ms, '-'), ', ') FROM (SELECT * FROM spans ORDER BY start_us, kind)"
        #expect(try store.scalar(spans) == oracle.scalar(spans))
        // Each line once; the copy kept is the first route's, with the time it showed.
        let lines = "SELECT group_concat(message, ' | ') FROM (SELECT * FROM lines ORDER BY message)"
        #expect(try store.scalar(lines) == oracle.scalar(lines))
        #expect(try CountOnceTests.report(store) == CountOnceTests.report(oracle))
    }

    /// Copies of other requests on other instances that log the same text in the same second: not one route.
    @Test func copiesOfOtherRequestsKeepTheTextTheyShare() throws {
        func copy(_ rid: String, _ instance: String) -> String {
            """
            \(instance)2024-01-02 10:40:00FC Invoke Start RequestId: \(rid)
            \(instance)2024-01-02 10:40:00load code for handler:index.handler
            2024-01-02 10:40:00\(Self.iso(Self.start)).120Z \(rid) [INFO] order received
            \(instance)2024-01-02 10:40:01FC Invoke End RequestId: \(rid)

            """
        }
        let store = try TestStore()
        _ = try store.ingest(copy("1-65a77fbb-aa", "c-65a77eb0-aaaa"), options: Self.console)
        let second = try store.ingest(copy("1-65a77fbb-bb", "c-65a77eb0-bbbb"), options: Self.console)
        #expect(second.linesFromAnotherRoute == 0)
        #expect(try store.scalar("SELECT count(*) FROM lines") == "8")
        #expect(try store.scalar("SELECT count(*) FROM spans WHERE status = 'ok'") == "2")
    }
}
