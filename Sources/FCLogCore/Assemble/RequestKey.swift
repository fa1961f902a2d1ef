/// The indexed key of a RequestId. FC 3.0's `1-<8 hex>-…` ids start with
/// their Unix second, which leads the key so that the index grows in time
/// order (appends, not random inserts); other ids hash. Equal ids have equal
/// keys; a lookup still compares the ids.
public enum RequestKey {
    public static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64 {
        let hash = SpanState.key(bytes)
        guard let seconds = second(of: bytes) else { return Int64(bitPattern: hash) }
        return seconds << 31 | Int64(hash & 0x7FFF_FFFF)
    }

    /// The Unix second an FC 3.0 id (`1-<8 hex>-…`) starts with; nil for ids of other forms. `lowercaseOnly`
    /// refuses `A`–`F`, for a second that must print back as written.
    static func second(of bytes: UnsafeBufferPointer<UInt8>, lowercaseOnly: Bool = false) -> Int64? {
        guard bytes.count >= 11, bytes[0] == UInt8(ascii: "1"), bytes[1] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "-") else { return nil }
        var seconds: Int64 = 0
        for b in bytes[2..<10] {
            let digit: Int64
            if b &- 0x30 < 10 {
                digit = Int64(b - 0x30)
            } else if b &- 0x61 < 6 || (!lowercaseOnly && b &- 0x41 < 6) {
                digit = Int64((b | 0x20) - 0x61 + 10)
            } else {
                return nil
            }
            seconds = seconds << 4 | digit
        }
        return seconds
    }

    public static func of(_ text: String) -> Int64 {
        var copy = text
        return copy.withUTF8 { of($0) }
    }
}
