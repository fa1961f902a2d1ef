import ArgumentParser
import FCLogCore

@main
struct FCLog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fclog",
        abstract: "Rebuild Function Compute lifecycle spans from logs and report on them.",
        discussion: """
            Ingest console copies, `s logs` output, SLS JSON exports and raw log tails into a \
            SQLite store, then ask for a report or query it with SQL:

              fclog ingest export.jsonl console-copy.txt.gz
              fclog report --function order-api
              fclog query "SELECT kind, status, count(*) FROM spans GROUP BY 1, 2"
            """,
        version: "fclog \(fclogVersion) (commit \(buildCommit), SQLite \(SQLiteDatabase.libraryVersion))",
        subcommands: [Ingest.self, Report.self, Query.self, Show.self, TimelineCommand.self, Export.self, Push.self, Advise.self, WhatIfCommand.self, Forget.self, DatasetteMetadata.self]
    )
}
