extension StoreMaintenance {
    /// Notes the groups whose executions `attempt` counts (a hook's instance, else the phase's RequestId) of
    /// the spans `spans` selects by id, for `renumberAttempts`.
    static func noteAttemptGroups(_ db: SQLiteDatabase, spans: String) throws {
        try db.execute("""
            DROP TABLE IF EXISTS temp.attempt_groups;
            CREATE TEMP TABLE attempt_groups AS
            SELECT DISTINCT s.function, s.kind,
                   CASE WHEN s.kind <> 'invoke' THEN s.instance END AS instance,
                   CASE WHEN s.kind = 'invoke' OR s.instance IS NULL THEN s.request_key END AS request_key,
                   CASE WHEN s.kind = 'invoke' OR s.instance IS NULL THEN s.request_id END AS request_id
            FROM fclog_span_rows s WHERE s.id IN (\(spans));
            """)
    }

    /// Numbers the executions of each noted group 1, 2, … in the order they ran (by start, else end, then
    /// as stored), whatever order their inputs were ingested or forgotten in.
    static func renumberAttempts(_ db: SQLiteDatabase) throws {
        try db.execute("""
            WITH members(id, function, kind, grp, at) AS MATERIALIZED (
                SELECT s.id, s.function, s.kind, 'i' || s.instance, coalesce(s.start_us, s.end_us)
                FROM temp.attempt_groups g
                JOIN fclog_span_rows s ON s.instance = g.instance AND s.kind = g.kind AND s.function = g.function
                WHERE g.instance IS NOT NULL
                UNION ALL
                SELECT s.id, s.function, s.kind, 'r' || s.request_id, coalesce(s.start_us, s.end_us)
                FROM temp.attempt_groups g
                JOIN fclog_span_rows s ON s.request_key = g.request_key AND s.request_id = g.request_id
                                       AND s.kind = g.kind AND s.function = g.function
                WHERE g.instance IS NULL AND (s.kind = 'invoke' OR s.instance IS NULL)),
            ranked AS (
                SELECT id, row_number() OVER (PARTITION BY function, kind, grp ORDER BY at IS NULL, at, id) AS n FROM members)
            UPDATE fclog_span_rows SET attempt = ranked.n FROM ranked
            WHERE fclog_span_rows.id = ranked.id AND fclog_span_rows.attempt <> ranked.n;
            DROP TABLE temp.attempt_groups;
            """)
    }
}
