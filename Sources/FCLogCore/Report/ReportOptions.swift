#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a report covers and how it bills.
public struct ReportOptions: Sendable {
    /// One function, or every function and a total.
    public var function: String?
    /// One instance (by id) only.
    public var instance: String?
    /// One alias (`qualifier`) only, e.g. `LATEST` or `canary`.
    public var qualifier: String?
    /// One published version (`version_id`) only; empty for the spans that name none.
    public var version: String?
    /// Unix microseconds; spans starting before are left out.
    public var since: Int64?
    /// Unix microseconds; spans starting at or after are left out.
    public var until: Int64?
    public var billingStepMillis: Int64 = 1
    public var prices = PriceTable()
    /// How many error texts to list.
    public var topErrors = 5
    /// How many example RequestIds to name for each problem.
    public var examples = 3

    public init() {}

    /// The spans the report covers, as the store's readers choose them.
    public var selection: SpanSelection {
        SpanSelection(function: function, since: since, until: until, instance: instance, qualifier: qualifier, version: version)
    }

    /// Reads `2024-01-02T03:04:05Z`, `2024-01-02 03:04:05` (in `zone`, UTC by default), `2024-01-02`
    /// (midnight in `zone`), or a time before `now`: `90s`, `30m`, `1h`, `2d`, `1w`.
    public static func parseTime(_ text: String, now: Int64 = currentMicros(), zone: LocalTimeZone = .utc) throws -> Int64 {
        let trimmed = text.trimmingWhitespaceAndSemicolons
        if let unit = trimmed.last, let amount = Int64(trimmed.dropLast()), amount >= 0 {
            let seconds: Int64? = switch unit {
            case "s": 1
            case "m": 60
            case "h": 3600
            case "d": 86_400
            case "w": 604_800
            default: nil
            }
            if let seconds {
                let (span, overflow) = amount.multipliedReportingOverflow(by: seconds * 1_000_000)
                guard !overflow, span <= now else { throw FCLogError.invalidArgument("'\(text)' reaches before 1970") }
                return now - span
            }
        }
        let bytes = Array(trimmed.utf8)
        let parsed: Int64? = bytes.withUnsafeBufferPointer { buffer in
            if let (stamp, end) = TimestampParser.parse(buffer, at: 0), end == buffer.count {
                guard stamp.zoneOffsetSeconds == nil else { return stamp.utcMicros }
                return zone.utcSeconds(fromLocal: stamp.civilSeconds) * 1_000_000 + stamp.micros
            }
            if buffer.count == 10, let year = buffer.fixedNumber(0, width: 4), buffer.byte(4) == UInt8(ascii: "-"),
               let month = buffer.fixedNumber(5, width: 2), buffer.byte(7) == UInt8(ascii: "-"),
               let day = buffer.fixedNumber(8, width: 2), (1...12).contains(month), (1...31).contains(day) {
                return zone.utcSeconds(fromLocal: TimestampParser.daysFromCivil(year: year, month: month, day: day) * 86_400) * 1_000_000
            }
            return nil
        }
        guard let parsed else {
            throw FCLogError.invalidArgument("cannot read time '\(text)': use ISO-8601 (2024-01-02T03:04:05Z) or a duration ago (30m, 1h, 2d)")
        }
        return parsed
    }

    public static func currentMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
