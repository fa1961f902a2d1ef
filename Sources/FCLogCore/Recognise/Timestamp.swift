/// A date and time read from a log line.
public struct Timestamp: Equatable, Sendable {
    /// Seconds since 1970 of the wall-clock reading, taken as if it were UTC.
    public var civilSeconds: Int64
    /// Microseconds past the second.
    public var micros: Int64
    /// Fraction digits written (0 for second resolution).
    public var fractionDigits: Int
    /// The zone offset written in the line (`Z` is 0), if any.
    public var zoneOffsetSeconds: Int?

    /// True when the text has a fraction of a second.
    public var isSubsecond: Bool { fractionDigits > 0 }

    /// Unix microseconds, reading a time written without a zone as UTC.
    public var utcMicros: Int64 {
        (civilSeconds - Int64(zoneOffsetSeconds ?? 0)) * 1_000_000 + micros
    }
}

/// Reads the timestamp shapes of FC logs at a byte position.
public enum TimestampParser {
    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD[ T]H[H]:MM:SS[.f…][Z|±HH:MM|±HHMM]` or the Go dump's
    /// `YYYY/MM/DD HH:MM:SS.ffffff` at `index`; returns the timestamp and the index after it.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Timestamp, Int)? {
        guard let year = bytes.fixedNumber(index, width: 4) else { return nil }
        let separator = bytes.byte(index + 4)
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/"),
              let month = bytes.fixedNumber(index + 5, width: 2), bytes.byte(index + 7) == separator,
              let day = bytes.fixedNumber(index + 8, width: 2),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let gap = bytes.byte(index + 10)
        guard gap == UInt8(ascii: " ") || (gap == UInt8(ascii: "T") && separator == UInt8(ascii: "-")) else { return nil }
        var i = index + 11
        // The hour may be one digit (`s logs` does not pad it).
        guard bytes.isDigit(i) else { return nil }
        var hour = bytes.digitValue(i)
        i += 1
        if bytes.isDigit(i) {
            hour = hour * 10 + bytes.digitValue(i)
            i += 1
        }
        guard bytes.byte(i) == UInt8(ascii: ":"), let minute = bytes.fixedNumber(i + 1, width: 2),
              bytes.byte(i + 3) == UInt8(ascii: ":"), let second = bytes.fixedNumber(i + 4, width: 2),
              hour < 24, minute < 60, second < 61
        else { return nil }
        i += 6
        var micros: Int64 = 0
        var digits = 0
        if bytes.byte(i) == UInt8(ascii: "."), bytes.isDigit(i + 1) {
            i += 1
            var scale: Int64 = 100_000
            while bytes.isDigit(i) {
                micros += Int64(bytes.digitValue(i)) * scale
                scale /= 10
                digits += 1
                i += 1
            }
        }
        var zone: Int?
        let z = bytes.byte(i)
        if z == UInt8(ascii: "Z") {
            zone = 0
            i += 1
        } else if (z == UInt8(ascii: "+") || z == UInt8(ascii: "-")) && separator == UInt8(ascii: "-"),
                  let hh = bytes.fixedNumber(i + 1, width: 2) {
            var mm = 0
            var end = i + 3
            if bytes.byte(end) == UInt8(ascii: ":"), let m = bytes.fixedNumber(end + 1, width: 2) {
                mm = m
                end += 3
            } else if let m = bytes.fixedNumber(end, width: 2) {
                mm = m
                end += 2
            }
            let offset = hh * 3600 + mm * 60
            zone = z == UInt8(ascii: "+") ? offset : -offset
            i = end
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return (Timestamp(civilSeconds: seconds, micros: micros, fractionDigits: digits, zoneOffsetSeconds: zone), i)
    }

    /// Formats Unix microseconds as ISO-8601 UTC with milliseconds: `2023-09-06T03:18:10.000Z`.
    public static func iso8601(micros: Int64) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            writeISO8601(micros: micros, into: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(start: buffer.baseAddress!, count: 24), as: UTF8.self)
        }
    }

    /// Writes the 24 bytes of `iso8601(micros:)` without allocating.
    public static func writeISO8601(micros: Int64, into out: UnsafeMutablePointer<UInt8>) {
        var seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let millis = Int((micros - seconds * 1_000_000) / 1000)
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        seconds -= days * 86_400
        // Civil from days (Howard Hinnant).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400 + (month <= 2 ? 1 : 0))
        func digits(_ value: Int, _ width: Int, at offset: Int) {
            var v = max(0, value)
            for k in stride(from: offset + width - 1, through: offset, by: -1) {
                out[k] = UInt8(48 + v % 10)
                v /= 10
            }
        }
        digits(year, 4, at: 0)
        out[4] = UInt8(ascii: "-")
        digits(month, 2, at: 5)
        out[7] = UInt8(ascii: "-")
        digits(day, 2, at: 8)
        out[10] = UInt8(ascii: "T")
        digits(Int(seconds / 3600), 2, at: 11)
        out[13] = UInt8(ascii: ":")
        digits(Int(seconds % 3600 / 60), 2, at: 14)
        out[16] = UInt8(ascii: ":")
        digits(Int(seconds % 60), 2, at: 17)
        out[19] = UInt8(ascii: ".")
        digits(millis, 3, at: 20)
        out[23] = UInt8(ascii: "Z")
    }
}
