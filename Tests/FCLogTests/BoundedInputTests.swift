@testable import FCLogCore
import Foundation
import Testing

/// Inputs that once grew memory or misstated a span: blank floods and unusable metrics.
@Suite("Bounded and honest input handling")
struct BoundedInputTests {
    /// Bytes from memory, read a chunk at a time.
    final class MemorySource: ByteSource {
        private let bytes: [UInt8]
        private var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let n = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            offset += n
            return n
        }
    }

    @Test func blankLinesAreHandedOverInBatchesOfBoundedSize() throws {
        let pipeline = LinePipeline(source: MemorySource([UInt8](repeating: 0x0A, count: 200_000)))
        pipeline.start()
        var lines = 0
        var largest = 0
        loop: while true {
            switch pipeline.next(waitingAtMost: 10) {
            case let .item(.batch(batch)):
                lines += batch.lines.count
                largest = max(largest, batch.lines.count)
                pipeline.recycle(batch)
            case .item, .idle: continue
            case .end: break loop
            }
        }
        #expect(lines == 200_000)
        #expect(largest <= PreparedBatch.maxLines)
    }

    @Test func aFloodOfBlankLinesIsCountedAndStoresNothing() throws {
        let store = try TestStore()
        let path = try store.directory.write("blank.log", bytes: [UInt8](repeating: 0x0A, count: 100_000))
        let summary = try store.ingest(paths: [path])
        #expect(summary.skipped["blank lines"] == 100_000)
        #expect(try store.scalar("SELECT count(*) FROM lines") == "0")
    }

    static let requestID = "1-65a77fbb-157f3f32-e1ee24b17e49"

    static func metrics(_ duration: String?) -> String {
        let field = duration.map { #","durationMs":"\#($0)""# } ?? ""
        return #"{"__time__":"1704163202","__topic__":"FCRequestMetrics:/api","functionName":"api","requestId":"\#(requestID)""#
            + field + #","invocationStartTimestamp":"1704163201000"}"# + "\n"
    }

    /// A record whose `durationMs` is missing, empty, not a number or negative states no duration.
    @Test(arguments: [nil, "", "n/a", "-5"] as [String?])
    func metricsWithoutAUsableDurationLeaveTheLoggedTiming(duration: String?) throws {
        let store = try TestStore()
        let text = "2024-01-02 02:40:01 FC Invoke Start RequestId: \(Self.requestID)\n2024-01-02 02:40:02 FC Invoke End RequestId: \(Self.requestID)\n"
        try store.ingest(text, Self.metrics(duration), options: IngestOptions(timeZone: .utc, defaultFunction: "api"))
        #expect(try store.rows("SELECT duration_ms, billed_ms, duration_source, status FROM spans") == ["1000.0|1000|second_timestamps|ok"])
    }

    @Test(arguments: [nil, "", "n/a", "-5"] as [String?])
    func aSpanMadeFromSuchMetricsAloneIsNotBilledAsZero(duration: String?) throws {
        let store = try TestStore()
        try store.ingest(Self.metrics(duration), options: IngestOptions(timeZone: .utc, defaultFunction: "api"))
        #expect(try store.rows("SELECT ifnull(duration_ms, '-'), ifnull(billed_ms, '-'), ifnull(duration_source, '-') FROM spans") == ["-|-|-"])
    }

    /// `console.log(JSON.stringify(x, null, 2))`: the function's lines, not a record to drop.
    @Test func aPrettyPrintedJSONValueInAFunctionsOutputIsKeptAsItsLines() throws {
        let store = try TestStore()
        let summary = try store.ingest("""
            FC Invoke Start RequestId: r-pretty001
            {
              "order": 1001,
              "customer": {
                "id": "c-17"
              }
            }
            FC Invoke End RequestId: r-pretty001

            """)
        #expect(try store.rows("SELECT message FROM lines WHERE kind = 'user' ORDER BY id") == [
            "{", #""order": 1001,"#, #""customer": {"#, #""id": "c-17""#, "}", "}",
        ])
        #expect(try store.rows("SELECT DISTINCT s.request_id FROM lines l JOIN spans s ON s.id = l.span_id WHERE l.kind = 'user'") == ["r-pretty001"])
        #expect(summary.skipped["SLS records of no known stream"] == nil)
    }
}
