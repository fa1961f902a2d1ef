/// How instance summaries are kept in `fclog_instance_summaries`: rebuilt from an instance's spans, dropped
/// when its spans change, read back for a report.
extension InstanceSummary {
    private static let columns = """
        function, instance_id, spans, service, service_span_id, first_us, last_us, invocations,
        first_invoke_us, first_invoke_id, first_invoke_flagged, first_invoke_request_key,
        cold_flagged_request_keys, initializer_attempts, initializer_ok, last_initializer_ok_us,
        memory_mb_sum, memory_mb_count, busy_billed_ms, peak_concurrency, begin_us, finish_us, destroyed
        """

    /// The most spans of an instance sorted in memory for its summary.
    static let sortedHere = 16_384

    /// Rewrites the summaries of the given instances from their spans.
    static func rebuild(_ db: SQLiteDatabase, touched: Set<InstanceRef>, sortedHere: Int = sortedHere) throws {
        guard !touched.isEmpty else { return }
        // Only the columns a summary needs: this reads every span an ingest touched. In order of start, for
        // the summary to sweep them as they come: an instance's spans are sorted here, in half the time
        // SQLite's sorter took; an instance with more than `sortedHere` is read again sorted by SQLite, in
        // bounded memory.
        let read = "SELECT id, service, request_key, kind_code, outcome_code, start_us, end_us, duration_us, cold_start, memory_mb"
            + " FROM fclog_span_rows WHERE instance = ?1"
        let spans = try db.prepare(read)
        let sortedSpans = try db.prepare(read + " ORDER BY start_us")
        let store = try db.prepare("""
            INSERT OR REPLACE INTO fclog_instance_summaries(\(columns))
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
            """)
        let facts = try db.prepare("""
            SELECT id, coalesce(created, first_seen), coalesce(destroyed, last_seen), destroyed IS NOT NULL
            FROM instances WHERE function = ?1 AND instance_id = ?2
            """)
        var rows: [(service: String?, facts: SpanFacts)] = []
        for ref in touched {
            let (function, instance) = (ref.function, ref.instance)
            // The instance's row gives both its facts and the number its spans refer to it by.
            facts.bind(1, function)
            facts.bind(2, instance)
            var found: (number: Int64, facts: InstanceFacts)?
            if try facts.step() {
                found = (facts.int64(0), InstanceFacts(begin: facts.text(1).flatMap(StoredText.micros),
                                                                     finish: facts.text(2).flatMap(StoredText.micros),
                                                                     destroyed: facts.int64(3) != 0))
            }
            facts.reset()
            var builder = Builder(function: function, instance: instance)
            var services = StoredText.Interned()
            func row(_ s: SQLiteStatement) -> (service: String?, facts: SpanFacts)? {
                guard let phase = StoredCodes.phase(code: s.optionalInt64(3)) else { return nil }
                return (services.string(s.textBytes(1)), SpanFacts(
                    id: s.int64(0), instance: instance, requestKey: s.int64(2), phase: phase,
                    status: StoredCodes.status(code: s.optionalInt64(4)) ?? .unfinished, error: nil,
                    start: s.optionalInt64(5), end: s.optionalInt64(6), duration: s.optionalInt64(7),
                    exact: false, coldStart: s.optionalInt64(8).map { $0 != 0 }, memoryMB: s.optionalDouble(9), inputID: nil))
            }
            rows.removeAll(keepingCapacity: true)
            var fits = true
            spans.bind(1, found?.number)
            while try spans.step() {
                guard rows.count < sortedHere else {
                    fits = false
                    break
                }
                if let row = row(spans) { rows.append(row) }
            }
            spans.reset()
            if fits {
                // As SQLite orders them: no start first, equal starts by id (the order the instance's index gives).
                rows.sort { ($0.facts.start ?? .min, $0.facts.id) < ($1.facts.start ?? .min, $1.facts.id) }
                for row in rows { builder.add(service: row.service, row.facts) }
            } else {
                sortedSpans.bind(1, found?.number)
                while try sortedSpans.step() {
                    if let row = row(sortedSpans) { builder.add(service: row.service, row.facts) }
                }
                sortedSpans.reset()
            }
            var summary = builder.finish()
            summary.facts = found?.facts
            summary.bind(store)
            try store.run()
        }
    }

    /// Drops the summaries of the given instances, whose spans changed.
    static func invalidate(_ db: SQLiteDatabase, touched: Set<InstanceRef>) throws {
        let drop = try db.prepare("DELETE FROM fclog_instance_summaries WHERE function = ?1 AND instance_id = ?2")
        for ref in touched {
            drop.bind(1, ref.function)
            drop.bind(2, ref.instance)
            try drop.run()
        }
    }

    /// Summarises the instances with no summary (changed since their last one,
    /// or stored before summaries were kept), a few thousand at a time so that
    /// memory does not grow with the store.
    static func rebuildMissing(_ db: SQLiteDatabase) throws {
        let s = try db.prepare("""
            SELECT i.id, i.function, i.instance_id FROM instances i
            WHERE i.id > ?1
              AND NOT EXISTS (SELECT 1 FROM fclog_instance_summaries s WHERE s.function = i.function AND s.instance_id = i.instance_id)
            ORDER BY i.id LIMIT 4096
            """)
        var after: Int64 = 0
        var refs: Set<InstanceRef> = []
        repeat {
            refs.removeAll(keepingCapacity: true)
            s.bind(1, after)
            while try s.step() {
                after = s.int64(0)
                refs.insert(InstanceRef(function: s.text(1) ?? "", instance: s.text(2) ?? ""))
            }
            s.reset()
            try rebuild(db, touched: refs)
        } while !refs.isEmpty
    }

    private func bind(_ s: SQLiteStatement) {
        s.bind(1, function)
        s.bind(2, instance)
        s.bind(3, spans)
        s.bind(4, service)
        s.bind(5, serviceSpanID)
        s.bind(6, firstSeen)
        s.bind(7, lastSeen)
        s.bind(8, invocations)
        s.bind(9, firstInvoke?.time)
        s.bind(10, firstInvoke?.id)
        s.bind(11, firstInvoke.map { $0.flagged ? 1 : 0 } as Int?)
        s.bind(12, firstInvoke?.requestKey)
        s.bind(13, coldFlaggedRequestKeys.isEmpty ? nil : coldFlaggedRequestKeys.map(String.init).joined(separator: ","))
        s.bind(14, initializerAttempts)
        s.bind(15, initializerOK)
        s.bind(16, lastInitializerOK)
        s.bind(17, memorySum)
        s.bind(18, memoryCount)
        s.bind(19, busyBilledMillis)
        s.bind(20, peakConcurrency)
        s.bind(21, facts?.begin)
        s.bind(22, facts?.finish)
        s.bind(23, facts.map { $0.destroyed ? 1 : 0 } as Int?)
    }

    /// The stored summaries with spans, of one function or all.
    static func load(_ db: SQLiteDatabase, function: String?, _ body: (InstanceSummary) -> Void) throws {
        let s = try db.prepare("SELECT \(columns) FROM fclog_instance_summaries WHERE spans > 0 AND (?1 IS NULL OR function = ?1)")
        s.bind(1, function)
        var functions = StoredText.Interned()
        var services = StoredText.Interned()
        while try s.step() {
            var summary = InstanceSummary(function: functions.string(s.textBytes(0)) ?? "", instance: s.text(1) ?? "")
            summary.spans = Int(s.int64(2))
            summary.service = services.string(s.textBytes(3))
            summary.serviceSpanID = s.optionalInt64(4)
            summary.firstSeen = s.optionalInt64(5)
            summary.lastSeen = s.optionalInt64(6)
            summary.invocations = Int(s.int64(7))
            if let time = s.optionalInt64(8), let id = s.optionalInt64(9) {
                summary.firstInvoke = (time, id, s.int64(10) != 0, s.int64(11))
            }
            summary.coldFlaggedRequestKeys = (s.text(12) ?? "").split(separator: ",").compactMap { Int64($0) }
            summary.initializerAttempts = Int(s.int64(13))
            summary.initializerOK = Int(s.int64(14))
            summary.lastInitializerOK = s.optionalInt64(15)
            summary.memorySum = s.optionalDouble(16) ?? 0
            summary.memoryCount = Int(s.int64(17))
            summary.busyBilledMillis = s.int64(18)
            summary.peakConcurrency = Int(s.int64(19))
            if let destroyed = s.optionalInt64(22) {
                summary.facts = InstanceFacts(begin: s.optionalInt64(20), finish: s.optionalInt64(21), destroyed: destroyed != 0)
            }
            body(summary)
        }
    }
}
