/// A table of the store as ClickHouse holds it: the same columns (`Nullable`, but `function`), and four of its
/// own: the store the row came from, its key there, the push that sent it (the version that
/// `ReplacingMergeTree` keeps the newest of) and whether it was deleted from the store since.
public struct SharedTable: Sendable, Equatable {
    public enum Key: Sendable, Equatable {
        /// The local table's integer primary key `id`.
        case id
        /// A hash of these columns (`fclog_digest`).
        case columns([String])
    }

    public enum Tracking: Sendable, Equatable {
        /// Each row's digest is kept at each push, so that changed rows are sent again and deleted ones as tombstones.
        case digest
        /// Rows only ever come after the last id sent (the lines).
        case watermark
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        /// The store's type: INTEGER, REAL or TEXT.
        public var type: String
        /// What the column is read as from the store, when not the column itself.
        public var expression: String?
    }

    /// The name in ClickHouse (with `_local` for the shards' tables under a `Distributed` one).
    public var name: String
    /// Where the store keeps the rows (a table, or the `lines` view).
    public var source: String
    public var key: Key
    public var tracking: Tracking
    /// Columns the store's table does not have itself, read through `join`.
    var joined: [Column] = []
    var join = ""

    /// Everything pushed, in the order it is sent (what rows refer to comes first).
    public static let all: [SharedTable] = [
        SharedTable(name: "instances", source: "instances", key: .id, tracking: .digest),
        SharedTable(name: "spans", source: "fclog_span_rows", key: .id, tracking: .digest,
                    joined: [Column(name: "instance_id", type: "TEXT", expression: "(SELECT i.instance_id FROM instances i WHERE i.id = t.instance)")]),
        SharedTable(name: "instance_summaries", source: "fclog_instance_summaries", key: .columns(["function", "instance_id"]), tracking: .digest),
        SharedTable(name: "span_tally", source: "fclog_span_tally",
                    key: .columns(["function", "kind", "status", "error", "duration_us", "exact", "standalone"]), tracking: .digest),
        SharedTable(name: "input_spans", source: "fclog_input_spans", key: .columns(["input_id", "function"]), tracking: .digest),
        SharedTable(name: "request_metrics", source: "request_metrics", key: .id, tracking: .digest),
        SharedTable(name: "instance_events", source: "instance_events", key: .id, tracking: .digest),
        SharedTable(name: "instance_metrics", source: "instance_metrics", key: .id, tracking: .digest),
        SharedTable(name: "lines", source: "lines", key: .id, tracking: .watermark),
    ]

    /// The `lines` view's columns (a view declares no types).
    static let lineColumns = [
        ("id", "INTEGER"), ("input_id", "INTEGER"), ("line_no", "INTEGER"), ("time", "TEXT"), ("function", "TEXT"), ("instance_id", "TEXT"),
        ("request_id", "TEXT"), ("span_id", "INTEGER"), ("level", "TEXT"), ("kind", "TEXT"), ("message", "TEXT"),
    ].map { Column(name: $0.0, type: $0.1) }

    /// The columns fclog adds in ClickHouse, with their types.
    public static let ownColumns = [("fclog_store", "String"), ("fclog_key", "Int64"), ("fclog_version", "UInt64"), ("fclog_deleted", "UInt8")]

    /// ClickHouse's type for a column of the store: every column may be NULL but `function`, which shards the rows.
    static func clickHouseType(_ column: Column) -> String {
        let base = switch column.type.uppercased() {
        case "INTEGER": "Int64"
        case "REAL": "Float64"
        default: "String"
        }
        return column.name == "function" ? base : "Nullable(\(base))"
    }

    /// Whether a column of the store holds an id of the store's own (a row of it, an input): such ids are
    /// numbered apart per store when several stores' rows are read together.
    static func isStoreID(_ column: Column) -> Bool {
        column.type.uppercased() == "INTEGER"
            && (column.name == "id" || column.name == "instance" || column.name == "touched_by" || column.name.hasSuffix("_id"))
    }
}
