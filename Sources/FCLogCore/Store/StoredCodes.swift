/// How `fclog_span_rows` keeps a span's kind, status and duration source: as small integers (a row holds no
/// text for them), which its generated columns `kind`, `status` and `duration_source` name again, and its end
/// as an offset from its start (`end_us` is generated). Codes are positions in these lists: append, never
/// reorder, and give a new one its name in a migration's generated column.
enum StoredCodes {
    static let phases: [Phase] = [.initialize, .invoke, .prestop, .prefreeze, .prepareCode]
    static let statuses: [SpanStatus] = [.ok, .error, .timeout, .unfinished]
    static let sources: [DurationSource] = [
        .requestMetrics, .initializerMetrics, .summaryLine, .millisecondTimestamps, .secondTimestamps, .lineTimestamps,
    ]

    static func code(_ phase: Phase) -> Int64 { Int64(phases.firstIndex(of: phase) ?? 0) }
    static func code(_ status: SpanStatus) -> Int64 { Int64(statuses.firstIndex(of: status) ?? 0) }
    static func code(_ source: DurationSource) -> Int64 { Int64(sources.firstIndex(of: source) ?? 0) }

    /// The values of stored codes; nil for NULL or a code this build has no value for.
    static func phase(code: Int64?) -> Phase? { code.flatMap { phases.indices.contains(Int($0)) ? phases[Int($0)] : nil } }
    static func status(code: Int64?) -> SpanStatus? { code.flatMap { statuses.indices.contains(Int($0)) ? statuses[Int($0)] : nil } }
    static func source(code: Int64?) -> DurationSource? { code.flatMap { sources.indices.contains(Int($0)) ? sources[Int($0)] : nil } }

    /// What `end_offset_us` holds for an end: its distance from the start, or the end itself without one.
    static func endOffset(end: Int64?, start: Int64?) -> Int64? {
        end.map { $0 - (start ?? 0) }
    }

    /// The stored column behind a generated one, and the SQL that gives it from the generated column's value
    /// (`value`, and `start` for the row's `start_us`): how a row given by its public columns (one read back from
    /// ClickHouse) is written. Nil for a column stored as it is.
    static func stored(_ column: String, value: String, start: String) -> (column: String, sql: String)? {
        switch column {
        case "kind": ("kind_code", "fclog_stored_code('kind', \(value))")
        case "status": ("outcome_code", "fclog_stored_code('status', \(value))")
        case "duration_source": ("source_code", "fclog_stored_code('duration_source', \(value))")
        case "end_us": ("end_offset_us", "\(value) - coalesce(\(start), 0)")
        default: nil
        }
    }

    /// The columns that hold the generated ones' values, which are not shown apart from them.
    static let codeColumns: Set<String> = ["kind_code", "outcome_code", "source_code", "end_offset_us"]

    /// The code of a generated column's value (`fclog_stored_code(column, value)` in SQL); nil for NULL or an unknown one.
    static func code(column: String, value: String) -> Int64? {
        switch column {
        case "kind": Phase(rawValue: value).map { code($0) }
        case "status": SpanStatus(rawValue: value).map { code($0) }
        case "duration_source": DurationSource(rawValue: value).map { code($0) }
        default: nil
        }
    }
}
