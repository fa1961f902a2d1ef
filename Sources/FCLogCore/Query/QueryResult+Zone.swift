extension QueryResult {
    /// The result with the store's times (`2024-01-02T02:40:01.350Z`, as the views write them) shown in
    /// `zone` (`2024-01-02 10:40:01.350+08:00`); other cells are left as they are. In UTC it is unchanged.
    public func showingTimes(in zone: LocalTimeZone) -> QueryResult {
        var shown = self
        shown.rows = rows.map { Self.showingTimes($0, in: zone) }
        return shown
    }

    /// One row with its store times shown in `zone`.
    static func showingTimes(_ row: [QueryValue], in zone: LocalTimeZone) -> [QueryValue] {
        guard !zone.isUTC else { return row }
        return row.map { value in
            if case let .text(text) = value, let micros = storeTime(text) { return .text(zone.display(micros: micros, fraction: true)) }
            return value
        }
    }

    /// The instant of a text in exactly the views' format, else nil.
    static func storeTime(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "."),
              bytes[23] == UInt8(ascii: "Z") else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let (stamp, end) = TimestampParser.parse(buffer, at: 0), end == buffer.count else { return nil }
            return stamp.utcMicros
        }
    }
}
