import Foundation
import Testing

@Suite("The advise and whatif commands")
struct AdviseCommandTests {
    /// A store of the bundled samples, ingested as the README's quick start does.
    static func sampleStore() throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        let db = directory.path("store.db")
        let samples = try FileManager.default.contentsOfDirectory(atPath: sampleLogs.path).sorted().map { sampleLogs.appendingPathComponent($0).path }
        let ingest = try FCLogBinary.run(["ingest", "--db", db, "--tz", "+08:00", "--function", "web"] + samples)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return (directory, db)
    }

    @Test func adviseOnTheSamplesInEachFormat() throws {
        let (directory, db) = try Self.sampleStore()
        _ = directory
        for (format, golden) in [("table", "advise.txt"), ("json", "advise.json"), ("markdown", "advise.md")] {
            let result = try FCLogBinary.run(["advise", "--db", db, "--format", format])
            #expect(result.status == 0, "\(result.stderr)")
            try expectGolden(result.stdout, golden)
        }
        let json = try FCLogBinary.run(["advise", "--db", db, "--function", "order-api", "--format", "json"])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let advice = try #require(parsed.first)
        let memory = try #require(advice["memory"] as? [String: Any])
        #expect(memory["configured_mb"] as? Double == 512)
        #expect(memory["recommended_mb"] as? Double == 128)
        let observed = try #require(advice["observed"] as? [String: Any])
        let replayed = try #require(advice["replay_at_observed"] as? [String: Any])
        for key in ["instances", "cold_starts", "active_billed_ms"] {
            #expect(observed[key] as? Int == replayed[key] as? Int, "\(key)")
        }
        let topics = (advice["recommendations"] as? [[String: Any]])?.compactMap { $0["topic"] as? String }
        #expect(topics == ["memory", "provisioned", "prestop"])
    }

    @Test func whatIfSideBySide() throws {
        let (directory, db) = try Self.sampleStore()
        _ = directory
        let table = try FCLogBinary.run(["whatif", "--db", db, "--function", "thumbnail", "--concurrency", "1"])
        #expect(table.status == 0, "\(table.stderr)")
        try expectGolden(table.stdout, "whatif.txt")
        let json = try FCLogBinary.run(["whatif", "--db", db, "--function", "thumbnail", "--concurrency", "1", "--format", "json"])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let change = try #require(parsed.first?["change"] as? [String: Any])
        // Two overlapping requests: one instance at concurrency 2 bills 3 s, two instances at 1 bill 2 s + 3 s.
        #expect(change["instances"] as? Int == 1)
        #expect(change["active_billed_ms"] as? Int == 2000)
        let provisioned = try FCLogBinary.run(["whatif", "--db", db, "--function", "order-api", "--provisioned", "1", "--keep-alive", "never",
                                               "--memory", "256", "--format", "json"])
        let scenario = try #require((try JSONSerialization.jsonObject(with: Data(provisioned.stdout.utf8)) as? [[String: Any]])?.first?["what_if"] as? [String: Any])
        #expect(scenario["cold_starts"] as? Int == 0)
        #expect(scenario["memory_mb"] as? Double == 256)
        #expect(scenario["keep_alive_s"] is NSNull)
    }

    @Test(arguments: [
        ["whatif"],
        ["whatif", "--concurrency", "0"],
        ["whatif", "--concurrency", "many"],
        ["whatif", "--memory", "64"],
        ["whatif", "--provisioned", "-1"],
        ["whatif", "--keep-alive", "5x"],
        ["whatif", "--keep-alive", "-5m"],
        ["advise", "--headroom", "-3"],
        ["advise", "--format", "csv"],
        ["advise", "--billing-step-ms", "0"],
        ["report", "--examples", "101"],
        ["show", "x", "--lines", "0"],
    ])
    func badValuesAreUsageErrors(_ arguments: [String]) throws {
        let (directory, db) = try Self.sampleStore()
        _ = directory
        let result = try FCLogBinary.run(arguments + ["--db", db])
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func anEmptyStoreSaysSoAndJSONIsAnEmptyArray() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("store.db")
        _ = try FCLogBinary.run(["ingest", "--db", db, "-"], stdin: "")
        let table = try FCLogBinary.run(["advise", "--db", db])
        #expect(table.status == 0)
        #expect(table.stderr.contains("no spans"))
        let json = try FCLogBinary.run(["whatif", "--db", db, "--concurrency", "2", "--format", "json"])
        #expect(json.stdout == "[]\n")
        let missing = try FCLogBinary.run(["advise", "--db", directory.path("none.db")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no store at"))
    }
}
