/// Set-wide steps run at the end of an ingest, after all lines are in.
public enum StoreMaintenance {
    /// Links each request-metrics record the ingest could not link as it arrived
    /// to its invocation span (same function and RequestId, compatible instance,
    /// nearest start) and gives the span the metrics' exact timing and status;
    /// a record whose span is not in the logs becomes a span of its own. On a
    /// cold start (linked either way), the Initializer before it takes
    /// `invokeFunctionLatencyMs` as its duration, once the Initializer is
    /// stored (`fclog_pending_initializers` keeps the records that wait). The instances of
    /// the spans it changed go to `temp.reconciled_instances` (see
    /// `rebuildReconciledInstances`). Records are taken a few thousand at a
    /// time, in order of start, so that memory does not grow with them.
    static func reconcileRequestMetrics(_ db: SQLiteDatabase, tally: SpanTally, instances: InstanceNumbers,
                                        stepMillis: Int64) throws {
        // Equal starts in RequestId order: the same record times an Initializer whatever order the input had.
        try db.execute("""
            DROP TABLE IF EXISTS temp.pending_metrics;
            DELETE FROM main.fclog_pending_initializers WHERE metric_id NOT IN (SELECT id FROM main.request_metrics);
            CREATE TEMP TABLE pending_metrics AS SELECT id FROM main.request_metrics
                WHERE span_id IS NULL OR id IN (SELECT metric_id FROM main.fclog_pending_initializers)
                ORDER BY start_us, request_id, id;
            CREATE TEMP TABLE IF NOT EXISTS reconciled_instances(id INTEGER PRIMARY KEY);
            """)
        let pending = try db.prepare("""
            SELECT p.rowid, m.id, m.function, m.service, m.request_id, m.instance_id, m.start_us, m.duration_ms, m.error_type,
                m.has_function_error, m.is_cold_start, m.invoke_function_latency_ms, m.memory_mb, m.memory_usage_mb, m.qualifier,
                m.span_id
            FROM temp.pending_metrics p JOIN main.request_metrics m ON m.id = p.id
            WHERE p.rowid > ?1 ORDER BY p.rowid LIMIT 4096
            """)
        // With each candidate, its tally key as it stands (the apply returns the one after).
        let candidates = try db.prepare("""
            SELECT s.id, i.instance_id, s.start_us, \(SpanTally.keyColumns(of: "s"))
            FROM fclog_span_rows s LEFT JOIN instances i ON i.id = s.instance
            WHERE s.request_key = ?3 AND s.request_id = ?1 AND s.kind = 'invoke' AND s.function = ?2
              AND NOT EXISTS (SELECT 1 FROM request_metrics m WHERE m.span_id = s.id)
            """)
        let link = try db.prepare("UPDATE request_metrics SET span_id = ? WHERE id = ?")
        // A record with no span in the logs: the span as `apply` would leave it, in one statement.
        let create = try db.prepare("""
            INSERT INTO fclog_span_rows(function, service, instance, request_id, request_key, kind, status, error,
                start_us, end_us, duration_us, billed_ms, duration_source, cold_start, memory_mb, max_memory_mb, qualifier, attempt)
            VALUES (?1, ?2, ?3, ?4, ?5, 'invoke', coalesce(?6, 'ok'), ?7, ?8, ?8 + ?9, ?9,
                    fclog_billed_ms(?9, ?10), CASE WHEN ?9 IS NULL THEN NULL ELSE 'request_metrics' END, ?11, ?12, ?13, ?14,
                    (SELECT count(*) + 1 FROM fclog_span_rows WHERE request_key = ?5 AND request_id = ?4 AND kind = 'invoke' AND function = ?1))
            """)
        // billed_ms from the new duration and status (the right-hand sides see the row as it was).
        let apply = try db.prepare("""
            UPDATE fclog_span_rows SET
                instance = coalesce(instance, ?2),
                start_us = CASE WHEN ?4 IS NULL THEN coalesce(start_us, ?3) ELSE coalesce(?3, start_us) END,
                end_us = CASE WHEN ?4 IS NULL THEN end_us ELSE coalesce(?3, start_us) + ?4 END,
                duration_us = coalesce(?4, duration_us),
                duration_source = CASE WHEN ?4 IS NULL THEN duration_source ELSE 'request_metrics' END,
                status = fclog_merged_status(status, ?5),
                billed_ms = fclog_billed_ms(coalesce(?4, duration_us), ?10),
                error = CASE WHEN error IS NULL THEN ?6 ELSE error END,
                cold_start = ?7,
                memory_mb = coalesce(?8, memory_mb),
                max_memory_mb = coalesce(?9, max_memory_mb),
                qualifier = coalesce(qualifier, ?11)
            WHERE id = ?1
            RETURNING instance, \(SpanTally.keyColumns())
            """)
        let initializer = try db.prepare("""
            SELECT id FROM fclog_span_rows
            WHERE kind = 'initialize' AND function = ?1
              AND ((?2 IS NOT NULL AND instance = ?2) OR (instance IS NULL AND request_key = ?4 AND request_id = ?3))
              AND coalesce(duration_source, '') NOT IN ('request_metrics', 'initializer_metrics')
            ORDER BY coalesce(start_us, end_us) <= ?5 DESC, CASE WHEN coalesce(start_us, end_us) <= ?5 THEN coalesce(start_us, end_us) END DESC,
                     attempt DESC
            LIMIT 1
            """)
        let applyInitializer = try db.prepare("""
            UPDATE fclog_span_rows SET duration_us = ?2, duration_source = 'initializer_metrics',
                end_us = CASE WHEN start_us IS NOT NULL THEN start_us + ?2 ELSE end_us END,
                start_us = CASE WHEN start_us IS NULL AND end_us IS NOT NULL THEN end_us - ?2 ELSE start_us END,
                status = CASE WHEN status = 'unfinished' THEN 'ok' ELSE status END,
                billed_ms = fclog_billed_ms(?2, ?3)
            WHERE id = ?1
            RETURNING instance
            """)
        let keepPending = try db.prepare("INSERT OR IGNORE INTO fclog_pending_initializers(metric_id) VALUES (?1)")
        let dropPending = try db.prepare("DELETE FROM fclog_pending_initializers WHERE metric_id = ?1")
        let noteInstance = try db.prepare("INSERT OR IGNORE INTO temp.reconciled_instances(id) VALUES (?1)")
        struct Metric {
            var id: Int64
            var service: String?
            var record: RequestMetrics
            /// The span the ingest linked it to as it arrived.
            var span: Int64?
        }
        let step = max(1, stepMillis)
        var lastNoted: Int64?
        /// Notes an instance to rebuild; records of one instance mostly come together.
        func note(_ instance: Int64) throws {
            guard instance != lastNoted else { return }
            lastNoted = instance
            noteInstance.bind(1, instance)
            try noteInstance.run()
        }
        /// Runs a change of a stored span, keeping the tally in step and noting the span's instance.
        func changing(_ id: Int64, _ change: SQLiteStatement) throws {
            if let before = try tally.key(ofSpan: id) { tally.add(before, -1) }
            defer { change.reset() }
            if try change.step(), let instance = change.optionalInt64(0) {
                change.reset()
                try note(instance)
            }
            if let after = try tally.key(ofSpan: id) { tally.add(after, 1) }
        }
        var metrics: [Metric] = []
        var after: Int64 = 0
        repeat {
            metrics.removeAll(keepingCapacity: true)
            pending.bind(1, after)
            while try pending.step() {
                after = pending.int64(0)
                metrics.append(Metric(
                    id: pending.int64(1), service: pending.text(3),
                    record: RequestMetrics(
                        function: pending.text(2) ?? "", requestID: pending.text(4) ?? "", instanceID: pending.text(5),
                        startMicros: pending.optionalInt64(6), durationMillis: pending.optionalDouble(7),
                        errorType: pending.text(8), hasFunctionError: pending.optionalInt64(9) == 1,
                        coldStart: pending.optionalInt64(10), initializerMillis: pending.optionalDouble(11),
                        memoryMB: pending.optionalInt64(12), memoryUsageMB: pending.optionalDouble(13),
                        qualifier: pending.text(14)),
                    span: pending.optionalInt64(15)))
            }
            pending.reset()
            for pendingMetric in metrics where !pendingMetric.record.requestID.isEmpty {
                let metric = pendingMetric.record
                let instance = try instances.number(function: metric.function, instance: metric.instanceID)
                if pendingMetric.span == nil {
                    candidates.bind(1, metric.requestID)
                    candidates.bind(2, metric.function)
                    candidates.bind(3, RequestKey.of(metric.requestID))
                    var best: Int64?
                    var bestKey: SpanTally.Key?
                    var bestGap = Int64.max
                    while try candidates.step() {
                        let instance = candidates.text(1)
                        if let a = metric.instanceID, let b = instance, a != b { continue }
                        let gap = metric.startMicros.flatMap { m in candidates.optionalInt64(2).map { abs($0 - m) } } ?? (Int64.max - 1)
                        if gap < bestGap {
                            best = candidates.int64(0)
                            bestKey = SpanTally.key(candidates, at: 3)
                            bestGap = gap
                        }
                    }
                    candidates.reset()
                    let outcome = metric.outcome
                    let error = metric.error
                    let spanID: Int64
                    if let best {
                        spanID = best
                        apply.bind(1, spanID)
                        apply.bind(2, instance)
                        apply.bind(3, metric.startMicros)
                        apply.bind(4, metric.durationMicros)
                        apply.bind(5, outcome?.rawValue)
                        apply.bind(6, error)
                        apply.bind(7, metric.coldStart)
                        apply.bind(8, metric.memoryMB)
                        apply.bind(9, metric.memoryUsageMB)
                        apply.bind(10, step)
                        apply.bind(11, metric.qualifier)
                        if let bestKey { tally.add(bestKey, -1) }
                        if try apply.step() {
                            if let instance = apply.optionalInt64(0) { try note(instance) }
                            if let after = SpanTally.key(apply, at: 1) { tally.add(after, 1) }
                        }
                        apply.reset()
                    } else {
                        let duration = metric.durationMicros
                        create.bind(1, metric.function)
                        create.bind(2, pendingMetric.service)
                        create.bind(3, instance)
                        create.bind(4, metric.requestID)
                        create.bind(5, RequestKey.of(metric.requestID))
                        create.bind(6, outcome?.rawValue)
                        create.bind(7, error)
                        create.bind(8, metric.startMicros)
                        create.bind(9, duration)
                        create.bind(10, step)
                        create.bind(11, metric.coldStart)
                        create.bind(12, metric.memoryMB)
                        create.bind(13, metric.memoryUsageMB)
                        create.bind(14, metric.qualifier)
                        try create.run()
                        spanID = db.lastInsertRowID
                        tally.add(SpanTally.Key(function: metric.function, phase: .invoke, status: outcome ?? .ok, error: error,
                                                duration: duration, exact: duration != nil, hasInstance: instance != nil,
                                                start: metric.startMicros, end: duration.flatMap { d in metric.startMicros.map { $0 + d } }), 1)
                        if let instance { try note(instance) }
                    }
                    link.bind(1, spanID)
                    link.bind(2, pendingMetric.id)
                    try link.run()
                }
                if metric.timesInitializer, let latency = metric.initializerMicros {
                    initializer.bind(1, metric.function)
                    initializer.bind(2, instance)
                    initializer.bind(3, metric.requestID)
                    initializer.bind(4, RequestKey.of(metric.requestID))
                    // The Initializer that prepared the instance for this invocation: the last begun before it.
                    initializer.bind(5, metric.startMicros)
                    let found = try initializer.step() ? initializer.int64(0) : nil
                    initializer.reset()
                    if let found {
                        applyInitializer.bind(1, found)
                        applyInitializer.bind(2, latency)
                        applyInitializer.bind(3, step)
                        try changing(found, applyInitializer)
                    }
                    // An Initializer not stored yet (metrics ingested before the logs) is looked for again next time.
                    let pendingChange = found == nil ? keepPending : dropPending
                    pendingChange.bind(1, pendingMetric.id)
                    try pendingChange.run()
                }
            }
            // The tally's changes are many (one key per duration): written as they come.
            try tally.flush()
        } while !metrics.isEmpty
        try db.execute("DROP TABLE temp.pending_metrics")
    }

    /// The upsert of an instance's row (?1 function, ?2 instance id) from the
    /// rows of `spans` (service, t0, t1, created, destroyed, kind, counted)
    /// and the instance's events, resolving a conflict with `onConflict`.
    private static func instanceUpsert(spans: String, onConflict: String) -> String {
        """
        INSERT INTO instances(function, service, instance_id, first_seen, last_seen, created, destroyed,
                              invocations, initializer_attempts)
        SELECT ?1, max(service), ?2,
            strftime('%Y-%m-%dT%H:%M:%fZ', min(t0) / 1000000.0, 'unixepoch'),
            strftime('%Y-%m-%dT%H:%M:%fZ', max(t1) / 1000000.0, 'unixepoch'),
            strftime('%Y-%m-%dT%H:%M:%fZ', min(created) / 1000000.0, 'unixepoch'),
            strftime('%Y-%m-%dT%H:%M:%fZ', max(destroyed) / 1000000.0, 'unixepoch'),
            coalesce(sum(counted AND kind = 'invoke'), 0), coalesce(sum(counted AND kind = 'initialize'), 0)
        FROM (
            \(spans)
            UNION ALL
            SELECT service, time_us, time_us,
                   CASE WHEN event IN ('Creating', 'CreateSuccess') THEN time_us END,
                   CASE WHEN event = 'DestroySuccess' THEN time_us END, 'event', 0
            FROM instance_events WHERE instance_id = ?2 AND function = ?1
        )
        HAVING count(*) > 0
        ON CONFLICT(function, instance_id) DO UPDATE SET
            \(onConflict)
        """
    }

    /// Drops the rows of instance ids that nothing refers to any more (a copy's cut id whose spans moved
    /// to the whole one); true when a row went, so that cached instance numbers are forgotten.
    static func dropUnused(_ db: SQLiteDatabase, _ refs: Set<InstanceRef>) throws -> Bool {
        guard !refs.isEmpty else { return false }
        let drop = try db.prepare("""
            DELETE FROM instances WHERE function = ?1 AND instance_id = ?2
              AND NOT EXISTS (SELECT 1 FROM fclog_span_rows s WHERE s.instance = instances.id)
              AND NOT EXISTS (SELECT 1 FROM instance_events e WHERE e.instance_id = ?2)
              AND NOT EXISTS (SELECT 1 FROM request_metrics m WHERE m.instance_id = ?2)
            """)
        var dropped = false
        for ref in refs {
            drop.bind(1, ref.function)
            drop.bind(2, ref.instance)
            try drop.run()
            if db.changes > 0 { dropped = true }
        }
        return dropped
    }

    /// Brings up to date the `instances` rows (and drops the summaries) of the
    /// instances `reconcileRequestMetrics` noted, a few thousand at a time.
    static func rebuildReconciledInstances(_ db: SQLiteDatabase) throws {
        let exists = try db.scalarInt("SELECT count(*) FROM temp.sqlite_master WHERE name = 'reconciled_instances'") ?? 0
        guard exists > 0 else { return }
        let chunk = try db.prepare("""
            SELECT r.id, i.function, i.instance_id FROM temp.reconciled_instances r JOIN main.instances i ON i.id = r.id
            WHERE r.id > ?1 ORDER BY r.id LIMIT 4096
            """)
        var after: Int64 = 0
        var refs: Set<InstanceRef> = []
        repeat {
            refs.removeAll(keepingCapacity: true)
            chunk.bind(1, after)
            while try chunk.step() {
                after = chunk.int64(0)
                refs.insert(InstanceRef(function: chunk.text(1) ?? "", instance: chunk.text(2) ?? ""))
            }
            chunk.reset()
            try rebuildInstances(db, touched: refs)
            try InstanceSummary.invalidate(db, touched: refs)
        } while !refs.isEmpty
        try db.execute("DROP TABLE temp.reconciled_instances")
    }

    /// Instances with fewer spans than this are rebuilt from all their spans at
    /// every batch; larger ones take only the batch's spans in.
    static let incrementalInstanceSpans = 1000

    /// Brings the rows of `instances` up to date after a batch, the large
    /// instances (see `incrementalInstanceSpans`) from the batch's spans alone:
    /// rows with ids after `lastSpanID` (the last of the batch before), and the
    /// older rows in `updated`, which it rewrote. `exact` are rebuilt whole
    /// whatever their size. Returns the instances taken in from the batch.
    static func updateInstances(_ db: SQLiteDatabase, touched: Set<InstanceRef>, after lastSpanID: Int64,
                                updated: [Int64], exact: Set<InstanceRef>) throws -> Set<InstanceRef> {
        let size = try db.prepare("SELECT invocations + initializer_attempts FROM instances WHERE function = ?1 AND instance_id = ?2")
        var whole: Set<InstanceRef> = []
        var large: Set<InstanceRef> = []
        for ref in touched {
            size.bind(1, ref.function)
            size.bind(2, ref.instance)
            let spans = try size.step() ? size.int64(0) : 0
            size.reset()
            if spans < incrementalInstanceSpans || exact.contains(ref) { whole.insert(ref) } else { large.insert(ref) }
        }
        try rebuildInstances(db, touched: whole)
        guard !large.isEmpty else { return [] }
        // The batch's spans merged into the row: counts added, times widened. Older rows are read by id,
        // not by scanning the instance's spans, which would make a long-lived instance cost more at every batch.
        let merge = try db.prepare(instanceUpsert(spans: """
            SELECT service, start_us AS t0, coalesce(end_us, start_us) AS t1, NULL AS created, NULL AS destroyed, kind, 1 AS counted
            FROM fclog_span_rows WHERE instance = (SELECT id FROM instances WHERE function = ?1 AND instance_id = ?2) AND id > ?3
            UNION ALL
            SELECT s.service, s.start_us, coalesce(s.end_us, s.start_us), NULL, NULL, s.kind, 0
            FROM json_each(?4) AS j CROSS JOIN fclog_span_rows AS s ON s.id = j.value
            WHERE s.id <= ?3 AND s.instance = (SELECT id FROM instances WHERE function = ?1 AND instance_id = ?2)
            """, onConflict: """
            service = coalesce(max(service, excluded.service), service, excluded.service),
            first_seen = coalesce(min(first_seen, excluded.first_seen), first_seen, excluded.first_seen),
            last_seen = coalesce(max(last_seen, excluded.last_seen), last_seen, excluded.last_seen),
            created = coalesce(min(created, excluded.created), created, excluded.created),
            destroyed = coalesce(max(destroyed, excluded.destroyed), destroyed, excluded.destroyed),
            invocations = invocations + excluded.invocations,
            initializer_attempts = initializer_attempts + excluded.initializer_attempts
            """))
        let ids = "[" + updated.map(String.init).joined(separator: ",") + "]"
        for ref in large {
            merge.bind(1, ref.function)
            merge.bind(2, ref.instance)
            merge.bind(3, lastSpanID)
            merge.bind(4, ids)
            try merge.run()
        }
        return large
    }

    /// Brings the rows of `instances` for the given instances up to date from
    /// spans, instance events and request metrics. A row keeps its `id`, by
    /// which spans refer to it.
    static func rebuildInstances(_ db: SQLiteDatabase, touched: Set<InstanceRef>) throws {
        let upsert = try db.prepare(instanceUpsert(spans: """
            SELECT service, start_us AS t0, coalesce(end_us, start_us) AS t1, NULL AS created, NULL AS destroyed, kind, 1 AS counted
            FROM fclog_span_rows WHERE instance = (SELECT id FROM instances WHERE function = ?1 AND instance_id = ?2)
            """, onConflict: """
            service = excluded.service, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
            created = excluded.created, destroyed = excluded.destroyed, invocations = excluded.invocations,
            initializer_attempts = excluded.initializer_attempts
            """))
        for ref in touched {
            upsert.bind(1, ref.function)
            upsert.bind(2, ref.instance)
            try upsert.run()
        }
    }
}
