@testable import FCLogCore
import Foundation
import Testing

@Suite("fclog show")
struct ShowTests {
    @Test(arguments: [
        ("1-64f7ef72-64caf1ff0046194d9a26bbd7", "show-initializer-retried.txt"),
        ("c-65a77eb0-15416274-ff5addb2c9e1", "show-instance.txt"),
        ("c-61cf9980", "show-overlapping.txt"),
        ("1-65a77fbb-157f3f32-e1ee…", "show-request-with-metrics.txt"),
    ])
    func goldenStories(id: String, golden: String) throws {
        let (directory, db) = try AdviseCommandTests.sampleStore()
        _ = directory
        let result = try FCLogBinary.run(["show", "--db", db, id])
        #expect(result.status == 0, "\(result.stderr)")
        try expectGolden(result.stdout, golden)
    }

    @Test func aSpanByItsIDAndJSONWithEverythingThatBelongsToIt() throws {
        let store = try ReportTests.sampleStore()
        let db = try Store.openForReading(path: store.path)
        let id = try #require(Int64(try store.scalar("SELECT id FROM spans WHERE request_id = '1-65a77fbb-157f3f32-e1ee24b17e49'")))
        let story = try StoryReader.read(db, id: String(id))
        #expect(story.subject == .span(id))
        #expect(story.spans.map(\.id) == [id])
        #expect(story.metrics.count == 1)
        #expect(story.events.map(\.event) == ["Creating", "CreateSuccess", "DestroySuccess"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(StoryRenderer().json(story).utf8)) as? [String: Any])
        #expect(json["kind"] as? String == "span")
        let lines = try #require(json["lines"] as? [[String: Any]])
        #expect(lines.first?["message"] as? String == "FC Invoke Start RequestId: 1-65a77fbb-157f3f32-e1ee24b17e49")
        #expect((json["spans"] as? [[String: Any]])?.first?["duration_source"] as? String == "request_metrics")
    }

    @Test(arguments: ["1-65a77fbb-157f3f32-e1ee", "1-65a77fbb-157f3f32-e1ee…", "1-65a77fbb-157f3f32-e1ee...", "1-65a77fbb-****3f32-e1ee24b17e49",
                      "  1-65a77fbb-157f3f32-e1ee24b17e49 "])
    func copiedPartlyOrMaskedIdsAreFound(id: String) throws {
        let store = try ReportTests.sampleStore()
        let story = try StoryReader.read(try Store.openForReading(path: store.path), id: id)
        #expect(story.subject == .request("1-65a77fbb-157f3f32-e1ee24b17e49"))
    }

    @Test func anAmbiguousOrUnknownIdSaysWhich() throws {
        let store = try ReportTests.sampleStore()
        let db = try Store.openForReading(path: store.path)
        #expect {
            try StoryReader.read(db, id: "1-65a77f")
        } throws: { error in
            let text = (error as? FCLogError)?.description ?? ""
            return text.contains("RequestId 1-65a77fbb-157f3f32-e1ee24b17e49") && text.contains("RequestId 1-65a77fbc-2a3b4c5d-6e7f8a9b0c1d")
                && text.contains("matches more than one id")
        }
        #expect(throws: FCLogError.invalidArgument("no span id, RequestId or instance id in the store matches 'nope'")) {
            try StoryReader.read(db, id: "nope")
        }
        let result = try FCLogBinary.run(["show", "--db", store.path, "zz-nothing"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
    }

    /// Exact RequestIds, and prefixes that hold a `1-<8 hex>-` id's second, go through the RequestId key's index;
    /// the report's examples through the indexes of failures and of long runs.
    @Test(arguments: [
        ("SELECT 1 FROM fclog_span_rows WHERE request_key = 7 AND request_id = 'x'", "span_rows_by_request"),
        ("SELECT DISTINCT request_id FROM fclog_span_rows WHERE request_key BETWEEN 1 AND 2 AND request_id GLOB '1-65a7*' LIMIT 11", "span_rows_by_request"),
        ("SELECT request_id FROM fclog_span_rows WHERE function = 'f' AND kind_code = 1 AND outcome_code <> 0 AND outcome_code = 2 LIMIT 3", "span_rows_failed"),
        ("SELECT request_id FROM fclog_span_rows WHERE function = 'f' AND kind_code = 1 AND duration_us >= 1000000 ORDER BY duration_us DESC LIMIT 3", "span_rows_long"),
        ("SELECT request_id FROM fclog_span_rows WHERE function = 'f' AND kind_code = 0 AND outcome_code = 0 ORDER BY duration_us DESC LIMIT 3", "span_rows_long"),
    ])
    func lookupsUseAnIndex(_ sql: String, index: String) throws {
        let store = try ReportTests.sampleStore()
        let db = try SQLiteDatabase(path: store.path, mode: .readOnly)
        let explain = try db.prepare("EXPLAIN QUERY PLAN " + sql)
        var plan: [String] = []
        while try explain.step() { plan.append(explain.text(3) ?? "") }
        #expect(plan.contains { $0.contains("INDEX \(index) ") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") && !$0.contains("INDEX") }, "\(plan)")
    }
}
