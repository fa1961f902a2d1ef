import ArgumentParser
import FCLogCore
import Foundation

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fclog-bench",
        abstract: "Measure fclog's ingest against the SQLite write ceiling on synthetic FC logs.",
        discussion: """
            Build both in release, then run:
              swift build -c release && .build/release/fclog-bench run --size-mb 256
            """,
        subcommands: [Run.self, Generate.self, Ceiling.self, Advise.self, Push.self],
        defaultSubcommand: Run.self
    )
}

extension SyntheticLogs.Shape: ExpressibleByArgument {}

extension Bench {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a synthetic log file.")
        @Option var shape: SyntheticLogs.Shape = .text
        @Option(name: .customLong("size-mb")) var sizeMB = 64
        @Flag(help: "One instance of one function serving every request.") var longLived = false
        @Flag(help: "With the SLS shape, a request-metrics record for every request.") var requestMetrics = false
        @Argument var output: String

        func run() throws {
            var logs = SyntheticLogs(shape: shape, targetBytes: sizeMB << 20)
            if longLived {
                logs.functions = 1
                logs.longLived = true
            }
            logs.requestMetrics = requestMetrics
            let (bytes, lines) = try logs.write(to: output)
            print("\(output): \(bytes) bytes, \(lines) lines")
        }
    }

    struct Ceiling: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store each line of a file as one row, journal off.")
        @Argument var input: String
        @Argument var database: String

        func run() throws {
            try WriteCeiling.run(input: input, database: database)
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Generate logs, run the ceiling and fclog alternately, print figures.")

        @Option(name: .customLong("size-mb"), help: "Size of the base input.") var sizeMB = 128
        @Option(help: "Alternating rounds per measurement; the best round counts.") var rounds = 2
        @Option(help: "The fclog binary (default: beside this one).") var fclog: String?
        @Option(help: "Work folder (default: a temporary one).") var workdir: String?
        @Flag(help: "Skip the 4× linearity run.") var quick = false
        @Option(name: .customLong("report-spans"),
                help: "Also time the report over a store of at least this many spans (built with --lines none; 10000000 needs about 5.3 GiB of text).")
        var reportSpans = 0

        func run() throws {
            let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            let bench = me.path
            let binary = fclog ?? me.deletingLastPathComponent().appendingPathComponent("fclog").path
            let folder = workdir ?? NSTemporaryDirectory() + "fclog-bench-\(getpid())"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            print("fclog-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB; input \(sizeMB) MiB; best of \(rounds)")
            print("")
            let baselines = try Baselines(folder: folder)
            print("input       lines/s      MB/s  peak RSS   db/input  vs ceiling")
            var withMetrics = SyntheticLogs(shape: .sls, targetBytes: sizeMB << 20)
            withMetrics.requestMetrics = true
            let inputs = [("text", SyntheticLogs(shape: .text, targetBytes: sizeMB << 20)),
                          ("sls", SyntheticLogs(shape: .sls, targetBytes: sizeMB << 20)),
                          ("sls with request metrics", withMetrics)]
            for (name, logs) in inputs {
                let shape = logs.shape
                let input = "\(folder)/\(name.replacingOccurrences(of: " ", with: "-")).log"
                let (bytes, lines) = try logs.write(to: input)
                var ceilingBest = Double.infinity
                var ingestBest = Double.infinity
                var noneBest = Double.infinity
                var ingestRSS = 0
                var noneRSS = 0
                var dbSize = 0
                var lnavIndexBest = Double.infinity
                var lnavCountBest = Double.infinity
                var pythonBest = Double.infinity
                for _ in 0..<rounds {
                    let ceilingDB = "\(folder)/ceiling.db"
                    removeStore(ceilingDB)
                    let ceiling = try Measurement.run([bench, "ceiling", input, ceilingDB])
                    ceilingBest = min(ceilingBest, ceiling.seconds)
                    removeStore(ceilingDB)
                    let store = "\(folder)/fclog.db"
                    removeStore(store)
                    let ingest = try Measurement.run([binary, "ingest", "--db", store, "--tz", "+08:00", input])
                    guard ingest.status == 0 else { throw BenchError("fclog ingest failed with status \(ingest.status)") }
                    ingestBest = min(ingestBest, ingest.seconds)
                    ingestRSS = max(ingestRSS, ingest.peakRSSBytes)
                    dbSize = try storeSize(store)
                    removeStore(store)
                    let none = try Measurement.run([binary, "ingest", "--db", store, "--lines", "none", "--tz", "+08:00", input])
                    noneBest = min(noneBest, none.seconds)
                    noneRSS = max(noneRSS, none.peakRSSBytes)
                    removeStore(store)
                    if shape == .text {
                        lnavIndexBest = min(lnavIndexBest, try baselines.lnavIndexing(input)?.seconds ?? .infinity)
                        lnavCountBest = min(lnavCountBest, try baselines.lnavCounting(input)?.seconds ?? .infinity)
                    }
                    pythonBest = min(pythonBest, try baselines.pythonIngest(input, sls: shape == .sls)?.seconds ?? .infinity)
                }
                let mb = Double(bytes) / 1_000_000
                func row(_ name: String, _ seconds: Double, _ rss: Int?, _ db: Int?, _ ratio: Double?) {
                    let cells = [
                        name.padding(toLength: 10, withPad: " ", startingAt: 0),
                        String(format: "%10.0f", Double(lines) / seconds),
                        String(format: "%8.1f", mb / seconds),
                        rss.map { String(format: "%6.0f MiB", Double($0) / 1_048_576) } ?? "         -",
                        db.map { String(format: "%9.2f", Double($0) / Double(bytes)) } ?? "        -",
                        ratio.map { String(format: "%9.2f×", $0) } ?? "",
                    ]
                    print(cells.joined(separator: "  "))
                }
                print("\(name): \(bytes >> 20) MiB, \(lines) lines")
                row("ceiling", ceilingBest, nil, nil, nil)
                row("fclog", ingestBest, ingestRSS, dbSize, ingestBest / ceilingBest)
                row("--lines none", noneBest, noneRSS, nil, noneBest / ceilingBest)
                // Each baseline with fclog's time against it: the goals are ≥ lnav indexing, ≥ 2× lnav counting, ≥ 5× Python.
                for (label, seconds, fclogSeconds) in [("lnav index", lnavIndexBest, ingestBest), ("lnav count", lnavCountBest, noneBest),
                                                        ("python", pythonBest, ingestBest)] where seconds.isFinite {
                    row(label, seconds, nil, nil, seconds / ceilingBest)
                    print(String(format: "            fclog%@ runs at %.2f× the speed of %@", label == "lnav count" ? " --lines none" : "", seconds / fclogSeconds, label))
                }
                if shape == .text {
                    let read = try ingestWithReaders(binary: binary, input: input, folder: folder)
                    print(String(format: "with readers (report and query in a loop): %.2f s, %.2f× alone; %d reads, none failed", read.seconds, read.seconds / ingestBest, read.reads))
                }
            }

            if !quick {
                print("")
                let small = "\(folder)/linear-1x.log"
                let large = "\(folder)/linear-4x.log"
                _ = try SyntheticLogs(shape: .text, targetBytes: sizeMB << 20, seed: 7).write(to: small)
                _ = try SyntheticLogs(shape: .text, targetBytes: (sizeMB * 4) << 20, seed: 7).write(to: large)
                let store = "\(folder)/linear.db"
                removeStore(store)
                let one = try Measurement.run([binary, "ingest", "--db", store, "--tz", "+08:00", small])
                removeStore(store)
                let four = try Measurement.run([binary, "ingest", "--db", store, "--tz", "+08:00", large])
                print(String(format: "linearity: 1× %.2f s, 4× %.2f s: %.2f× the time (goal ≤ 4.6×); peak RSS %.0f MiB", one.seconds, four.seconds, four.seconds / one.seconds, Double(four.peakRSSBytes) / 1_048_576))
                try longLivedLinearity(binary: binary, folder: folder)
                // New records into a store that already holds the 4× input, against the same into an empty store.
                let other = "\(folder)/linear-other.log"
                _ = try SyntheticLogs(shape: .text, targetBytes: sizeMB << 20, seed: 99).write(to: other)
                let more = try Measurement.run([binary, "ingest", "--db", store, "--tz", "+08:00", other])
                let emptyStore = "\(folder)/empty.db"
                removeStore(emptyStore)
                let fresh = try Measurement.run([binary, "ingest", "--db", emptyStore, "--tz", "+08:00", other])
                removeStore(emptyStore)
                print(String(format: "a new 1× input into the 4× store: %.2f s; into an empty store: %.2f s (%.2f×)", more.seconds, fresh.seconds, more.seconds / fresh.seconds))
                let again = try Measurement.run([binary, "ingest", "--db", store, "--tz", "+08:00", small])
                print(String(format: "the 1× input again (every record already stored): %.2f s", again.seconds))
                let report = try Measurement.run([binary, "report", "--db", store])
                let spans = (try? Measurement.spanCount(binary, store)) ?? "?"
                print(String(format: "report over %@ spans: %.2f s", spans, report.seconds))
                removeStore(store)
            }
            if reportSpans > 0 { try timeLargeReport(binary: binary, folder: folder) }
            try? FileManager.default.removeItem(atPath: folder)
        }

        /// Linearity and memory when one instance serves every request: its spans must not be read again at every batch.
        private func longLivedLinearity(binary: String, folder: String) throws {
            var seconds: [Double] = []
            var rss = 0
            for factor in [1, 4] {
                let input = "\(folder)/long-\(factor)x.log"
                var logs = SyntheticLogs(shape: .text, targetBytes: (sizeMB * factor) << 20, functions: 1, seed: 5)
                logs.longLived = true
                _ = try logs.write(to: input)
                let store = "\(folder)/long.db"
                removeStore(store)
                let run = try Measurement.run([binary, "ingest", "--db", store, "--tz", "+08:00", input])
                guard run.status == 0 else { throw BenchError("fclog ingest failed with status \(run.status)") }
                seconds.append(run.seconds)
                rss = max(rss, run.peakRSSBytes)
                removeStore(store)
                try? FileManager.default.removeItem(atPath: input)
            }
            print(String(format: "one long-lived instance: 1× %.2f s, 4× %.2f s: %.2f× the time; peak RSS %.0f MiB",
                         seconds[0], seconds[1], seconds[1] / seconds[0], Double(rss) / 1_048_576))
        }

        /// Times the report, from its summaries and from every span, on a store of `reportSpans` spans.
        private func timeLargeReport(binary: String, folder: String) throws {
            print("")
            let (store, spans, ingest) = try largeStore(binary: binary, folder: folder, spans: reportSpans, shape: .text)
            var summarised = Double.infinity
            var scanned = Double.infinity
            for _ in 0..<rounds {
                summarised = min(summarised, try Measurement.run([binary, "report", "--db", store]).seconds)
                // A window reads the spans themselves.
                scanned = min(scanned, try Measurement.run([binary, "report", "--db", store, "--since", "2000-01-01"]).seconds)
            }
            print(String(format: "large store: %@ spans, ingested with --lines none in %.0f s, peak RSS %.0f MiB",
                         spans, ingest.seconds, Double(ingest.peakRSSBytes) / 1_048_576))
            print(String(format: "report over it: %.2f s from the summaries (goal < 2 s); %.2f s reading every span (--since)",
                         summarised, scanned))
            removeStore(store)
        }
    }
}

/// Times an ingest while another process runs `fclog report` and `fclog query` on the same store in a loop.
func ingestWithReaders(binary: String, input: String, folder: String) throws -> (seconds: Double, reads: Int) {
    let store = "\(folder)/shared.db"
    removeStore(store)
    _ = try Measurement.run([binary, "ingest", "--db", store, "/dev/null"])
    let readsFile = "\(folder)/reads.txt"
    let loop = """
        n=0; while :; do "\(binary)" report --db "\(store)" >/dev/null 2>&1 || { echo failed >>"\(readsFile)"; }; \
        "\(binary)" query --db "\(store)" "SELECT count(*) FROM fclog_lines" >/dev/null 2>&1 || { echo failed >>"\(readsFile)"; }; \
        n=$((n+1)); echo $n >"\(readsFile).count"; sleep 0.2; done
        """
    let readers = Process()
    readers.executableURL = URL(fileURLWithPath: "/bin/sh")
    readers.arguments = ["-c", loop]
    try readers.run()
    let ingest = try Measurement.run([binary, "ingest", "--db", store, "--tz", "+08:00", input])
    readers.terminate()
    readers.waitUntilExit()
    let failed = (try? String(contentsOfFile: readsFile, encoding: .utf8)) ?? ""
    guard failed.isEmpty else { throw BenchError("a reader failed during the ingest") }
    let reads = Int(((try? String(contentsOfFile: readsFile + ".count", encoding: .utf8)) ?? "0").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    removeStore(store)
    return (ingest.seconds, reads * 2)
}

extension Measurement {
    static func spanCount(_ binary: String, _ store: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["query", "--db", store, "--format", "csv", "SELECT count(*) FROM spans"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init) ?? "?"
    }
}
