@testable import FCLogCore
import Foundation
import Testing

/// `fclog forget` leaves every figure as one clean ingest of what is left gives, or changes nothing.
@Suite("Forget")
struct ForgetTests {
    static func file(_ name: String) -> String { sampleLogs.appendingPathComponent(name).path }
    static let sls = IngestOptions(timeZone: .utc)
    static let console = IngestOptions(timeZone: .utc, defaultFunction: "web")

    /// What a user sees of a store: the report of every function and the public tables.
    static func figures(_ store: TestStore) throws -> [String] {
        try [CountOnceTests.report(store)] + [
            "SELECT count(*) FROM lines", "SELECT count(*) FROM request_metrics", "SELECT count(*) FROM instance_events",
            "SELECT count(*) FROM instance_metrics",
            "SELECT group_concat(x, '; ') FROM (SELECT function || ' ' || instance_id || ' ' || coalesce(first_seen, '-') || ' ' || coalesce(last_seen, '-') || ' ' || coalesce(created, '-') || ' ' || coalesce(destroyed, '-') || ' ' || invocations || ' ' || initializer_attempts AS x FROM instances ORDER BY 1)",
            """
            SELECT group_concat(x, '; ') FROM (SELECT function || ' ' || kind || ' ' || request_id || ' ' || coalesce(instance_id, '-') || ' ' || status || ' '
                || coalesce(duration_ms, '-') || ' ' || coalesce(billed_ms, '-') || ' ' || attempt || ' ' || coalesce(cold_start, '-') AS x
                FROM spans ORDER BY 1)
            """,
            "SELECT group_concat(x, '; ') FROM (SELECT time || ' ' || function || ' ' || coalesce(request_id, '-') || ' ' || message AS x FROM lines ORDER BY 1)",
        ].map { try store.scalar($0) }
    }

    static let export = [file("sls-function-logs.jsonl"), file("sls-request-metrics.jsonl"), file("sls-instance-events.json")]

    @Test func anInputForgottenIsAsIfNeverIngestedAndCanBeIngestedAgain() throws {
        let oracle = try TestStore()
        try oracle.ingest(paths: Self.export, options: Self.sls)
        let store = try TestStore()
        try store.ingest(paths: Self.export, options: Self.sls)
        try store.ingest(paths: [Self.file("console-copy.txt")], options: Self.console)
        let id = Int64(try store.scalar("SELECT max(id) FROM inputs"))!
        let outcome = try Forgetting.forget(ForgetSelection(inputs: [id]), in: try Store.openForWriting(path: store.path))
        #expect(outcome.spans > 0 && outcome.lines > 0)
        #expect(outcome.inputsRemoved.count == 1)
        #expect(try Self.figures(store) == Self.figures(oracle))
        // Ingested again, it is new again: as both ingested once.
        let again = try store.ingest(paths: [Self.file("console-copy.txt")], options: Self.console)
        #expect(again.recordsDuplicate == 0)
        let both = try TestStore()
        try both.ingest(paths: Self.export, options: Self.sls)
        try both.ingest(paths: [Self.file("console-copy.txt")], options: Self.console)
        #expect(try Self.figures(store) == Self.figures(both))
    }

    @Test func theFirstInputsForgottenLeaveTheLaterAsIfAlone() throws {
        let oracle = try TestStore()
        try oracle.ingest(paths: [Self.file("console-copy.txt")], options: Self.console)
        let store = try TestStore()
        try store.ingest(paths: Self.export, options: Self.sls)
        try store.ingest(paths: [Self.file("console-copy.txt")], options: Self.console)
        let ids = try store.rows("SELECT id FROM inputs WHERE name LIKE '%sls-%' ORDER BY id").compactMap(Int64.init)
        #expect(ids.count == 3)
        try Forgetting.forget(ForgetSelection(inputs: ids), in: try Store.openForWriting(path: store.path))
        #expect(try Self.figures(store) == Self.figures(oracle))
    }

    @Test func aFunctionForgottenIsAsIfNeverIngested() throws {
        let oracle = try TestStore()
        try oracle.ingest(paths: [Self.file("console-copy.txt")], options: Self.console)
        let store = try TestStore()
        // A text log ingested without --function, then with it.
        try store.ingest(paths: [Self.file("console-copy.txt")], options: IngestOptions(timeZone: .utc))
        let outcome = try Forgetting.forget(ForgetSelection(function: "unknown"), in: try Store.openForWriting(path: store.path))
        #expect(outcome.inputsRemoved.count == 1)
        try store.ingest(paths: [Self.file("console-copy.txt")], options: Self.console)
        #expect(try Self.figures(store) == Self.figures(oracle))
    }

    /// Two days of one function, the second an Initializer retried on an instance the first day began.
    static let twoDays: [CrossRouteTests.Record] = {
        let day: Int64 = 86_400
        let instance = "c-65a77eb0-15416274-ff5addb2c9e1"
        var out: [CrossRouteTests.Record] = []
        for d in 0..<2 {
            let t = CrossRouteTests.start + Int64(d) * day
            out += [
                .init(second: t, instance: instance, message: "FC Initialize Start RequestId: init-\(d)"),
                .init(second: t + 1, instance: instance, message: "FC Initialize End RequestId: init-\(d)"),
                .init(second: t + 2, instance: instance, message: "FC Invoke Start RequestId: 1-65a77fbb-\(d)"),
                .init(second: t + 2, instance: instance, message: "order received"),
                .init(second: t + 3, instance: instance, message: "FC Invoke End RequestId: 1-65a77fbb-\(d)"),
            ]
        }
        return out
    }()

    @Test func aTimeRangeForgottenIsAsIfNeverIngestedAndAttemptsCountAgain() throws {
        let export = CrossRouteTests.export(Self.twoDays)
        // The oracle: the export's records of the second day (its request metrics are the first day's).
        let secondDay = try export.split(separator: "\n").filter { line in
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            return Int64(record["__time__"] ?? "") ?? 0 >= CrossRouteTests.start + 86_400
        }.joined(separator: "\n") + "\n"
        let oracle = try TestStore()
        try oracle.ingest(secondDay, options: Self.sls)
        let store = try TestStore()
        try store.ingest(export, options: Self.sls)
        #expect(try store.scalar("SELECT max(attempt) FROM spans WHERE kind = 'initialize'") == "2")
        let until = (CrossRouteTests.start + 3600) * 1_000_000
        let outcome = try Forgetting.forget(ForgetSelection(function: CrossRouteTests.function, untilMicros: until),
                                            in: try Store.openForWriting(path: store.path))
        #expect(outcome.spans == 2)
        #expect(outcome.requestMetrics == 1)
        #expect(outcome.inputsKept.count == 1)
        #expect(try Self.figures(store) == Self.figures(oracle))
    }

    @Test func aSpanTwoInputsMadeIsNotCutInTwo() throws {
        let records = CrossRouteTests.records
        let cut = records.firstIndex { $0.message.hasPrefix("FC Invoke End") }!
        let store = try TestStore()
        try store.ingest(CrossRouteTests.export(Array(records[..<cut])), options: Self.sls)
        try store.ingest(CrossRouteTests.export(Array(records[cut...])), options: Self.sls)
        let before = try Self.figures(store)
        #expect(throws: FCLogError.self) {
            try Forgetting.forget(ForgetSelection(inputs: [1]), in: try Store.openForWriting(path: store.path))
        }
        do {
            try Forgetting.forget(ForgetSelection(inputs: [2]), in: try Store.openForWriting(path: store.path))
        } catch let error as FCLogError {
            #expect(error.description.contains("forget those inputs together"), "\(error)")
        }
        #expect(try Self.figures(store) == before)
        try Forgetting.forget(ForgetSelection(inputs: [1, 2]), in: try Store.openForWriting(path: store.path))
        #expect(try store.scalar("SELECT count(*) FROM spans") == "0")
        #expect(try store.scalar("SELECT count(*) FROM inputs") == "0")
        #expect(try store.scalar("SELECT count(*) FROM fclog_record_keys") == "0")
        #expect(try store.scalar("SELECT count(*) FROM instances") == "0")
    }

    @Test func aRangeThatCutsASpanNamesOneThatHoldsIt() throws {
        let store = try TestStore()
        try store.ingest(CrossRouteTests.export(Self.twoDays), options: Self.sls)
        let before = try Self.figures(store)
        // The first day's invocation runs from +2 s to +3 s.
        let until = (CrossRouteTests.start + 2) * 1_000_000 + 500_000
        #expect {
            try Forgetting.forget(ForgetSelection(untilMicros: until), in: try Store.openForWriting(path: store.path))
        } throws: { error in
            "\(error)".contains("--until 2024-01-02T02:40:04.000Z")
        }
        #expect(try Self.figures(store) == before)
    }

    @Test func theCommandListsForgetsAndRefusesBadValues() throws {
        let store = try TestStore()
        try store.ingest(paths: [Self.file("console-copy.txt")], options: Self.console)
        let list = try FCLogBinary.run(["forget", "--db", store.path, "--list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("console-copy.txt"))
        let nothing = try FCLogBinary.run(["forget", "--db", store.path])
        #expect(nothing.status == 64)
        #expect(nothing.stderr.contains("say what to forget"))
        let zero = try FCLogBinary.run(["forget", "--db", store.path, "--input", "0"])
        #expect(zero.status == 64)
        let badTime = try FCLogBinary.run(["forget", "--db", store.path, "--until", "2024-13-40"])
        #expect(badTime.status == 64)
        #expect(badTime.stderr.contains("--until: cannot read time"))
        let absent = try FCLogBinary.run(["forget", "--db", store.directory.path("none.db"), "--function", "web"])
        #expect(absent.status == 1)
        #expect(absent.stderr.contains("no store at"))
        #expect(!FileManager.default.fileExists(atPath: store.directory.path("none.db")))
        let missing = try FCLogBinary.run(["forget", "--db", store.path, "--input", "9"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no input 9"))
        let done = try FCLogBinary.run(["forget", "--db", store.path, "--function", "web"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("inputs removed (they can be ingested again): 1"))
        #expect(try store.scalar("SELECT count(*) FROM spans") == "0")
    }
}
