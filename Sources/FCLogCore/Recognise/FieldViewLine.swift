/// One line of the Log Service console's field view of a record (field reference 3.8):
/// `key: value`, the key a field name (letters, digits, `_`), the value the rest.
public struct FieldViewLine {
    public var key: Range<Int>
    public var value: Range<Int>

    /// The field a line shows, or nil when it is no `key: value` line.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> FieldViewLine? {
        var i = 0
        while i < bytes.count, isKeyByte(bytes[i], first: i == 0) { i += 1 }
        guard i > 0, i <= 64, bytes.byte(i) == UInt8(ascii: ":"), i + 1 == bytes.count || bytes[i + 1] == 0x20 || bytes[i + 1] == 0x09
        else { return nil }
        return FieldViewLine(key: 0..<i, value: bytes.trimmed((i + 1)..<bytes.count))
    }

    @inline(__always)
    private static func isKeyByte(_ byte: UInt8, first: Bool) -> Bool {
        (byte | 0x20) &- 0x61 < 26 || byte == UInt8(ascii: "_") || (!first && byte &- 0x30 < 10)
    }
}
