/// How `fclog_span_rows` keeps a span's kind, status and duration source: as small integers (a row holds no
/// text for them), which its generated columns `kind`, `status` and `duration_source` name again; its end
/// as an offset from its start (`end_us` is generated); and its RequestId, when it has one of FC's shapes, as
/// the bytes its hex digits spell (`request_id` is generated). Codes are positions in these lists: append,
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
    /// (`value`, and `start` for the row's `start_us`): how a row given by its public columns (one read back from
    /// ClickHouse) is written. Nil for a column stored as it is.
    static func stored(_ column: String, value: String, start: String) -> (column: String, sql: String)? {
        switch column {
        case "kind": ("kind_code", "fclog_stored_code('kind', \(value))")
        case "status": ("outcome_code", "fclog_stored_code('status', \(value))")
        case "duration_source": ("source_code", "fclog_stored_code('duration_source', \(value))")
        case "end_us": ("end_offset_us", "\(value) - coalesce(\(start), 0)")
        case "request_id": ("request_id_raw", "fclog_stored_request_id(\(value))")
        default: nil
        }
    }

    /// The columns that hold the generated ones' values, which are not shown apart from them.
    static let codeColumns: Set<String> = ["kind_code", "outcome_code", "source_code", "end_offset_us", "request_id_raw"]

    /// The shapes of RequestId kept as bytes: the tag that leads them, the places of their dashes, the case of
    /// their hex letters. FC 3.0's `1-65937780-cf0f3258-531907be7b3a` (15 bytes, not 32), UUIDs (17, not 36).
    private static let requestIDShapes: [(tag: UInt8, length: Int, dashes: [Int], prefix: UInt8?, uppercase: Bool)] = [
        (1, 32, [1, 10, 19], UInt8(ascii: "1"), false),
        (2, 36, [8, 13, 18, 23], nil, false),
        (3, 36, [8, 13, 18, 23], nil, true),
    ]

    /// Calls `body` with the bytes `request_id_raw` keeps for a RequestId of a packed shape, or nil to keep its text.
    static func withPackedRequestID<R>(_ id: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 17) { packed in
            for shape in requestIDShapes where id.count == shape.length {
                if let count = pack(id, shape, into: packed) {
                    return body(UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(packed)[..<count]))
                }
            }
            return body(nil)
        }
    }

    /// Writes the tag and the bytes of the hex digits of `id` into `packed`, giving their count; nil when `id`
    /// is not of the shape.
    private static func pack(_ id: UnsafeBufferPointer<UInt8>, _ shape: (tag: UInt8, length: Int, dashes: [Int], prefix: UInt8?, uppercase: Bool),
                             into packed: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        packed[0] = shape.tag
        var count = 1
        var high: UInt8?
        var dashes = shape.dashes[...]
        for (index, byte) in id.enumerated() {
            if index == dashes.first {
                guard byte == UInt8(ascii: "-") else { return nil }
                dashes.removeFirst()
                continue
            }
            if index == 0, let prefix = shape.prefix {
                guard byte == prefix else { return nil }
                continue
            }
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f") where !shape.uppercase: nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F") where shape.uppercase: nibble = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                packed[count] = first << 4 | nibble
                count += 1
                high = nil
            } else {
                high = nibble
            }
        }
        return count
    }

    /// Binds a RequestId as `request_id_raw` keeps it.
    static func bindRequestID(_ id: String, to s: SQLiteStatement, at index: Int32) {
        var copy = id
        copy.withUTF8 { bytes in
            withPackedRequestID(bytes) { packed in
                if let packed { s.bindBlob(index, packed) } else { s.bindText(index, bytes) }
            }
        }
    }

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
