import FCLogCore
import Foundation
import Testing

/// A realistic input of many lines: `s logs` rows of several instances with
/// overlapping requests, multi-line messages, failures, and log tails whose
/// markers carry no time and end with summary lines.
func generatedLog(instances: Int, requestsPerInstance: Int) -> String {
    var out = ""
    var second = 1_704_163_200
    // `s logs` shows local time (the tests read it as UTC+8); runtime prefixes are UTC.
    func stamp(_ s: Int) -> String {
        let iso = TimestampParser.iso8601(micros: Int64(s + 8 * 3600) * 1_000_000)
        let hour = Int(iso.dropFirst(11).prefix(2))!
        return "\(iso.prefix(10)) \(hour):\(iso.dropFirst(14).prefix(5))"
    }
    for i in 0..<instances {
        let instance = "c-6593\(String(format: "%04x", i))-1a2b3c4d-5e6f7a8b9c0d"
        let initID = String(format: "%08x-77b4-4d0e-9a51-3e2d1c0b9a87", i)
        out += "\(instance) \(stamp(second)) FC Initialize Start RequestId: \(initID)\n"
        out += "\(instance) \(stamp(second)) FunctionCompute python3 runtime inited.\n"
        second += 1
        out += "\(instance) \(stamp(second)) FC Initialize End RequestId: \(initID)\n\n"
        for r in stride(from: 0, to: requestsPerInstance, by: 2) {
            let a = "1-\(String(second, radix: 16))-\(String(format: "%08x", i))-\(String(format: "%012x", r))"
            let b = "1-\(String(second, radix: 16))-\(String(format: "%08x", i))-\(String(format: "%012x", r + 1))"
            out += "\(instance) \(stamp(second)) FC Invoke Start RequestId: \(a)\n"
            out += "\(instance) \(stamp(second)) FC Invoke Start RequestId: \(b)\n"
            let iso = TimestampParser.iso8601(micros: Int64(second) * 1_000_000 + 250_000)
            out += "\(instance) \(stamp(second)) \(iso) \(a) [INFO] working on \(r)\n"
            out += "\(instance) \(stamp(second)) \(iso) \(b) [ERROR] Traceback (most recent call last):\n"
            out += "  File \"/code/index.py\", line \(r % 40 + 1), in handler\n"
            out += "ValueError: bad input \(r)\n"
            second += 1
            let failure = r % 7 == 0 ? ", Error: Unhandled function error" : ""
            out += "\(instance) \(stamp(second)) FC Invoke End RequestId: \(b)\(failure)\n"
            out += "\(instance) \(stamp(second)) FC Invoke End RequestId: \(a)\n\n"
        }
        // A log tail of the same function: markers with no time, then the summary.
        let tail = "1-\(String(second, radix: 16))-aaaaaaaa-\(String(format: "%012x", i))"
        out += "FC Invoke Start RequestId: \(tail)\nb'Hello World'\nFC Invoke End RequestId: \(tail)\n"
        out += "Duration: \(i % 90 + 1).25 ms, Billed Duration: \(i % 90 + 2) ms, Memory Size: 128 MB, Max Memory Used: 26.15 MB\n"
        out += "\(instance) \(stamp(second + 600)) FC PreStop Start RequestId: \(String(format: "%08x-1e2f-4a3b-8c4d-5e6f7a8b9c0d", i))\n"
        if i % 5 != 4 {
            out += "\(instance) \(stamp(second + 601)) FC PreStop End RequestId: \(String(format: "%08x-1e2f-4a3b-8c4d-5e6f7a8b9c0d", i))\n"
        }
    }
    return out
}

/// Everything a store says, without ids that depend on how many ingests filled it.
func snapshot(_ path: String) throws -> [String] {
    let database = try Store.openForReading(path: path)
    func rows(_ sql: String) throws -> [String] {
        try QueryRunner.run(sql, on: database).rows.map { $0.map(\.plainText).joined(separator: "|") }
    }
    return try rows("""
        SELECT function, instance_id, request_id, kind, status, error, start_time, end_time, duration_ms, billed_ms,
               duration_source, attempt, memory_mb FROM spans ORDER BY 1, 2, 3, 4, 7, 12
        """) + rows("""
        SELECT l.line_no, l.time, l.function, l.instance_id, l.request_id, l.level, l.kind, l.message, s.kind, s.attempt
        FROM lines l LEFT JOIN spans s ON s.id = l.span_id ORDER BY 1, 2, 8, 4, 5, 7, 9, 10
        """) + rows("""
        SELECT function, service, instance_id, first_seen, last_seen, created, destroyed, invocations, initializer_attempts
        FROM instances ORDER BY 1, 3
        """) + rows("""
        SELECT function, kind, status, error, duration_us, exact, standalone, spans FROM fclog_span_tally
        WHERE spans <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
        """) + rows("""
        SELECT function, instance_id, spans, service, first_us, last_us, invocations, first_invoke_us, first_invoke_flagged,
               cold_flagged_request_keys, initializer_attempts, initializer_ok, last_initializer_ok_us, memory_mb_sum, memory_mb_count,
               busy_billed_ms, peak_concurrency, begin_us, finish_us, destroyed
        FROM fclog_instance_summaries ORDER BY 1, 2
        """)
}

@Suite("Reliability", .serialized)
struct ReliabilityTests {
    static let log = generatedLog(instances: 60, requestsPerInstance: 300)

    private func referenceStore(_ directory: TemporaryDirectory, input: String) throws -> String {
        let reference = directory.path("reference.db")
        let result = try FCLogBinary.run(["ingest", "--db", reference, "--tz", "+08:00", "--function", "api", input])
        #expect(result.status == 0, "\(result.stderr)")
        return reference
    }

    /// Starts `fclog ingest` of `input` into `store` in small batches, without waiting.
    private func startIngest(_ input: String, into store: String, batchLines: Int, errors: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = FCLogBinary.url
        process.arguments = ["ingest", "--db", store, "--tz", "+08:00", "--function", "api", "--batch-lines", String(batchLines), input]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    private func count(_ path: String) -> Int {
        guard let database = try? Store.openForReading(path: path),
              let value = try? database.scalarInt("SELECT count(*) FROM lines") else { return 0 }
        return Int(value)
    }

    @Test func aKilledIngestResumesToExactlyWhatOneIngestGives() throws {
        let directory = try TemporaryDirectory()
        let input = try directory.write("big.log", Self.log)
        let expected = try snapshot(try referenceStore(directory, input: input))
        let total = Self.log.split(separator: "\n").count
        for (index, fraction) in [0.15, 0.5, 0.85].enumerated() {
            let store = directory.path("killed-\(index).db")
            let process = try startIngest(input, into: store, batchLines: 3000)
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning, count(store) < Int(Double(total) * fraction), Date() < deadline {
                usleep(2000)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let database = try SQLiteDatabase(path: store, mode: .readOnly)
            #expect(try database.column("PRAGMA integrity_check") == ["ok"])
            let resumed = try FCLogBinary.run(["ingest", "--db", store, "--tz", "+08:00", "--function", "api", input])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try snapshot(store) == expected, "killed at \(Int(fraction * 100))%")
        }
    }

    @Test func ctrlCStopsAfterTheBatchAndSaysHowFar() throws {
        let directory = try TemporaryDirectory()
        let input = try directory.write("big.log", Self.log)
        let expected = try snapshot(try referenceStore(directory, input: input))
        let store = directory.path("interrupted.db")
        let errors = Pipe()
        let process = try startIngest(input, into: store, batchLines: 3000, errors: errors)
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, count(store) < 6000, Date() < deadline { usleep(2000) }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if process.terminationStatus == 130 {
            #expect(message.contains("interrupted after"))
            #expect(message.contains("run the same ingest again"))
        } else {
            // The ingest finished before the signal arrived.
            #expect(process.terminationStatus == 0)
        }
        let resumed = try FCLogBinary.run(["ingest", "--db", store, "--tz", "+08:00", "--function", "api", input])
        #expect(resumed.status == 0)
        #expect(try snapshot(store) == expected)
    }

    @Test func readersSeeCommittedStatesWhileAnIngestWrites() throws {
        let directory = try TemporaryDirectory()
        let input = try directory.write("big.log", Self.log)
        let store = directory.path("shared.db")
        // The store exists before the readers start.
        _ = try FCLogBinary.run(["ingest", "--db", store, "-"], stdin: "")
        let process = try startIngest(input, into: store, batchLines: 2000)
        var last = 0
        var reads = 0
        while process.isRunning || reads == 0 {
            let query = try FCLogBinary.run(["query", "--db", store, "--format", "csv", "SELECT count(*) FROM lines"])
            #expect(query.status == 0, "\(query.stderr)")
            let value = Int(query.stdout.split(whereSeparator: \.isNewline).last ?? "") ?? -1
            #expect(value >= last)
            last = value
            let report = try FCLogBinary.run(["report", "--db", store, "--format", "json"])
            #expect(report.status == 0 || report.stderr.contains("no spans"), "\(report.stderr)")
            #expect(!report.stderr.contains("locked"))
            reads += 1
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(reads > 0)
    }

    /// Two ingests into one store at once take turns (the second waits for the
    /// first) and leave what one ingest of both inputs leaves.
    @Test func twoIngestsAtOnceTakeTurnsAndStoreBoth() throws {
        let directory = try TemporaryDirectory()
        let first = try directory.write("first.log", Self.log)
        // Other instances and requests, so that neither input's spans depend on the other's.
        let otherLog = Self.log.replacingOccurrences(of: "c-6593", with: "c-7593")
            .replacingOccurrences(of: "RequestId: 1-", with: "RequestId: 2-").replacingOccurrences(of: "Z 1-", with: "Z 2-")
            .replacingOccurrences(of: "-77b4-", with: "-88b4-").replacingOccurrences(of: "-1e2f-", with: "-2e2f-")
        let second = try directory.write("second.log", otherLog)
        let reference = directory.path("reference.db")
        let one = try FCLogBinary.run(["ingest", "--db", reference, "--tz", "+08:00", "--function", "api", first, second])
        #expect(one.status == 0, "\(one.stderr)")
        // Whichever ingest goes first, the store says the same.
        let reversed = directory.path("reversed.db")
        let other = try FCLogBinary.run(["ingest", "--db", reversed, "--tz", "+08:00", "--function", "api", second, first])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try snapshot(reversed) == snapshot(reference))

        let store = directory.path("shared.db")
        let running = try startIngest(first, into: store, batchLines: 2000)
        let meanwhile = try FCLogBinary.run(["ingest", "--db", store, "--tz", "+08:00", "--function", "api", "--batch-lines", "2000", second])
        running.waitUntilExit()
        #expect(running.terminationStatus == 0)
        #expect(meanwhile.status == 0, "\(meanwhile.stderr)")
        #expect(try snapshot(store) == snapshot(reference))
    }

    /// An ingest that finds the store's lock taken says so and waits for it, by whatever path it names the store.
    @Test(arguments: ["same path", "symlink", "hard link"])
    func anIngestWaitsForTheStoresLockAndSaysSo(route: String) throws {
        let directory = try TemporaryDirectory()
        let input = try directory.write("a.log", Self.log)
        let locked = directory.path("locked.db")
        let holder = open(locked, O_RDWR | O_CREAT, 0o644)
        #expect(flock(holder, LOCK_EX) == 0)
        let store: String
        switch route {
        case "symlink":
            store = directory.path("alias.db")
            #expect(symlink(locked, store) == 0)
        case "hard link":
            store = directory.path("linked.db")
            #expect(link(locked, store) == 0)
        default:
            store = locked
        }
        let errors = Pipe()
        let process = try startIngest(input, into: store, batchLines: 2000, errors: errors)
        var said = ""
        while !said.contains("\n") {
            let data = errors.fileHandleForReading.availableData
            if data.isEmpty { break }
            said += String(decoding: data, as: UTF8.self)
        }
        #expect(said.contains("waiting for another ingest into \(store) to finish"))
        #expect(process.isRunning)
        #expect(count(store) == 0)
        close(holder)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(count(store) > 0)
    }

    /// Runs a command and waits for it.
    @discardableResult
    private func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A full disk, made with a small tmpfs (root only, as in CI).
    @Test(.enabled(if: getuid() == 0)) func aFullDiskStopsTheIngestAndKeepsWhatWasStored() throws {
        let directory = try TemporaryDirectory()
        let disk = directory.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        try #require(shell("mount -t tmpfs -o size=2m tmpfs '\(disk)'") == 0)
        defer { shell("umount '\(disk)'") }
        let store = disk + "/fclog.db"
        let small = try directory.write("small.log", generatedLog(instances: 2, requestsPerInstance: 20))
        #expect(try FCLogBinary.run(["ingest", "--db", store, "--function", "small", small]).status == 0)
        let before = try snapshot(store)
        let big = try directory.write("big.log", Self.log)
        let result = try FCLogBinary.run(["ingest", "--db", store, "--function", "api", "--batch-lines", "2000", big])
        #expect(result.status == 1)
        #expect(result.stderr.contains("is full"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        let database = try SQLiteDatabase(path: store, mode: .readOnly)
        #expect(try database.column("PRAGMA integrity_check") == ["ok"])
        // Everything stored before is still there, unchanged.
        let after = try snapshot(store)
        #expect(Set(before).isSubset(of: Set(after)))
    }

    /// A raw tail whose markers show no time, its ingest stopped after some of an invocation's lines (as an
    /// interrupted ingest commits its batches) and run again: the invocation is timed by all its lines, as one
    /// ingest of the whole tail times it.
    @Test(arguments: [2, 3, 4])
    func aRawTailResumedInsideAnInvocationTimesItByAllItsLines(stoppedAfter lines: Int) throws {
        let rid = "1-65947598-dde80517-3496ec8efc90"
        let tail = [
            "FC Invoke Start RequestId: \(rid)",
            "2024-01-02T20:44:08.923Z \(rid) [INFO] handled item 16 step 0",
            "2024-01-02T20:44:09.250Z \(rid) [INFO] handled item 16 step 1",
            "2024-01-02T20:44:09.480Z \(rid) [INFO] handled item 16 step 2",
            "FC Invoke End RequestId: \(rid)",
        ]
        let options = IngestOptions(timeZone: .utc, defaultFunction: "api")
        let oracle = try TestStore()
        try oracle.ingest(tail.joined(separator: "\n") + "\n", options: options)
        let store = try TestStore()
        try store.ingest(tail.prefix(lines).joined(separator: "\n") + "\n", options: options)
        try store.ingest(tail.joined(separator: "\n") + "\n", options: options)
        let sql = "SELECT status, start_us, end_us, duration_ms, duration_source FROM spans"
        #expect(try store.rows(sql) == oracle.rows(sql))
        #expect(try oracle.rows("SELECT duration_ms FROM spans") == ["557.0"])
    }

    @Test func aTruncatedCopyOfAnInputIsReadAsFarAsItGoes() throws {
        let directory = try TemporaryDirectory()
        let lines = Self.log.split(separator: "\n", omittingEmptySubsequences: false)
        let half = lines.prefix(lines.count / 2).joined(separator: "\n")
        // Cut in the middle of a line.
        let cut = try directory.write("cut.log", String(half.dropLast(7)))
        let store = directory.path("cut.db")
        let result = try FCLogBinary.run(["ingest", "--db", store, "--tz", "+08:00", "--function", "api", cut])
        #expect(result.status == 0)
        let whole = try directory.write("whole.log", Self.log)
        _ = try FCLogBinary.run(["ingest", "--db", store, "--tz", "+08:00", "--function", "api", whole])
        let database = try Store.openForReading(path: store)
        // The cut line is kept as read; every complete line is stored once.
        // Only the PreStop hooks that never ended stay unfinished (every fifth instance), and the
        // one whose Start was cut inside its RequestId: that id is not the whole log's.
        #expect(try database.scalarInt("SELECT count(*) FROM fclog_span_rows WHERE status = 'unfinished'") == 13)
        #expect(try database.scalarInt("SELECT count(*) FROM fclog_span_rows WHERE status = 'unfinished' AND length(request_id) < 36") == 1)
        #expect(try database.scalarInt("SELECT count(*) FROM fclog_span_rows WHERE status = 'unfinished' AND kind != 'prestop'") == 0)
    }
}
