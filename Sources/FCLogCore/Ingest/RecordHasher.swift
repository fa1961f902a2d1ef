/// A 64-bit FNV-1a hash, for the identity of a record when de-duplicating.
struct RecordHasher {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        var h = value
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        value = h
    }

    mutating func add(_ text: String) {
        var copy = text
        copy.withUTF8 { add($0) }
        add(separator: 0x1F)
    }

    @inline(__always)
    mutating func add(separator: UInt8) {
        value = (value ^ UInt64(separator)) &* 0x0000_0100_0000_01B3
    }

    /// Mixes an occurrence number in, so the n-th copy of a record has its own key.
    func key(occurrence: UInt32) -> UInt64 {
        var z = value &+ UInt64(occurrence) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
