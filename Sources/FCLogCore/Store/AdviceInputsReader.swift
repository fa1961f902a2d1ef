/// Reads what `fclog advise` needs beyond the workload: memory sizes and
/// use, and the hooks that did not end well, in the window.
public enum AdviceInputsReader {
    public static func read(_ db: SQLiteDatabase, function: String, since: Int64?, until: Int64?) throws -> AdviceInputs {
        var inputs = AdviceInputs()
        let window = "function = ?1 AND " + SpanSelection.window
        func prepared(_ sql: String) throws -> SQLiteStatement {
            let s = try db.prepare(sql)
            s.bind(1, function)
            s.bind(2, since)
            s.bind(3, until)
            return s
        }
        // Request metrics give their span memory_mb and max_memory_mb, so spans alone count each execution once.
        let spans = try prepared("SELECT memory_mb, max_memory_mb FROM fclog_span_rows WHERE \(window) AND (memory_mb IS NOT NULL OR max_memory_mb IS NOT NULL)")
        while try spans.step() {
            if let size = spans.optionalDouble(0), size > 0 { inputs.configuredMB[size, default: 0] += 1 }
            if let used = spans.optionalDouble(1) { inputs.usedMB.append(used) }
        }
        let instances = try prepared("""
            SELECT memory_usage_mb, memory_limit_mb FROM instance_metrics
            WHERE function = ?1 AND (?2 IS NULL OR time >= strftime('%Y-%m-%dT%H:%M:%fZ', ?2 / 1e6, 'unixepoch'))
              AND (?3 IS NULL OR time < strftime('%Y-%m-%dT%H:%M:%fZ', ?3 / 1e6, 'unixepoch'))
            """)
        while try instances.step() {
            if let used = instances.optionalDouble(0) { inputs.instanceUsedMB.append(used) }
            if inputs.configuredMB.isEmpty, let limit = instances.optionalDouble(1), limit > 0 { inputs.configuredMB[limit] = 0 }
        }
        let hooks = try prepared("""
            SELECT kind, status, duration_us, request_id FROM fclog_span_rows
            WHERE \(window) AND kind IN ('initialize', 'prestop') AND status <> 'ok' ORDER BY coalesce(start_us, end_us), id
            """)
        while try hooks.step() {
            guard let phase = hooks.textBytes(0).flatMap(StoredText.phase) else { continue }
            let status = hooks.textBytes(1).map(StoredText.status) ?? .unfinished
            inputs.hooks.append(.init(phase: phase, status: status, duration: status == .unfinished ? nil : hooks.optionalInt64(2),
                                      requestID: hooks.text(3) ?? ""))
        }
        return inputs
    }
}
