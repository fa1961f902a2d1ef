/// How `fclog_span_rows` keeps a span's kind, status and duration source: as small integers (a row holds no
/// text for them), which its generated columns `kind`, `status` and `duration_source` name again; its end
/// as an offset from its start (`end_us` is generated); and an FC 3.0 RequestId without the second its key
/// holds (`request_id` is generated). Codes are positions in these lists: append,
/// never reorder, and give a new one its name in a migration's generated column.
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
    /// (`value`, `start` for the row's `start_us`, `requestKey` for its `request_key`): how a row given by its
    /// public columns (one read back from ClickHouse) is written. Nil for a column stored as it is.
    static func stored(_ column: String, value: String, start: String, requestKey: String) -> (column: String, sql: String)? {
        switch column {
        case "kind": ("kind_code", "fclog_stored_code('kind', \(value))")
        case "status": ("outcome_code", "fclog_stored_code('status', \(value))")
        case "duration_source": ("source_code", "fclog_stored_code('duration_source', \(value))")
        case "end_us": ("end_offset_us", "\(value) - coalesce(\(start), 0)")
        case "request_id": ("request_id_raw", "fclog_stored_request_id(\(value), \(requestKey))")
        default: nil
        }
    }

    /// The columns that hold the generated ones' values, which are not shown apart from them.
    static let codeColumns: Set<String> = ["kind_code", "outcome_code", "source_code", "end_offset_us", "request_id_raw"]

    /// Columns this store keeps for its own ingests, which a shared store does not hold.
    static let localColumns: Set<String> = ["times_from_lines"]

    /// The code of a generated column's value (`fclog_stored_code(column, value)` in SQL); nil for NULL or an unknown one.
    static func code(column: String, value: String) -> Int64? {
        switch column {
        case "kind": Phase(rawValue: value).map { code($0) }
        case "status": SpanStatus(rawValue: value).map { code($0) }
        case "duration_source": DurationSource(rawValue: value).map { code($0) }
        default: nil
        }
    }

    /// The part of a RequestId `request_id_raw` keeps, or nil to keep it whole. FC 3.0's ids lead with their Unix
    /// second in eight lowercase hex digits (`1-65937780-cf0f3258-531907be7b3a`), which the RequestId's key holds
    /// (`RequestKey`, the second above its 31 low bits): the rest of the id is kept, 21 bytes rather than 32, and
    /// `request_id` prints the second again from `request_key` (one `printf`, not a hex decoding per row).
    static func storedTail(of id: UnsafeBufferPointer<UInt8>, key: Int64) -> UnsafeBufferPointer<UInt8>? {
        guard let seconds = RequestKey.second(of: id, lowercaseOnly: true) else { return nil }
        // A key made another way (by a store, or a ClickHouse table, that numbered it otherwise) cannot give the second.
        guard key >> 31 == seconds else { return nil }
        let tail = UnsafeBufferPointer(rebasing: id[11...])
        // printf's %s ends at a NUL byte.
        return tail.contains(0) ? nil : tail
    }

    /// Binds a RequestId as `request_id_raw` keeps it: the part after an FC 3.0 id's second as a blob, any other whole as text.
    static func bindRequestID(_ id: String, key: Int64, to s: SQLiteStatement, at index: Int32) {
        var copy = id
        copy.withUTF8 { bytes in
            if let tail = storedTail(of: bytes, key: key) {
                s.bindBlob(index, UnsafeRawBufferPointer(tail))
            } else {
                s.bindText(index, bytes)
            }
        }
    }
}
