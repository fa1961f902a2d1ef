import FCLogCore

/// Completes `--function` from the functions of the store the command line names (`--db`, else the default).
enum FunctionCompletion {
    @Sendable static func names(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        var explicit: String?
        for (position, word) in words.enumerated() {
            if word == "--db", position + 1 < words.count { explicit = words[position + 1] }
            if word.hasPrefix("--db=") { explicit = String(word.dropFirst(5)) }
        }
        guard let database = try? Store.openForReading(path: Store.resolvePath(explicit)),
              let names = try? database.column("SELECT DISTINCT function FROM fclog_span_rows ORDER BY 1") else { return [] }
        return names.filter { $0.hasPrefix(prefix) }
    }
}
