@testable import FCLogCore
import Foundation
import Testing

@Suite("Exports: Perfetto, OTLP and the timeline page")
struct ExportTests {
    /// Three requests overlapping on one instance, one after them, a retried Initializer and a PreStop that never ended.
    static let overlapping = """
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:00 FC Initialize Start RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:01 FC Initialize End RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c, Error: boom
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:01 FC Initialize Start RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:02 FC Initialize End RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:02 FC Invoke Start RequestId: 1-65a77fbb-157f3f32-e1ee24b17e40
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:03 FC Invoke Start RequestId: 1-65a77fbb-157f3f32-e1ee24b17e41
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:04 FC Invoke Start RequestId: 1-65a77fbb-157f3f32-e1ee24b17e42
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:05 FC Invoke End RequestId: 1-65a77fbb-157f3f32-e1ee24b17e40
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:05 FC Invoke Start RequestId: 1-65a77fbb-157f3f32-e1ee24b17e43
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:06 FC Invoke End RequestId: 1-65a77fbb-157f3f32-e1ee24b17e41, Error: Function timed out after 3 seconds
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:07 FC Invoke End RequestId: 1-65a77fbb-157f3f32-e1ee24b17e42
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:08 FC Invoke End RequestId: 1-65a77fbb-157f3f32-e1ee24b17e43
        c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:10:00 FC PreStop Start RequestId: 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d

        """

    static func store() throws -> TestStore {
        let store = try TestStore()
        try store.ingest(overlapping)
        return store
    }

    static func events(_ store: TestStore) throws -> [[String: Any]] {
        var out = ""
        var text = TextOutput { out += $0 }
        _ = try PerfettoExport.write(try Store.openForReading(path: store.path), options: ReportOptions(), to: &text)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        return try #require(json["traceEvents"] as? [[String: Any]])
    }

    @Test func overlappingRequestsTakeLanesOfTheirOwnAndNoLaneOverlaps() throws {
        let events = try Self.events(try Self.store())
        let slices = events.filter { $0["ph"] as? String == "X" || $0["ph"] as? String == "i" }
        #expect(slices.count == 7)
        var byThread: [Int: [(Int, Int)]] = [:]
        for slice in slices where slice["ph"] as? String == "X" {
            byThread[slice["tid"] as! Int, default: []].append((slice["ts"] as! Int, slice["ts"] as! Int + (slice["dur"] as! Int)))
        }
        #expect(byThread.count == 3, "three requests at once need three lanes")
        for intervals in byThread.values {
            let sorted = intervals.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.1 <= b.0) }
        }
        let names = Set(events.filter { $0["name"] as? String == "thread_name" }.compactMap { ($0["args"] as? [String: Any])?["name"] as? String })
        #expect(names == ["c-61cf9980-2b3c4d5e6f7a8b9c0d1e", "c-61cf9980-2b3c4d5e6f7a8b9c0d1e · lane 2", "c-61cf9980-2b3c4d5e6f7a8b9c0d1e · lane 3"])
        let timeout = try #require(slices.first { ($0["args"] as? [String: Any])?["request_id"] as? String == "1-65a77fbb-157f3f32-e1ee24b17e41" })
        #expect(timeout["name"] as? String == "Invoke (timeout)")
        #expect(timeout["dur"] as? Int == 3_000_000)
        let stop = try #require(slices.first { $0["name"] as? String == "PreStop (never ended)" })
        #expect(stop["ph"] as? String == "i", "a hook with only a start is an instant")
    }

    @Test func lanesReuseTheFirstFreeOne() {
        var lanes = ConcurrencyLanes()
        #expect(lanes.place(start: 0, end: 10) == (0, true))
        #expect(lanes.place(start: 5, end: 8) == (1, true))
        #expect(lanes.place(start: 8, end: 9) == (1, false), "a span may start where another ended")
        #expect(lanes.place(start: 10, end: 20) == (0, false))
        #expect(lanes.place(start: 11, end: 12) == (1, false))
    }

    static func otlp(_ store: TestStore) throws -> [[String: Any]] {
        var out = ""
        var text = TextOutput { out += $0 }
        _ = try OTLPExport.write(try Store.openForReading(path: store.path), options: ReportOptions(), to: &text)
        return try out.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    static func spans(_ lines: [[String: Any]]) -> [[String: Any]] {
        lines.flatMap { ($0["resourceSpans"] as! [[String: Any]]).flatMap { ($0["scopeSpans"] as! [[String: Any]]).flatMap { $0["spans"] as! [[String: Any]] } } }
    }

    static func attribute(_ span: [String: Any], _ key: String) -> Any? {
        ((span["attributes"] as? [[String: Any]])?.first { $0["key"] as? String == key }?["value"] as? [String: Any])?.values.first
    }

    @Test func otlpSpansFollowTheFaaSConventionsAndLinkTheColdStartToItsInitializer() throws {
        let lines = try Self.otlp(try Self.store())
        let resource = ((lines[0]["resourceSpans"] as! [[String: Any]])[0]["resource"] as! [String: Any])["attributes"] as! [[String: Any]]
        let keys = Set(resource.compactMap { $0["key"] as? String })
        #expect(keys.isSuperset(of: ["service.name", "faas.name", "faas.instance", "cloud.provider", "cloud.platform"]))
        let spans = Self.spans(lines)
        #expect(spans.count == 7)
        for span in spans {
            #expect((span["traceId"] as? String)?.range(of: "^[0-9a-f]{32}$", options: .regularExpression) != nil)
            #expect((span["spanId"] as? String)?.range(of: "^[0-9a-f]{16}$", options: .regularExpression) != nil)
            #expect(span["startTimeUnixNano"] is String)
        }
        let invocations = spans.filter { $0["kind"] as? Int == 2 }
        #expect(invocations.count == 4)
        #expect(invocations.allSatisfy { $0["name"] as? String == "fn" })
        let cold = invocations.filter { Self.attribute($0, "faas.coldstart") as? Bool == true }
        #expect(cold.map { Self.attribute($0, "faas.invocation_id") as? String } == ["1-65a77fbb-157f3f32-e1ee24b17e40"])
        let link = try #require((cold[0]["links"] as? [[String: Any]])?.first)
        let initializer = try #require(spans.last { $0["name"] as? String == "Initializer" && $0["status"] == nil })
        #expect(link["spanId"] as? String == initializer["spanId"] as? String, "the Initializer that succeeded, the second attempt")
        let failed = spans.filter { ($0["status"] as? [String: Any])?["code"] as? Int == 2 }.compactMap { ($0["status"] as? [String: Any])?["message"] as? String }
        #expect(Set(failed) == ["boom", "Function timed out after 3 seconds", "never ended"])
    }

    @Test func idsDependOnTheSpanNotOnTheStore() throws {
        let first = Self.spans(try Self.otlp(try Self.store())).map { "\($0["traceId"]!)/\($0["spanId"]!)" }
        let again = try TestStore()
        try again.ingest("unrelated line\n", Self.overlapping)
        let second = Self.spans(try Self.otlp(again)).map { "\($0["traceId"]!)/\($0["spanId"]!)" }
        #expect(first.sorted() == second.sorted())
        #expect(Set(first).count == first.count)
    }

    @Test func protobufCarriesTheSameSpans() throws {
        let store = try Self.store()
        let db = try Store.openForReading(path: store.path)
        var builder = OTLPBuilder()
        var batches: [OTLPBatch] = []
        try TraceReader.spans(db, selection: SpanSelection()) { if let batch = builder.add($0) { batches.append(batch) } }
        if let batch = builder.finish() { batches.append(batch) }
        let batch = try #require(batches.first)
        // ExportTraceServiceRequest.resource_spans(1) → ScopeSpans(2) → Span(2): trace_id(1), span_id(2), name(5), times(7, 8).
        func fields(_ bytes: [UInt8]) -> [(Int, ProtobufReader.Value)] {
            var reader = ProtobufReader(bytes)
            var out: [(Int, ProtobufReader.Value)] = []
            while let field = reader.next() { out.append(field) }
            return out
        }
        func message(_ value: ProtobufReader.Value) -> [UInt8] {
            if case let .bytes(bytes) = value { return bytes }
            Issue.record("not a message")
            return []
        }
        let request = fields(batch.protobuf())
        #expect(request.count == 1 && request[0].0 == 1)
        let scopeSpans = fields(message(request[0].1)).filter { $0.0 == 2 }.map { fields(message($0.1)) }
        let spans = scopeSpans[0].filter { $0.0 == 2 }.map { fields(message($0.1)) }
        #expect(spans.count == batch.spans.count)
        for (decoded, span) in zip(spans, batch.spans) {
            #expect(decoded.first { $0.0 == 1 }?.1 == .bytes(span.traceID))
            #expect(decoded.first { $0.0 == 2 }?.1 == .bytes(span.spanID))
            #expect(decoded.first { $0.0 == 5 }?.1 == .bytes(Array(span.name.utf8)))
            #expect(decoded.first { $0.0 == 7 }?.1 == .fixed64(span.startNanos))
            #expect(decoded.first { $0.0 == 8 }?.1 == .fixed64(span.endNanos))
        }
    }

    @Test func aReceiversPartialSuccessIsRead() {
        // partial_success(1) { rejected_spans(1) = 3 }
        #expect(OTLPPush.rejectedSpans(Data([0x0A, 0x02, 0x08, 0x03]), protobuf: true) == 3)
        #expect(OTLPPush.rejectedSpans(Data(#"{"partialSuccess":{"rejectedSpans":"2"}}"#.utf8), protobuf: false) == 2)
        #expect(OTLPPush.rejectedSpans(Data(), protobuf: true) == 0)
    }

    @Test func theTimelinePageHoldsEverySpanAndFetchesNothing() throws {
        let store = try Self.store()
        let page = store.directory.path("timeline.html")
        let result = try FCLogBinary.run(["timeline", "--db", store.path, "-o", page])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("7 spans on 1 rows"))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.range(of: #"<(script|link|img)[^>]+(src|href)="#, options: .regularExpression) == nil)
        let start = try #require(html.range(of: #"<script type="application/json" id="fclog-data">"#))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = try #require(try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        #expect((data["spans"] as? [Any])?.count == 7)
        #expect((data["rows"] as? [[String: Any]])?.first?["lanes"] as? Int == 3)
        #expect(FileManager.default.fileExists(atPath: page + ".partial") == false)
    }

    @Test func textThatCouldCloseTheScriptIsEscaped() throws {
        let store = try TestStore()
        try store.ingest("""
            c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:00 FC Invoke Start RequestId: 1-65a77fbb-157f3f32-e1ee24b17e44
            c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:01 FC Invoke End RequestId: 1-65a77fbb-157f3f32-e1ee24b17e44, Error: </script><script>alert(1)</script>

            """)
        var out = ""
        var text = TextOutput { out += $0 }
        _ = try TimelinePage.write(try Store.openForReading(path: store.path), options: ReportOptions(), report: "{}", zone: .utc, title: "t", to: &text)
        #expect(!out.contains("alert(1)</script>"))
        #expect(out.contains(#"\u003c/script>\u003cscript>alert(1)"#))
    }

    @Test(arguments: [
        (["export", "--db", "X"], "give --format perfetto|otlp-json, or --to URL"),
        (["export", "--db", "X", "--to", "ftp://host"], "is not an OTLP/HTTP endpoint"),
        (["export", "--db", "X", "--to", "http://127.0.0.1:4318", "-o", "f.json"], "--to pushes over the network"),
        (["export", "--db", "X", "--to", "http://127.0.0.1:4318", "--format", "perfetto"], "--to pushes OTLP"),
        (["export", "--db", "X", "--format", "jaeger"], "format"),
        (["export", "--db", "X", "--to", "http://127.0.0.1:4318", "--header", "novalue"], "is not NAME=VALUE"),
    ])
    func badOptionsAreUsageErrors(arguments: [String], message: String) throws {
        let result = try FCLogBinary.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aFileThatCannotBeWrittenIsAnErrorAndLeavesNothing() throws {
        let store = try Self.store()
        let result = try FCLogBinary.run(["export", "--db", store.path, "--format", "perfetto", "-o", store.directory.path("missing/trace.json")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write"))
        let full = try FCLogBinary.run(["export", "--db", store.path, "--format", "otlp-json", "-o", "/dev/full"])
        #expect(full.status == 1)
    }

    @Test func aReceiverThatIsNotThereIsNamed() throws {
        let store = try Self.store()
        let result = try FCLogBinary.run(["export", "--db", store.path, "--to", "http://127.0.0.1:9", "--retries", "0"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot reach http://127.0.0.1:9/v1/traces"), "\(result.stderr)")
        #expect(result.stderr.contains("after 1 try"), "\(result.stderr)")
    }
}

@Suite("Inline charts in the terminal report")
struct ReportChartTests {
    @Test func blocksScaleToTheFullestBucket() {
        #expect(ReportRenderer.blocks([0, 1, 4, 8]) == " ▁▄█")
        #expect(ReportRenderer.blocks([]) == "")
        #expect(Percentiles(micros: [1000, 2000, 4000, 8000]).histogram.reduce(0, +) == 4)
        #expect(Percentiles(counts: [1000: 3, 8000: 1]).histogram == Percentiles(micros: [1000, 1000, 1000, 8000]).histogram)
    }

    @Test(.enabled(if: FCLogBinary.canRunOnTerminal))
    func aTerminalGetsAHistogramAndAPipeDoesNot() throws {
        let store = try ExportTests.store()
        let command = "\(FCLogBinary.url.path) report --db \(store.path)"
        let (status, text) = try FCLogBinary.runOnTerminal(command, environment: ["TERM": "xterm"])
        #expect(status == 0)
        #expect(text.contains("shortest → longest"))
        #expect(text.contains("█"))
        let (_, dumb) = try FCLogBinary.runOnTerminal(command, environment: ["TERM": "dumb"])
        #expect(!dumb.contains("█"))
        let piped = try FCLogBinary.run(["report", "--db", store.path])
        #expect(!piped.stdout.contains("█") && !piped.stdout.contains("shortest"))
    }
}
