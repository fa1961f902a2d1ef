/// A fixed-size Bloom filter of (phase, RequestId) pairs: which waiting spans
/// were left to the store. A miss is certain, so markers of other requests
/// need no lookup; memory stays 1 MiB however many spans it holds.
struct RequestFilter {
    private var words: [UInt64] = []
    private static let bits = 1 << 23

    mutating func insert(_ phase: Phase, _ request: UInt64) {
        if words.isEmpty { words = Array(repeating: 0, count: Self.bits / 64) }
        let (a, b, c) = Self.probes(phase, request)
        for bit in [a, b, c] { words[bit >> 6] |= 1 << UInt64(bit & 63) }
    }

    func mightContain(_ phase: Phase, _ request: UInt64) -> Bool {
        guard !words.isEmpty else { return false }
        let (a, b, c) = Self.probes(phase, request)
        return isSet(a) && isSet(b) && isSet(c)
    }

    private func isSet(_ bit: Int) -> Bool {
        words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// Three bit positions from one 64-bit mix of the pair.
    private static func probes(_ phase: Phase, _ request: UInt64) -> (Int, Int, Int) {
        var h = request &+ UInt64(phase.hashSeed) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 29
        let mask = UInt64(bits - 1)
        return (Int(h & mask), Int((h >> 23) & mask), Int((h >> 41) & mask))
    }
}

private extension Phase {
    var hashSeed: Int {
        switch self {
        case .initialize: 1
        case .invoke: 2
        case .prestop: 3
        case .prefreeze: 4
        case .prepareCode: 5
        }
    }
}
