@testable import FCLogCore
import Foundation
import Testing

/// Every route to the same executions counts them once: each test compares with one clean ingest.
@Suite("Count each execution once")
struct CountOnceTests {
    static func file(_ name: String) -> String { sampleLogs.appendingPathComponent(name).path }

    static func report(_ store: TestStore, function: String? = nil) throws -> String {
        var options = ReportOptions()
        options.function = function
        let (functions, _) = try ReportBuilder.build(try Store.openForReading(path: store.path), options: options)
        return ReportRenderer().render(functions, total: nil, as: .json)
    }

    /// The export as a tool re-serialises it: keys sorted, numbers written as numbers.
    static func reserialised(_ path: String, into directory: TemporaryDirectory) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out = ""
        for line in text.split(separator: "\n") {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for (key, value) in object {
                if let text = value as? String, let number = Double(text), text.first?.isNumber == true {
                    object[key] = number == number.rounded() && !text.contains(".") ? NSNumber(value: Int64(number)) : NSNumber(value: number)
                }
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            out += String(decoding: data, as: UTF8.self) + "\n"
        }
        return try directory.write("reserialised-" + (path as NSString).lastPathComponent, out)
    }

    @Test(arguments: ["sls-function-logs.jsonl", "sls-request-metrics.jsonl", "fc2-service.jsonl"])
    func anExportReserialisedByAToolIsTheSameRecords(name: String) throws {
        let oracle = try TestStore()
        try oracle.ingest(paths: [Self.file(name)])
        let store = try TestStore()
        try store.ingest(paths: [Self.file(name)])
        let again = try store.ingest(paths: [try Self.reserialised(Self.file(name), into: store.directory)])
        #expect(again.recordsNew == 0, "\(again)")
        #expect(again.recordsDuplicate > 0)
        #expect(try Self.report(store) == Self.report(oracle))
        #expect(try store.scalar("SELECT count(*) FROM lines") == oracle.scalar("SELECT count(*) FROM lines"))
    }

    /// An export's records as the Log Service console's field view shows them: keys sorted, no `__time__` or
    /// `__topic__`, a blank line after each.
    static func fieldView(_ path: String, into directory: TemporaryDirectory) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let records: [[String: Any]]
        if text.hasPrefix("[") {
            records = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[String: Any]]
        } else {
            records = try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        }
        let out = records.map { record in
            record.keys.sorted().filter { !$0.hasPrefix("__") }.map { "\($0): \(record[$0]!)\n" }.joined() + "\n"
        }.joined()
        return try directory.write("field-view-" + (path as NSString).lastPathComponent + ".txt", out)
    }

    /// Request metrics, instance events and instance metrics copied from the field view and exported too: one
    /// set of records in either order, each row with the time the export gives it.
    @Test(arguments: ["sls-request-metrics.jsonl", "sls-instance-events.json"], [true, false])
    func theFieldViewOfAnExportIsTheSameRecords(name: String, viewFirst: Bool) throws {
        let files = [Self.file("sls-function-logs.jsonl"), Self.file(name)]
        let oracle = try TestStore()
        try oracle.ingest(paths: files)
        let store = try TestStore()
        let view = try Self.fieldView(Self.file(name), into: store.directory)
        try store.ingest(paths: [files[0]])
        let second = try store.ingest(paths: viewFirst ? [view] : [files[1]])
        let third = try store.ingest(paths: viewFirst ? [files[1]] : [view])
        #expect(third.recordsNew == 0 && third.recordsDuplicate == second.recordsNew, "\(third)")
        #expect(try Self.report(store) == Self.report(oracle))
        for table in ["request_metrics", "instance_events", "instance_metrics", "instances"] {
            let columns = try oracle.rows("SELECT name FROM pragma_table_info('\(table)') WHERE name NOT IN ('id', 'input_id')")
                .joined(separator: ", ")
            let sql = "SELECT \(columns) FROM \(table) ORDER BY \(columns)"
            #expect(try store.rows(sql) == oracle.rows(sql), "\(table)")
        }
    }

    @Test(arguments: ["console-copy.txt", "s-logs.txt"])
    func aConsoleCopyReadAgainInAnotherZoneIsTheSameRecords(name: String) throws {
        let oracle = try TestStore()
        try oracle.ingest(paths: [Self.file(name)], options: IngestOptions(timeZone: .utc, defaultFunction: "web"))
        let store = try TestStore()
        try store.ingest(paths: [Self.file(name)], options: IngestOptions(timeZone: .utc, defaultFunction: "web"))
        let again = try store.ingest(paths: [Self.file(name)], options: IngestOptions(timeZone: try LocalTimeZone(parsing: "+08:00"), defaultFunction: "web"))
        #expect(again.recordsNew == 0, "\(again)")
        #expect(try Self.report(store) == Self.report(oracle))
        #expect(try store.scalar("SELECT count(*) FROM spans") == oracle.scalar("SELECT count(*) FROM spans"))
    }

    @Test func textLogsReadFirstWithoutAFunctionAreFoundWithOne() throws {
        let name = Self.file("console-copy.txt")
        let oracle = try TestStore()
        try oracle.ingest(paths: [name], options: IngestOptions(timeZone: .utc))
        let store = try TestStore()
        let first = try store.ingest(paths: [name], options: IngestOptions(timeZone: .utc))
        #expect(first.recordsStoredAsUnknown > 0)
        #expect(IngestSummaryText.render(first, store: "s.db").contains("stored under 'unknown': give --function NAME"))
        let again = try store.ingest(paths: [name], options: IngestOptions(timeZone: .utc, defaultFunction: "web"))
        #expect(again.recordsNew == 0)
        #expect(again.recordsUnderUnknown == first.recordsNew)
        #expect(IngestSummaryText.render(again, store: "s.db").contains("were stored before without --function"))
        #expect(try Self.report(store) == Self.report(oracle))
    }

    @Test func aStoreOfTheOlderIdentitiesKnowsItsRecords() throws {
        // The dump's record keys were made the older way (fields in written order, buckets by the time as read).
        let old = try TestStore(dump: "v2-sample-logs")
        _ = try Store.openForWriting(path: old.path)
        #expect(try old.scalar("SELECT value FROM fclog_settings WHERE name = 'legacy_record_keys'") == "1")
        let before = try Self.report(old, function: "order-api")
        let lastLine = try old.scalar("SELECT max(id) FROM lines")
        let files = try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted().map(Self.file)
        let again = try old.ingest(paths: files, options: IngestOptions(timeZone: .utc))
        // Only the console copy's flattened row is new: the older fclog hashed it whole, and its two rows are read apart since.
        #expect(again.recordsNew == 2, "\(again)")
        #expect(try old.rows("SELECT DISTINCT request_id FROM lines WHERE id > \(lastLine)") == ["1-64f7ef86-1b2c3d4e-5f6a7b8c9d0e"])
        #expect(try Self.report(old, function: "order-api") == before)
        let fresh = try TestStore()
        _ = try fresh.ingest(paths: files, options: IngestOptions(timeZone: .utc))
        #expect(try fresh.scalar("SELECT value FROM fclog_settings WHERE name = 'legacy_record_keys'") == "")
    }

    /// Integers already in `String(Int64)`'s spelling are kept as written; every other spelling is respelled
    /// as the rule of one spelling says.
    @Test(arguments: ["0", "7", "-5", "9223372036854775807", "-9223372036854775808", "007", "00", "-0", "-007", "+5", "1e3", " 5", "20.20"])
    func integersKeepOrTakeTheOneSpelling(_ text: String) {
        var expected = text
        if let first = text.utf8.first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) {
            if let integer = Int64(text) {
                expected = String(integer)
            } else if let real = Double(text), real.isFinite {
                expected = real == real.rounded() && abs(real) < 1e15 ? String(Int64(real)) : "\(real)"
            }
        }
        #expect(JSONRecord.Value.number(text).canonicalText == expected)
        #expect(JSONRecord.Value.string(text).canonicalText == expected)
    }

    /// A record's fields are hashed in `String`'s order of their keys, whatever the keys (repeated ones in the
    /// order read), also when the order of a layout seen before is taken again.
    @Test
    func fieldsAreTakenInTheOrderOfTheirKeys() throws {
        let layouts = [
            #"{"b":"1","a":"2","__time__":"3","A":"4","a":"5"}"#,
            #"{"é":"1","e":"2","z":"3","e\u0301":"4"}"#,
            #"{"requestId":"r","durationMs":"1","functionName":"f"}"#,
            #"{"b":"1","a":"2","__time__":"3","A":"4"}"#,
        ]
        var orders = JSONKeyOrders()
        for json in layouts + layouts.reversed() + layouts {
            var bytes = Array(json.utf8)
            let record = try #require(bytes.withUnsafeMutableBufferPointer { JSONRecordParser.parse(UnsafeBufferPointer($0)) })
            let expected = record.fields.sorted { $0.key < $1.key }
            let order = orders.order(of: record)
            #expect(order.map { record.fields[$0].key } == expected.map { $0.key })
            #expect(order.map { record.fields[$0].value } == expected.map { $0.value })
        }
    }

    /// A number field's spaces around it are not part of it.
    @Test(arguments: [(" 20.5 ", 20.5), ("20.5", 20.5), ("   ", nil), ("", nil), ("n/a", nil), (" 1e3", 1000)] as [(String, Double?)])
    func numberFieldsAreReadWithoutTheirSpaces(_ text: String, _ expected: Double?) throws {
        var bytes = Array(#"{"durationMs":"\#(text)"}"#.utf8)
        let record = try #require(bytes.withUnsafeMutableBufferPointer { JSONRecordParser.parse(UnsafeBufferPointer($0)) })
        #expect(record.double("durationMs") == expected)
    }

    /// A yes-or-no field in any of the spellings exports use, in any case; anything else is no answer.
    @Test(arguments: [("true", true), ("TRUE", true), ("True", true), ("1", true), ("yes", true), ("YES", true),
                      ("false", false), ("FALSE", false), ("0", false), ("no", false), ("No", false),
                      ("", nil), ("tru", nil), ("truee", nil), ("trüe", nil), ("maybe", nil), (" true", nil)] as [(String, Bool?)])
    func yesOrNoFieldsAreReadInAnySpelling(_ text: String, _ expected: Bool?) throws {
        var bytes = Array(#"{"isColdStart":"\#(text)","hasFunctionError":\#(text.isEmpty ? "null" : "false")}"#.utf8)
        let record = try #require(bytes.withUnsafeMutableBufferPointer { JSONRecordParser.parse(UnsafeBufferPointer($0)) })
        #expect(record.bool("isColdStart") == expected)
        #expect(record.bool("hasFunctionError") == (text.isEmpty ? nil : false))
    }

    /// A field is found by its key as written: the same length in bytes is not enough, and a key spelled with a
    /// combining accent is another key, as JSON has it.
    @Test func fieldsAreFoundByTheirKeysAsWritten() throws {
        var bytes = Array(#"{"durationMx":"1","durationMs":"2","invokeFunctionLatencyMs":"3","cafe\u0301":"4","café":"5"}"#.utf8)
        let record = try #require(bytes.withUnsafeMutableBufferPointer { JSONRecordParser.parse(UnsafeBufferPointer($0)) })
        #expect(record["durationMs"] == "2")
        #expect(record["invokeFunctionLatencyMs"] == "3")
        #expect(record["invokeFunctionLatencyMx"] == nil)
        #expect(record["café"] == "5")
        #expect(record["cafe\u{301}"] == "4")
        #expect(record["durationM"] == nil)
    }

    @Test func numbersHaveOneSpelling() {
        #expect(JSONRecord.Value.string("20.20").canonicalText == JSONRecord.Value.number("20.2").canonicalText)
        #expect(JSONRecord.Value.number("2.02e1").canonicalText == "20.2")
        #expect(JSONRecord.Value.string("1704163202").canonicalText == JSONRecord.Value.number("1704163202").canonicalText)
        #expect(JSONRecord.Value.string("512.0").canonicalText == "512")
        #expect(JSONRecord.Value.string("1-65a77fbb-157f3f32").canonicalText == "1-65a77fbb-157f3f32")
        #expect(JSONRecord.Value.string("c-1").canonicalText == "c-1")
        #expect(JSONRecord.Value.string("-").canonicalText == "-")
    }
}

@Suite("A console copy's zone, from its own rows")
struct ZoneEvidenceTests {
    /// A console copy in UTC+8 whose runtime lines carry their UTC time.
    static let copy = """
        2024-01-02 10:40:01FC Invoke Start RequestId: 1-65a77fbb-157f3f32-e1ee24b17e49
        2024-01-02 10:40:012024-01-02T02:40:01.350Z 1-65a77fbb-157f3f32-e1ee24b17e49 [INFO] created order 1001
        2024-01-02 10:40:012024-01-02T02:40:01.420Z 1-65a77fbb-157f3f32-e1ee24b17e49 [INFO] charged
        2024-01-02 10:40:022024-01-02T02:40:01.998Z 1-65a77fbb-157f3f32-e1ee24b17e49 [INFO] done
        2024-01-02 10:40:02FC Invoke End RequestId: 1-65a77fbb-157f3f32-e1ee24b17e49

        """

    @Test(arguments: [("+08:00", 28_800), ("-03:30", -12_600), ("UTC", 0)])
    func rowsWithBothTimesGiveTheOffset(zone: String, offset: Int) throws {
        var evidence = ZoneEvidence()
        let shifted = Self.copy.replacingOccurrences(of: "2024-01-02 10:40:0", with: offset == 28_800 ? "2024-01-02 10:40:0" : offset == 0 ? "2024-01-02 02:40:0" : "2024-01-01 23:10:0")
        for line in shifted.split(separator: "\n") {
            let bytes = Array(line.utf8)
            bytes.withUnsafeBufferPointer { evidence.add(LineRecogniser.recognise($0)) }
        }
        #expect(evidence.offsetSeconds == offset)
        #expect(ZoneEvidence.describe(offset) == zone)
    }

    @Test func withoutTzTheCopyIsReadInItsZoneAndWithAContradictingOneNothingIsStored() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("copy.txt", Self.copy)
        let db = directory.path("z.db")
        let read = try FCLogBinary.run(["ingest", "--db", db, "--function", "web", path])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("copy.txt: console times read as +08:00"))
        let start = try FCLogBinary.run(["query", "--db", db, "--format", "csv", "SELECT start_time FROM spans"])
        #expect(start.stdout == "start_time\r\n2024-01-02T02:40:01.000Z\r\n")
        let other = directory.path("other.db")
        let refused = try FCLogBinary.run(["ingest", "--db", other, "--function", "web", "--tz", "UTC", path])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("which put it at +08:00; --tz UTC says UTC"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: other), "nothing was stored")
        let agreeing = try FCLogBinary.run(["ingest", "--db", other, "--function", "web", "--tz", "Asia/Shanghai", path])
        #expect(agreeing.status == 0)
        #expect(!agreeing.stdout.contains("console times read as"))
    }
}
