/// What a console copy's own rows say of its zone: a row that carries both the console's local time (no zone)
/// and the runtime's UTC time (`…Z`) puts the copy at their difference, to the quarter hour.
public struct ZoneEvidence: Sendable {
    private var counts: [Int: Int] = [:]
    /// A UTC instant the rows speak of, for a zone's offset at that time.
    public private(set) var sampleUTCSeconds: Int64?

    public init() {}

    public mutating func add(_ line: RecognisedLine) {
        guard let envelope = line.envelopeTime, envelope.zoneOffsetSeconds == nil,
              let prefix = line.prefixTime, prefix.zoneOffsetSeconds != nil else { return }
        let utc = prefix.utcMicros / 1_000_000
        let quarters = Double(envelope.civilSeconds - utc) / 900
        guard abs(quarters) <= 14 * 4 + 1 else { return }
        counts[Int(quarters.rounded()) * 900, default: 0] += 1
        if sampleUTCSeconds == nil { sampleUTCSeconds = utc }
    }

    /// The offset (seconds east of UTC) when at least three rows say it and nine in ten of them agree.
    public var offsetSeconds: Int? {
        let total = counts.values.reduce(0, +)
        guard let (offset, agreeing) = counts.max(by: { $0.value < $1.value }), agreeing >= 3, agreeing * 10 >= total * 9 else { return nil }
        return offset
    }

    /// `+08:00`, `-03:30`, `UTC`.
    public static func describe(_ offset: Int) -> String {
        guard offset != 0 else { return "UTC" }
        let magnitude = abs(offset)
        let hours = String(magnitude / 3600), minutes = String(magnitude % 3600 / 60)
        return (offset < 0 ? "-" : "+") + (hours.count < 2 ? "0" : "") + hours + ":" + (minutes.count < 2 ? "0" : "") + minutes
    }
}
