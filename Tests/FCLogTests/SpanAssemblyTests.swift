import FCLogCore
import Foundation
import Testing

@Suite("Assembling spans")
struct SpanAssemblyTests {
    @Test func initializerRetriesOnOneInstanceCountAttempts() throws {
        let store = try TestStore()
        try store.ingest("""
            c-65a77eb0-15416274-ff5addb2c9e1 2024-01-02 2:40:00 FC Initialize Start RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c
            c-65a77eb0-15416274-ff5addb2c9e1 2024-01-02 2:40:01 FC Initialize End RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c, Error: Unhandled function error
            c-65a77eb0-15416274-ff5addb2c9e1 2024-01-02 2:40:02 FC Initialize Start RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c
            c-65a77eb0-15416274-ff5addb2c9e1 2024-01-02 2:40:05 FC Initialize End RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c, Error: Function timed out after 3 seconds
            c-65a77eb0-15416274-ff5addb2c9e1 2024-01-02 2:40:06 FC Initialize Start RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c
            c-65a77eb0-15416274-ff5addb2c9e1 2024-01-02 2:40:07 FC Initialize End RequestId: 3b34c887-e0d1-4015-afbd-63a387f6044c
            """)
        #expect(try store.rows("SELECT attempt, status, duration_ms, billed_ms, duration_source FROM spans ORDER BY id") == [
            "1|error|1000.0|1000|second_timestamps",
            "2|timeout|3000.0|3000|second_timestamps",
            "3|ok|1000.0|1000|second_timestamps",
        ])
    }

    /// Parts of a log ingested later part first (separate ingests) number hooks and async retries by when they ran.
    @Test(arguments: [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]])
    func attemptsFollowTimeWhateverOrderThePartsAreIngestedIn(order: [Int]) throws {
        let instance = "c-65a77eb0-15416274-ff5addb2c9e1"
        let hook = "3b34c887-e0d1-4015-afbd-63a387f6044c"
        let request = "1-65a77eb0-0a0b0c0d0e0f"
        let parts = [
            """
            \(instance) 2024-01-02 2:40:00 FC Initialize Start RequestId: \(hook)
            \(instance) 2024-01-02 2:40:01 FC Initialize End RequestId: \(hook), Error: Unhandled function error
            \(instance) 2024-01-02 2:40:01 FC Invoke Start RequestId: \(request)
            \(instance) 2024-01-02 2:40:02 FC Invoke End RequestId: \(request), Error: Unhandled function error
            """,
            """
            \(instance) 2024-01-02 2:50:00 FC Initialize Start RequestId: \(hook)
            \(instance) 2024-01-02 2:50:05 FC Initialize End RequestId: \(hook), Error: Function timed out after 3 seconds
            \(instance) 2024-01-02 2:50:06 FC Invoke Start RequestId: \(request)
            \(instance) 2024-01-02 2:50:07 FC Invoke End RequestId: \(request), Error: Unhandled function error
            """,
            """
            \(instance) 2024-01-02 3:00:00 FC Initialize Start RequestId: \(hook)
            \(instance) 2024-01-02 3:00:01 FC Initialize End RequestId: \(hook)
            \(instance) 2024-01-02 3:00:01 FC Invoke Start RequestId: \(request)
            \(instance) 2024-01-02 3:00:02 FC Invoke End RequestId: \(request)
            """,
        ]
        let store = try TestStore()
        for index in order { try store.ingest(parts[index]) }
        #expect(try store.rows("SELECT kind, attempt, status FROM spans ORDER BY start_us, kind") == [
            "initialize|1|error", "invoke|1|error", "initialize|2|timeout", "invoke|2|error", "initialize|3|ok", "invoke|3|ok",
        ], "\(order)")
    }

    /// A copy read newest first (a console that lists the latest row first) numbers its retried Initializer as
    /// the copy read oldest first does, in a store that held nothing.
    @Test func attemptsOfACopyReadNewestFirstFollowTime() throws {
        let text = try String(contentsOf: sampleLogs.appendingPathComponent("console-copy.txt"), encoding: .utf8)
        let newestFirst = text.split(separator: "\n").reversed().joined(separator: "\n") + "\n"
        let options = IngestOptions(timeZone: try LocalTimeZone(parsing: "+08:00"), defaultFunction: "web")
        let oracle = try TestStore()
        try oracle.ingest(text, options: options)
        let store = try TestStore()
        try store.ingest(newestFirst, options: options)
        let sql = "SELECT kind, attempt, status, start_us FROM spans ORDER BY start_us, kind"
        #expect(try store.rows(sql) == oracle.rows(sql))
        #expect(try oracle.rows("SELECT max(attempt) FROM spans") != ["1"])
    }

    @Test func initializerSharingTheInvocationRequestIdIsItsOwnSpan() throws {
        let store = try TestStore()
        try store.ingest("""
            2023-09-06 11:18:10FC Initialize Start RequestId: 1-64f7ef72-64caf1ff0046194d9a26bbd7
            2023-09-06 11:18:11FC Initialize End RequestId: 1-64f7ef72-64caf1ff0046194d9a26bbd7
            2023-09-06 11:18:11FC Invoke Start RequestId: 1-64f7ef72-64caf1ff0046194d9a26bbd7
            2023-09-06 11:18:112023-09-06 11:18:11 1-64f7ef72-64caf1ff0046194d9a26bbd7 [info] working
            2023-09-06 11:18:12FC Invoke End RequestId: 1-64f7ef72-64caf1ff0046194d9a26bbd7
            """)
        #expect(try store.rows("SELECT kind, status, start_time, end_time FROM spans ORDER BY id") == [
            "initialize|ok|2023-09-06T11:18:10.000Z|2023-09-06T11:18:11.000Z",
            "invoke|ok|2023-09-06T11:18:11.000Z|2023-09-06T11:18:12.000Z",
        ])
        #expect(try store.scalar("SELECT s.kind FROM lines l JOIN spans s ON s.id = l.span_id WHERE l.message = 'working'") == "invoke")
    }

    @Test func interleavedConcurrentRequestsAttachLinesByRequestId() throws {
        let store = try TestStore()
        try store.ingest("""
            {"__time__":"1640995200","__topic__":"svc","serviceName":"svc","functionName":"f","instanceID":"c-1","message":"FC Invoke Start RequestId: r-aaaaaaaa"}
            {"__time__":"1640995200","__topic__":"svc","serviceName":"svc","functionName":"f","instanceID":"c-1","message":"FC Invoke Start RequestId: r-bbbbbbbb"}
            {"__time__":"1640995201","__topic__":"svc","serviceName":"svc","functionName":"f","instanceID":"c-1","message":"2022-01-01T00:00:01.100Z r-bbbbbbbb [info] from b"}
            {"__time__":"1640995201","__topic__":"svc","serviceName":"svc","functionName":"f","instanceID":"c-1","message":"2022-01-01T00:00:01.200Z r-aaaaaaaa [info] from a"}
            {"__time__":"1640995202","__topic__":"svc","serviceName":"svc","functionName":"f","instanceID":"c-1","message":"FC Invoke End RequestId: r-bbbbbbbb"}
            {"__time__":"1640995203","__topic__":"svc","serviceName":"svc","functionName":"f","instanceID":"c-1","message":"FC Invoke End RequestId: r-aaaaaaaa, Error: Unhandled function error"}
            """)
        #expect(try store.rows("SELECT request_id, status, duration_ms, service FROM spans ORDER BY id") == [
            "r-aaaaaaaa|error|3000.0|svc", "r-bbbbbbbb|ok|2000.0|svc",
        ])
        #expect(try store.rows("SELECT l.message, s.request_id FROM lines l JOIN spans s ON s.id = l.span_id WHERE l.kind = 'user' ORDER BY l.id") == [
            "from b|r-bbbbbbbb", "from a|r-aaaaaaaa",
        ])
    }

    @Test func linesWithoutRequestIdJoinTheOnlyOpenSpanOfTheirInstance() throws {
        let store = try TestStore()
        try store.ingest("""
            c-11111111-aaaa 2024-01-02 2:40:00 FC Invoke Start RequestId: r-11111111
            c-22222222-bbbb 2024-01-02 2:40:00 FC Invoke Start RequestId: r-22222222
            c-22222222-bbbb 2024-01-02 2:40:00 plain print on instance two
            c-11111111-aaaa 2024-01-02 2:40:01 FC Invoke End RequestId: r-11111111
            c-22222222-bbbb 2024-01-02 2:40:01 FC Invoke End RequestId: r-22222222
            """)
        #expect(try store.scalar("SELECT s.request_id FROM lines l JOIN spans s ON s.id = l.span_id WHERE l.message LIKE 'plain%'") == "r-22222222")
    }

    @Test func unfinishedSpanIsCompletedByALaterIngest() throws {
        let store = try TestStore()
        let first = try store.ingest("""
            2024-01-02 10:40:00 FC Invoke Start RequestId: 1-65a77fbb-157f3f32-e1ee24b17e49
            2024-01-02 10:40:01 2024-01-02 02:40:01.500 1-65a77fbb-157f3f32-e1ee24b17e49 [info] half way
            """, options: IngestOptions(timeZone: try LocalTimeZone(parsing: "+08:00"), defaultFunction: "fn"))
        #expect(first.spansStillOpen == 1)
        #expect(try store.rows("SELECT status, billed_ms, end_time FROM spans") == ["unfinished||"])
        let second = try store.ingest("""
            2024-01-02 10:40:03 FC Invoke End RequestId: 1-65a77fbb-157f3f32-e1ee24b17e49
            """, options: IngestOptions(timeZone: try LocalTimeZone(parsing: "+08:00"), defaultFunction: "fn"))
        #expect(second.spansStillOpen == 0)
        #expect(try store.rows("SELECT count(*), status, start_time, end_time, duration_ms, billed_ms FROM spans") == [
            "1|ok|2024-01-02T02:40:00.000Z|2024-01-02T02:40:03.000Z|3000.0|3000",
        ])
    }

    @Test func startWithNoEndStaysUnfinishedAndTheNextRequestOpensItsOwn() throws {
        let store = try TestStore()
        try store.ingest("""
            FC Invoke Start RequestId: r-crash-0001
            FC Invoke Start RequestId: r-next-00002
            FC Invoke End RequestId: r-next-00002
            """)
        #expect(try store.rows("SELECT request_id, status, billed_ms FROM spans ORDER BY id") == [
            "r-crash-0001|unfinished|", "r-next-00002|ok|",
        ])
    }

    @Test func asyncRetriesWithTheSameRequestIdAreSeparateSpans() throws {
        let store = try TestStore()
        try store.ingest("""
            2024-01-02 02:40:00 FC Invoke Start RequestId: CEBD8A24-8980-594C-87A6-5E5882CB12AB
            2024-01-02 02:40:01 FC Invoke End RequestId: CEBD8A24-8980-594C-87A6-5E5882CB12AB, Error: Unhandled function error
            2024-01-02 02:40:05 FC Invoke Start RequestId: CEBD8A24-8980-594C-87A6-5E5882CB12AB
            2024-01-02 02:40:06 FC Invoke End RequestId: CEBD8A24-8980-594C-87A6-5E5882CB12AB
            """)
        #expect(try store.rows("SELECT attempt, status FROM spans ORDER BY id") == ["1|error", "2|ok"])
    }

    @Test func retriesInALaterIngestCountOnFromTheStore() throws {
        let store = try TestStore()
        let attempt = """
            2024-01-02 02:40:00 FC Invoke Start RequestId: CEBD8A24-8980-594C-87A6-5E5882CB12AB
            2024-01-02 02:40:01 FC Invoke End RequestId: CEBD8A24-8980-594C-87A6-5E5882CB12AB, Error: Unhandled function error
            """
        try store.ingest(attempt)
        try store.ingest(attempt.replacingOccurrences(of: "02:40:0", with: "02:45:0"))
        try store.ingest(attempt.replacingOccurrences(of: "02:40:0", with: "02:50:0"))
        #expect(try store.rows("SELECT attempt, start_time FROM spans ORDER BY id") == [
            "1|2024-01-02T02:40:00.000Z", "2|2024-01-02T02:45:00.000Z", "3|2024-01-02T02:50:00.000Z",
        ])
    }

    /// Hooks count per instance, kind and function, on from what earlier ingests stored.
    @Test func hooksInALaterIngestCountOnPerInstance() throws {
        let a = "c-65937780-a00aaafd-8b13399cd1d1"
        let b = "c-65937780-b00aaafd-8b13399cd1d2"
        func hook(_ instance: String, _ minute: Int, _ phase: String, _ id: String, error: Bool = false) -> String {
            """
            \(instance) 2024-01-02 10:\(minute):00 FC \(phase) Start RequestId: \(id)
            \(instance) 2024-01-02 10:\(minute):01 FC \(phase) End RequestId: \(id)\(error ? ", Error: Unhandled function error" : "")

            """
        }
        let store = try TestStore()
        try store.ingest(hook(a, 10, "Initialize", "283b88fe-4e91-48c1-a9ec-9370f576ec23", error: true)
            + hook(a, 11, "PreFreeze", "00000001-0000-4000-a000-000000000001")
            + hook(a, 12, "PreFreeze", "00000002-0000-4000-a000-000000000002")
            + hook(b, 13, "PreFreeze", "00000003-0000-4000-a000-000000000003"))
        try store.ingest(hook(a, 20, "Initialize", "283b88fe-4e91-48c1-a9ec-9370f576ec23")
            + hook(a, 21, "PreFreeze", "00000004-0000-4000-a000-000000000004")
            + hook(b, 22, "PreFreeze", "00000005-0000-4000-a000-000000000005")
            + hook(a, 23, "PreStop", "00000006-0000-4000-a000-000000000006"))
        #expect(try store.rows("SELECT instance_id, kind, attempt, status FROM spans ORDER BY id") == [
            "\(a)|initialize|1|error", "\(a)|prefreeze|1|ok", "\(a)|prefreeze|2|ok", "\(b)|prefreeze|1|ok",
            "\(a)|initialize|2|ok", "\(a)|prefreeze|3|ok", "\(b)|prefreeze|2|ok", "\(a)|prestop|1|ok",
        ])
    }

    @Test func exportReadNewestFirstPairsEndsWithTheirStarts() throws {
        let store = try TestStore()
        try store.ingest("""
            {"__time__":"1704163205","__topic__":"FCLogs:api","functionName":"api","instanceID":"c-9","message":"FC Invoke End RequestId: r-2aaaaaaa"}
            {"__time__":"1704163203","__topic__":"FCLogs:api","functionName":"api","instanceID":"c-9","message":"FC Invoke Start RequestId: r-2aaaaaaa"}
            {"__time__":"1704163202","__topic__":"FCLogs:api","functionName":"api","instanceID":"c-9","message":"FC Invoke End RequestId: r-1aaaaaaa"}
            {"__time__":"1704163201","__topic__":"FCLogs:api","functionName":"api","instanceID":"c-9","message":"FC Invoke Start RequestId: r-1aaaaaaa"}
            """)
        #expect(try store.rows("SELECT request_id, status, duration_ms FROM spans ORDER BY request_id") == [
            "r-1aaaaaaa|ok|1000.0", "r-2aaaaaaa|ok|2000.0",
        ])
    }

    @Test func summaryLineGivesTheExactDuration() throws {
        let store = try TestStore()
        try store.ingest("""
            FC Invoke Start RequestId: 1-6513e3fc-985ed1c8f1afcf92be9fe039
            2023-09-27T08:12:44.485Z 1-6513e3fc-985ed1c8f1afcf92be9fe039 [INFO] b'test'
            FC Invoke End RequestId: 1-6513e3fc-985ed1c8f1afcf92be9fe039

            Duration: 87.02 ms, Billed Duration: 88 ms, Memory Size: 128 MB, Max Memory Used: 26.15 MB
            """)
        #expect(try store.rows("SELECT duration_ms, billed_ms, duration_source, memory_mb, max_memory_mb FROM spans") == [
            "87.02|88|summary_line|128|26.15",
        ])
        let oldRule = try TestStore()
        try oldRule.ingest("""
            FC Invoke Start RequestId: 1-6513e3fc-985ed1c8f1afcf92be9fe039
            FC Invoke End RequestId: 1-6513e3fc-985ed1c8f1afcf92be9fe039
            Duration: 3.00 ms, Billed Duration: 100 ms, Memory Size: 128 MB, Max Memory Used: 26.15 MB
            """, options: IngestOptions(timeZone: .utc, defaultFunction: "fn", billingStepMillis: 100))
        #expect(try oldRule.scalar("SELECT billed_ms FROM spans") == "100")
    }

    @Test func requestMetricsGiveExactTimingColdStartsAndTimeouts() throws {
        let store = try TestStore()
        try store.ingest(paths: [
            sampleLogs.appendingPathComponent("sls-function-logs.jsonl").path,
            sampleLogs.appendingPathComponent("sls-request-metrics.jsonl").path,
        ])
        #expect(try store.rows("""
            SELECT kind, request_id, status, duration_ms, billed_ms, duration_source, coalesce(cold_start, '')
            FROM spans WHERE function = 'order-api' ORDER BY start_us
            """) == [
            "initialize|3b34c887-e0d1-4015-afbd-63a387f6044c|ok|812.5|813|initializer_metrics|",
            "invoke|1-65a77fbb-157f3f32-e1ee24b17e49|ok|620.35|621|request_metrics|1",
            "invoke|1-65a77fbc-2a3b4c5d-6e7f8a9b0c1d|timeout|3000.2|3001|request_metrics|0",
            "invoke|1-65a77fff-0a0b0c0d-0e0f10111213|ok|20.2|21|request_metrics|0",
            "prestop|0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a87|error|2000.0|2000|second_timestamps|",
        ])
        #expect(try store.scalar("SELECT count(*) FROM request_metrics WHERE span_id IS NOT NULL") == "3")
    }

    @Test func metricsIngestedBeforeTheirLogsAreJoinedNotDoubled() throws {
        let store = try TestStore()
        try store.ingest(paths: [sampleLogs.appendingPathComponent("sls-request-metrics.jsonl").path])
        #expect(try store.scalar("SELECT count(*) FROM spans") == "3")
        try store.ingest(paths: [sampleLogs.appendingPathComponent("sls-function-logs.jsonl").path])
        #expect(try store.scalar("SELECT count(*) FROM spans WHERE kind = 'invoke'") == "3")
        #expect(try store.rows("SELECT status, duration_source FROM spans WHERE request_id = '1-65a77fbc-2a3b4c5d-6e7f8a9b0c1d'") == [
            "timeout|request_metrics",
        ])
        #expect(try store.scalar("SELECT count(*) FROM lines WHERE span_id IS NULL") == "0")
    }

    /// More spans end than the writer holds back to store in id order, the
    /// last ones first, some followed by their summary line.
    @Test func manyConcurrentRequestsEndingInReverseAreEachStoredOnceAsTheyEnded() throws {
        let count = 6000
        func time(_ second: Int) -> String {
            let t = 10 * 3600 + second
            return "2024-01-02 \(t / 3600):\(String(format: "%02d:%02d", t / 60 % 60, t % 60))"
        }
        /// The RequestId of request `i`, whose number is its third group.
        func request(_ i: Int) -> String { "1-65937780-\(String(format: "%08d", i))-531907be7b3a" }
        let instance = "c-65937780-a00aaafd-8b13399cd1d1"
        var text = ""
        for i in 0..<count {
            text += "\(instance) \(time(i)) FC Invoke Start RequestId: \(request(i))\n"
            text += "\(instance) \(time(i)) 2024-01-02T10:00:00.000Z \(request(i)) [INFO] working on \(i)\n"
        }
        for i in stride(from: count - 1, through: 0, by: -1) {
            text += "\(instance) \(time(2 * count - i)) FC Invoke End RequestId: \(request(i))\n"
            if i % 7 == 0 { text += "Duration: 5.50 ms, Billed Duration: 6 ms, Memory Size: 128 MB, Max Memory Used: 20.00 MB\n" }
        }
        let store = try TestStore()
        try store.ingest(text)
        #expect(try store.rows("SELECT count(*), count(DISTINCT request_id), min(status), max(status) FROM spans") == [
            "\(count)|\(count)|ok|ok",
        ])
        // Request i starts at second i and ends at 2·count − i, unless its summary line says 5.5 ms.
        let number = "CAST(substr(s.request_id, 12, 8) AS INTEGER)"
        #expect(try store.scalar("""
            SELECT count(*) FROM spans s
            WHERE duration_ms <> CASE WHEN \(number) % 7 = 0 THEN 5.5 ELSE 1000.0 * (2 * \(count) - 2 * \(number)) END
            """) == "0")
        #expect(try store.scalar("SELECT count(*) FROM spans WHERE duration_source = 'summary_line'") == "\((count + 6) / 7)")
        #expect(try store.scalar("""
            SELECT count(*) FROM lines l JOIN spans s ON s.id = l.span_id
            WHERE l.kind = 'user' AND l.message = 'working on ' || \(number)
            """) == "\(count)")
        #expect(try store.scalar("SELECT sum(spans) FROM fclog_span_tally") == "\(count)")
    }

    enum WaitingShape: String, CaseIterable, CustomTestStringConvertible {
        /// Every Start, then every End, the last request first.
        case endsLongAfterStarts
        /// Every End, then every Start: an export read newest first.
        case startsLongAfterEnds
        /// The Starts in one ingest, the Ends in the next.
        case endsInTheNextIngest
        /// Request metrics in one ingest, then the Ends and the Starts.
        case metricsThenStartsLongAfterEnds

        var testDescription: String { rawValue }
    }

    /// Spans that wait for their marker beyond what an ingest holds in memory
    /// are left to the store and found there: the spans are those of an ingest
    /// that held them all.
    @Test(arguments: WaitingShape.allCases)
    func spansWaitingBeyondTheMemoryHeldAreFoundInTheStore(_ shape: WaitingShape) throws {
        let instance = "c-65937780-a00aaafd-8b13399cd1d1"
        let count = 300
        func request(_ i: Int) -> String { "1-65937780-\(String(format: "%08d", i))-531907be7b3a" }
        func line(_ second: Int, _ message: String) -> String {
            "\(instance) 2024-01-02 10:\(String(format: "%02d:%02d", second / 60, second % 60)) \(message)\n"
        }
        var starts = ""
        var ends = ""
        for i in 0..<count {
            starts += line(i, "FC Invoke Start RequestId: \(request(i))")
            starts += line(i, "2024-01-02T02:00:00.000Z \(request(i)) [INFO] working on \(i)")
        }
        for i in stride(from: count - 1, through: 0, by: -1) {
            ends += line(2 * count - i, "FC Invoke End RequestId: \(request(i))" + (i % 10 == 0 ? ", Error: Unhandled function error" : ""))
        }
        // 2024-01-02T10:00:00Z is 1704189600.
        let metrics = (0..<count).map { i in
            #"{"__time__":"\#(1_704_189_600 + i)","__topic__":"FCRequestMetrics:/fn","requestId":"\#(request(i))","instanceID":"\#(instance)","functionName":"fn","durationMs":"12.5","invocationStartTimestamp":"\#(1_704_189_600 + i)000","hasFunctionError":"false"}"#
        }.joined(separator: "\n")
        func spans(waitingSpans: Int) throws -> [String] {
            var options = IngestOptions(timeZone: .utc, defaultFunction: "fn", batchLines: 50)
            options.waitingSpans = waitingSpans
            let store = try TestStore()
            switch shape {
            case .endsLongAfterStarts: try store.ingest(starts + ends, options: options)
            case .startsLongAfterEnds: try store.ingest(ends + starts, options: options)
            case .endsInTheNextIngest:
                try store.ingest(starts, options: options)
                try store.ingest(ends, options: options)
            case .metricsThenStartsLongAfterEnds:
                try store.ingest(metrics, options: options)
                try store.ingest(ends + starts, options: options)
            }
            return try store.rows("""
                SELECT s.request_id, s.status, s.start_time, s.end_time, s.duration_source, s.attempt, s.instance_id, count(l.id)
                FROM spans s LEFT JOIN lines l ON l.span_id = s.id AND l.kind = 'user'
                GROUP BY s.id ORDER BY s.request_id, s.attempt
                """)
        }
        let held = try spans(waitingSpans: 1 << 20)
        #expect(held.count == count)
        #expect(try spans(waitingSpans: 16) == held)
    }

    @Test func instanceEventsFeedTheInstancesTable() throws {
        let store = try TestStore()
        try store.ingest(paths: [
            sampleLogs.appendingPathComponent("sls-function-logs.jsonl").path,
            sampleLogs.appendingPathComponent("sls-instance-events.json").path,
        ])
        #expect(try store.rows("SELECT event FROM instance_events ORDER BY time_us") == ["Creating", "CreateSuccess", "DestroySuccess"])
        #expect(try store.rows("SELECT instance_id, created, destroyed, invocations, initializer_attempts FROM instances") == [
            "c-65a77eb0-15416274-ff5addb2c9e1|2024-01-02T02:39:59.000Z|2024-01-02T02:50:03.000Z|2|1",
        ])
        #expect(try store.scalar("SELECT cpu_percent FROM instance_metrics") == "12.5")
    }
}

@Suite("An export read newest first")
struct NewestFirstTests {
    /// Two instances' invocations one after another, with runtime lines that name their RequestId and plain
    /// prints that do not, as SLS records.
    static func export() -> [String] {
        var records: [String] = []
        func record(_ second: Int, _ instance: String, _ message: String) {
            records.append(#"{"__time__":"\#(1_704_163_200 + second)","__topic__":"FCLogs:api","functionName":"api","instanceID":"\#(instance)","message":"\#(message)"}"#)
        }
        for (index, instance) in ["c-65a77eb0-15416274-ff5addb2c9e1", "c-65a77eb0-25416274-ff5addb2c9e2"].enumerated() {
            for request in 0..<3 {
                let id = "1-65a77fbb-157f3f3\(index)-e1ee24b17e4\(request)"
                let second = index * 20 + request * 6
                record(second, instance, "FC Invoke Start RequestId: \(id)")
                record(second + 1, instance, "2024-01-02T02:40:\(String(format: "%02d", second + 1)).120Z \(id) [INFO] step one of \(id)")
                record(second + 2, instance, "2024-01-02T02:40:\(String(format: "%02d", second + 2)).350Z \(id) [ERROR] step two of \(id)")
                // A plain print names no request: its span is the one open around it.
                record(second + 3, instance, "printed by \(id)")
                record(second + 4, instance, "FC Invoke End RequestId: \(id)" + (request == 2 ? ", Error: Function timed out after 3 seconds" : ""))
            }
        }
        return records
    }

    @Test func everyLineIsInItsRequestsSpanAndTheReportIsTheSame() throws {
        let records = Self.export()
        let forward = try TestStore()
        _ = try forward.ingest(records.joined(separator: "\n") + "\n")
        let backward = try TestStore()
        _ = try backward.ingest(records.reversed().joined(separator: "\n") + "\n")
        let linesBySpan = "SELECT l.message, s.request_id FROM lines l LEFT JOIN spans s ON s.id = l.span_id ORDER BY l.message"
        #expect(try backward.rows(linesBySpan) == forward.rows(linesBySpan))
        #expect(try backward.scalar("SELECT count(*) FROM lines WHERE span_id IS NULL") == "0")
        let spans = "SELECT request_id, instance_id, status, duration_ms, attempt FROM spans ORDER BY request_id"
        #expect(try backward.rows(spans) == forward.rows(spans))
        // Equal durations and failures too: the report's examples are chosen by time, not by the order of reading.
        let report = { (store: TestStore) in try FCLogBinary.run(["report", "--db", store.path, "--format", "json"]).stdout }
        #expect(try report(backward) == report(forward))
        #expect(try report(forward).contains("1-65a77fbb-157f3f30-e1ee24b17e42"))
    }
}
