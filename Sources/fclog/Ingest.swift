import ArgumentParser
import FCLogCore

extension FCLog {
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read logs into the store and rebuild lifecycle spans.",
            discussion: """
                Reads console copies, `s logs` output, SLS JSON exports (JSON lines or an array), \
                raw log tails, mixed in any input; gzip is detected by content. Records already \
                in the store are recognised and not stored twice, so overlapping exports and \
                repeated ingests are safe.

                Standard input is committed as it arrives (within about two seconds of a line), \
                so a live tail can be queried while it runs. `--follow` keeps reading files as \
                they grow, like `tail -F`: a rotated or truncated file is read again from its \
                start, and a file created later is picked up; Ctrl-C (or SIGTERM) ends it and \
                completes the ingest (exit 0). A partly written last line waits for its newline.

                `--push-to` sends what each committed batch brings to a shared ClickHouse database \
                while the ingest runs, and the rest once it ends, as `fclog push` would (the \
                tables must exist: `fclog push --create`).

                Examples:
                  fclog ingest export.jsonl console-copy.txt.gz
                  s logs --tail | fclog ingest --function api --tz Asia/Shanghai -
                  fclog ingest --follow --function api /var/log/fc/api.log
                  s logs --tail | fclog ingest --function api --push-to clickhouse://127.0.0.1:8123/fclog -
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Zone of timestamps written without one (console, s logs): +08:00, UTC or an IANA name.", valueName: "zone"))
        var tz: ZoneArgument?

        @Option(help: ArgumentHelp("Function name for inputs that do not carry one (text logs).", valueName: "name"),
                completion: .custom(FunctionCompletion.names))
        var function: String?

        @Option(name: .customLong("billing-step-ms"), help: ArgumentHelp("Billing step for billed_ms (100 for the pre-2021 rule).", valueName: "ms"))
        var billingStepMillis: Int64 = 1

        @Option(help: "Which log lines to keep: all, errors (markers, summaries, warn and above) or none.")
        var lines: LinePolicy = .all

        @Option(name: .customLong("batch-lines"), help: ArgumentHelp("Lines per transaction: an interruption loses at most one batch.", valueName: "n"))
        var batchLines = 100_000

        @Flag(help: "Keep reading the files as they grow (survives rotation and truncation) until Ctrl-C.")
        var follow = false

        @Option(name: .customLong("push-to"),
                help: ArgumentHelp("Push to a shared ClickHouse database after each committed batch: clickhouse://HOST:8123/DATABASE.",
                                   valueName: "url"))
        var pushTo: ClickHouseURL?

        @OptionGroup var credentials: ClickHouseCredentials

        @Argument(help: ArgumentHelp("Log files; '-' reads standard input.", valueName: "file"), completion: .file())
        var files: [String]

        func validate() throws {
            guard (1...Billing.maxStepMillis).contains(billingStepMillis) else {
                throw ValidationError("--billing-step-ms must be from 1 to \(Billing.maxStepMillis)")
            }
            guard batchLines >= 1 else { throw ValidationError("--batch-lines must be at least 1") }
            if follow && files.contains("-") {
                throw ValidationError("--follow reads files; standard input ('-') is read live without it")
            }
        }

        /// The zone each input's own rows give, where they give one and --tz was not: with --tz, a copy whose rows
        /// contradict it is refused before anything is stored.
        private func inputZones() throws -> [String: LocalTimeZone] {
            guard !follow else { return [:] }
            var zones: [String: LocalTimeZone] = [:]
            var contradictions: [String] = []
            for file in Set(files) where file != "-" {
                // An input that cannot be read is named when it is ingested.
                guard let evidence = try? ZoneCheck.evidence(path: file), let offset = evidence.offsetSeconds else { continue }
                if let tz {
                    let given = tz.zone.offsetSeconds(atUTC: evidence.sampleUTCSeconds ?? 0)
                    if given != offset {
                        contradictions.append("\(file): its rows carry the console's local time and the runtime's UTC time, which put it at "
                            + "\(ZoneEvidence.describe(offset)); --tz \(tz.zone.name) says \(ZoneEvidence.describe(given))")
                    }
                } else if let zone = try? LocalTimeZone(parsing: ZoneEvidence.describe(offset)) {
                    zones[file] = zone
                }
            }
            guard contradictions.isEmpty else {
                for line in contradictions { Terminal.printError(line) }
                Terminal.printError("nothing was stored: leave out --tz to read each copy in the zone its rows show, or give the zone they show")
                throw ExitCode(64)
            }
            return zones
        }

        func run() async throws {
            try await withUserErrors {
                let live = try pushTo.map { LivePush(client: try credentials.client($0), storePath: store.path) }
                var pushing: LivePush.Pushing?
                var ingested: Error?
                do {
                    try ingest(live, pushing: &pushing)
                } catch {
                    ingested = error
                }
                if let live, let pushing {
                    live.ingestEnded.store(true, ordering: .releasing)
                    do {
                        let (outcome, during) = try await pushing.value
                        let earlier = during == 0 ? "" : " (after \(during) push\(during == 1 ? "" : "es") during the ingest)"
                        Terminal.printError("\(live.client.target.name): \(outcome.text)\(earlier)")
                    } catch {
                        // What the store holds is kept; an `fclog push` sends it later.
                        Terminal.printError((error as? FCLogError)?.description ?? "\(error)")
                        Terminal.printError("the store holds everything ingested; 'fclog push --to \(live.client.target.name)' sends what ClickHouse lacks")
                        if ingested == nil { throw ExitCode(1) }
                    }
                }
                if let ingested { throw ingested }
            }
        }

        /// Reads the inputs into the store, with a push task started once the store is open.
        private func ingest(_ live: LivePush?, pushing: inout LivePush.Pushing?) throws {
            do {
                let zone = tz?.zone ?? .current
                let options = IngestOptions(timeZone: zone, defaultFunction: function,
                                            billingStepMillis: billingStepMillis, lines: lines, batchLines: batchLines)
                let zones = try inputZones()
                let database = try Store.openForWriting(path: store.path) {
                    Terminal.printError("waiting for another ingest into \(store.path) to finish")
                }
                if let live {
                    // Made before the ingest takes the store's write lock; the push task only reads it.
                    _ = try ClickHousePush.storeID(database)
                    pushing = Task.detached { try await live.run() }
                }
                let ingester = try Ingester(database: database, options: options)
                Terminal.trapInterrupts()
                ingester.shouldStop = { Terminal.interrupted != 0 }
                let line = ProgressLine()
                if Terminal.stderrIsTerminal {
                    ingester.progress = { line.show($0) }
                }
                var failures: [FCLogError] = []
                ingester.inputFailed = { error in
                    Terminal.printError(error.description)
                    failures.append(error)
                }
                do {
                    if follow { try ingester.follow(paths: files) }
                    for file in files where !follow {
                        do {
                            try ingester.ingest(path: file, zone: zones[file])
                        } catch let error as FCLogError where error.isInputError {
                            // One unreadable input does not cost the others.
                            line.clear()
                            Terminal.printError(error.description)
                            failures.append(error)
                            continue
                        }
                        line.clear()
                    }
                } catch FCLogError.interrupted {
                    let summary = try ingester.commitPartial()
                    line.clear()
                    // The interruption is what the exit status tells; the summary is said if it can be.
                    Terminal.write(IngestSummaryText.render(summary, store: store.path))
                    throw FCLogError.interruptedAfter(lines: summary.linesRead)
                } catch {
                    // The store failed (a full disk, say): what was committed stays, the batch is dropped.
                    ingester.abandon()
                    line.clear()
                    throw error
                }
                let summary: IngestSummary
                do {
                    summary = try ingester.finish()
                } catch {
                    ingester.abandon()
                    throw error
                }
                var text = IngestSummaryText.render(summary, store: store.path)
                for file in files.filter({ zones[$0] != nil }) {
                    text += "  \(file): console times read as \(zones[file]!.name), the offset its rows show between them and the runtime's UTC times\n"
                }
                try Terminal.output(text)
                if !failures.isEmpty { throw ExitCode(1) }
            }
        }
    }
}
