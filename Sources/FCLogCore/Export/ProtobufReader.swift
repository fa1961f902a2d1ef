/// Reads protobuf's wire format field by field: enough to read a receiver's answer and to test what is sent.
struct ProtobufReader {
    enum Value: Equatable {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes([UInt8])
        case fixed32(UInt32)
    }

    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    private mutating func fixed(_ width: Int) -> UInt64? {
        guard offset + width <= bytes.count else { return nil }
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += width
        return value
    }

    /// The next field, or nil at the end (or where the bytes are not protobuf).
    mutating func next() -> (field: Int, value: Value)? {
        guard offset < bytes.count, let key = varint() else { return nil }
        let field = Int(key >> 3)
        switch key & 7 {
        case 0: return varint().map { (field, .varint($0)) }
        case 1: return fixed(8).map { (field, .fixed64($0)) }
        case 5: return fixed(4).map { (field, .fixed32(UInt32($0))) }
        case 2:
            guard let length = varint(), length <= UInt64(bytes.count - offset) else { return nil }
            let value = Array(bytes[offset..<offset + Int(length)])
            offset += Int(length)
            return (field, .bytes(value))
        default: return nil
        }
    }
}
