@testable import FCLogCore
import Foundation
import Testing

@Suite("Ingesting again, overlapping and in parts")
struct DeduplicationTests {
    /// A JSON-lines export of `count` records, one request per three records.
    static func export(_ range: Range<Int>) -> [String] {
        range.map { i in
            let request = "1-65a77f\(String(format: "%02x", i / 3))-157f3f32-e1ee24b17e49"
            let message: String
            switch i % 3 {
            case 0: message = "FC Invoke Start RequestId: \(request)"
            case 1: message = "2024-01-02T02:40:0\(i % 10).500Z \(request) [info] same text"
            default: message = "FC Invoke End RequestId: \(request)"
            }
            return #"{"__time__":"\#(1704163200 + i)","__topic__":"FCLogs:api","functionName":"api","instanceID":"c-1","message":"\#(message)"}"#
        }
    }

    private func snapshot(_ store: TestStore) throws -> [String] {
        try store.rows("SELECT function, instance_id, request_id, kind, status, start_time, end_time, duration_ms, attempt FROM spans ORDER BY request_id, kind, attempt")
            + store.rows("SELECT time, request_id, kind, message FROM lines ORDER BY time, request_id, kind, message")
            + store.rows("SELECT * FROM fclog_span_tally WHERE spans <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7")
            + store.rows("""
                SELECT function, instance_id, spans, first_us, last_us, invocations, first_invoke_us, initializer_attempts,
                       busy_billed_ms, peak_concurrency FROM fclog_instance_summaries ORDER BY 1, 2
                """)
    }

    @Test func ingestingTheSameFileTwiceStoresNothingTwice() throws {
        let store = try TestStore()
        let path = try store.directory.write("export.jsonl", Self.export(0..<30).joined(separator: "\n"))
        try store.ingest(paths: [path])
        let before = try snapshot(store)
        let again = try store.ingest(paths: [path])
        #expect(again.recordsNew == 0)
        #expect(again.recordsDuplicate == 30)
        #expect(try snapshot(store) == before)
        #expect(try store.scalar("SELECT count(*) FROM spans") == "10")
    }

    @Test func overlappingExportsAndExportsInPartsGiveWhatTheWholeGives() throws {
        let whole = try TestStore()
        try whole.ingest(Self.export(0..<30).joined(separator: "\n"))
        let parts = try TestStore()
        try parts.ingest(Self.export(0..<17).joined(separator: "\n"))
        try parts.ingest(Self.export(17..<30).joined(separator: "\n"))
        let overlapping = try TestStore()
        try overlapping.ingest(Self.export(0..<20).joined(separator: "\n"), Self.export(10..<30).joined(separator: "\n"))
        #expect(try snapshot(parts) == snapshot(whole))
        #expect(try snapshot(overlapping) == snapshot(whole))
    }

    @Test func identicalRecordsInOneExportAreTwoLines() throws {
        let record = #"{"__time__":"1704163201","__topic__":"FCLogs:api","functionName":"api","instanceID":"c-1","message":"retrying"}"#
        let store = try TestStore()
        try store.ingest([record, record].joined(separator: "\n"))
        #expect(try store.scalar("SELECT count(*) FROM lines") == "2")
        // Another export repeating one copy adds nothing; one with three copies adds the third.
        try store.ingest(record)
        #expect(try store.scalar("SELECT count(*) FROM lines") == "2")
        try store.ingest([record, record, record].joined(separator: "\n"))
        #expect(try store.scalar("SELECT count(*) FROM lines") == "3")
    }

    @Test func textLogsInTwoPartsKeepRepeatedUntimedLinesOfDifferentRequests() throws {
        let first = """
            FC Invoke Start RequestId: r-aaaaaaaa01
            b'Hello World'
            FC Invoke End RequestId: r-aaaaaaaa01
            """
        let second = """
            FC Invoke Start RequestId: r-aaaaaaaa02
            b'Hello World'
            FC Invoke End RequestId: r-aaaaaaaa02
            """
        let store = try TestStore()
        try store.ingest(first)
        try store.ingest(second)
        #expect(try store.rows("SELECT request_id FROM lines WHERE message = 'b''Hello World''' ORDER BY request_id") == [
            "r-aaaaaaaa01", "r-aaaaaaaa02",
        ])
    }
}

extension DeduplicationTests {
    /// A long run of untimed lines in one request is spread over buckets of
    /// 65,536 lines, and still known again: as a whole, and where its parts
    /// overlap (each part starts with the marker that opens its context).
    @Test func aLongRunOfUntimedLinesIsKnownAgain() throws {
        let start = "FC Invoke Start RequestId: 1-6513e3fc-985ed1c8f1afcf92be9fe039\n"
        let end = "FC Invoke End RequestId: 1-6513e3fc-985ed1c8f1afcf92be9fe039\n"
        // Every line twice: identical lines are told apart by their order.
        let rows = (0..<70_000).map { "processing row \($0 / 2)\n" }
        let store = try TestStore()
        let whole = try store.ingest(start + rows.joined() + end)
        #expect(whole.recordsNew == 70_002)
        // No bucket holds more than its share (fclog_record_keys holds 6 bytes a record).
        #expect(try Int(store.scalar("SELECT max(length(keys)) / 6 FROM fclog_record_keys")) ?? .max <= 65_537)
        let again = try store.ingest(start + rows.joined() + end)
        #expect(again.recordsNew == 0)
        let part = try store.ingest(start + rows.prefix(66_000).joined())
        #expect(part.recordsNew == 0)
        #expect(try store.scalar("SELECT count(*) FROM lines") == "70002")
    }
}

@Suite("Record identities")
struct RecordKeysTests {
    /// How far the writes of evicted and changed buckets got before they are read again.
    enum Stage: CaseIterable {
        /// Evicted, their writes queued.
        case queued
        /// Handed over and committed at once (an ingest's last commit), with no hand-over after it.
        case flushed
        /// Handed over with a commit the writing thread has not made yet.
        case handedOver
        /// Handed over, and that commit made.
        case handedOverAndCommitted
    }

    /// Buckets are read from the store only where it held keys when the ingest began, or this ingest wrote
    /// some: each key stored, earlier or by this ingest and long evicted, is known again.
    @Test
    func bucketsAreReadWhereKeysWereStoredOrWritten() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("keys.db")
        func session(_ body: (RecordKeys, (Int) throws -> Void) throws -> Void) throws {
            let database = try Store.openForWriting(path: path)
            let reader = try SQLiteDatabase(path: database.path, mode: .readOnly)
            let queue = WriteQueue(side: try StoreWriteSide(database: database))
            let keys = RecordKeys(reads: CommittedReads(lookups: SpanLookups(database: reader), queue: queue), capacity: 4, maxKeys: 10)
            try queue.send(.begin)
            try body(keys) { number in
                try keys.handOver(commit: number)
                let next = BatchCommit.Continuing(touched: [], after: 0, updated: [], exact: [], cut: [], lastSpanID: 0)
                try queue.send(.commit(BatchCommit(number: number, tally: [:], inputSpans: [:], continuing: next)))
                try queue.drain()
            }
            try keys.handOver(commit: 99)
            try queue.send(.commit(BatchCommit(number: 99, tally: [:], inputSpans: [:], continuing: nil)))
            try queue.end()
        }
        try session { keys, _ throws in
            for bucket: Int64 in [10, 20, -5] { #expect(try keys.claim(bucket: bucket, key: 1, input: 1)) }
        }
        try session { keys, commit throws in
            for bucket: Int64 in [10, 20, -5] { #expect(try keys.claim(bucket: bucket, key: 1, input: 2) == false) }
            for bucket: Int64 in [15, 21, 9, -7, -4] { #expect(try keys.claim(bucket: bucket, key: 1, input: 2)) }
            // Written by this ingest, committed, evicted by the buckets after them, then met again.
            for bucket: Int64 in 30..<40 { #expect(try keys.claim(bucket: bucket, key: 2, input: 2)) }
            try commit(1)
            for bucket: Int64 in 40..<50 { #expect(try keys.claim(bucket: bucket, key: 2, input: 2)) }
            for bucket: Int64 in 30..<50 { #expect(try keys.claim(bucket: bucket, key: 2, input: 2) == false) }
            for bucket: Int64 in [15, 21, 9, -7, -4] { #expect(try keys.contains(bucket: bucket, key: 1)) }
        }
    }

    /// Keys two inputs add to one bucket in turn are stored as one blob per input, each in the order added.
    @Test
    func aBucketsKeysAreStoredPerInput() throws {
        let directory = try TemporaryDirectory()
        let database = try Store.openForWriting(path: directory.path("keys.db"))
        let reader = try SQLiteDatabase(path: database.path, mode: .readOnly)
        let queue = WriteQueue(side: try StoreWriteSide(database: database))
        let keys = RecordKeys(reads: CommittedReads(lookups: SpanLookups(database: reader), queue: queue))
        try queue.send(.begin)
        for (key, input) in [(1, 1), (2, 2), (3, 1), (4, 2), (5, 1)] as [(UInt64, Int64)] {
            #expect(try keys.claim(bucket: 7, key: key, input: input))
        }
        #expect(try keys.claim(bucket: 7, key: 3, input: 2) == false)
        try keys.handOver(commit: 1)
        try queue.send(.commit(BatchCommit(number: 1, tally: [:], inputSpans: [:], continuing: nil)))
        try queue.end()
        let rows = try reader.column("SELECT input_id || ':' || hex(keys) FROM fclog_record_keys WHERE bucket = 7 ORDER BY input_id")
        #expect(rows == ["1:" + "010000000000" + "030000000000" + "050000000000", "2:" + "020000000000" + "040000000000"])
    }

    /// Buckets are known again whatever became of their writes: pending ones
    /// are read from memory, since the second connection cannot see them;
    /// committed ones from the store.
    @Test(arguments: Stage.allCases)
    func bucketsEvictedFromMemoryAreWrittenAndReadBack(_ stage: Stage) throws {
        let directory = try TemporaryDirectory()
        let database = try Store.openForWriting(path: directory.path("keys.db"))
        let reader = try SQLiteDatabase(path: database.path, mode: .readOnly)
        let queue = WriteQueue(side: try StoreWriteSide(database: database))
        let keys = RecordKeys(reads: CommittedReads(lookups: SpanLookups(database: reader), queue: queue), capacity: 4, maxKeys: 10)
        // The writing thread's transactions: a commit that begins the next one, or the last.
        func commit(_ number: Int, last: Bool = false) throws {
            let next = BatchCommit.Continuing(touched: [], after: 0, updated: [], exact: [], cut: [], lastSpanID: 0)
            try queue.send(.commit(BatchCommit(number: number, tally: [:], inputSpans: [:], continuing: last ? nil : next)))
            try queue.drain()
        }
        try queue.send(.begin)
        for bucket in 0..<50 {
            for key in 0..<5 { #expect(try keys.claim(bucket: Int64(bucket), key: UInt64(key), input: 1)) }
        }
        switch stage {
        case .queued:
            try queue.drain()
        case .flushed:
            try keys.handOver(commit: 1)
            try commit(1)
        case .handedOver:
            try keys.handOver(commit: 1)
            try queue.drain()
        case .handedOverAndCommitted:
            try keys.handOver(commit: 1)
            try commit(1)
            try keys.handOver(commit: 2)
        }
        #expect(try reader.scalarInt("SELECT count(*) FROM fclog_record_keys") == (stage == .flushed || stage == .handedOverAndCommitted ? 50 : 0))
        // Long evicted, every one is still known.
        for bucket in 0..<50 {
            for key in 0..<5 { #expect(try keys.claim(bucket: Int64(bucket), key: UInt64(key), input: 1) == false) }
        }
        #expect(try keys.claim(bucket: 3, key: 99, input: 1))
        try keys.handOver(commit: 3)
        try commit(3, last: true)
        try queue.end()
        // The key added later is a row of its own, for its batch.
        #expect(try reader.scalarInt("SELECT count(DISTINCT bucket) FROM fclog_record_keys") == 50)
        #expect(try reader.scalarInt("SELECT count(*) FROM fclog_record_keys WHERE bucket = 3") == 2)
    }
}
