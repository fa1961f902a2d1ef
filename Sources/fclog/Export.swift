import ArgumentParser
import FCLogCore
import Foundation

extension FCLog {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the spans as a trace for Perfetto, Jaeger or any OpenTelemetry backend, or push them over OTLP/HTTP.",
            discussion: """
                perfetto: Chrome Trace Event JSON, which ui.perfetto.dev and chrome://tracing open: a \
                process per function, a track per instance, and a track per concurrency lane where \
                requests overlap on one instance. otlp-json: OpenTelemetry's file format, one TracesData \
                object per line, a trace per RequestId, the FaaS semantic conventions' attributes, a \
                cold-start invocation linked to its Initializer; ids are derived from each span's \
                identity, so exporting twice gives the same ids. --to pushes the same spans to an \
                OTLP/HTTP receiver (a collector, Jaeger, Grafana Tempo) in batches, retrying what it \
                asks to be retried (protobuf; JSON with --format otlp-json).

                Examples:
                  fclog export --format perfetto -o trace.json
                  fclog export --format otlp-json --function order-api --since 1h -o spans.jsonl
                  fclog export --to http://127.0.0.1:4318 --function order-api
                  fclog export --to https://otlp.example.com/v1/traces --format otlp-json --header "Authorization=Bearer $TOKEN"
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case perfetto
            case otlpJSON = "otlp-json"
        }

        @OptionGroup var store: StoreOptions

        @OptionGroup var window: WindowOptions

        @Option(help: ArgumentHelp("This instance only.", valueName: "id"))
        var instance: String?

        @Option(help: "The file format: perfetto or otlp-json (with --to: send OTLP/JSON rather than protobuf).")
        var format: Format?

        @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file ('-' for standard output).", valueName: "file"),
                completion: .file())
        var output: String?

        @Option(help: ArgumentHelp("Push over OTLP/HTTP to this receiver instead: http://host:4318 (the path /v1/traces is added).",
                                   valueName: "url"))
        var to: String?

        @Option(name: .customLong("header"), help: ArgumentHelp("With --to, an HTTP header to send, as NAME=VALUE (repeatable).",
                                                                valueName: "name=value"))
        var headers: [String] = []

        @Option(name: .customLong("batch-size"), help: ArgumentHelp("With --to, spans per request.", valueName: "n"))
        var batchSize = 512

        @Option(help: ArgumentHelp("With --to, how often to retry a request the receiver did not take (backing off from 0.5 s).",
                                   valueName: "n"))
        var retries = 5

        func validate() throws {
            if to == nil, format == nil { throw ValidationError("give --format perfetto|otlp-json, or --to URL to push") }
            if to != nil, output != nil { throw ValidationError("--to pushes over the network; -o writes a file") }
            if to != nil, format == .perfetto { throw ValidationError("--to pushes OTLP: leave out --format, or give --format otlp-json to send JSON") }
            guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be from 1 to 100000") }
            guard (0...20).contains(retries) else { throw ValidationError("--retries must be from 0 to 20") }
            for header in headers where !header.contains("=") || header.hasPrefix("=") {
                throw ValidationError("--header '\(header)' is not NAME=VALUE")
            }
            if let to {
                do { _ = try OTLPPush(url: to) } catch let error as FCLogError { throw ValidationError(error.description) }
            }
        }

        func run() async throws {
            try await withUserErrors {
                var options = ReportOptions()
                try window.apply(to: &options)
                options.instance = instance
                let database = try store.openForReading()
                if let to {
                    var push = try OTLPPush(url: to)
                    push.encoding = format == .otlpJSON ? .json : .protobuf
                    push.batchSize = batchSize
                    push.attempts = retries + 1
                    for header in headers {
                        let parts = header.split(separator: "=", maxSplits: 1)
                        push.headers[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
                    }
                    let outcome = try await push.send(database, options: options)
                    Terminal.writeStderr("fclog: " + outcome.text + "\n")
                    if outcome.spansRefused > 0 { throw ExitCode(1) }
                    return
                }
                let file = try OutputFile(output)
                var out = TextOutput { try file.write($0) }
                let summary = switch format! {
                case .perfetto: try PerfettoExport.write(database, options: options, to: &out)
                case .otlpJSON: try OTLPExport.write(database, options: options, to: &out)
                }
                try file.finish()
                Terminal.writeStderr("fclog: " + summary.text + "\n")
            }
        }
    }
}
