import Foundation

/// The zone of timestamps written without one (console copies, `s logs`):
/// a fixed offset or an IANA zone with its daylight-saving rules.
public struct LocalTimeZone: Sendable {
    private enum Kind: Sendable {
        case fixed(Int)
        case zone(TimeZone)
    }

    private let kind: Kind
    /// How the zone was named, for messages.
    public let name: String

    /// UTC.
    public static let utc = LocalTimeZone(kind: .fixed(0), name: "UTC")

    /// The machine's zone.
    public static var current: LocalTimeZone {
        LocalTimeZone(kind: .zone(TimeZone.current), name: TimeZone.current.identifier)
    }

    private init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// Reads `+08:00`, `-0530`, `+8`, `UTC`, `Z`, `UTC+8`, `GMT+08:00` or an IANA name such as `Asia/Shanghai`.
    public init(parsing text: String) throws {
        let spec = text.trimmingCharacters(in: .whitespaces)
        var rest = Substring(spec)
        for prefix in ["UTC", "GMT"] where rest.uppercased().hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
        }
        if rest.isEmpty || rest == "Z" || rest == "z" {
            self.init(kind: .fixed(0), name: spec)
            return
        }
        if let sign = rest.first, sign == "+" || sign == "-" {
            let digits = rest.dropFirst().replacingOccurrences(of: ":", with: "")
            if !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) {
                let (hours, minutes) = digits.count <= 2 ? (value, 0) : (value / 100, value % 100)
                if hours <= 14, minutes < 60 {
                    let offset = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
                    self.init(kind: .fixed(offset), name: spec)
                    return
                }
            }
        } else if let zone = TimeZone(identifier: spec) {
            self.init(kind: .zone(zone), name: spec)
            return
        }
        throw FCLogError.invalidArgument(
            "unknown time zone '\(text)': use an offset such as +08:00, UTC, or an IANA name such as Asia/Shanghai")
    }

    /// The zone's offset from UTC at an instant (Unix seconds), in seconds.
    public func offsetSeconds(atUTC seconds: Int64) -> Int {
        switch kind {
        case let .fixed(offset): offset
        case let .zone(zone): zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        }
    }

    /// UTC itself, however it was spelled: its times are printed with `Z`.
    public var isUTC: Bool {
        if case .fixed(0) = kind { return true }
        return false
    }

    /// Converts a local wall-clock reading (seconds, as if UTC) to Unix seconds.
    public func utcSeconds(fromLocal local: Int64) -> Int64 {
        switch kind {
        case let .fixed(offset):
            return local - Int64(offset)
        case let .zone(zone):
            let guess = local - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local))))
            return local - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess))))
        }
    }
}

/// Caches a zone's offset per local hour: DST changes on hour boundaries.
struct LocalTimeCache {
    let zone: LocalTimeZone
    private var hour: Int64 = .min
    private var offset: Int64 = 0

    init(zone: LocalTimeZone) {
        self.zone = zone
    }

    mutating func utcSeconds(fromLocal local: Int64) -> Int64 {
        let bucket = local >= 0 ? local / 3600 : (local - 3599) / 3600
        if bucket != hour {
            hour = bucket
            offset = local - zone.utcSeconds(fromLocal: local)
        }
        return local - offset
    }
}
