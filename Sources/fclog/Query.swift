import ArgumentParser
import FCLogCore

extension FCLog {
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a read-only SQL query on the store.",
            discussion: """
                The store is opened read-only: statements that would write, ATTACH or PRAGMA are
                refused. The schema is documented in the README.

                Examples:
                  fclog query "SELECT kind, status, count(*) FROM spans GROUP BY 1, 2"
                  fclog query --format json "SELECT * FROM spans WHERE status = 'timeout'"
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Output format: table, csv, json or jsonl.")
        var format: OutputFormat = .table

        @Argument(help: "One SQL statement.")
        var sql: String

        func run() throws {
            try withUserErrors {
                let database = try Store.openForReading(path: store.path)
                let result = try QueryRunner.run(sql, on: database)
                Terminal.write(ResultWriter.render(result, as: format))
            }
        }
    }
}
