/// A hash of a record's content (`RecordHasher`), as the key of a set or a dictionary. Its bits are already
/// a hash: tables place it by a few shifts and a multiplication rather than by hashing it again with
/// SipHash, which took a third of the time of every lookup of record identities and copy numbers.
struct Fingerprint: Hashable, Sendable {
    let bits: UInt64

    init(_ bits: UInt64) {
        self.bits = bits
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(bits)
    }

    func _rawHashValue(seed: Int) -> Int {
        // The seed mixed in, then the bits spread (SplitMix64's finaliser), so that any of them place the key.
        var x = bits ^ UInt64(UInt(bitPattern: seed))
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: x ^ (x >> 31))
    }
}
