import ArgumentParser
import FCLogCore

extension FCLog {
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a read-only SQL query on the store.",
            discussion: """
                The store is opened read-only: statements that would write, ATTACH or PRAGMA are
                refused. The schema is documented in the README. With --tz (or FCLOG_TZ), the
                table shows the store's times (2024-01-02T02:40:01.350Z) in that zone; csv, json and
                jsonl keep them in UTC, as the report's machine formats do, so that they sort and parse alike.

                Examples:
                  fclog query "SELECT kind, status, count(*) FROM spans GROUP BY 1, 2"
                  fclog query --format json "SELECT * FROM spans WHERE status = 'timeout'"
                  fclog query --timeout 10 "SELECT function, count(*) FROM lines GROUP BY 1"
                  fclog query --tz Asia/Shanghai "SELECT request_id, start_time FROM spans LIMIT 5"
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Output format: table, csv, json or jsonl.")
        var format: OutputFormat = .table

        @Option(parsing: .unconditional, help: ArgumentHelp("Stop the query after this many seconds.", valueName: "seconds"))
        var timeout: Double?

        @OptionGroup var zone: ZoneOptions

        @Argument(help: "One SQL statement.")
        var sql: String

        func validate() throws {
            if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        }

        func run() throws {
            try withUserErrors {
                let zone = try zone.zone()
                let database = try store.openForReading()
                Terminal.trapInterrupts()
                let limits = QueryRunner.Limits(timeoutSeconds: timeout) { Terminal.interrupted != 0 }
                let result = try QueryRunner.run(sql, on: database, limits: limits)
                try Terminal.output(ResultWriter.render(format == .table ? result.showingTimes(in: zone) : result, as: format))
            }
        }
    }
}
