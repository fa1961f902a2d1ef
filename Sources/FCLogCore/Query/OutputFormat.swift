/// How `fclog query` prints rows.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal.
    case table
    /// RFC 4180.
    case csv
    /// One JSON array of objects keyed by column name.
    case json
    /// One JSON object per line.
    case jsonl
}
