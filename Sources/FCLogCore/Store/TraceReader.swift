/// Streams the spans and instance events that exports draw, in the order they draw them: by function, then
/// instance (spans without one last), then start. The window and scope are the report's.
public enum TraceReader {
    public static func spans(_ db: SQLiteDatabase, selection: SpanSelection, _ body: (TraceSpan) throws -> Void) throws {
        let cursor = try SpanCursor(db, selection: selection)
        while let span = try cursor.next() { try body(span) }
    }

    /// The spans one at a time, for a reader that waits between them (a push over the network).
    public final class SpanCursor {
        private let s: SQLiteStatement
        private var function = StoredText.Interned()
        private var instance = StoredText.Interned()

        public init(_ db: SQLiteDatabase, selection: SpanSelection) throws {
            s = try db.prepare("""
                SELECT s.id, s.function, s.service, i.instance_id, s.request_id, s.kind, s.status, s.error, s.start_us, s.end_us,
                       s.duration_us, s.billed_ms, s.duration_source, s.attempt, s.cold_start, s.memory_mb, s.max_memory_mb,
                       s.qualifier, s.version_id
                FROM fclog_span_rows s LEFT JOIN instances i ON i.id = s.instance
                WHERE (?1 IS NULL OR s.function = ?1) AND \(SpanSelection.window) AND \(SpanSelection.scope)
                ORDER BY s.function, i.instance_id IS NULL, i.instance_id, coalesce(s.start_us, s.end_us), s.id
                """)
            selection.bind(s)
        }

        public func next() throws -> TraceSpan? {
            while try s.step() {
                guard let phase = s.text(5).flatMap(Phase.init(rawValue:)), phase.isSpan else { continue }
                var span = TraceSpan(id: s.int64(0), function: function.string(s.textBytes(1)) ?? "", requestID: s.text(4) ?? "",
                                     phase: phase, status: s.text(6).flatMap(SpanStatus.init(rawValue:)) ?? .unfinished)
                span.service = s.text(2)
                span.instanceID = instance.string(s.textBytes(3))
                span.error = s.text(7)
                span.start = s.optionalInt64(8)
                span.end = s.optionalInt64(9)
                span.durationMicros = s.optionalInt64(10)
                span.billedMillis = s.optionalInt64(11)
                span.durationSource = s.text(12)
                span.attempt = Int(s.int64(13))
                span.coldStartFlag = s.optionalInt64(14).map { $0 != 0 }
                span.memoryMB = s.optionalInt64(15)
                span.maxMemoryMB = s.optionalDouble(16)
                span.qualifier = s.text(17)
                span.versionID = s.text(18)
                return span
            }
            return nil
        }
    }

    /// The instance events of the functions in scope, in the window, by function, instance and time.
    public static func instanceEvents(_ db: SQLiteDatabase, selection: SpanSelection, _ body: (TraceInstanceEvent) throws -> Void) throws {
        let s = try db.prepare("""
            SELECT function, instance_id, time_us, event FROM instance_events
            WHERE instance_id IS NOT NULL AND time_us IS NOT NULL AND (?1 IS NULL OR function = ?1)
              AND (?2 IS NULL OR time_us >= ?2) AND (?3 IS NULL OR time_us < ?3) AND (?20 IS NULL OR instance_id = ?20)
            ORDER BY function, instance_id, time_us, id
            """)
        selection.bind(s)
        while try s.step() {
            try body(TraceInstanceEvent(function: s.text(0) ?? "", instanceID: s.text(1) ?? "", time: s.int64(2), event: s.text(3) ?? ""))
        }
    }
}
