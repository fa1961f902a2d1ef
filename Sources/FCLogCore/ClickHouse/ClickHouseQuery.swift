import Foundation

/// A read-only statement run in ClickHouse (`readonly=1`), its answer given as the local query's values.
public enum ClickHouseQuery {
    public static func run(_ sql: String, client: ClickHouseClient, timeoutSeconds: Double?,
                           columns: ([String]) throws -> Void, row: ([QueryValue]) throws -> Void) async throws {
        var text = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        while text.hasSuffix(";") { text = String(text.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard !text.isEmpty else { throw FCLogError.invalidArgument("the query is empty") }
        var settings = ClickHouseMirror.readSettings
        if let timeoutSeconds { settings["max_execution_time"] = String(Int(timeoutSeconds.rounded(.up))) }
        let data = try await client.run(text + "\nFORMAT TabSeparatedWithNamesAndTypes", settings: settings)
        var names: [String]?
        var types: [String] = []
        try TabSeparated.forEachRow(data) { fields in
            guard let known = names else {
                names = fields.map { $0 ?? "" }
                return
            }
            if types.isEmpty, fields.count == known.count, !known.isEmpty {
                types = fields.map { $0 ?? "" }
                try columns(known)
                return
            }
            try row(zip(fields, types).map { value($0, type: $1) })
        }
        if let names, types.isEmpty { try columns(names) }
    }

    /// A field as the local store would give it: integers and reals as numbers, the rest as text.
    static func value(_ text: String?, type: String) -> QueryValue {
        guard let text else { return .null }
        var base = type
        if base.hasPrefix("Nullable("), base.hasSuffix(")") { base = String(base.dropFirst(9).dropLast()) }
        if base.hasPrefix("Int") || base.hasPrefix("UInt"), let value = Int64(text) { return .integer(value) }
        if base.hasPrefix("Float"), let value = Double(text) { return .real(value) }
        return .text(text)
    }
}
