@testable import FCLogCore
import Testing

@Suite("Timestamps and zones")
struct TimestampTests {
    private func micros(_ text: String, zone: LocalTimeZone = .utc) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { bytes in
            TimestampParser.parse(bytes, at: 0).map { stamp, _ in
                let seconds = stamp.zoneOffsetSeconds.map { stamp.civilSeconds - Int64($0) } ?? zone.utcSeconds(fromLocal: stamp.civilSeconds)
                return seconds * 1_000_000 + stamp.micros
            }
        }
    }

    @Test(arguments: [
        ("2023-09-06 11:18:10", "2023-09-06T11:18:10.000Z"),
        ("2023-12-01 9:05:03", "2023-12-01T09:05:03.000Z"),
        ("2023-09-27T08:12:44.485Z", "2023-09-27T08:12:44.485Z"),
        ("2023-09-06T04:28:41.79Z", "2023-09-06T04:28:41.790Z"),
        ("2023/09/06 04:28:41.790123", "2023-09-06T04:28:41.790Z"),
        ("2024-01-04T10:50:44+08:00", "2024-01-04T02:50:44.000Z"),
        ("2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z"),
        ("1999-12-31 23:59:59", "1999-12-31T23:59:59.000Z"),
    ])
    func parsesAndFormats(_ input: String, _ iso: String) throws {
        let value = try #require(micros(input))
        #expect(TimestampParser.iso8601(micros: value) == iso)
    }

    @Test(arguments: ["2023-13-01 00:00:00", "2023-09-06", "20230906 11:18:10", "2023-09-06 25:00:00", "abc"])
    func rejects(_ input: String) {
        #expect(micros(input) == nil)
    }

    @Test func localZones() throws {
        let shanghai = try LocalTimeZone(parsing: "Asia/Shanghai")
        #expect(TimestampParser.iso8601(micros: micros("2023-09-06 11:18:10", zone: shanghai)!) == "2023-09-06T03:18:10.000Z")
        let offset = try LocalTimeZone(parsing: "+08:00")
        #expect(TimestampParser.iso8601(micros: micros("2023-09-06 11:18:10", zone: offset)!) == "2023-09-06T03:18:10.000Z")
        let india = try LocalTimeZone(parsing: "+0530")
        #expect(TimestampParser.iso8601(micros: micros("2023-09-06 11:18:10", zone: india)!) == "2023-09-06T05:48:10.000Z")
        // New York keeps daylight time in July and not in January.
        let newYork = try LocalTimeZone(parsing: "America/New_York")
        #expect(TimestampParser.iso8601(micros: micros("2023-07-01 12:00:00", zone: newYork)!) == "2023-07-01T16:00:00.000Z")
        #expect(TimestampParser.iso8601(micros: micros("2023-01-01 12:00:00", zone: newYork)!) == "2023-01-01T17:00:00.000Z")
        #expect(throws: FCLogError.self) { try LocalTimeZone(parsing: "Mars/Olympus") }
    }
}
