import FCLogCore
import Foundation

/// Writes synthetic FC logs of a chosen size and shape: several functions,
/// instances serving several requests at once, Initializer and PreStop hooks.
struct SyntheticLogs {
    enum Shape: String {
        /// `s logs` text: instance, local time, message; runtime prefixes on user lines.
        case text
        /// SLS JSON lines of function logs and request metrics.
        case sls
    }

    var shape: Shape
    var targetBytes: Int
    var functions = 4
    var concurrency = 3
    var seed: UInt64 = 42
    /// One instance serving every request (a provisioned one), instead of many short-lived ones.
    var longLived = false
    /// With the SLS shape, a request-metrics record for every request, as an export of both streams has.
    var requestMetrics = false

    /// Writes the file; returns its size and line count.
    func write(to path: String) throws -> (bytes: Int, lines: Int) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else { throw FCLogError.unreadableInput(path: path, reason: "cannot create") }
        defer { try? handle.close() }
        var rng = seed
        func next() -> UInt64 {
            rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17
            return rng
        }
        func hex(_ count: Int) -> String {
            var text = ""
            while text.count < count { text += String(next(), radix: 16) }
            return String(text.prefix(count))
        }
        var buffer = ""
        buffer.reserveCapacity(1 << 22)
        var written = 0
        var lines = 0
        var clock: Int64 = 1_704_163_200_000  // ms
        var instanceSerial = 0
        func emit(function: String, instance: String, ms: Int64, _ message: String) {
            switch shape {
            case .text:
                let local = TimestampParser.iso8601(micros: (ms + 8 * 3_600_000) * 1000)
                let date = local.prefix(10)
                var time = local.dropFirst(11).prefix(8)
                if time.hasPrefix("0") { time = time.dropFirst() }
                buffer += "\(instance) \(date) \(time) \(message)\n"
            case .sls:
                let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                buffer += #"{"__time__":"\#(ms / 1000)","__topic__":"FCLogs:\#(function)","functionName":"\#(function)","qualifier":"LATEST","instanceID":"\#(instance)","message":"\#(escaped)"}"# + "\n"
            }
            lines += 1
        }
        func metric(function: String, instance: String, id: String, start: Int64, end: Int64, failed: Bool, cold: Bool) {
            guard requestMetrics, shape == .sls else { return }
            buffer += #"{"__time__":"\#(end / 1000)","__topic__":"FCRequestMetrics:/\#(function)","requestId":"\#(id)","instanceID":"\#(instance)","functionName":"\#(function)","qualifier":"LATEST","durationMs":"\#(end - start).00","invocationStartTimestamp":"\#(start)","memoryMB":"512","memoryUsageMB":"48.20","isColdStart":"\#(cold)","hasFunctionError":"\#(failed)","errorType":"\#(failed ? "FunctionUnhandledError" : "")","invokeFunctionLatencyMs":"\#(end - start).00","resourceMode":"OnDemand","retryCount":"0","statusCode":"200"}"# + "\n"
            lines += 1
        }
        func flush() {
            let data = Data(buffer.utf8)
            handle.write(data)
            written += data.count
            buffer.removeAll(keepingCapacity: true)
        }
        while written + buffer.utf8.count < targetBytes {
            // One instance's life: Initializer, a burst of overlapping requests, PreStop.
            let function = "fn-\(Int(next() % UInt64(functions)) + 1)"
            instanceSerial += 1
            let instance = "c-\(String(clock / 1000, radix: 16))-\(hex(8))-\(hex(12))"
            let initID = "\(hex(8))-\(hex(4))-4\(hex(3))-a\(hex(3))-\(hex(12))"
            emit(function: function, instance: instance, ms: clock, "FC Initialize Start RequestId: \(initID)")
            emit(function: function, instance: instance, ms: clock + 5, "FunctionCompute python3 runtime inited.")
            clock += 300 + Int64(next() % 500)
            emit(function: function, instance: instance, ms: clock, "FC Initialize End RequestId: \(initID)")
            let requests = longLived ? Int.max : 20 + Int(next() % 60)
            var open: [(id: String, start: Int64, end: Int64)] = []
            // The instance's first request is its cold start.
            var coldStart: Int64?
            for index in 0..<requests {
                if longLived {
                    if written + buffer.utf8.count >= targetBytes { break }
                    if buffer.utf8.count > 1 << 22 { flush() }
                }
                clock += Int64(next() % 200)
                open.sort { $0.end < $1.end }
                while let first = open.first, first.end <= clock || open.count >= concurrency {
                    let failed = next() % 50 == 0
                    emit(function: function, instance: instance, ms: first.end,
                         "FC Invoke End RequestId: \(first.id)" + (failed ? ", Error: Unhandled function error" : ""))
                    metric(function: function, instance: instance, id: first.id, start: first.start, end: first.end, failed: failed, cold: first.start == coldStart)
                    open.removeFirst()
                }
                let id = "1-\(String(clock / 1000, radix: 16))-\(hex(8))-\(hex(12))"
                emit(function: function, instance: instance, ms: clock, "FC Invoke Start RequestId: \(id)")
                for k in 0..<(1 + Int(next() % 3)) {
                    let stamp = TimestampParser.iso8601(micros: (clock + Int64(k) * 7) * 1000)
                    emit(function: function, instance: instance, ms: clock + Int64(k) * 7,
                         "\(stamp) \(id) [INFO] handled item \(index) step \(k) with payload size \(next() % 10_000) bytes")
                }
                open.append((id, clock, clock + 20 + Int64(next() % 900)))
                if coldStart == nil { coldStart = clock }
            }
            for request in open.sorted(by: { $0.end < $1.end }) {
                emit(function: function, instance: instance, ms: request.end, "FC Invoke End RequestId: \(request.id)")
                metric(function: function, instance: instance, id: request.id, start: request.start, end: request.end, failed: false, cold: request.start == coldStart)
                clock = max(clock, request.end)
            }
            let stopID = "\(hex(8))-\(hex(4))-4\(hex(3))-b\(hex(3))-\(hex(12))"
            clock += 60_000
            emit(function: function, instance: instance, ms: clock, "FC PreStop Start RequestId: \(stopID)")
            emit(function: function, instance: instance, ms: clock + 200, "FC PreStop End RequestId: \(stopID)")
            if buffer.utf8.count > 1 << 22 { flush() }
        }
        flush()
        return (written, lines)
    }
}
