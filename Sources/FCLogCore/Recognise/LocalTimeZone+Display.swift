import Foundation

extension LocalTimeZone {
    /// `2024-01-02 10:40:01+08:00` (with `.120` when `fraction`), or `…Z` in UTC: every printed time says its zone.
    public func display(micros: Int64, fraction: Bool = false) -> String {
        let offset = offsetSeconds(atUTC: micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000)
        let local = TimestampParser.iso8601(micros: micros + Int64(offset) * 1_000_000)
        let reading = String(local.prefix(fraction ? 23 : 19).map { $0 == "T" ? " " : $0 })
        if isUTC { return reading + "Z" }
        let minutes = abs(offset) / 60
        return reading + (offset < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
