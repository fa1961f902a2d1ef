/// Whether a ClickHouse database holds fclog's tables with the columns this fclog gives them.
enum ClickHouseShape {
    static func check(_ client: ClickHouseClient, _ schema: SharedSchema, lines: Bool) async throws {
        let data = try await client.run("""
            SELECT table, name, type FROM system.columns WHERE database = \(TabSeparated.quoted(client.target.database)) FORMAT TabSeparated
            """, database: false)
        var found: [String: [(String, String)]] = [:]
        for row in TabSeparated.rows(data) where row.count == 3 {
            found[row[0] ?? "", default: []].append((row[1] ?? "", row[2] ?? ""))
        }
        for (table, columns) in schema.tables where table.tracking == .digest || lines {
            guard let have = found[table.name] else {
                throw FCLogError.clickHouse("ClickHouse at \(client.target.name) has no table \(table.name): create the tables with "
                    + "'fclog push --create --to \(client.target.name)' (with --cluster NAME and --shard URL for a cluster)")
            }
            let want = SharedSchema.clickHouseColumns(columns)
            guard have.map(\.0) == want.map(\.0), have.map(\.1) == want.map(\.1) else {
                let missing = want.filter { w in !have.contains { $0 == w } }.map { "\($0.0) \($0.1)" }
                throw FCLogError.clickHouse("the table \(client.target.database).\(table.name) at \(client.target.name) has another shape than fclog's"
                    + (missing.isEmpty ? "" : " (it lacks " + missing.prefix(3).joined(separator: ", ") + ")")
                    + ": use a database made by 'fclog push --create'")
            }
        }
    }
}
