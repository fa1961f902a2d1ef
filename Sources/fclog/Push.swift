import ArgumentParser
import FCLogCore
import Foundation

extension FCLog {
    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the store to a shared ClickHouse database: what it holds and ClickHouse does not yet.",
            discussion: """
                Each worker ingests its own functions into its own store and pushes it; ClickHouse holds them \
                all, and `fclog report --from` and `fclog query --from` read them there. A push sends only \
                rows that are new or changed since the last push to that database (and deletions, after \
                `fclog forget`), in batches over ClickHouse's HTTP interface; a row sent twice, after an \
                interrupted push, is kept once. --create makes the tables first: ReplacingMergeTree tables, \
                and with --cluster, on each --shard, under Distributed tables sharded by a hash of the \
                function. --ddl prints those statements instead.

                Examples:
                  fclog push --to clickhouse://127.0.0.1:8123/fclog --create
                  fclog push --to clickhouse://ch1:8123/fclog --create --cluster logs --shard clickhouse://ch1:8123/fclog --shard clickhouse://ch2:8123/fclog
                  fclog push --to clickhouse://ch1:8123/fclog --user fclog --password-file ~/.fclog-ch --lines none
                  fclog push --ddl --cluster logs
                  fclog push --ddl --cluster logs --replicated
                """
        )

        enum Lines: String, ExpressibleByArgument, CaseIterable {
            case all
            case none
        }

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("The ClickHouse database: clickhouse://HOST:8123/DATABASE (clickhouses:// for HTTPS).", valueName: "url"))
        var to: ClickHouseURL?

        @OptionGroup var credentials: ClickHouseCredentials

        @Option(help: "Whether to send the log lines too: all or none.")
        var lines: Lines = .all

        @Flag(help: "Create the database and tables first (those missing).")
        var create = false

        @Option(help: ArgumentHelp("With --create or --ddl, make Distributed tables over this cluster of ClickHouse's remote_servers.",
                                   valueName: "name"))
        var cluster: String?

        @Option(name: .customLong("shard"), help: ArgumentHelp("With --create --cluster, a server of the cluster to create the shard tables on (repeatable).",
                                                               valueName: "url"))
        var shards: [ClickHouseURL] = []

        @Flag(help: "With --create or --ddl, make replicated tables (ReplicatedReplacingMergeTree under the servers' {shard} and {replica} macros).")
        var replicated = false

        @Flag(help: "Print the statements that create the tables, and send nothing.")
        var ddl = false

        @Option(name: .customLong("batch-rows"), help: ArgumentHelp("Rows per request, at most.", valueName: "n"))
        var batchRows = 20_000

        func validate() throws {
            if !ddl, to == nil { throw ValidationError("give --to clickhouse://HOST:8123/DATABASE, or --ddl to print the tables' statements") }
            if ddl, to != nil || create { throw ValidationError("--ddl only prints the statements: leave out --to and --create") }
            if !shards.isEmpty, cluster == nil { throw ValidationError("--shard goes with --cluster") }
            if replicated, !create, !ddl { throw ValidationError("--replicated goes with --create or --ddl") }
            if let cluster, !cluster.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                throw ValidationError("--cluster '\(cluster)' is not a cluster name of remote_servers (letters, digits and _)")
            }
            guard (1...1_000_000).contains(batchRows) else { throw ValidationError("--batch-rows must be from 1 to 1000000") }
        }

        func run() async throws {
            try await withUserErrors {
                if ddl {
                    let schema = try SharedSchema(try Store.openForWriting(path: ":memory:"))
                    let statements = schema.ddl(database: "fclog", cluster: cluster, replicated: replicated)
                    let text = (statements.local + statements.distributed.dropFirst(1)).map { $0 + ";\n" }.joined(separator: "\n")
                    try Terminal.output(text)
                    return
                }
                let client = try credentials.client(to!)
                let database = try Store.openForWriting(path: store.path) {
                    Terminal.writeStderr("fclog: waiting for the ingest that holds \(store.path)…\n")
                }
                if create { try await createTables(client, schema: try SharedSchema(database)) }
                var push = ClickHousePush(client: client)
                push.lines = lines == .all
                push.batchRows = batchRows
                let outcome = try await push.run(database)
                Terminal.writeStderr("fclog: \(client.target.name): " + outcome.text + "\n")
            }
        }

        private func createTables(_ client: ClickHouseClient, schema: SharedSchema) async throws {
            let statements = schema.ddl(database: client.target.database, cluster: cluster, replicated: replicated)
            var servers = [client]
            for shard in shards {
                var target = try credentials.client(shard).target
                target.database = client.target.database
                if !servers.contains(where: { $0.target.endpoint == target.endpoint }) { servers.append(ClickHouseClient(target: target)) }
            }
            for server in servers {
                for statement in statements.local { _ = try await server.run(statement, database: false) }
            }
            for server in servers {
                for statement in statements.distributed { _ = try await server.run(statement, database: false) }
            }
        }
    }
}
