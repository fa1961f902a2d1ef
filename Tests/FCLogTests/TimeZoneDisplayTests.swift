@testable import FCLogCore
import Foundation
import Testing

@Suite("Times in the user's zone")
struct TimeZoneDisplayTests {
    /// 2024-01-02T02:40:01.120Z and 2024-07-02T02:40:01.120Z.
    static let winter: Int64 = 1_704_163_201_120_000
    static let summer: Int64 = 1_719_888_001_120_000

    @Test(arguments: [
        ("UTC", winter, "2024-01-02 02:40:01Z"),
        ("+08:00", winter, "2024-01-02 10:40:01+08:00"),
        ("Asia/Shanghai", winter, "2024-01-02 10:40:01+08:00"),
        ("America/New_York", winter, "2024-01-01 21:40:01-05:00"),
        ("America/New_York", summer, "2024-07-01 22:40:01-04:00"),
        ("-0530", winter, "2024-01-01 21:10:01-05:30"),
    ])
    func everyPrintedTimeSaysItsZone(zone: String, micros: Int64, expected: String) throws {
        #expect(try LocalTimeZone(parsing: zone).display(micros: micros) == expected)
    }

    @Test func fractionsAreKept() throws {
        #expect(try LocalTimeZone(parsing: "+08:00").display(micros: Self.winter, fraction: true) == "2024-01-02 10:40:01.120+08:00")
    }

    @Test(arguments: [
        ("2024-01-02 10:41:00", "+08:00", 1_704_163_260_000_000 as Int64),
        ("2024-01-02T10:41:00", "Asia/Shanghai", 1_704_163_260_000_000),
        ("2024-01-02", "+08:00", 1_704_124_800_000_000),
        ("2024-01-02T02:41:00Z", "+08:00", 1_704_163_260_000_000),
        ("2024-01-02 02:41:00", "UTC", 1_704_163_260_000_000),
    ])
    func sinceAndUntilWithoutAZoneAreReadInIt(text: String, zone: String, expected: Int64) throws {
        #expect(try ReportOptions.parseTime(text, zone: try LocalTimeZone(parsing: zone)) == expected)
    }

    @Test func daysAreLocalDaysAndStillSumToTheReport() throws {
        let store = try ReportTests.sampleStore()
        let db = try Store.openForReading(path: store.path)
        let zone = try LocalTimeZone(parsing: "+08:00")
        let timelines = try ReportBuilder.timelines(db, options: ReportOptions(), widthMicros: 86_400_000_000, zone: zone)
        let utc = try ReportBuilder.timelines(db, options: ReportOptions(), widthMicros: 86_400_000_000)
        for (local, plain) in zip(timelines, utc) {
            #expect(local.total == plain.total)
            // Local midnights: 16:00 UTC the day before.
            #expect(local.buckets.compactMap(\.start).allSatisfy { ($0 / 1_000_000) % 86_400 == 57_600 })
        }
    }

    @Test func theCommandsTakeTzAndFCLOG_TZ() throws {
        let (directory, db) = try AdviseCommandTests.sampleStore()
        _ = directory
        let flag = try FCLogBinary.run(["report", "--db", db, "--function", "order-api", "--tz", "+08:00"])
        #expect(flag.stdout.hasPrefix("order-api  2024-01-02 10:40:00+08:00 → 2024-01-02 10:50:02+08:00"), "\(flag.stdout)")
        let env = try FCLogBinary.run(["report", "--db", db, "--function", "order-api"], environment: ["FCLOG_TZ": "Asia/Shanghai"])
        #expect(env.stdout == flag.stdout)
        let window = try FCLogBinary.run(["report", "--db", db, "--tz", "+08:00", "--since", "2024-01-02 10:41:00", "--format", "json"])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(window.stdout.utf8)) as? [[String: Any]])
        #expect((parsed.first?["invocations"] as? [String: Any])?["total"] as? Int == 1)
        // JSON keeps UTC whatever the zone.
        #expect(parsed.first?["first_seen"] as? String == "2024-01-02T02:41:40.100Z")
        let show = try FCLogBinary.run(["show", "--db", db, "--tz", "+08:00", "1-65a77fbb-157f3f32-e1ee24b17e49"])
        #expect(show.stdout.contains("2024-01-02 10:40:01.120+08:00 → 2024-01-02 10:40:01.740+08:00"), "\(show.stdout)")
        let bad = try FCLogBinary.run(["report", "--db", db], environment: ["FCLOG_TZ": "Mars/Base"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("FCLOG_TZ: unknown time zone 'Mars/Base'"))
        let badFlag = try FCLogBinary.run(["show", "--db", db, "--tz", "Mars/Base", "x"])
        #expect(badFlag.status == 64)
    }

    @Test func queryShowsTheStoresTimesInTheZoneOnTheTableOnly() throws {
        let (directory, db) = try AdviseCommandTests.sampleStore()
        _ = directory
        let sql = "SELECT request_id, start_time, 'not 2024-01-02T02:40:01.120Z' AS text FROM spans WHERE request_id = '1-65a77fbb-157f3f32-e1ee24b17e49'"
        let table = try FCLogBinary.run(["query", "--db", db, "--tz", "+08:00", sql])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("1-65a77fbb-157f3f32-e1ee24b17e49  2024-01-02 10:40:01.120+08:00  not 2024-01-02T02:40:01.120Z"), "\(table.stdout)")
        let env = try FCLogBinary.run(["query", "--db", db, sql], environment: ["FCLOG_TZ": "Asia/Shanghai"])
        #expect(env.stdout == table.stdout)
        let csv = try FCLogBinary.run(["query", "--db", db, "--tz", "+08:00", "--format", "csv", sql])
        #expect(csv.stdout.contains(",2024-01-02T02:40:01.120Z,"))
        #expect(try FCLogBinary.run(["query", "--db", db, "--tz", "Mars/Base", sql]).status == 64)
    }
}
