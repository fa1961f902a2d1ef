import ArgumentParser
import Foundation

extension Bench {
    /// `fclog push` to one ClickHouse server and to a cluster of shards, and the report read back from them
    /// beside the same report of the local store.
    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure fclog push to ClickHouse (one server, a cluster) and report --from against the local report.",
            discussion: """
                Needs running servers: Tests/ClickHouse/cluster.sh start DIR starts two on 127.0.0.1 (HTTP 18123 and \
                18124, cluster `fclog`). The databases fclog_bench_node and fclog_bench_cluster are dropped and made anew.
                  swift build -c release && .build/release/fclog-bench push --size-mb 64 --report-spans 10000000
                """
        )

        @Option(name: .customLong("size-mb"), help: "Size of the SLS export (function logs and request metrics) pushed.") var sizeMB = 64
        @Option(help: "One server: its HTTP address.") var node = "http://127.0.0.1:18123"
        @Option(help: "The cluster of remote_servers to shard over.") var cluster = "fclog"
        @Option(name: .customLong("shard"), help: "A server of the cluster (repeatable).") var shards: [String] = ["http://127.0.0.1:18123", "http://127.0.0.1:18124"]
        @Option(name: .customLong("report-spans"), help: "Also time the report over a store of at least this many spans, local and --from.")
        var reportSpans = 0
        @Option(help: "Rounds of each report; the best counts.") var rounds = 2
        @Option(help: "The fclog binary (default: beside this one).") var fclog: String?
        @Option(help: "Work folder (default: a temporary one).") var workdir: String?

        func run() throws {
            let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            let binary = fclog ?? me.deletingLastPathComponent().appendingPathComponent("fclog").path
            let folder = workdir ?? NSTemporaryDirectory() + "fclog-bench-push-\(getpid())"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            print("fclog-bench push: \(ProcessInfo.processInfo.activeProcessorCount) cores; \(sizeMB) MiB SLS export with request metrics")

            var logs = SyntheticLogs(shape: .sls, targetBytes: sizeMB << 20)
            logs.requestMetrics = true
            let input = "\(folder)/export.jsonl"
            let (bytes, _) = try logs.write(to: input)
            let store = "\(folder)/push.db"
            removeStore(store)
            try check(Measurement.run([binary, "ingest", "--db", store, input]), "ingest")
            print("")
            print("push to         rows      MB sent   seconds     rows/s   MB/s sent   MB/s of input")
            for (name, database) in targets {
                let (to, seconds, sent) = try pushAnew(binary: binary, store: store, database: database)
                print(String(format: "%@  %9d  %11.1f  %8.2f  %9.0f  %10.1f  %14.1f", name.padding(toLength: 12, withPad: " ", startingAt: 0),
                             sent.rows, Double(sent.bytes) / 1_000_000, seconds, Double(sent.rows) / seconds,
                             Double(sent.bytes) / 1_000_000 / seconds, Double(bytes) / 1_000_000 / seconds))
                let again = try run([binary, "push", "--db", store, "--to", to]).seconds
                print(String(format: "  again, nothing new: %.2f s", again))
            }
            if reportSpans > 0 { try timeReports(binary: binary, folder: folder) }
        }

        /// The report over a large store, locally and from ClickHouse, side by side.
        private func timeReports(binary: String, folder: String) throws {
            print("")
            let (store, spans, _) = try largeStore(binary: binary, folder: folder, spans: reportSpans, shape: .sls)
            var sources: [(String, [String])] = [("local store", ["--db", store])]
            for (name, database) in targets {
                let (to, seconds, sent) = try pushAnew(binary: binary, store: store, database: database)
                print(String(format: "pushed %@ spans' store to %@ in %.1f s (%d rows)", spans, name, seconds, sent.rows))
                sources.append((name, ["--from", to]))
            }
            print("report over \(spans) spans   whole store   --function fn-1   --since (every span)")
            var expected: String?
            for (name, source) in sources {
                var best = [Double](repeating: .infinity, count: 3)
                for _ in 0..<rounds {
                    for (index, extra) in [[], ["--function", "fn-1"], ["--since", "2000-01-01"]].enumerated() {
                        best[index] = min(best[index], try run([binary, "report", "--format", "json"] + source + extra).seconds)
                    }
                }
                let json = try run([binary, "report", "--format", "json", "--since", "2000-01-01"] + source).stdout
                if expected == nil { expected = json }
                print(String(format: "%@  %9.2f s  %13.2f s  %16.2f s%@", name.padding(toLength: 20, withPad: " ", startingAt: 0),
                             best[0], best[1], best[2], json == expected ? "" : "  (differs from the local report!)"))
            }
            removeStore(store)
        }

        private var targets: [(name: String, database: String)] {
            [("one server", "fclog_bench_node"), ("\(shards.count) shards", "fclog_bench_cluster")]
        }

        /// Pushes the store to a database made anew: on the one server, or over the cluster's shards.
        private func pushAnew(binary: String, store: String, database: String) throws -> (to: String, seconds: Double, sent: (rows: Int, bytes: Int)) {
            let sharded = database == "fclog_bench_cluster"
            for server in sharded ? shards : [node] {
                try run(["/usr/bin/curl", "-sS", "--fail-with-body", server + "/", "--data-binary", "DROP DATABASE IF EXISTS \(database)"])
            }
            let to = url(sharded ? shards[0] : node, database)
            var create = [binary, "push", "--db", store, "--to", to, "--create"]
            if sharded { create += ["--cluster", cluster] + shards.flatMap { ["--shard", url($0, database)] } }
            let pushed = try run(create)
            return (to, pushed.seconds, Self.sent(pushed.stderr))
        }

        private func url(_ server: String, _ database: String) -> String {
            server.replacingOccurrences(of: "http://", with: "clickhouse://") + "/" + database
        }

        private func check(_ run: Measurement, _ what: String) throws {
            guard run.status == 0 else { throw BenchError("fclog \(what) failed with status \(run.status)") }
        }

        /// Runs a program to its end: its time, and what it wrote. A failure is an error.
        @discardableResult
        private func run(_ arguments: [String]) throws -> (seconds: Double, stdout: String, stderr: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
            let out = Pipe()
            process.standardOutput = out
            // Standard error goes to a file, so that neither pipe fills while the other is read.
            let errorsPath = NSTemporaryDirectory() + "fclog-bench-stderr-\(getpid())"
            _ = FileManager.default.createFile(atPath: errorsPath, contents: nil)
            defer { try? FileManager.default.removeItem(atPath: errorsPath) }
            process.standardError = FileHandle(forWritingAtPath: errorsPath)
            let started = Date()
            try process.run()
            let written = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let seconds = Date().timeIntervalSince(started)
            let stderr = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
            guard process.terminationStatus == 0 else { throw BenchError("\(arguments.prefix(3).joined(separator: " ")) failed: \(stderr)") }
            return (seconds, written, stderr)
        }

        /// The rows and bytes a push says it sent: "sent 4 instances, 22 spans, … in 9 requests (53668 bytes)".
        static func sent(_ said: String) -> (rows: Int, bytes: Int) {
            guard let line = said.split(separator: "\n").first(where: { $0.contains(" sent ") }),
                  let start = line.range(of: " sent "), let end = line.range(of: " in ", range: start.upperBound..<line.endIndex) else { return (0, 0) }
            let rows = line[start.upperBound..<end.lowerBound].split(separator: ",").compactMap { Int($0.split(separator: " ").first ?? "") }.reduce(0, +)
            let bytes = line.range(of: "(", range: end.upperBound..<line.endIndex).flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) } ?? 0
            return (rows, bytes)
        }
    }
}
