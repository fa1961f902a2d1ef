/// A 64-bit hash of a record's content for de-duplicating, eight bytes a
/// step (a multiply-and-fold mix). Its values are stored: changing it makes
/// stored records look new.
struct RecordHasher {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    private static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let product = (h ^ word).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return product.high ^ product.low
    }

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        var h = value ^ UInt64(bytes.count)
        var offset = 0
        let raw = UnsafeRawPointer(base)
        while offset + 8 <= bytes.count {
            h = Self.mix(h, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        value = Self.mix(h, tail ^ 0xFF)
    }

    mutating func add(_ text: String) {
        var copy = text
        copy.withUTF8 { add($0) }
        add(separator: 0x1F)
    }

    @inline(__always)
    mutating func add(separator: UInt8) {
        value = Self.mix(value, UInt64(separator) | 0x5E00)
    }

    /// Mixes an occurrence number in, so the n-th copy of a record has its own key.
    func key(occurrence: UInt32) -> UInt64 {
        var z = value &+ UInt64(occurrence) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
