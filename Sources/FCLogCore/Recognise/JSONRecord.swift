/// One flat JSON object, as SLS exports write a record: keys to scalar
/// values (every value may be a string). Nested values are kept as their raw text.
public struct JSONRecord: Sendable {
    public enum Value: Sendable, Equatable {
        case string(String)
        /// A number as written.
        case number(String)
        case bool(Bool)
        case null
        /// A nested object or array, as its raw text.
        case nested(String)

        /// The value as text, whatever its JSON type; nil for null.
        /// The value as text with numbers in one spelling (`"20.20"`, `20.2` and `2.02e1` alike; `007` as `7`),
        /// whether written as numbers or strings: what a record's identity is made of.
        public var canonicalText: String? {
            guard let text else { return nil }
            switch self {
            case .string, .number:
                guard let first = text.utf8.first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) else { return text }
                if let integer = Int64(text) { return Self.isCanonical(integer: text) ? text : String(integer) }
                if let real = Double(text), real.isFinite, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }) {
                    return real == real.rounded() && abs(real) < 1e15 ? String(Int64(real)) : "\(real)"
                }
                return text
            default:
                return text
            }
        }

        /// Whether an integer's text is written as `String(Int64)` writes it: no sign but a minus, no
        /// leading zero, no minus zero.
        private static func isCanonical(integer text: String) -> Bool {
            var digits = text.utf8[...]
            if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
            guard let first = digits.first, first >= 0x30 && first <= 0x39 else { return false }
            return first != 0x30 || (digits.count == 1 && digits.startIndex == text.utf8.startIndex)
        }

        public var text: String? {
            switch self {
            case let .string(s), let .number(s), let .nested(s): return s
            case let .bool(b): return b ? "true" : "false"
            case .null: return nil
            }
        }
    }

    public private(set) var fields: [(key: String, value: Value)] = []

    /// The field of this key.
    public subscript(key: String) -> String? {
        // In place: a loop over the fields copied each one.
        for index in fields.indices where Self.isKey(fields[index].key, key) {
            return fields[index].value.text
        }
        return nil
    }

    /// Whether a field's key is `key`, as JSON compares keys: by their characters as written (`é` and `e` with a
    /// combining accent are two keys). Lengths first, then bytes: comparing each key as a `String` took most of
    /// a lookup.
    static func isKey(_ fieldKey: String, _ key: String) -> Bool {
        fieldKey.utf8.count == key.utf8.count && fieldKey.utf8.elementsEqual(key.utf8)
    }

    /// A number field, also when written as a string (`"20.20"`).
    public func double(_ key: String) -> Double? {
        guard let text = self[key] else { return nil }
        // Spaces trimmed by hand: Foundation's trimming (a character set made per call) took a tenth of an
        // ingest of request metrics.
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 }), let last = utf8.lastIndex(where: { $0 != 0x20 }) else { return nil }
        return Double(text[first...last])
    }

    /// An integer field, also when written as a string or with a fraction.
    public func int(_ key: String) -> Int64? {
        guard let text = self[key] else { return nil }
        if let value = Int64(text) { return value }
        return Double(text).flatMap { $0.isFinite && abs($0) < 9e18 ? Int64($0) : nil }
    }

    /// A boolean field written as `true`, `"true"`, `1` or `"1"`.
    public func bool(_ key: String) -> Bool? {
        guard var text = self[key] else { return nil }
        // Compared by bytes, ignoring ASCII case: lowercasing made a string for each field read.
        return text.withUTF8 { bytes in
            func reads(_ word: StaticString) -> Bool { bytes.count == word.utf8CodeUnitCount && bytes.matchesLowercased(word, at: 0) }
            if reads("true") || reads("1") || reads("yes") { return true }
            if reads("false") || reads("0") || reads("no") { return false }
            return nil
        }
    }

    mutating func reserveFields(_ count: Int) {
        fields.reserveCapacity(count)
    }

    mutating func append(_ key: String, _ value: Value) {
        fields.append((key, value))
    }
}

/// Parses one JSON object from bytes without recursion, so a value nested
/// 100,000 deep is skipped rather than overflowing the stack.
public enum JSONRecordParser {
    /// The record, or nil when the bytes are not one JSON object.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONRecord? {
        var i = skipSpace(bytes, 0)
        guard bytes.byte(i) == UInt8(ascii: "{") else { return nil }
        i = skipSpace(bytes, i + 1)
        var record = JSONRecord()
        if bytes.byte(i) == UInt8(ascii: "}") {
            return record
        }
        record.reserveFields(estimatedFields(bytes))
        while true {
            guard bytes.byte(i) == UInt8(ascii: "\""), let (key, afterKey) = parseString(bytes, i) else { return nil }
            i = skipSpace(bytes, afterKey)
            guard bytes.byte(i) == UInt8(ascii: ":") else { return nil }
            i = skipSpace(bytes, i + 1)
            guard let (value, afterValue) = parseValue(bytes, i) else { return nil }
            record.append(key, value)
            i = skipSpace(bytes, afterValue)
            let b = bytes.byte(i)
            if b == UInt8(ascii: ",") {
                i = skipSpace(bytes, i + 1)
            } else if b == UInt8(ascii: "}") {
                return record
            } else {
                return nil
            }
        }
    }

    /// About as many fields as the record has (its colons, at most 64): its array is made once, not grown
    /// from one field by doubling, which was a fifth of the reading thread's time on an export.
    private static func estimatedFields(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var colons = 0
        for byte in bytes where byte == UInt8(ascii: ":") { colons += 1 }
        return min(colons, 64)
    }

    @inline(__always)
    static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        var i = index
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i
    }

    private static func parseValue(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (JSONRecord.Value, Int)? {
        switch bytes.byte(i) {
        case UInt8(ascii: "\""):
            return parseString(bytes, i).map { (.string($0.0), $0.1) }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard let end = skipNested(bytes, i) else { return nil }
            return (.nested(bytes.string(i..<end)), end)
        case UInt8(ascii: "t") where bytes.matches("true", at: i):
            return (.bool(true), i + 4)
        case UInt8(ascii: "f") where bytes.matches("false", at: i):
            return (.bool(false), i + 5)
        case UInt8(ascii: "n") where bytes.matches("null", at: i):
            return (.null, i + 4)
        default:
            var j = i
            while j < bytes.count, isNumberByte(bytes[j]) { j += 1 }
            guard j > i else { return nil }
            return (.number(bytes.string(i..<j)), j)
        }
    }

    @inline(__always)
    private static func isNumberByte(_ b: UInt8) -> Bool {
        b &- 0x30 < 10 || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b | 0x20 == UInt8(ascii: "e")
    }

    /// The index after the object or array opening at `start`, tracking depth with a counter.
    static func skipNested(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var depth = 0
        var i = start
        var inString = false
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if b == UInt8(ascii: "\\") {
                    i += 1
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                depth += 1
            } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return nil
    }

    /// A string literal at `start` (its opening quote), unescaped.
    static func parseString(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (String, Int)? {
        var i = start + 1
        let contentStart = i
        // Fast path: no escapes.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "\"") {
            return (bytes.string(contentStart..<i), i + 1)
        }
        var out: [UInt8] = Array(bytes[contentStart..<i])
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                return (String(decoding: out, as: UTF8.self), i + 1)
            }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(bytes, i + 1) else { return nil }
                i += 4
                if (0xD800..<0xDC00).contains(scalar), bytes.byte(i + 1) == UInt8(ascii: "\\"), bytes.byte(i + 2) == UInt8(ascii: "u"),
                   let low = hex4(bytes, i + 3), (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(character).utf8))
            default: out.append(bytes[i])
            }
            i += 1
        }
        return nil
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for k in index..<(index + 4) {
            let b = bytes[k]
            let digit: UInt32
            if b &- 0x30 < 10 { digit = UInt32(b - 0x30) } else if (b | 0x20) &- 0x61 < 6 { digit = UInt32((b | 0x20) - 0x61 + 10) } else { return nil }
            value = value << 4 | digit
        }
        return value
    }
}
