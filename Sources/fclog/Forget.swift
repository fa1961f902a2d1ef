import ArgumentParser
import FCLogCore
import Foundation

extension FCLog {
    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take back what an ingest stored: an input, a function, or a time range.",
            discussion: """
                Every table and report figure is left as if the forgotten records had never been ingested; an \
                input nothing is left of can be ingested again. The criteria given must all hold. A span made by \
                records both inside and outside them is not cut in two: nothing changes, and the error says what \
                to forget together (or which range holds the spans whole).

                Examples:
                  fclog forget --list
                  fclog forget --input 3
                  fclog forget --function unknown
                  fclog forget --function api --since 2024-01-02 --until 2024-01-03
                """
        )

        @Flag(help: "List the store's inputs, with the ids --input takes, and forget nothing.")
        var list = false

        @Option(help: ArgumentHelp("An input's id, as --list shows it; repeat for several.", valueName: "id"))
        var input: [InputNumber] = []

        @Option(help: ArgumentHelp("Forget this function's records.", valueName: "name"), completion: .custom(FunctionCompletion.names))
        var function: String?

        @Option(help: ArgumentHelp("Forget records from this time on: ISO-8601, or a duration ago (30m, 1h, 2d).", valueName: "time"))
        var since: String?

        @Option(help: ArgumentHelp("Forget records from before this time.", valueName: "time"))
        var until: String?

        @OptionGroup var zone: ZoneOptions

        @OptionGroup var store: StoreOptions

        func validate() throws {
            if !list, input.isEmpty, function == nil, since == nil, until == nil {
                throw ValidationError("say what to forget: --input, --function, --since or --until (or --list)")
            }
            try WindowOptions.validate(since: since, until: until, zone: zone)
        }

        func run() throws {
            try withUserErrors {
                if list {
                    let result = try QueryRunner.run("""
                        SELECT id, name, ingested_at, lines_read, records_new, records_duplicate FROM inputs ORDER BY id
                        """, on: try store.openForReading())
                    try Terminal.output(ResultWriter.render(result, as: .table))
                    return
                }
                let zone = try self.zone.zone()
                let selection = ForgetSelection(inputs: input.map(\.id), function: function,
                                                sinceMicros: try since.map { try ReportOptions.parseTime($0, zone: zone) },
                                                untilMicros: try until.map { try ReportOptions.parseTime($0, zone: zone) })
                // Forgetting in a store that is not there would create one.
                guard FileManager.default.fileExists(atPath: store.path) else { throw FCLogError.missingStore(path: store.path) }
                let database = try Store.openForWriting(path: store.path) {
                    Terminal.printError("waiting for another fclog to finish writing \(store.path)")
                }
                let outcome = try Forgetting.forget(selection, in: database)
                try Terminal.output(Self.render(outcome))
            }
        }

        static func render(_ outcome: ForgetOutcome) -> String {
            var out = "Forgot \(outcome.spans) spans, \(outcome.lines) lines, \(outcome.requestMetrics) request metrics, "
            out += "\(outcome.instanceEvents) instance events and \(outcome.instanceMetrics) instance samples.\n"
            if !outcome.inputsRemoved.isEmpty {
                out += "  inputs removed (they can be ingested again): \(outcome.inputsRemoved.joined(separator: ", "))\n"
            }
            if !outcome.inputsKept.isEmpty {
                out += "  inputs partly kept: \(outcome.inputsKept.joined(separator: ", ")); what was forgotten of them "
                    + "counts as stored if they are ingested again\n"
            }
            if !outcome.inputsThatSkipped.isEmpty {
                out += "  inputs read later skipped records as stored already: \(outcome.inputsThatSkipped.joined(separator: ", ")); "
                    + "if those were the forgotten ones, ingest these inputs again\n"
            }
            return out
        }
    }
}

/// An input id, as `fclog forget --list` shows it.
struct InputNumber: ExpressibleByArgument {
    let id: Int64

    init?(argument: String) {
        guard let id = Int64(argument), id > 0 else { return nil }
        self.id = id
    }

    static var defaultValueDescription: String { "a positive number" }
}
