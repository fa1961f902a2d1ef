import ArgumentParser
import FCLogCore
import Foundation

extension Bench {
    struct Advise: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time fclog advise (every replay it runs) and fclog report on one busy function, side by side.")

        @Option(name: .customLong("size-mb"), help: "Size of the text logs of the one function (550 MiB is about a million requests).")
        var sizeMB = 550
        @Option(help: "Alternating rounds; the best round counts.") var rounds = 2
        @Option(help: "The fclog binary (default: beside this one).") var fclog: String?
        @Option(help: "Work folder (default: a temporary one).") var workdir: String?

        func run() throws {
            let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            let binary = fclog ?? me.deletingLastPathComponent().appendingPathComponent("fclog").path
            let folder = workdir ?? NSTemporaryDirectory() + "fclog-bench-advise-\(getpid())"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var logs = SyntheticLogs(shape: .text, targetBytes: sizeMB << 20)
            logs.functions = 1
            let input = "\(folder)/one-function.log"
            let store = "\(folder)/advise.db"
            _ = try logs.write(to: input)
            removeStore(store)
            let ingest = try Measurement.run([binary, "ingest", "--db", store, "--lines", "none", "--tz", "+08:00", "--function", "fn-1", input])
            guard ingest.status == 0 else { throw BenchError("fclog ingest failed with status \(ingest.status)") }
            let database = try Store.openForReading(path: store)
            let invocations = try database.scalarInt("SELECT count(*) FROM fclog_span_rows WHERE kind = 'invoke'") ?? 0
            let instances = try database.scalarInt("SELECT count(*) FROM instances") ?? 0
            print("one function: \(sizeMB) MiB of text, \(invocations) invocations on \(instances) instances; best of \(rounds)")
            var best: [String: (seconds: Double, rss: Int)] = [:]
            let commands = [("report", ["report", "--function", "fn-1", "--billing-step-ms", "2"]),
                            ("advise", ["advise", "--function", "fn-1", "--format", "json"]),
                            ("whatif", ["whatif", "--function", "fn-1", "--concurrency", "10", "--format", "json"])]
            for _ in 0..<rounds {
                for (name, arguments) in commands {
                    let run = try Measurement.run([binary] + arguments + ["--db", store])
                    guard run.status == 0 else { throw BenchError("fclog \(name) failed with status \(run.status)") }
                    let previous = best[name] ?? (.infinity, 0)
                    best[name] = (min(previous.seconds, run.seconds), max(previous.rss, run.peakRSSBytes))
                }
            }
            print("command   seconds  peak RSS  × report")
            let report = best["report"]!.seconds
            for (name, _) in commands {
                let figures = best[name]!
                print(name.padding(toLength: 8, withPad: " ", startingAt: 0)
                      + String(format: "  %7.2f  %4.0f MiB  %7.2f×", figures.seconds, Double(figures.rss) / 1_048_576, figures.seconds / report))
            }
            print("(report at a 2 ms step reads every span, as advise does; advise runs 1 + 8 concurrency + up to 6 provisioned replays)")
            removeStore(store)
            try? FileManager.default.removeItem(atPath: input)
        }
    }
}
