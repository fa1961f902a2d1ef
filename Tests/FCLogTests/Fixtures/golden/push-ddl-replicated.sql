CREATE DATABASE IF NOT EXISTS fclog;

CREATE TABLE IF NOT EXISTS fclog.instances_local (
    `fclog_store` String,
    `fclog_key` Int64,
    `fclog_version` UInt64,
    `fclog_deleted` UInt8,
    `id` Nullable(Int64),
    `function` String,
    `service` Nullable(String),
    `instance_id` Nullable(String),
    `first_seen` Nullable(String),
    `last_seen` Nullable(String),
    `created` Nullable(String),
    `destroyed` Nullable(String),
    `invocations` Nullable(Int64),
    `initializer_attempts` Nullable(Int64)
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/fclog/instances_local', '{replica}', fclog_version) ORDER BY (function, fclog_store, fclog_key);

CREATE TABLE IF NOT EXISTS fclog.spans_local (
    `fclog_store` String,
    `fclog_key` Int64,
    `fclog_version` UInt64,
    `fclog_deleted` UInt8,
    `id` Nullable(Int64),
    `function` String,
    `service` Nullable(String),
    `request_id` Nullable(String),
    `request_key` Nullable(Int64),
    `kind` Nullable(String),
    `status` Nullable(String),
    `error` Nullable(String),
    `start_us` Nullable(Int64),
    `end_us` Nullable(Int64),
    `duration_us` Nullable(Int64),
    `billed_ms` Nullable(Int64),
    `duration_source` Nullable(String),
    `attempt` Nullable(Int64),
    `has_start` Nullable(Int64),
    `has_end` Nullable(Int64),
    `cold_start` Nullable(Int64),
    `memory_mb` Nullable(Int64),
    `max_memory_mb` Nullable(Float64),
    `input_id` Nullable(Int64),
    `instance` Nullable(Int64),
    `qualifier` Nullable(String),
    `version_id` Nullable(String),
    `touched_by` Nullable(Int64),
    `instance_id` Nullable(String)
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/fclog/spans_local', '{replica}', fclog_version) ORDER BY (function, fclog_store, fclog_key);

CREATE TABLE IF NOT EXISTS fclog.instance_summaries_local (
    `fclog_store` String,
    `fclog_key` Int64,
    `fclog_version` UInt64,
    `fclog_deleted` UInt8,
    `function` String,
    `instance_id` Nullable(String),
    `spans` Nullable(Int64),
    `service` Nullable(String),
    `service_span_id` Nullable(Int64),
    `first_us` Nullable(Int64),
    `last_us` Nullable(Int64),
    `invocations` Nullable(Int64),
    `first_invoke_us` Nullable(Int64),
    `first_invoke_id` Nullable(Int64),
    `first_invoke_flagged` Nullable(Int64),
    `first_invoke_request_key` Nullable(Int64),
    `cold_flagged_request_keys` Nullable(String),
    `initializer_attempts` Nullable(Int64),
    `initializer_ok` Nullable(Int64),
    `last_initializer_ok_us` Nullable(Int64),
    `memory_mb_sum` Nullable(Float64),
    `memory_mb_count` Nullable(Int64),
    `busy_billed_ms` Nullable(Int64),
    `peak_concurrency` Nullable(Int64),
    `begin_us` Nullable(Int64),
    `finish_us` Nullable(Int64),
    `destroyed` Nullable(Int64)
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/fclog/instance_summaries_local', '{replica}', fclog_version) ORDER BY (function, fclog_store, fclog_key);

CREATE TABLE IF NOT EXISTS fclog.span_tally_local (
    `fclog_store` String,
    `fclog_key` Int64,
    `fclog_version` UInt64,
    `fclog_deleted` UInt8,
    `function` String,
    `kind` Nullable(String),
    `status` Nullable(String),
    `error` Nullable(String),
    `duration_us` Nullable(Int64),
    `exact` Nullable(Int64),
    `standalone` Nullable(Int64),
    `spans` Nullable(Int64)
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/fclog/span_tally_local', '{replica}', fclog_version) ORDER BY (function, fclog_store, fclog_key);

CREATE TABLE IF NOT EXISTS fclog.input_spans_local (
    `fclog_store` String,
    `fclog_key` Int64,
    `fclog_version` UInt64,
    `fclog_deleted` UInt8,
    `input_id` Nullable(Int64),
    `function` String,
    `last_span_id` Nullable(Int64)
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/fclog/input_spans_local', '{replica}', fclog_version) ORDER BY (function, fclog_store, fclog_key);

CREATE TABLE IF NOT EXISTS fclog.request_metrics_local (
    `fclog_store` String,
    `fclog_key` Int64,
    `fclog_version` UInt64,
    `fclog_deleted` UInt8,
    `id` Nullable(Int64),
    `function` String,
    `service` Nullable(String),
    `qualifier` Nullable(String),
    `request_id` Nullable(String),
    `instance_id` Nullable(String),
    `time` Nullable(String),
    `start_time` Nullable(String),
    `start_us` Nullable(Int64),
    `duration_ms` Nullable(Float64),
    `memory_mb` Nullable(Int64),
    `memory_usage_mb` Nullable(Float64),
    `is_cold_start` Nullable(Int64),
    `has_function_error` Nullable(Int64),
    `error_type` Nullable(String),
    `invoke_function_latency_ms` Nullable(Float64),
    `cold_start_latency_ms` Nullable(Float64),
    `prepare_code_latency_ms` Nullable(Float64),
    `runtime_initialization_ms` Nullable(Float64),
    `schedule_latency_ms` Nullable(Float64),
    `resource_mode` Nullable(String),
    `retry_count` Nullable(Int64),
    `status_code` Nullable(Int64),
    `span_id` Nullable(Int64),
    `input_id` Nullable(Int64)
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/fclog/request_metrics_local', '{replica}', fclog_version) ORDER BY (function, fclog_store, fclog_key);

CREATE TABLE IF NOT EXISTS fclog.instance_events_local (
    `fclog_store` String,
    `fclog_key` Int64,
    `fclog_version` UInt64,
    `fclog_deleted` UInt8,
    `id` Nullable(Int64),
    `function` String,
    `service` Nullable(String),
    `instance_id` Nullable(String),
    `time` Nullable(String),
    `time_us` Nullable(Int64),
    `event` Nullable(String),
    `input_id` Nullable(Int64)
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/fclog/instance_events_local', '{replica}', fclog_version) ORDER BY (function, fclog_store, fclog_key);

CREATE TABLE IF NOT EXISTS fclog.instance_metrics_local (
    `fclog_store` String,
    `fclog_key` Int64,
    `fclog_version` UInt64,
    `fclog_deleted` UInt8,
    `id` Nullable(Int64),
    `function` String,
    `service` Nullable(String),
    `instance_id` Nullable(String),
    `time` Nullable(String),
    `agg_period_seconds` Nullable(Float64),
    `cpu_percent` Nullable(Float64),
    `cpu_quota_percent` Nullable(Float64),
    `memory_limit_mb` Nullable(Float64),
    `memory_usage_mb` Nullable(Float64),
    `memory_usage_percent` Nullable(Float64),
    `concurrent_requests` Nullable(Float64),
    `rx_total_bytes` Nullable(Float64),
    `tx_total_bytes` Nullable(Float64),
    `input_id` Nullable(Int64)
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/fclog/instance_metrics_local', '{replica}', fclog_version) ORDER BY (function, fclog_store, fclog_key);

CREATE TABLE IF NOT EXISTS fclog.lines_local (
    `fclog_store` String,
    `fclog_key` Int64,
    `fclog_version` UInt64,
    `fclog_deleted` UInt8,
    `id` Nullable(Int64),
    `input_id` Nullable(Int64),
    `line_no` Nullable(Int64),
    `time` Nullable(String),
    `function` String,
    `instance_id` Nullable(String),
    `request_id` Nullable(String),
    `span_id` Nullable(Int64),
    `level` Nullable(String),
    `kind` Nullable(String),
    `message` Nullable(String)
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/fclog/lines_local', '{replica}', fclog_version) ORDER BY (function, fclog_store, fclog_key);

CREATE TABLE IF NOT EXISTS fclog.instances AS fclog.instances_local
ENGINE = Distributed(logs, fclog, instances_local, cityHash64(function));

CREATE TABLE IF NOT EXISTS fclog.spans AS fclog.spans_local
ENGINE = Distributed(logs, fclog, spans_local, cityHash64(function));

CREATE TABLE IF NOT EXISTS fclog.instance_summaries AS fclog.instance_summaries_local
ENGINE = Distributed(logs, fclog, instance_summaries_local, cityHash64(function));

CREATE TABLE IF NOT EXISTS fclog.span_tally AS fclog.span_tally_local
ENGINE = Distributed(logs, fclog, span_tally_local, cityHash64(function));

CREATE TABLE IF NOT EXISTS fclog.input_spans AS fclog.input_spans_local
ENGINE = Distributed(logs, fclog, input_spans_local, cityHash64(function));

CREATE TABLE IF NOT EXISTS fclog.request_metrics AS fclog.request_metrics_local
ENGINE = Distributed(logs, fclog, request_metrics_local, cityHash64(function));

CREATE TABLE IF NOT EXISTS fclog.instance_events AS fclog.instance_events_local
ENGINE = Distributed(logs, fclog, instance_events_local, cityHash64(function));

CREATE TABLE IF NOT EXISTS fclog.instance_metrics AS fclog.instance_metrics_local
ENGINE = Distributed(logs, fclog, instance_metrics_local, cityHash64(function));

CREATE TABLE IF NOT EXISTS fclog.lines AS fclog.lines_local
ENGINE = Distributed(logs, fclog, lines_local, cityHash64(function));
