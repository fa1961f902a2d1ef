@testable import FCLogCore
import Testing

/// What a recognised line should show, as text.
struct LineExpectation: CustomTestStringConvertible, Sendable {
    var line: String
    var kind: RecognisedLine.Kind
    var instance: String? = nil
    var envelope: String? = nil
    var requestID: String? = nil
    var level: String? = nil
    var message: String? = nil
    var phase: Phase? = nil
    var edge: Marker.Edge? = nil
    var error: String? = nil

    var testDescription: String { line }
}

private func recognise(_ text: String) -> (RecognisedLine, [UInt8]) {
    let bytes = Array(text.utf8)
    let line = bytes.withUnsafeBufferPointer { LineRecogniser.recognise($0) }
    return (line, bytes)
}

private func text(_ bytes: [UInt8], _ range: Range<Int>?) -> String? {
    range.map { String(decoding: bytes[$0], as: UTF8.self) }
}

@Suite("Recognising lines of every envelope")
struct RecogniserTests {
    static let cases: [LineExpectation] = [
        // Markers with no envelope (runtime output).
        .init(line: "FC Initialize Start RequestId: 1-6569a3f0-2b1c4d5e6f708192a3b4c5d6", kind: .marker,
              requestID: "1-6569a3f0-2b1c4d5e6f708192a3b4c5d6", phase: .initialize, edge: .start),
        .init(line: "FC Invoke End RequestId: 1-6569a3f0-2b1c4d5e6f708192a3b4c5d6, Error: Unhandled function error", kind: .marker,
              requestID: "1-6569a3f0-2b1c4d5e6f708192a3b4c5d6", phase: .invoke, edge: .end, error: "Unhandled function error"),
        .init(line: "FC Invoke End RequestId: 1-65a77fbb-157f3f32-e1ee24b17e49, Error: Invocation canceled by client (duration: 4912ms, maxMemoryUsage: 0.00MB)",
              kind: .marker, requestID: "1-65a77fbb-157f3f32-e1ee24b17e49", phase: .invoke, edge: .end,
              error: "Invocation canceled by client (duration: 4912ms, maxMemoryUsage: 0.00MB)"),
        .init(line: "FC PreStop Start RequestId: 0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a87", kind: .marker,
              requestID: "0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a87", phase: .prestop, edge: .start),
        .init(line: "FC PreFreeze End RequestId: CEBD8A24-8980-594C-87A6-5E5882CB12AB", kind: .marker,
              requestID: "CEBD8A24-8980-594C-87A6-5E5882CB12AB", phase: .prefreeze, edge: .end),
        .init(line: "FC Invoke End RequestId: r-nocomma01 Error: Unhandled function error", kind: .marker,
              requestID: "r-nocomma01", phase: .invoke, edge: .end, error: "Unhandled function error"),
        .init(line: "FC Invoke End RequestId: r-tight0001,Error:Function timed out after 3 seconds", kind: .marker,
              requestID: "r-tight0001", phase: .invoke, edge: .end, error: "Function timed out after 3 seconds"),
        // PHP's literal backslash-n.
        .init(line: "\\nFC Invoke End RequestId: 1-659a1b2c-16c3d4e5-39659f0a1b2c", kind: .marker,
              requestID: "1-659a1b2c-16c3d4e5-39659f0a1b2c", phase: .invoke, edge: .end),
        // Hand-written variants.
        .init(line: "FC invoke Start RequestId:abc-123-def", kind: .marker, requestID: "abc-123-def", phase: .invoke, edge: .start),
        .init(line: "FC Pre-Stop Start RequestId: 9f8e7d6c", kind: .marker, requestID: "9f8e7d6c", phase: .prestop, edge: .start),
        .init(line: "FC Pre Stop End RequestId: 9f8e7d6c", kind: .marker, requestID: "9f8e7d6c", phase: .prestop, edge: .end),
        .init(line: "FC Propare Code Start RequestId: 1-abc", kind: .marker, requestID: "1-abc", phase: .prepareCode, edge: .start),
        .init(line: "FC Prepare Code End RequestId: 1-abc", kind: .marker, requestID: "1-abc", phase: .prepareCode, edge: .end),
        // Masked ids.
        .init(line: "FC Invoke Start RequestId: 1-6569a3f0-2b1c****************", kind: .marker,
              requestID: "1-6569a3f0-2b1c****************", phase: .invoke, edge: .start),
        // A marker quoted inside other text is a user line.
        .init(line: "user said FC Invoke Start RequestId: 1-abc", kind: .user, message: "user said FC Invoke Start RequestId: 1-abc"),
        // Console copies: glued timestamp, spaced timestamp, glued instance id, indentation.
        .init(line: "2023-09-06 11:18:10FC Initialize Start RequestId: 1-64f7ef72-64caf1ff0046194d9a26bbd7", kind: .marker,
              envelope: "2023-09-06 11:18:10", requestID: "1-64f7ef72-64caf1ff0046194d9a26bbd7", phase: .initialize, edge: .start),
        .init(line: "2025-12-30 20:19:41 FC Invoke Start RequestId: 1-6953c2ad-0f1e2d3c-4b5a69788796", kind: .marker,
              envelope: "2025-12-30 20:19:41", requestID: "1-6953c2ad-0f1e2d3c-4b5a69788796", phase: .invoke, edge: .start),
        .init(line: "c-64f7ef70-1a2b3c4d-5e6f7a8b9c0d2023-09-06 11:18:10FC Invoke Start RequestId: 1-64f7ef72-64caf1ff0046194d9a26bbd7",
              kind: .marker, instance: "c-64f7ef70-1a2b3c4d-5e6f7a8b9c0d", envelope: "2023-09-06 11:18:10",
              requestID: "1-64f7ef72-64caf1ff0046194d9a26bbd7", phase: .invoke, edge: .start),
        .init(line: "    2023-09-06 11:18:10FC Invoke End RequestId: 1-64f7ef72-64caf1ff0046194d9a26bbd7 2023-09-06 11:18:11 next cell",
              kind: .marker, envelope: "2023-09-06 11:18:10", requestID: "1-64f7ef72-64caf1ff0046194d9a26bbd7", phase: .invoke, edge: .end),
        .init(line: "2023-09-06 11:18:10load code for handler:index.initialize", kind: .runtime, envelope: "2023-09-06 11:18:10"),
        .init(line: "2023-09-06 11:18:102023-09-06 11:18:10 1-64f7ef72-64caf1ff0046194d9a26bbd7 [verbose] initializer", kind: .user,
              envelope: "2023-09-06 11:18:10", requestID: "1-64f7ef72-64caf1ff0046194d9a26bbd7", level: "verbose", message: "initializer"),
        // s logs: instance, space, unpadded hour.
        .init(line: "c-6569a3e1-5f4e3d2c-1b0a99887766 2023-12-01 9:05:03 FC Invoke Start RequestId: 1-6569a3ef-aa", kind: .marker,
              instance: "c-6569a3e1-5f4e3d2c-1b0a99887766", envelope: "2023-12-01 9:05:03", requestID: "1-6569a3ef-aa",
              phase: .invoke, edge: .start),
        .init(line: "c-62f075a3-58d34b2b8b444083bb97 2022-08-08 10:00:00 hello", kind: .user,
              instance: "c-62f075a3-58d34b2b8b444083bb97", envelope: "2022-08-08 10:00:00", message: "hello"),
        // Runtime prefixes.
        .init(line: "2023-04-01T10:04:19.024Z 19b394a3-4fff-480c-9b5c-cbdfd6952f4e [verbose] hello", kind: .user,
              requestID: "19b394a3-4fff-480c-9b5c-cbdfd6952f4e", level: "verbose", message: "hello"),
        .init(line: "2024-03-04 07:01:16.927 1-65e571bc-158a59e8-b63f98cd471c [info] hello", kind: .user,
              requestID: "1-65e571bc-158a59e8-b63f98cd471c", level: "info", message: "hello"),
        .init(line: "2023-09-27T08:12:44.485Z 1-6513e3fc-985ed1c8f1afcf92be9fe039 [INFO] b'test'", kind: .user,
              requestID: "1-6513e3fc-985ed1c8f1afcf92be9fe039", level: "INFO", message: "b'test'"),
        .init(line: "2023-09-06T04:28:41.79Z d32c01bc-4397-4f52-a9ca-e374c28f96c1 [INFO] main.go:19: hi", kind: .user,
              requestID: "d32c01bc-4397-4f52-a9ca-e374c28f96c1", level: "INFO", message: "main.go:19: hi"),
        .init(line: "2023-09-06T04:28:41Z d32c01bc-4397-4f52-a9ca-e374c28f96c1 [INFO] main.go:19: no fraction", kind: .user,
              requestID: "d32c01bc-4397-4f52-a9ca-e374c28f96c1", level: "INFO", message: "main.go:19: no fraction"),
        .init(line: "2023/09/06 04:28:41.790123  d32c01bc-4397-4f52-a9ca-e374c28f96c1 [ERROR] {\"a\":1}", kind: .user,
              requestID: "d32c01bc-4397-4f52-a9ca-e374c28f96c1", level: "ERROR", message: "{\"a\":1}"),
        .init(line: "2022-04-11 02:38:32.008 [INFO] [209ece4d-c26b-42da-871a-21d38fc0d7be] get user", kind: .user,
              requestID: "209ece4d-c26b-42da-871a-21d38fc0d7be", level: "INFO", message: "get user"),
        .init(line: "2024-01-04 10:50:44 1-659a1b2c-16c3d4e5-39659f0a1b2c [INFO] hello", kind: .user,
              requestID: "1-659a1b2c-16c3d4e5-39659f0a1b2c", level: "INFO", message: "hello"),
        .init(line: "2024-01-04T10:50:44+08:00 1-659a1b2c-16c3d4e5-39659f0a1b2c [INFO] zoned", kind: .user,
              requestID: "1-659a1b2c-16c3d4e5-39659f0a1b2c", level: "INFO", message: "zoned"),
        .init(line: "b'Hello World'", kind: .user, message: "b'Hello World'"),
        // Tails.
        .init(line: "========= FC invoke Logs begin =========", kind: .banner),
        .init(line: "FunctionCompute python3 runtime inited.", kind: .runtime),
        .init(line: "Duration: 2.19 ms, Billed Duration: 3 ms, Memory Size: 128 MB, Max Memory Used: 26.15 MB", kind: .summary),
        .init(line: "   ", kind: .blank),
    ]

    @Test(arguments: cases)
    func recognises(_ expected: LineExpectation) {
        let (line, bytes) = recognise(expected.line)
        #expect(line.kind == expected.kind)
        #expect(text(bytes, line.instanceID) == expected.instance)
        if let envelope = expected.envelope {
            let stamp = line.envelopeTime
            let parsed = Array(envelope.utf8).withUnsafeBufferPointer { TimestampParser.parse($0, at: 0)?.0 }
            #expect(stamp == parsed)
        } else {
            #expect(line.envelopeTime == nil)
        }
        #expect(text(bytes, line.requestID) == expected.requestID)
        #expect(text(bytes, line.level) == expected.level)
        if let message = expected.message {
            #expect(text(bytes, line.message) == message)
        }
        #expect(line.marker?.phase == expected.phase)
        #expect(line.marker?.edge == expected.edge)
        #expect(text(bytes, line.marker?.error) == expected.error)
    }

    @Test func summaryLineFigures() {
        let (line, _) = recognise("Duration: 87.02 ms, Billed Duration: 88 ms, Memory Size: 512 MB, Max Memory Used: 31.40 MB")
        #expect(line.summary == SummaryLine(durationMicros: 87_020, billedMillis: 88, memorySizeMB: 512, maxMemoryUsedMilliMB: 31_400))
    }

    @Test func runtimePrefixTimes() throws {
        let (node, _) = recognise("2023-04-01T10:04:19.024Z 19b394a3-4fff-480c-9b5c-cbdfd6952f4e [verbose] hello")
        let stamp = try #require(node.prefixTime)
        #expect(TimestampParser.iso8601(micros: stamp.civilSeconds * 1_000_000 + stamp.micros) == "2023-04-01T10:04:19.024Z")
        let (zoned, _) = recognise("2024-01-04T10:50:44+08:00 1-659a1b2c-16c3d4e5-39659f0a1b2c [INFO] zoned")
        #expect(zoned.prefixTime?.zoneOffsetSeconds == 8 * 3600)
    }

    @Test func ansiColoursAreStripped() {
        let raw = Array("\u{1B}[32mc-6569a3e1-5f4e3d2c-1b0a99887766\u{1B}[0m \u{1B}[36m2023-12-01 9:05:03\u{1B}[0m FC Invoke Start RequestId: 1-x-y".utf8)
        var output: [UInt8] = []
        let stripped = raw.withUnsafeBufferPointer { ANSIStripper.strip($0, into: &output) }
        #expect(stripped)
        #expect(String(decoding: output, as: UTF8.self) == "c-6569a3e1-5f4e3d2c-1b0a99887766 2023-12-01 9:05:03 FC Invoke Start RequestId: 1-x-y")
    }
}
