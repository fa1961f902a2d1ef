/// The store's schema, as the ordered list of its migrations. The README
/// documents every table and column: it is fclog's public interface.
public enum Schema {
    /// Every migration of the store, in order; append, never edit.
    public static let migrator = Migrator([
        Migration("v1-initial", """
            CREATE TABLE inputs(
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                ingested_at TEXT NOT NULL,
                lines_read INTEGER NOT NULL DEFAULT 0,
                records_new INTEGER NOT NULL DEFAULT 0,
                records_duplicate INTEGER NOT NULL DEFAULT 0,
                lines_skipped INTEGER NOT NULL DEFAULT 0,
                completed INTEGER NOT NULL DEFAULT 0
            );

            CREATE TABLE record_keys(
                bucket INTEGER PRIMARY KEY,
                keys BLOB NOT NULL
            );

            CREATE TABLE span_rows(
                id INTEGER PRIMARY KEY,
                function TEXT NOT NULL,
                service TEXT,
                instance_id TEXT,
                request_id TEXT NOT NULL,
                request_key INTEGER NOT NULL DEFAULT 0,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                error TEXT,
                start_us INTEGER,
                end_us INTEGER,
                duration_us INTEGER,
                billed_ms INTEGER,
                duration_source TEXT,
                attempt INTEGER NOT NULL DEFAULT 1,
                has_start INTEGER NOT NULL DEFAULT 0,
                has_end INTEGER NOT NULL DEFAULT 0,
                cold_start INTEGER,
                memory_mb INTEGER,
                max_memory_mb REAL,
                input_id INTEGER
            );
            CREATE INDEX span_rows_by_request ON span_rows(request_key);
            CREATE INDEX span_rows_by_instance ON span_rows(instance_id);
            CREATE INDEX span_rows_open ON span_rows(has_start, has_end) WHERE has_start = 0 OR has_end = 0;
            CREATE VIEW spans AS
            SELECT id, function, service, instance_id, request_id, kind, status, error,
                   CASE WHEN start_us IS NULL THEN NULL
                        ELSE strftime('%Y-%m-%dT%H:%M:%S', start_us / 1000000, 'unixepoch')
                             || '.' || substr('00' || (start_us / 1000 % 1000), -3) || 'Z' END AS start_time,
                   CASE WHEN end_us IS NULL THEN NULL
                        ELSE strftime('%Y-%m-%dT%H:%M:%S', end_us / 1000000, 'unixepoch')
                             || '.' || substr('00' || (end_us / 1000 % 1000), -3) || 'Z' END AS end_time,
                   duration_us / 1000.0 AS duration_ms, billed_ms, duration_source, attempt, start_us, end_us,
                   has_start, has_end, cold_start, memory_mb, max_memory_mb, input_id
            FROM span_rows;

            CREATE TABLE log_lines(
                id INTEGER PRIMARY KEY,
                input_id INTEGER NOT NULL,
                line_no INTEGER NOT NULL,
                time_ms INTEGER,
                span_id INTEGER,
                function TEXT,
                instance_id TEXT,
                request_id TEXT,
                level TEXT,
                kind INTEGER NOT NULL,
                message TEXT
            );
            CREATE INDEX log_lines_by_span ON log_lines(span_id) WHERE span_id IS NOT NULL;
            CREATE VIEW lines AS
            SELECT l.id, l.input_id, l.line_no,
                   CASE WHEN l.time_ms IS NULL THEN NULL
                        ELSE strftime('%Y-%m-%dT%H:%M:%S', l.time_ms / 1000, 'unixepoch')
                             || '.' || substr('00' || (l.time_ms % 1000), -3) || 'Z' END AS time,
                   coalesce(l.function, s.function) AS function,
                   coalesce(l.instance_id, s.instance_id) AS instance_id,
                   coalesce(l.request_id, s.request_id) AS request_id,
                   l.span_id, l.level,
                   CASE l.kind WHEN 0 THEN 'user' WHEN 1 THEN 'runtime' WHEN 3 THEN 'summary' ELSE 'marker' END AS kind,
                   coalesce(l.message,
                            'FC ' || CASE s.kind WHEN 'initialize' THEN 'Initialize' WHEN 'invoke' THEN 'Invoke'
                                                 WHEN 'prestop' THEN 'PreStop' ELSE 'PreFreeze' END
                                  || CASE l.kind WHEN 4 THEN ' Start' ELSE ' End' END
                                  || ' RequestId: ' || s.request_id) AS message
            FROM log_lines l LEFT JOIN span_rows s ON s.id = l.span_id;

            CREATE TABLE request_metrics(
                id INTEGER PRIMARY KEY,
                function TEXT NOT NULL,
                service TEXT,
                qualifier TEXT,
                request_id TEXT NOT NULL,
                instance_id TEXT,
                time TEXT,
                start_time TEXT,
                start_us INTEGER,
                duration_ms REAL,
                memory_mb INTEGER,
                memory_usage_mb REAL,
                is_cold_start INTEGER,
                has_function_error INTEGER,
                error_type TEXT,
                invoke_function_latency_ms REAL,
                cold_start_latency_ms REAL,
                prepare_code_latency_ms REAL,
                runtime_initialization_ms REAL,
                schedule_latency_ms REAL,
                resource_mode TEXT,
                retry_count INTEGER,
                status_code INTEGER,
                span_id INTEGER
            );
            CREATE INDEX request_metrics_by_request ON request_metrics(request_id);

            CREATE TABLE instance_events(
                id INTEGER PRIMARY KEY,
                function TEXT NOT NULL,
                service TEXT,
                instance_id TEXT,
                time TEXT,
                time_us INTEGER,
                event TEXT NOT NULL
            );
            CREATE INDEX instance_events_by_instance ON instance_events(instance_id);

            CREATE TABLE instance_metrics(
                id INTEGER PRIMARY KEY,
                function TEXT NOT NULL,
                service TEXT,
                instance_id TEXT,
                time TEXT,
                agg_period_seconds REAL,
                cpu_percent REAL,
                cpu_quota_percent REAL,
                memory_limit_mb REAL,
                memory_usage_mb REAL,
                memory_usage_percent REAL,
                concurrent_requests REAL,
                rx_total_bytes REAL,
                tx_total_bytes REAL
            );

            CREATE TABLE instances(
                function TEXT NOT NULL,
                service TEXT,
                instance_id TEXT NOT NULL,
                first_seen TEXT,
                last_seen TEXT,
                created TEXT,
                destroyed TEXT,
                invocations INTEGER NOT NULL DEFAULT 0,
                initializer_attempts INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY(function, instance_id)
            );
            """),
        Migration("v2-report-summaries", """
            CREATE TABLE span_tally(
                function TEXT NOT NULL,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                error TEXT NOT NULL,
                duration_us INTEGER NOT NULL,
                exact INTEGER NOT NULL,
                standalone INTEGER NOT NULL,
                spans INTEGER NOT NULL,
                PRIMARY KEY(function, kind, status, error, duration_us, exact, standalone)
            ) WITHOUT ROWID;
            INSERT INTO span_tally
            SELECT function, kind, status,
                   CASE WHEN kind = 'initialize' AND status <> 'ok'
                             THEN coalesce(error, CASE status WHEN 'unfinished' THEN 'never ended' ELSE status END)
                        WHEN kind IN ('invoke', 'prestop', 'prefreeze') AND status IN ('error', 'timeout')
                             THEN coalesce(error, status)
                        ELSE '' END,
                   coalesce(duration_us, -1),
                   coalesce(duration_source IN ('request_metrics', 'initializer_metrics', 'summary_line', 'millisecond_timestamps'), 0),
                   (instance_id IS NULL OR start_us IS NULL OR end_us IS NULL),
                   count(*)
            FROM span_rows GROUP BY 1, 2, 3, 4, 5, 6, 7;

            CREATE TABLE input_spans(
                input_id INTEGER NOT NULL,
                function TEXT NOT NULL,
                last_span_id INTEGER NOT NULL,
                PRIMARY KEY(input_id, function)
            ) WITHOUT ROWID;
            INSERT INTO input_spans
            SELECT input_id, function, max(id) FROM span_rows WHERE input_id IS NOT NULL GROUP BY 1, 2;

            CREATE TABLE instance_summaries(
                function TEXT NOT NULL,
                instance_id TEXT NOT NULL,
                spans INTEGER NOT NULL,
                service TEXT,
                service_span_id INTEGER,
                first_us INTEGER,
                last_us INTEGER,
                invocations INTEGER NOT NULL,
                first_invoke_us INTEGER,
                first_invoke_id INTEGER,
                first_invoke_flagged INTEGER,
                first_invoke_request_key INTEGER,
                cold_flagged_request_keys TEXT,
                initializer_attempts INTEGER NOT NULL,
                initializer_ok INTEGER NOT NULL,
                last_initializer_ok_us INTEGER,
                memory_mb_sum REAL NOT NULL,
                memory_mb_count INTEGER NOT NULL,
                busy_billed_ms INTEGER NOT NULL,
                peak_concurrency INTEGER NOT NULL,
                begin_us INTEGER,
                finish_us INTEGER,
                destroyed INTEGER,
                PRIMARY KEY(function, instance_id)
            ) WITHOUT ROWID;
            """),
        Migration("v3-instance-numbers", """
            CREATE TABLE instances_v3(
                id INTEGER PRIMARY KEY,
                function TEXT NOT NULL,
                service TEXT,
                instance_id TEXT NOT NULL,
                first_seen TEXT,
                last_seen TEXT,
                created TEXT,
                destroyed TEXT,
                invocations INTEGER NOT NULL DEFAULT 0,
                initializer_attempts INTEGER NOT NULL DEFAULT 0,
                UNIQUE(function, instance_id)
            );
            INSERT INTO instances_v3(function, service, instance_id, first_seen, last_seen, created, destroyed,
                                     invocations, initializer_attempts)
            SELECT function, service, instance_id, first_seen, last_seen, created, destroyed, invocations, initializer_attempts
            FROM instances ORDER BY function, instance_id;
            INSERT OR IGNORE INTO instances_v3(function, instance_id)
            SELECT DISTINCT function, instance_id FROM span_rows WHERE instance_id IS NOT NULL;
            DROP TABLE instances;
            ALTER TABLE instances_v3 RENAME TO instances;

            DROP VIEW lines;
            DROP VIEW spans;
            DROP INDEX span_rows_by_instance;
            ALTER TABLE span_rows ADD COLUMN instance INTEGER;
            UPDATE span_rows SET instance = (SELECT i.id FROM instances i
                                             WHERE i.function = span_rows.function AND i.instance_id = span_rows.instance_id)
            WHERE instance_id IS NOT NULL;
            ALTER TABLE span_rows DROP COLUMN instance_id;
            CREATE INDEX span_rows_by_instance ON span_rows(instance);
            CREATE VIEW spans AS
            SELECT s.id, s.function, s.service, i.instance_id, s.request_id, s.kind, s.status, s.error,
                   CASE WHEN s.start_us IS NULL THEN NULL
                        ELSE strftime('%Y-%m-%dT%H:%M:%S', s.start_us / 1000000, 'unixepoch')
                             || '.' || substr('00' || (s.start_us / 1000 % 1000), -3) || 'Z' END AS start_time,
                   CASE WHEN s.end_us IS NULL THEN NULL
                        ELSE strftime('%Y-%m-%dT%H:%M:%S', s.end_us / 1000000, 'unixepoch')
                             || '.' || substr('00' || (s.end_us / 1000 % 1000), -3) || 'Z' END AS end_time,
                   s.duration_us / 1000.0 AS duration_ms, s.billed_ms, s.duration_source, s.attempt, s.start_us, s.end_us,
                   s.has_start, s.has_end, s.cold_start, s.memory_mb, s.max_memory_mb, s.input_id
            FROM span_rows s LEFT JOIN instances i ON i.id = s.instance;

            CREATE VIEW lines AS
            SELECT l.id, l.input_id, l.line_no,
                   CASE WHEN l.time_ms IS NULL THEN NULL
                        ELSE strftime('%Y-%m-%dT%H:%M:%S', l.time_ms / 1000, 'unixepoch')
                             || '.' || substr('00' || (l.time_ms % 1000), -3) || 'Z' END AS time,
                   coalesce(l.function, s.function) AS function,
                   coalesce(l.instance_id, i.instance_id) AS instance_id,
                   coalesce(l.request_id, s.request_id) AS request_id,
                   l.span_id, l.level,
                   CASE l.kind WHEN 0 THEN 'user' WHEN 1 THEN 'runtime' WHEN 3 THEN 'summary' ELSE 'marker' END AS kind,
                   coalesce(l.message,
                            'FC ' || CASE s.kind WHEN 'initialize' THEN 'Initialize' WHEN 'invoke' THEN 'Invoke'
                                                 WHEN 'prestop' THEN 'PreStop' ELSE 'PreFreeze' END
                                  || CASE l.kind WHEN 4 THEN ' Start' ELSE ' End' END
                                  || ' RequestId: ' || s.request_id) AS message
            FROM log_lines l LEFT JOIN span_rows s ON s.id = l.span_id LEFT JOIN instances i ON i.id = s.instance;
            """),
        // Linking request metrics asks, for each candidate span, whether a record is linked to it already.
        Migration("v4-metrics-by-span", """
            CREATE INDEX request_metrics_by_span ON request_metrics(span_id);
            """),
        // The report names example RequestIds of each failure and of the longest runs; failures, Initializers and
        // runs of a second or more are few, so only they are indexed (fclog show finds RequestIds by request_key).
        Migration("v5-examples", """
            CREATE INDEX span_rows_failed ON span_rows(function, kind, status, error) WHERE status <> 'ok';
            CREATE INDEX span_rows_long ON span_rows(function, kind, duration_us) WHERE duration_us >= 1000000 OR kind = 'initialize';
            """),
        // Spans carry the alias (qualifier) and version that ran them, where the logs say so, to tell a canary from
        // the stable version; spans linked to request metrics before this take the records' qualifier.
        Migration("v6-versions", """
            DROP VIEW spans;
            ALTER TABLE span_rows ADD COLUMN qualifier TEXT;
            ALTER TABLE span_rows ADD COLUMN version_id TEXT;
            UPDATE span_rows SET qualifier = (SELECT m.qualifier FROM request_metrics m WHERE m.span_id = span_rows.id
                                                AND m.qualifier IS NOT NULL LIMIT 1)
            WHERE id IN (SELECT span_id FROM request_metrics WHERE qualifier IS NOT NULL);
            CREATE VIEW spans AS
            SELECT s.id, s.function, s.service, i.instance_id, s.request_id, s.kind, s.status, s.error,
                   CASE WHEN s.start_us IS NULL THEN NULL
                        ELSE strftime('%Y-%m-%dT%H:%M:%S', s.start_us / 1000000, 'unixepoch')
                             || '.' || substr('00' || (s.start_us / 1000 % 1000), -3) || 'Z' END AS start_time,
                   CASE WHEN s.end_us IS NULL THEN NULL
                        ELSE strftime('%Y-%m-%dT%H:%M:%S', s.end_us / 1000000, 'unixepoch')
                             || '.' || substr('00' || (s.end_us / 1000 % 1000), -3) || 'Z' END AS end_time,
                   s.duration_us / 1000.0 AS duration_ms, s.billed_ms, s.duration_source, s.attempt, s.start_us, s.end_us,
                   s.has_start, s.has_end, s.cold_start, s.memory_mb, s.max_memory_mb, s.input_id, s.qualifier, s.version_id
            FROM span_rows s LEFT JOIN instances i ON i.id = s.instance;
            """),
        // The tables only fclog reads carry its prefix, so that the public ones (the spans and lines views,
        // instances, inputs and the SLS streams) stand apart; the views follow the renames.
        Migration("v7-internal-names", """
            ALTER TABLE span_rows RENAME TO fclog_span_rows;
            ALTER TABLE log_lines RENAME TO fclog_log_lines;
            ALTER TABLE record_keys RENAME TO fclog_record_keys;
            ALTER TABLE span_tally RENAME TO fclog_span_tally;
            ALTER TABLE instance_summaries RENAME TO fclog_instance_summaries;
            ALTER TABLE input_spans RENAME TO fclog_input_spans;
            """),
        // Relations declared where a column holds another table's id, so that tools that browse the store
        // (Datasette, DB Browser) link them. Declaring a foreign key changes no stored byte: the tables' text is
        // rewritten in place (SQLite's documented way), and fclog does not enforce them (ids are kept in step).
        Migration("v8-relations", """
            PRAGMA writable_schema = ON;
            UPDATE sqlite_master SET sql = replace(replace(sql,
                'input_id INTEGER', 'input_id INTEGER REFERENCES inputs(id)'),
                'instance INTEGER', 'instance INTEGER REFERENCES instances(id)')
            WHERE type = 'table' AND name = 'fclog_span_rows' AND sql NOT LIKE '%REFERENCES%';
            UPDATE sqlite_master SET sql = replace(replace(sql,
                'input_id INTEGER NOT NULL', 'input_id INTEGER NOT NULL REFERENCES inputs(id)'),
                'span_id INTEGER', 'span_id INTEGER REFERENCES fclog_span_rows(id)')
            WHERE type = 'table' AND name = 'fclog_log_lines' AND sql NOT LIKE '%REFERENCES%';
            UPDATE sqlite_master SET sql = replace(sql, 'span_id INTEGER', 'span_id INTEGER REFERENCES fclog_span_rows(id)')
            WHERE type = 'table' AND name = 'request_metrics' AND sql NOT LIKE '%REFERENCES%';
            PRAGMA writable_schema = OFF;
            """, reloadsSchema: true),
        // Record identities stop depending on how a tool wrote a record (key order, numbers as text) or on the
        // zone a console copy was read in; a store holding keys made the older way says so, and they are
        // still consulted.
        Migration("v9-record-identity", """
            CREATE TABLE fclog_settings(name TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO fclog_settings(name, value) SELECT 'legacy_record_keys', '1' WHERE EXISTS (SELECT 1 FROM fclog_record_keys);
            """),
        // What each input brought is known, so that `fclog forget` can take it back: record identities are kept
        // per input (rows of keys added, appended at each commit), the SLS streams name their input, and a span
        // names the last other input that changed it. Inputs ingested before this have no such record.
        Migration("v10-provenance", """
            CREATE TABLE fclog_record_keys_v10(
                bucket INTEGER NOT NULL,
                input_id INTEGER REFERENCES inputs(id),
                keys BLOB NOT NULL
            );
            INSERT INTO fclog_record_keys_v10(bucket, input_id, keys) SELECT bucket, NULL, keys FROM fclog_record_keys;
            DROP TABLE fclog_record_keys;
            ALTER TABLE fclog_record_keys_v10 RENAME TO fclog_record_keys;
            CREATE INDEX fclog_record_keys_by_bucket ON fclog_record_keys(bucket);
            CREATE INDEX fclog_record_keys_by_input ON fclog_record_keys(input_id);
            ALTER TABLE request_metrics ADD COLUMN input_id INTEGER REFERENCES inputs(id);
            ALTER TABLE instance_events ADD COLUMN input_id INTEGER REFERENCES inputs(id);
            ALTER TABLE instance_metrics ADD COLUMN input_id INTEGER REFERENCES inputs(id);
            ALTER TABLE fclog_span_rows ADD COLUMN touched_by INTEGER REFERENCES inputs(id);
            INSERT INTO fclog_settings(name, value) SELECT 'provenance_from_input', coalesce(max(id), 0) + 1 FROM inputs;
            """),
        // Lines are kept in zstd-compressed blocks of one input's lines (about 256 KiB before compression,
        // named by their first line's id), with the blocks each span has lines in; the `lines` view reads
        // them through the virtual table fclog_lines, with the same columns as before. Stored lines move
        // into blocks of 2,048 ids.
        Migration("v11-line-blocks", """
            CREATE TABLE fclog_line_blocks(
                id INTEGER PRIMARY KEY,
                last_id INTEGER NOT NULL,
                input_id INTEGER NOT NULL REFERENCES inputs(id),
                lines INTEGER NOT NULL,
                data BLOB NOT NULL
            );
            CREATE INDEX fclog_line_blocks_by_last ON fclog_line_blocks(last_id);
            CREATE INDEX fclog_line_blocks_by_input ON fclog_line_blocks(input_id);
            CREATE TABLE fclog_line_spans(
                span_id INTEGER NOT NULL REFERENCES fclog_span_rows(id),
                block_id INTEGER NOT NULL REFERENCES fclog_line_blocks(id),
                PRIMARY KEY (span_id, block_id)
            ) WITHOUT ROWID;
            CREATE TEMP TABLE v11_blocks AS
            SELECT input_id, id >> 11 AS part, min(id) AS first FROM fclog_log_lines GROUP BY 1, 2;
            INSERT INTO fclog_line_blocks(id, last_id, input_id, lines, data)
            SELECT min(id), max(id), input_id, count(*),
                   fclog_line_block(id, line_no, time_ms, span_id, function, instance_id, request_id, level, kind, message)
            FROM fclog_log_lines GROUP BY input_id, id >> 11;
            INSERT OR IGNORE INTO fclog_line_spans(span_id, block_id)
            SELECT l.span_id, b.first FROM fclog_log_lines l JOIN temp.v11_blocks b ON b.input_id = l.input_id AND b.part = l.id >> 11
            WHERE l.span_id IS NOT NULL;
            DROP TABLE temp.v11_blocks;
            DROP VIEW lines;
            DROP TABLE fclog_log_lines;
            CREATE VIEW lines AS
            SELECT l.id, l.input_id, l.line_no,
                   CASE WHEN l.time_ms IS NULL THEN NULL
                        ELSE strftime('%Y-%m-%dT%H:%M:%S', l.time_ms / 1000, 'unixepoch')
                             || '.' || substr('00' || (l.time_ms % 1000), -3) || 'Z' END AS time,
                   coalesce(l.function, s.function) AS function,
                   coalesce(l.instance_id, i.instance_id) AS instance_id,
                   coalesce(l.request_id, s.request_id) AS request_id,
                   l.span_id, l.level,
                   CASE l.kind WHEN 0 THEN 'user' WHEN 1 THEN 'runtime' WHEN 3 THEN 'summary' ELSE 'marker' END AS kind,
                   coalesce(l.message,
                            'FC ' || CASE s.kind WHEN 'initialize' THEN 'Initialize' WHEN 'invoke' THEN 'Invoke'
                                                 WHEN 'prestop' THEN 'PreStop' ELSE 'PreFreeze' END
                                  || CASE l.kind WHEN 4 THEN ' Start' ELSE ' End' END
                                  || ' RequestId: ' || s.request_id) AS message
            FROM fclog_lines l LEFT JOIN fclog_span_rows s ON s.id = l.span_id LEFT JOIN instances i ON i.id = s.instance;
            """),
        // What each push to a ClickHouse database took from this store: a digest of every row sent (to send
        // only changed ones, and tombstones for deleted ones) and the last line sent.
        Migration("v12-push-marks", """
            CREATE TABLE fclog_push_marks(
                target TEXT NOT NULL,
                tbl TEXT NOT NULL,
                key INTEGER NOT NULL,
                digest INTEGER NOT NULL,
                function TEXT NOT NULL,
                PRIMARY KEY (target, tbl, key)
            ) WITHOUT ROWID;
            CREATE TABLE fclog_push_watermarks(
                target TEXT NOT NULL,
                tbl TEXT NOT NULL,
                last_id INTEGER NOT NULL,
                PRIMARY KEY (target, tbl)
            ) WITHOUT ROWID;
            """),
        // The report's examples are the earliest failures and, among equal durations, the latest runs, so that
        // any store of the same logs names the same ones; the indexes hold them in that order, so that a few are
        // read without sorting all (SLS times to the second make many runs last exactly a second).
        Migration("v13-examples-by-time", """
            DROP INDEX span_rows_failed;
            DROP INDEX span_rows_long;
            CREATE INDEX span_rows_failed ON fclog_span_rows(function, kind, status, coalesce(start_us, end_us, 0), request_id)
                WHERE status <> 'ok';
            CREATE INDEX span_rows_long ON fclog_span_rows(function, kind, duration_us, coalesce(start_us, end_us, 0), request_id)
                WHERE duration_us >= 1000000 OR kind = 'initialize';
            """),
        // Request metrics are linked to their span as they arrive; a cold start's record times its Initializer
        // once the ingest has read every line, or a later ingest has stored the Initializer. Written with the
        // record, so that an interrupted ingest's rerun does it.
        Migration("v14-pending-initializers", """
            CREATE TABLE fclog_pending_initializers(metric_id INTEGER PRIMARY KEY);
            """),
        // A leaner store. Record identities keep 48 bits of each key (6 bytes, not 8): a bucket holds one
        // second's records, so two different ones sharing a key stays about as unlikely as ever. The indexes
        // of examples end at the span's time: SQLite sorts the few spans of equal duration and time by
        // RequestId as it reads them, so that the RequestId need not be copied into the index.
        Migration("v15-lean-identities", """
            UPDATE fclog_record_keys SET keys = fclog_narrow_record_keys(keys);
            DROP INDEX span_rows_failed;
            DROP INDEX span_rows_long;
            CREATE INDEX span_rows_failed ON fclog_span_rows(function, kind, status, coalesce(start_us, end_us, 0))
                WHERE status <> 'ok';
            CREATE INDEX span_rows_long ON fclog_span_rows(function, kind, duration_us, coalesce(start_us, end_us, 0))
                WHERE duration_us >= 1000000 OR kind = 'initialize';
            """),
        // Spans keep their kind, status and duration source as codes, their end as an offset from their start, and
        // an FC 3.0 RequestId without the second its key holds: half of a row's bytes (the `lines` view now picks a
        // marker's words whole rather than joining four pieces, which pays for printing the id). The columns of those
        // names are generated from them, so every reader and plain `sqlite3` sees the table as before; the codes are
        // `StoredCodes`, which the indexes of examples hold.
        // Renamed with the older rules, under which a rename leaves the views that name the table as they are.
        Migration("v16-span-codes", """
            CREATE TABLE fclog_span_rows_v16(
                id INTEGER PRIMARY KEY,
                function TEXT NOT NULL,
                service TEXT,
                request_id TEXT GENERATED ALWAYS AS (CASE typeof(request_id_raw)
                    WHEN 'blob' THEN printf('1-%08x-%s', request_key >> 31, request_id_raw) ELSE request_id_raw END) VIRTUAL,
                request_key INTEGER NOT NULL DEFAULT 0,
                kind TEXT GENERATED ALWAYS AS (CASE kind_code WHEN 0 THEN 'initialize' WHEN 1 THEN 'invoke'
                    WHEN 2 THEN 'prestop' WHEN 3 THEN 'prefreeze' WHEN 4 THEN 'prepare_code' END) VIRTUAL,
                status TEXT GENERATED ALWAYS AS (CASE outcome_code WHEN 0 THEN 'ok' WHEN 1 THEN 'error'
                    WHEN 2 THEN 'timeout' WHEN 3 THEN 'unfinished' END) VIRTUAL,
                error TEXT,
                start_us INTEGER,
                end_us INTEGER GENERATED ALWAYS AS (end_offset_us + coalesce(start_us, 0)) VIRTUAL,
                duration_us INTEGER,
                billed_ms INTEGER,
                duration_source TEXT GENERATED ALWAYS AS (CASE source_code WHEN 0 THEN 'request_metrics'
                    WHEN 1 THEN 'initializer_metrics' WHEN 2 THEN 'summary_line' WHEN 3 THEN 'millisecond_timestamps'
                    WHEN 4 THEN 'second_timestamps' WHEN 5 THEN 'line_timestamps' END) VIRTUAL,
                attempt INTEGER NOT NULL DEFAULT 1,
                has_start INTEGER NOT NULL DEFAULT 0,
                has_end INTEGER NOT NULL DEFAULT 0,
                cold_start INTEGER,
                memory_mb INTEGER,
                max_memory_mb REAL,
                input_id INTEGER REFERENCES inputs(id),
                instance INTEGER REFERENCES instances(id),
                qualifier TEXT,
                version_id TEXT,
                touched_by INTEGER REFERENCES inputs(id),
                kind_code INTEGER,
                outcome_code INTEGER,
                source_code INTEGER,
                end_offset_us INTEGER,
                request_id_raw NOT NULL
            );
            INSERT INTO fclog_span_rows_v16(id, function, service, request_id_raw, request_key, error, start_us, duration_us,
                billed_ms, attempt, has_start, has_end, cold_start, memory_mb, max_memory_mb, input_id, instance, qualifier,
                version_id, touched_by, kind_code, outcome_code, source_code, end_offset_us)
            SELECT id, function, service, fclog_stored_request_id(request_id, request_key), request_key, error, start_us, duration_us,
                billed_ms, attempt, has_start, has_end, cold_start, memory_mb, max_memory_mb, input_id, instance, qualifier,
                version_id, touched_by, fclog_stored_code('kind', kind), fclog_stored_code('status', status),
                fclog_stored_code('duration_source', duration_source), end_us - coalesce(start_us, 0)
            FROM fclog_span_rows;
            DROP TABLE fclog_span_rows;
            PRAGMA legacy_alter_table = ON;
            ALTER TABLE fclog_span_rows_v16 RENAME TO fclog_span_rows;
            PRAGMA legacy_alter_table = OFF;
            CREATE INDEX span_rows_by_request ON fclog_span_rows(request_key);
            CREATE INDEX span_rows_by_instance ON fclog_span_rows(instance);
            CREATE INDEX span_rows_open ON fclog_span_rows(has_start, has_end) WHERE has_start = 0 OR has_end = 0;
            DROP VIEW lines;
            CREATE VIEW lines AS
            SELECT l.id, l.input_id, l.line_no,
                   CASE WHEN l.time_ms IS NULL THEN NULL
                        ELSE strftime('%Y-%m-%dT%H:%M:%S', l.time_ms / 1000, 'unixepoch')
                             || '.' || substr('00' || (l.time_ms % 1000), -3) || 'Z' END AS time,
                   coalesce(l.function, s.function) AS function,
                   coalesce(l.instance_id, i.instance_id) AS instance_id,
                   coalesce(l.request_id, s.request_id) AS request_id,
                   l.span_id, l.level,
                   CASE l.kind WHEN 0 THEN 'user' WHEN 1 THEN 'runtime' WHEN 3 THEN 'summary' ELSE 'marker' END AS kind,
                   coalesce(l.message,
                            CASE l.kind
                                WHEN 4 THEN CASE s.kind_code WHEN 0 THEN 'FC Initialize Start RequestId: ' WHEN 1 THEN 'FC Invoke Start RequestId: '
                                                             WHEN 2 THEN 'FC PreStop Start RequestId: ' ELSE 'FC PreFreeze Start RequestId: ' END
                                ELSE CASE s.kind_code WHEN 0 THEN 'FC Initialize End RequestId: ' WHEN 1 THEN 'FC Invoke End RequestId: '
                                                      WHEN 2 THEN 'FC PreStop End RequestId: ' ELSE 'FC PreFreeze End RequestId: ' END
                            END || s.request_id) AS message
            FROM fclog_lines l LEFT JOIN fclog_span_rows s ON s.id = l.span_id LEFT JOIN instances i ON i.id = s.instance;
            CREATE INDEX span_rows_failed ON fclog_span_rows(function, kind_code, outcome_code, coalesce(start_us, end_us, 0))
                WHERE outcome_code <> 0;
            CREATE INDEX span_rows_long ON fclog_span_rows(function, kind_code, duration_us, coalesce(start_us, end_us, 0))
                WHERE duration_us >= 1000000 OR kind_code = 0;
            """),
        // Which of a span's times only its lines gave (1: its start, 2: its end; NULL: neither), so that a
        // marker's time from another route replaces them after the span is read back, as it does before.
        Migration("v17-times-from-lines", """
            ALTER TABLE fclog_span_rows ADD COLUMN times_from_lines INTEGER;
            """),
    ])
}
