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

    /// Lines as the reader gives them of `text` through the array splitter, read `chunk` bytes at a time.
    static func splitLines(_ text: String, chunk: Int) throws -> [String] {
        final class Trickle: ByteSource {
            let inner: MemorySource
            let chunk: Int
            init(_ bytes: [UInt8], chunk: Int) { inner = MemorySource(bytes); self.chunk = chunk }
            func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(chunk, buffer.count)]))
            }
        }
        var lines: [String] = []
        try LineReader(source: JSONArraySplitter(upstream: Trickle(Array(text.utf8), chunk: chunk)), chunkBytes: 4096)
            .forEachLine { lines.append(String(decoding: $0.bytes, as: UTF8.self)) }
        return lines
    }

    @Test(arguments: [1, 3, 7, 4096])
    func aOneLineArrayIsReadAsOneElementPerLineInAnyChunking(chunk: Int) throws {
        let array = #"  [ {"a":"x,]}\"","b":[1,{"c":2}]},{"message":"FC Invoke Start RequestId: r-1, [x]"} ,{}]"# + "\nafter, [it]\n"
        #expect(try Self.splitLines(array, chunk: chunk) == [
            #"  {"a":"x,]}\"","b":[1,{"c":2}]}"#, #"{"message":"FC Invoke Start RequestId: r-1, [x]"}"#, "{}", "after, [it]",
        ])
        // Anything else passes untouched, a pretty-printed array and a lone bracket included.
        for text in ["[\n  {\"a\": 1},\n  {\"a\": 2}\n]\n", "[INFO] a, b\n", "x [{1}]\n", "[", " [ 1, 2]\n", ""] {
            #expect(try Self.splitLines(text, chunk: chunk) == (try plainLines(text)), "\(text)")
        }
    }

    private func plainLines(_ text: String) throws -> [String] {
        var lines: [String] = []
        try LineReader(source: MemorySource(Array(text.utf8))).forEachLine { lines.append(String(decoding: $0.bytes, as: UTF8.self)) }
        return lines
    }

    /// An export written as one JSON array on one line, larger than the 16 MiB a line may hold, is read whole.
    @Test func aOneLineArrayLargerThanTheLineLimitIsReadWhole() throws {
        let store = try TestStore()
        let count = 90_000
        var text = "["
        text.reserveCapacity(18 << 20)
        for n in 0..<count {
            if n > 0 { text += "," }
            let message = n % 2 == 0 ? "FC Invoke Start RequestId: r-\(n)" : "order \(n) " + String(repeating: "x", count: 200)
            text += #"{"__time__":"\#(1_704_163_200 + n / 100)","functionName":"api","serviceName":"svc","message":"\#(message)"}"#
        }
        text += "]"
        #expect(text.utf8.count > LineReader.defaultMaxLineBytes)
        let summary = try store.ingest(paths: [try store.directory.write("export.json", text)])
        #expect(try store.scalar("SELECT count(*) FROM lines") == String(count))
        #expect(try store.scalar("SELECT count(*) FROM spans") == String(count / 2))
        #expect(summary.skipped.isEmpty, "\(summary.skipped)")
    }
}
