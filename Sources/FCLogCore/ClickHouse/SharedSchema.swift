/// The tables fclog keeps in ClickHouse, as this store's schema gives their columns, and the statements
/// that create them: `ReplacingMergeTree` tables, one per shard under a `Distributed` table when a cluster
/// is named, sharded by a hash of the function (all of a function's rows on one shard).
public struct SharedSchema: Sendable {
    public var tables: [(table: SharedTable, columns: [SharedTable.Column])]

    public init(_ db: SQLiteDatabase) throws {
        tables = try SharedTable.all.map { table in
            guard table.source != "lines" else { return (table, SharedTable.lineColumns) }
            // Generated columns (a span's kind, status, duration source, end and RequestId) are sent as their
            // values, not as what they are generated from: ClickHouse keeps the columns the store has always shown.
            let s = try db.prepare("SELECT name, type FROM pragma_table_xinfo(?1) WHERE hidden IN (0, 2, 3) ORDER BY cid")
            s.bind(1, table.source)
            var columns: [SharedTable.Column] = []
            while try s.step() {
                let name = s.text(0) ?? ""
                if table.source == "fclog_span_rows", StoredCodes.codeColumns.contains(name) || StoredCodes.localColumns.contains(name) {
                    continue
                }
                columns.append(SharedTable.Column(name: name, type: s.text(1) ?? "TEXT"))
            }
            return (table, columns + table.joined)
        }
    }

    /// The columns of a table in ClickHouse, in order, with their types.
    public static func clickHouseColumns(_ columns: [SharedTable.Column]) -> [(String, String)] {
        SharedTable.ownColumns + columns.map { ($0.name, SharedTable.clickHouseType($0)) }
    }

    /// The statements that create the tables: on each shard (`local`), then where the Distributed tables go
    /// (`distributed`, empty without a cluster). Replicated tables keep their parts in ClickHouse Keeper (or
    /// ZooKeeper) under the servers' `{shard}` and `{replica}` macros.
    public func ddl(database: String, cluster: String?, replicated: Bool = false) -> (local: [String], distributed: [String]) {
        var local = ["CREATE DATABASE IF NOT EXISTS \(database)"]
        var distributed = cluster == nil ? [] : ["CREATE DATABASE IF NOT EXISTS \(database)"]
        for (table, columns) in tables {
            let shardTable = cluster == nil ? table.name : table.name + "_local"
            let list = Self.clickHouseColumns(columns).map { "    `\($0.0)` \($0.1)" }.joined(separator: ",\n")
            local.append("""
                CREATE TABLE IF NOT EXISTS \(database).\(shardTable) (
                \(list)
                ) ENGINE = \(replicated ? "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/\(database)/\(shardTable)', '{replica}', fclog_version)"
                                         : "ReplacingMergeTree(fclog_version)") ORDER BY (function, fclog_store, fclog_key)
                """)
            if let cluster {
                distributed.append("""
                    CREATE TABLE IF NOT EXISTS \(database).\(table.name) AS \(database).\(shardTable)
                    ENGINE = Distributed(\(cluster), \(database), \(shardTable), cityHash64(function))
                    """)
            }
        }
        return (local, distributed)
    }
}
