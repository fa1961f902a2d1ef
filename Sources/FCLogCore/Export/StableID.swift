/// Trace and span ids derived from what identifies a span, so exporting the same spans twice (or from
/// another store that holds them) gives the same ids. FNV-1a over the parts, finished by SplitMix64.
enum StableID {
    static func bytes(_ count: Int, _ parts: [String]) -> [UInt8] {
        var out: [UInt8] = []
        var seed: UInt64 = 0
        while out.count < count {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
            for part in parts {
                for byte in part.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
                h = (h ^ 0x1F) &* 0x0000_0100_0000_01b3
            }
            h = mix(h)
            withUnsafeBytes(of: h.bigEndian) { out.append(contentsOf: $0) }
            seed &+= 0x9E37_79B9_7F4A_7C15
        }
        out.removeLast(out.count - count)
        // All zeros is OTLP's "no id".
        if out.allSatisfy({ $0 == 0 }) { out[count - 1] = 1 }
        return out
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func traceID(function: String, requestID: String) -> [UInt8] {
        bytes(16, ["trace", function, requestID])
    }

    static func spanID(_ span: TraceSpan) -> [UInt8] {
        bytes(8, ["span", span.function, span.phase.rawValue, span.requestID, span.instanceID ?? "", String(span.attempt)])
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
