/// Set-wide steps run at the end of an ingest, after all lines are in.
public enum StoreMaintenance {
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
