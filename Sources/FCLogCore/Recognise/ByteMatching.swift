#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small byte-level helpers shared by the recognisers; they never allocate.
extension UnsafeBufferPointer where Element == UInt8 {
    @inline(__always)
    func byte(_ index: Int) -> UInt8 {
        index < count ? self[index] : 0
    }

    @inline(__always)
    func isDigit(_ index: Int) -> Bool {
        index < count && self[index] &- 0x30 < 10
    }

    @inline(__always)
    func digitValue(_ index: Int) -> Int {
        Int(self[index] &- 0x30)
    }

    /// Reads exactly `width` digits at `index`.
    func fixedNumber(_ index: Int, width: Int) -> Int? {
        guard index + width <= count else { return nil }
        var value = 0
        for i in index..<(index + width) {
            guard isDigit(i) else { return nil }
            value = value * 10 + digitValue(i)
        }
        return value
    }

    /// Index of the first byte at or after `index` that is not a space or tab.
    func skipBlanks(_ index: Int) -> Int {
        var i = index
        while i < count, self[i] == 0x20 || self[i] == 0x09 { i += 1 }
        return i
    }

    /// Case-insensitive ASCII match of `literal` (given in lower case) at `index`.
    func matchesLowercased(_ literal: StaticString, at index: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= count else { return false }
        let pointer = literal.utf8Start
        for k in 0..<length where asciiLower(self[index + k]) != pointer[k] {
            return false
        }
        return true
    }

    /// Exact match of `literal` at `index`.
    func matches(_ literal: StaticString, at index: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= count else { return false }
        let pointer = literal.utf8Start
        for k in 0..<length where self[index + k] != pointer[k] {
            return false
        }
        return true
    }

    /// Whether `literal` occurs anywhere in `range`, ignoring ASCII case.
    func containsLowercased(_ literal: StaticString, in range: Range<Int>) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard range.count >= length else { return false }
        for i in range.lowerBound...(range.upperBound - length) where matchesLowercased(literal, at: i) {
            return true
        }
        return false
    }

    /// `range` without leading and trailing spaces and tabs.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, self[lower] == 0x20 || self[lower] == 0x09 { lower += 1 }
        while upper > lower, self[upper - 1] == 0x20 || self[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }

    /// A `String` of the bytes in `range`, invalid UTF-8 repaired.
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
    }

    /// A decimal number such as `87.02` at `index`, times 1,000 (digits past
    /// the third decimal are dropped), and the index after it.
    func decimalThousandths(_ index: Int) -> (value: Int64, end: Int)? {
        var i = index
        var whole: Int64 = 0
        var digits = 0
        while isDigit(i), digits < 15 {
            whole = whole * 10 + Int64(digitValue(i))
            i += 1
            digits += 1
        }
        guard digits > 0 else { return nil }
        var fraction: Int64 = 0
        var scale: Int64 = 1000
        if byte(i) == UInt8(ascii: "."), isDigit(i + 1) {
            i += 1
            while isDigit(i) {
                if scale > 1 {
                    scale /= 10
                    fraction += Int64(digitValue(i)) * scale
                }
                i += 1
            }
        }
        return (whole * 1000 + fraction, i)
    }
}

@inline(__always)
func asciiLower(_ byte: UInt8) -> UInt8 {
    byte &- 0x41 < 26 ? byte | 0x20 : byte
}

@inline(__always)
func isHexDigit(_ byte: UInt8) -> Bool {
    byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 6
}

extension Array where Element == UInt8 {
    /// Whether the array holds exactly these bytes (memcmp, not element by element).
    func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        count == other.count && withUnsafeBufferPointer { own in
            count == 0 || memcmp(own.baseAddress!, other.baseAddress!, count) == 0
        }
    }
}
