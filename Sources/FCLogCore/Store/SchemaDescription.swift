/// What the store's public tables and views hold, column by column, for tools that browse a store:
/// `fclog datasette-metadata` writes it as Datasette's metadata, with the internal tables hidden.
public enum SchemaDescription {
    public struct Object: Sendable {
        public var name: String
        public var description: String
        public var columns: KeyValuePairs<String, String>
    }

    /// The store's internal tables: those named `fclog_…`.
    public static func internalTables(_ db: SQLiteDatabase) throws -> [String] {
        try db.column("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'fclog\\_%' ESCAPE '\\' ORDER BY name")
    }

    public static let objects: [Object] = [
        Object(name: "spans", description: "One row per execution of a lifecycle phase (Initializer, Invoke, PreStop, PreFreeze), rebuilt from its markers.", columns: [
            "id": "The span's id (fclog show ID).",
            "function": "The function; 'unknown' for text logs ingested without --function.",
            "service": "The FC 2.0 service, where the logs name one.",
            "instance_id": "The instance that ran it, where the logs say.",
            "request_id": "The RequestId of its markers.",
            "kind": "initialize, invoke, prestop or prefreeze.",
            "status": "ok, error, timeout, or unfinished (a Start with no End).",
            "error": "The End marker's error text, or the request metrics' error type.",
            "start_time": "Start, ISO-8601 UTC with milliseconds.",
            "end_time": "End, ISO-8601 UTC with milliseconds.",
            "duration_ms": "Duration in milliseconds, from the best source (duration_source).",
            "billed_ms": "Billed milliseconds: the duration rounded up to the billing step; NULL when nothing states a duration.",
            "duration_source": "request_metrics, initializer_metrics, summary_line, millisecond_timestamps, second_timestamps or line_timestamps (best first).",
            "attempt": "For hooks, the attempt on its instance (a retried Initializer has 2, 3, ...).",
            "start_us": "Start in Unix microseconds.",
            "end_us": "End in Unix microseconds.",
            "has_start": "1 when its Start marker was read.",
            "has_end": "1 when its End marker was read.",
            "cold_start": "What request metrics said (1 cold, 0 warm); NULL when they said nothing.",
            "memory_mb": "The instance's memory size, where stated.",
            "max_memory_mb": "The most memory the execution used, where stated.",
            "input_id": "The input (inputs.id) that brought it.",
            "qualifier": "The alias that ran it (LATEST, canary, ...), where stated.",
            "version_id": "The published version that ran it, where stated.",
        ]),
        Object(name: "lines", description: "Every log line kept (see ingest --lines), in input order, with the span it belongs to.", columns: [
            "id": "The line's id.",
            "input_id": "The input (inputs.id) it came from.",
            "line_no": "Its line number in that input.",
            "time": "Its time, ISO-8601 UTC with milliseconds, where it has one.",
            "function": "The function.",
            "instance_id": "The instance, where known.",
            "request_id": "The RequestId, where known.",
            "span_id": "The span (spans.id) it was logged in.",
            "level": "The runtime's level (info, error, ...), where the line has one.",
            "kind": "user, runtime, summary or marker.",
            "message": "The text.",
        ]),
        Object(name: "instances", description: "One row per (function, instance).", columns: [
            "id": "The instance's row id.",
            "function": "The function.",
            "service": "The FC 2.0 service.",
            "instance_id": "The instance id (c-…).",
            "first_seen": "Its first span or event, ISO-8601 UTC.",
            "last_seen": "Its last span or event, ISO-8601 UTC.",
            "created": "Its creation event, where the instance events say.",
            "destroyed": "Its destruction event, where the instance events say.",
            "invocations": "Invocations it ran.",
            "initializer_attempts": "Initializer attempts it ran.",
        ]),
        Object(name: "inputs", description: "One row per input read by fclog ingest.", columns: [
            "id": "The input's id.",
            "name": "The path, or - for standard input.",
            "ingested_at": "When it was read, ISO-8601 UTC.",
            "lines_read": "Lines read.",
            "records_new": "Records stored.",
            "records_duplicate": "Records already stored, not stored again.",
            "lines_skipped": "Lines skipped (blank, banners, tool output, ...).",
            "completed": "1 when the input was read to its end.",
        ]),
        Object(name: "request_metrics", description: "The Log Service request-metrics stream, one record per request, as parsed.", columns: [
            "span_id": "The invocation (spans.id) the record was linked to.",
            "request_id": "The request's RequestId.",
            "duration_ms": "durationMs: the request's exact duration.",
            "is_cold_start": "isColdStart.",
            "error_type": "errorType (FunctionTimeoutError, FunctionOOMError, FunctionUnhandledError).",
        ]),
        Object(name: "instance_events", description: "The Log Service instance-events stream (Creating, CreateSuccess, DestroySuccess, ...).", columns: [
            "instance_id": "The instance.",
            "time": "When, ISO-8601 UTC.",
            "time_us": "When, Unix microseconds.",
            "event": "The event's name.",
        ]),
        Object(name: "instance_metrics", description: "The Log Service instance-metrics stream: periodic samples of each instance.", columns: [
            "instance_id": "The instance.",
            "concurrent_requests": "Requests running at the sample.",
            "memory_usage_mb": "Memory in use.",
        ]),
    ]

    /// Datasette's `metadata.json` for the store `database` (its file name without the extension).
    public static func datasetteMetadata(database: String, internalTables: [String]) -> String {
        var tables: [(String, JSONValue)] = objects.map { object in
            (object.name, .object([
                ("description", .string(object.description)),
                ("columns", .object(object.columns.map { ($0.key, .string($0.value)) })),
            ]))
        }
        tables += internalTables.map { ($0, .object([("hidden", .bool(true))])) }
        let metadata: JSONValue = .object([
            ("title", .string("fclog store")),
            ("description", .string("Function Compute lifecycle spans rebuilt from logs by fclog \(fclogVersion).")),
            ("databases", .object([(database, .object([("tables", .object(tables))]))])),
        ])
        return metadata.rendered() + "\n"
    }
}
