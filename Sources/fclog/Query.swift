import ArgumentParser
import FCLogCore
import Foundation

extension FCLog {
    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a read-only SQL query on the store.",
            discussion: """
                The store is opened read-only: statements that would write, ATTACH or PRAGMA are refused. The schema \
                is documented in the README. Rows are written as they come, in bounded memory; the table sets its \
                column widths from its first 500 rows and, on a terminal, fits its width (cut cells end in …). NULL \
                is shown as NULL in the table and as an empty field in csv, where the empty string is "". \
                --param binds :name, @name, $name or ?N; whole numbers bind as integers. With --tz (or FCLOG_TZ) the \
                table shows the store's times in that zone; csv, json and jsonl keep UTC.

                Examples:
                  fclog query "SELECT kind, status, count(*) FROM spans GROUP BY 1, 2"
                  fclog query --format json "SELECT * FROM spans WHERE status = 'timeout'"
                  fclog query --param fn=order-api "SELECT count(*) FROM spans WHERE function = :fn"
                  fclog query --file slow-requests.sql --format csv > slow.csv
                  echo "SELECT count(*) FROM lines" | fclog query -
                  fclog query --tz Asia/Shanghai "SELECT request_id, start_time FROM spans LIMIT 5"
                  fclog query --from clickhouse://127.0.0.1:8123/fclog "SELECT function, count() FROM spans FINAL WHERE fclog_deleted = 0 GROUP BY function"
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Run the SQL, read-only, in a shared ClickHouse database instead: clickhouse://HOST:8123/DATABASE.",
                                   valueName: "url"))
        var from: ClickHouseURL?

        @OptionGroup var credentials: ClickHouseCredentials

        @Option(help: "Output format: table, csv, json or jsonl.")
        var format: OutputFormat = .table

        @Option(parsing: .unconditional, help: ArgumentHelp("Stop after this many seconds, printing included.", valueName: "seconds"))
        var timeout: Double?

        @Option(name: .customLong("param"), help: ArgumentHelp("A value for a parameter of the query, as NAME=VALUE (repeatable).",
                                                               valueName: "name=value"))
        var parameters: [String] = []

        @Option(help: ArgumentHelp("Read the SQL from this file.", valueName: "file"), completion: .file(extensions: ["sql"]))
        var file: String?

        @OptionGroup var zone: ZoneOptions

        @Argument(help: ArgumentHelp("One SQL statement; '-' reads it from standard input.", valueName: "sql"))
        var sql: String?

        func validate() throws {
            if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
            switch (sql, file) {
            case (nil, nil): throw ValidationError("give the SQL, '-' to read it from standard input, or --file FILE")
            case (.some, .some): throw ValidationError("give the SQL or --file, not both")
            default: break
            }
            if from != nil, !parameters.isEmpty { throw ValidationError("--param binds values in the store's SQL; with --from, write them into the SQL") }
            for parameter in parameters where !parameter.contains("=") || parameter.hasPrefix("=") {
                throw ValidationError("--param '\(parameter)' is not NAME=VALUE")
            }
        }

        func run() async throws {
            try await withUserErrors {
                let zone = try zone.zone()
                let text = try statement()
                var values: [String: String] = [:]
                for parameter in parameters {
                    let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    values[String(parts[0]).trimmingCharacters(in: CharacterSet(charactersIn: ":@$?"))] = String(parts[1])
                }
                if let from {
                    let options = ResultStream.Options(width: Terminal.stdoutIsTerminal ? Terminal.stdoutColumns : nil, zone: .utc)
                    var stream = ResultStream(format: format, options: options) { try Terminal.output($0) }
                    try await ClickHouseQuery.run(text, client: try credentials.client(from), timeoutSeconds: timeout,
                                                  columns: { try stream.begin($0) }, row: { try stream.add($0) })
                    try stream.finish()
                    return
                }
                let database = try store.openForReading()
                Terminal.trapInterrupts()
                let limits = QueryRunner.Limits(timeoutSeconds: timeout) { Terminal.interrupted != 0 }
                let options = ResultStream.Options(width: Terminal.stdoutIsTerminal ? Terminal.stdoutColumns : nil,
                                                   zone: format == .table ? zone : .utc)
                var stream = ResultStream(format: format, options: options) { try Terminal.output($0) }
                try QueryRunner.run(text, on: database, limits: limits, parameters: values,
                                    columns: { try stream.begin($0) }, row: { try stream.add($0) })
                try stream.finish()
            }
        }

        private func statement() throws -> String {
            let path = file ?? (sql == "-" ? "-" : nil)
            guard let path else { return sql! }
            let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
            guard let text = String(data: data, encoding: .utf8) else {
                throw FCLogError.invalidArgument("\(path == "-" ? "standard input" : path) is not UTF-8 text")
            }
            return text
        }
    }
}
