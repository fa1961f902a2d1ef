PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE fclog_migrations(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
INSERT INTO fclog_migrations VALUES('v1-initial','2026-12-07T18:00:10.475Z');
INSERT INTO fclog_migrations VALUES('v2-report-summaries','2026-12-07T18:00:10.475Z');
INSERT INTO fclog_migrations VALUES('v3-instance-numbers','2026-12-07T18:00:10.478Z');
INSERT INTO fclog_migrations VALUES('v4-metrics-by-span','2026-12-07T18:00:10.478Z');
INSERT INTO fclog_migrations VALUES('v5-examples','2026-12-07T18:00:10.478Z');
INSERT INTO fclog_migrations VALUES('v6-versions','2026-12-07T18:00:10.479Z');
INSERT INTO fclog_migrations VALUES('v7-internal-names','2026-12-07T18:00:10.486Z');
INSERT INTO fclog_migrations VALUES('v8-relations','2026-12-07T18:00:10.486Z');
INSERT INTO fclog_migrations VALUES('v9-record-identity','2026-12-07T18:00:10.486Z');
INSERT INTO fclog_migrations VALUES('v10-provenance','2026-12-07T18:00:10.489Z');
INSERT INTO fclog_migrations VALUES('v11-line-blocks','2026-12-07T18:00:10.490Z');
INSERT INTO fclog_migrations VALUES('v12-push-marks','2026-12-07T18:00:10.490Z');
INSERT INTO fclog_migrations VALUES('v13-examples-by-time','2026-12-07T18:00:10.491Z');
INSERT INTO fclog_migrations VALUES('v14-pending-initializers','2026-12-07T18:00:10.491Z');
INSERT INTO fclog_migrations VALUES('v15-lean-identities','2026-12-07T18:00:10.491Z');
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
INSERT INTO inputs VALUES(1,'sample-logs/console-copy.txt','2026-12-07T18:00:10.493Z',17,18,0,0,1);
INSERT INTO inputs VALUES(2,'sample-logs/fc2-service.jsonl','2026-12-07T18:00:10.494Z',6,6,0,0,1);
INSERT INTO inputs VALUES(3,'sample-logs/raw-tail.txt','2026-12-07T18:00:10.495Z',22,16,0,6,1);
INSERT INTO inputs VALUES(4,'sample-logs/s-logs.txt','2026-12-07T18:00:10.495Z',13,10,0,3,1);
INSERT INTO inputs VALUES(5,'sample-logs/sls-function-logs.jsonl','2026-12-07T18:00:10.495Z',11,11,0,0,1);
INSERT INTO inputs VALUES(6,'sample-logs/sls-instance-events.json','2026-12-07T18:00:10.496Z',38,4,0,0,1);
INSERT INTO inputs VALUES(7,'sample-logs/sls-request-metrics.jsonl','2026-12-07T18:00:10.496Z',3,3,0,0,1);
CREATE TABLE IF NOT EXISTS "fclog_span_rows"(
    id INTEGER PRIMARY KEY,
    function TEXT NOT NULL,
    service TEXT,
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
    input_id INTEGER REFERENCES inputs(id)
, instance INTEGER REFERENCES instances(id), qualifier TEXT, version_id TEXT, touched_by INTEGER REFERENCES inputs(id));
INSERT INTO fclog_span_rows VALUES(1,'unknown',NULL,'1-64f7ef72-64caf1ff0046194d9a26bbd7',3637773499126317911,'initialize','error','Unhandled function error',1693999090000000,1693999091000000,1000000,1000,'second_timestamps',1,1,1,NULL,NULL,NULL,1,NULL,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(2,'unknown',NULL,'1-64f7ef72-64caf1ff0046194d9a26bbd7',3637773499126317911,'initialize','ok',NULL,1693999092000000,1693999093000000,1000000,1000,'second_timestamps',2,1,1,NULL,NULL,NULL,1,NULL,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(3,'unknown',NULL,'1-64f7ef72-64caf1ff0046194d9a26bbd7',3637773499126317911,'invoke','error','Unhandled function error',1693999093000000,1693999094000000,1000000,1000,'second_timestamps',1,1,1,NULL,NULL,NULL,1,1,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(4,'unknown',NULL,'1-64f7ef7c-0f1e2d3c-4b5a69788796',3637773519823955873,'invoke','timeout','Function timed out after 3 seconds (maxMemoryUsage: 47.28MB)',1693999100000000,1693999103000000,3000000,3000,'second_timestamps',1,1,1,NULL,NULL,NULL,1,NULL,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(5,'unknown',NULL,'1-64f7ef86-1b2c3d4e-5f6a7b8c9d0e',3637773541347882497,'invoke','ok',NULL,1693999110000000,1693999111000000,1000000,1000,'second_timestamps',1,1,1,NULL,NULL,NULL,1,NULL,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(6,'unknown',NULL,'0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a87',-2119866922635852102,'prestop','unfinished',NULL,1693999502000000,NULL,NULL,NULL,NULL,1,1,0,NULL,NULL,NULL,7,NULL,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(7,'thumbnail','shop-service','CEBD8A24-8980-594C-87A6-5E5882CB12AB',-6042666574346513986,'invoke','ok',NULL,1640995200000000,1640995202000000,2000000,2000,'second_timestamps',1,1,1,NULL,NULL,NULL,2,2,'LATEST',NULL,NULL);
INSERT INTO fclog_span_rows VALUES(8,'thumbnail','shop-service','5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',-8195610876059643538,'invoke','ok',NULL,1640995200000000,1640995203000000,3000000,3000,'second_timestamps',1,1,1,NULL,NULL,NULL,2,2,'LATEST',NULL,NULL);
INSERT INTO fclog_span_rows VALUES(9,'thumbnail','shop-service','6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e',8747304822648764707,'prefreeze','ok',NULL,1640995204000000,1640995204000000,0,0,'second_timestamps',1,1,1,NULL,NULL,NULL,2,2,'LATEST',NULL,NULL);
INSERT INTO fclog_span_rows VALUES(10,'unknown',NULL,'1-6513e3fc-985ed1c8f1afcf92be9fe039',3641707848167531968,'invoke','ok',NULL,1695802364485000,1695802364487190,2190,3,'summary_line',1,1,1,NULL,128,26.149999999999998579,3,NULL,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(11,'unknown',NULL,'1-659a1b2c-16c3d4e5-39659f0a1b2c',3660597010841898802,'invoke','ok',NULL,NULL,NULL,87020,88,'summary_line',1,1,1,NULL,512,31.399999999999998578,3,NULL,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(12,'unknown',NULL,'d32c01bc-4397-4f52-a9ca-e374c28f96c1',502028591987030672,'invoke','error','Unhandled function error',1693974521790000,1693974521790123,123,1,'line_timestamps',1,1,1,NULL,NULL,NULL,3,NULL,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(13,'unknown',NULL,'9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',1390921985157517357,'prestop','unfinished',NULL,NULL,NULL,NULL,NULL,NULL,1,1,0,NULL,NULL,NULL,7,NULL,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(14,'unknown',NULL,'5d1e8f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a',-94781017116188390,'initialize','ok',NULL,1701421503000000,1701421504000000,1000000,1000,'second_timestamps',1,1,1,NULL,NULL,NULL,4,3,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(15,'unknown',NULL,'1-6569a3f0-2b1c4d5e6f708192a3b4c5d6',3653776061262787209,'invoke','ok',NULL,1701421504000000,1701421505000000,1000000,1000,'second_timestamps',1,1,1,NULL,NULL,NULL,4,3,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(16,'unknown',NULL,'1-6569a3f2-3c2d5e6f7a8b9c0d1e2f3a4b',3653776066812730750,'invoke','error','Handled function error',1701421506000000,1701421506000000,0,0,'second_timestamps',1,1,1,NULL,NULL,NULL,4,3,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(17,'unknown',NULL,'7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',5005005371878051368,'prestop','error','Unhandled function error',1701422200000000,1701422201000000,1000000,1000,'second_timestamps',1,1,1,NULL,NULL,NULL,4,3,NULL,NULL,NULL);
INSERT INTO fclog_span_rows VALUES(18,'order-api',NULL,'3b34c887-e0d1-4015-afbd-63a387f6044c',-6340927184671059647,'initialize','ok',NULL,1704163200000000,1704163200812500,812500,813,'initializer_metrics',1,1,1,NULL,NULL,NULL,5,4,'LATEST',NULL,7);
INSERT INTO fclog_span_rows VALUES(19,'order-api',NULL,'1-65a77fbb-157f3f32-e1ee24b17e49',3662481881728993724,'invoke','ok',NULL,1704163201120000,1704163201740350,620350,621,'request_metrics',1,1,1,1,512,48.200000000000002842,5,4,'LATEST',NULL,7);
INSERT INTO fclog_span_rows VALUES(20,'order-api',NULL,'1-65a77fbc-2a3b4c5d-6e7f8a9b0c1d',3662481882219555490,'invoke','timeout','Function timed out after 3 seconds (maxMemoryUsage: 52.10MB)',1704163202005000,1704163205005200,3000200,3001,'request_metrics',1,1,1,0,512,52.100000000000001422,5,4,'LATEST',NULL,7);
INSERT INTO fclog_span_rows VALUES(21,'order-api',NULL,'0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a87',-2119866922635852102,'prestop','error','Unhandled function error',1704163800000000,1704163802000000,2000000,2000,'second_timestamps',1,1,1,NULL,NULL,NULL,5,4,'LATEST',NULL,NULL);
INSERT INTO fclog_span_rows VALUES(22,'order-api',NULL,'1-65a77fff-0a0b0c0d-0e0f10111213',3662482027822951664,'invoke','ok',NULL,1704163300100000,1704163300120200,20200,21,'request_metrics',1,0,0,0,512,40.0,NULL,4,'LATEST',NULL,NULL);
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
    span_id INTEGER REFERENCES fclog_span_rows(id)
, input_id INTEGER REFERENCES inputs(id));
INSERT INTO request_metrics VALUES(1,'order-api',NULL,'LATEST','1-65a77fbb-157f3f32-e1ee24b17e49','c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:40:02.000Z','2024-01-02T02:40:01.120Z',1704163201120000,620.35000000000002275,512,48.200000000000002842,1,0,NULL,812.5,1530.0,300.10000000000002272,405.0,12.0,'OnDemand',0,200,19,7);
INSERT INTO request_metrics VALUES(2,'order-api',NULL,'LATEST','1-65a77fbc-2a3b4c5d-6e7f8a9b0c1d','c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:40:05.000Z','2024-01-02T02:40:02.005Z',1704163202005000,3000.1999999999998181,512,52.100000000000001422,0,1,'FunctionTimeoutError',NULL,NULL,NULL,NULL,NULL,'OnDemand',0,200,20,7);
INSERT INTO request_metrics VALUES(3,'order-api',NULL,'LATEST','1-65a77fff-0a0b0c0d-0e0f10111213','c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:41:40.000Z','2024-01-02T02:41:40.100Z',1704163300100000,20.199999999999999288,512,40.0,0,0,NULL,NULL,NULL,NULL,NULL,NULL,'OnDemand',0,200,22,7);
CREATE TABLE instance_events(
    id INTEGER PRIMARY KEY,
    function TEXT NOT NULL,
    service TEXT,
    instance_id TEXT,
    time TEXT,
    time_us INTEGER,
    event TEXT NOT NULL
, input_id INTEGER REFERENCES inputs(id));
INSERT INTO instance_events VALUES(1,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:39:59.000Z',1704163199000000,'Creating',6);
INSERT INTO instance_events VALUES(2,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:40:00.000Z',1704163200000000,'CreateSuccess',6);
INSERT INTO instance_events VALUES(3,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:50:03.000Z',1704163803000000,'DestroySuccess',6);
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
, input_id INTEGER REFERENCES inputs(id));
INSERT INTO instance_metrics VALUES(1,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:45:00.000Z',60.0,12.5,50.0,512.0,61.299999999999997156,11.970000000000000639,1.0,10240.0,20480.0,6);
CREATE TABLE IF NOT EXISTS "fclog_span_tally"(
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
INSERT INTO fclog_span_tally VALUES('order-api','initialize','ok','',812500,1,0,1);
INSERT INTO fclog_span_tally VALUES('order-api','invoke','ok','',20200,1,0,1);
INSERT INTO fclog_span_tally VALUES('order-api','invoke','ok','',620350,1,0,1);
INSERT INTO fclog_span_tally VALUES('order-api','invoke','timeout','Function timed out after 3 seconds (maxMemoryUsage: 52.10MB)',3000200,1,0,1);
INSERT INTO fclog_span_tally VALUES('order-api','prestop','error','Unhandled function error',2000000,0,0,1);
INSERT INTO fclog_span_tally VALUES('thumbnail','invoke','ok','',2000000,0,0,1);
INSERT INTO fclog_span_tally VALUES('thumbnail','invoke','ok','',3000000,0,0,1);
INSERT INTO fclog_span_tally VALUES('thumbnail','prefreeze','ok','',0,0,0,1);
INSERT INTO fclog_span_tally VALUES('unknown','initialize','error','Unhandled function error',1000000,0,1,1);
INSERT INTO fclog_span_tally VALUES('unknown','initialize','ok','',1000000,0,0,1);
INSERT INTO fclog_span_tally VALUES('unknown','initialize','ok','',1000000,0,1,1);
INSERT INTO fclog_span_tally VALUES('unknown','invoke','error','Handled function error',0,0,0,1);
INSERT INTO fclog_span_tally VALUES('unknown','invoke','error','Unhandled function error',123,0,1,1);
INSERT INTO fclog_span_tally VALUES('unknown','invoke','error','Unhandled function error',1000000,0,0,1);
INSERT INTO fclog_span_tally VALUES('unknown','invoke','ok','',2190,1,1,1);
INSERT INTO fclog_span_tally VALUES('unknown','invoke','ok','',87020,1,1,1);
INSERT INTO fclog_span_tally VALUES('unknown','invoke','ok','',1000000,0,0,1);
INSERT INTO fclog_span_tally VALUES('unknown','invoke','ok','',1000000,0,1,1);
INSERT INTO fclog_span_tally VALUES('unknown','invoke','timeout','Function timed out after 3 seconds (maxMemoryUsage: 47.28MB)',3000000,0,1,1);
INSERT INTO fclog_span_tally VALUES('unknown','prestop','error','Unhandled function error',1000000,0,0,1);
INSERT INTO fclog_span_tally VALUES('unknown','prestop','unfinished','',-1,0,1,2);
CREATE TABLE IF NOT EXISTS "fclog_input_spans"(
    input_id INTEGER NOT NULL,
    function TEXT NOT NULL,
    last_span_id INTEGER NOT NULL,
    PRIMARY KEY(input_id, function)
) WITHOUT ROWID;
INSERT INTO fclog_input_spans VALUES(1,'unknown',5);
INSERT INTO fclog_input_spans VALUES(2,'thumbnail',9);
INSERT INTO fclog_input_spans VALUES(3,'unknown',12);
INSERT INTO fclog_input_spans VALUES(4,'unknown',17);
INSERT INTO fclog_input_spans VALUES(5,'order-api',21);
INSERT INTO fclog_input_spans VALUES(7,'unknown',13);
CREATE TABLE IF NOT EXISTS "fclog_instance_summaries"(
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
INSERT INTO fclog_instance_summaries VALUES('order-api','c-65a77eb0-15416274-ff5addb2c9e1',5,NULL,NULL,1704163200000000,1704163802000000,3,1704163201120000,19,1,3662481881728993724,'3662481881728993724',1,1,812500,1536.0,3,6456,1,1704163199000000,1704163803000000,1);
INSERT INTO fclog_instance_summaries VALUES('thumbnail','c-61cf9980-2b3c4d5e6f7a8b9c0d1e',3,'shop-service',7,1640995200000000,1640995204000000,2,1640995200000000,7,0,-6042666574346513986,NULL,0,0,NULL,0.0,0,3000,2,1640995200000000,1640995204000000,0);
INSERT INTO fclog_instance_summaries VALUES('unknown','c-64f7ef70-1a2b3c4d-5e6f7a8b9c0d',1,NULL,NULL,1693999093000000,1693999094000000,1,1693999093000000,3,0,3637773499126317911,NULL,0,0,NULL,0.0,0,1000,1,1693999093000000,1693999094000000,0);
INSERT INTO fclog_instance_summaries VALUES('unknown','c-6569a3e1-5f4e3d2c-1b0a99887766',4,NULL,NULL,1701421503000000,1701422201000000,2,1701421504000000,15,0,3653776061262787209,NULL,1,1,1000000,0.0,0,3000,1,1701421503000000,1701422201000000,0);
CREATE TABLE IF NOT EXISTS "instances"(
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
INSERT INTO instances VALUES(1,'unknown',NULL,'c-64f7ef70-1a2b3c4d-5e6f7a8b9c0d','2023-09-06T11:18:13.000Z','2023-09-06T11:18:14.000Z',NULL,NULL,1,0);
INSERT INTO instances VALUES(2,'thumbnail','shop-service','c-61cf9980-2b3c4d5e6f7a8b9c0d1e','2022-01-01T00:00:00.000Z','2022-01-01T00:00:04.000Z',NULL,NULL,2,0);
INSERT INTO instances VALUES(3,'unknown',NULL,'c-6569a3e1-5f4e3d2c-1b0a99887766','2023-12-01T09:05:03.000Z','2023-12-01T09:16:41.000Z',NULL,NULL,2,1);
INSERT INTO instances VALUES(4,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:39:59.000Z','2024-01-02T02:50:03.000Z','2024-01-02T02:39:59.000Z','2024-01-02T02:50:03.000Z',3,1);
CREATE TABLE fclog_settings(name TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO fclog_settings VALUES('provenance_from_input','1');
CREATE TABLE IF NOT EXISTS "fclog_record_keys"(
    bucket INTEGER NOT NULL,
    input_id INTEGER REFERENCES inputs(id),
    keys BLOB NOT NULL
);
INSERT INTO fclog_record_keys VALUES(1704163300,7,X'dfc0372673a0');
INSERT INTO fclog_record_keys VALUES(1704163205,5,X'69f0a3a623607301415fdaaf');
INSERT INTO fclog_record_keys VALUES(1704163205,7,X'965cf5d84cce');
INSERT INTO fclog_record_keys VALUES(1704163200,5,X'423533a78cece6bd679905cd');
INSERT INTO fclog_record_keys VALUES(1704163200,6,X'9e7981ae37b7');
INSERT INTO fclog_record_keys VALUES(-7750795304704735813,3,X'9c49ea01550b29aee7536a70bcb049ee9af4');
INSERT INTO fclog_record_keys VALUES(1704163803,6,X'fb1075dedfbd');
INSERT INTO fclog_record_keys VALUES(1701421506,4,X'393c1dbb3e049695427a0269ce0e05c207a1372f69103369');
INSERT INTO fclog_record_keys VALUES(-1271476532390860773,3,X'a704bb80f7e9f52fd7146d52');
INSERT INTO fclog_record_keys VALUES(1693999502,1,X'6fd67728205a4adc6567bef5990a621105a9b993c03894f8f0bc5c8ce7fd');
INSERT INTO fclog_record_keys VALUES(1693999092,1,X'296b5eddcb2f2adb64c64c23');
INSERT INTO fclog_record_keys VALUES(1640995202,2,X'ab0aec1c65280b3eb9787715');
INSERT INTO fclog_record_keys VALUES(1693999111,1,X'1fe8d0c76ae992f81fe4b8c5');
INSERT INTO fclog_record_keys VALUES(-6013243206868752668,3,X'1ece6775817690309fc3c89cf1257c42fea8f07d95e15433');
INSERT INTO fclog_record_keys VALUES(1704163800,5,X'94dbe3ac7ef7aecd175cded8');
INSERT INTO fclog_record_keys VALUES(1693999094,1,X'a97a5c86af6946fe996f2638');
INSERT INTO fclog_record_keys VALUES(1704163500,6,X'158ae4594ddd');
INSERT INTO fclog_record_keys VALUES(1640995204,2,X'1d57f7e0c88c125c8f143207cbb4a53ae17c5367605becd1');
INSERT INTO fclog_record_keys VALUES(1701422201,4,X'17f52bd5089da503db680063');
INSERT INTO fclog_record_keys VALUES(1701421505,4,X'f48b9a69bd57496ef26b1553');
INSERT INTO fclog_record_keys VALUES(-5435821229733950477,1,X'25003f37591c5761babbe942');
INSERT INTO fclog_record_keys VALUES(1704163201,5,X'811eee76b4ed889f8bc5df272578b0c476a9e0fe1799719959818267a19dd494bfc08f66e2578414811ace3481ab6bac');
INSERT INTO fclog_record_keys VALUES(1704163199,6,X'd3afd43609cd');
INSERT INTO fclog_record_keys VALUES(1693999091,1,X'c52ed60dfdd6f050fb646740');
INSERT INTO fclog_record_keys VALUES(1640995203,2,X'da2252755038f2ce803c43d1');
INSERT INTO fclog_record_keys VALUES(1695802364,3,X'1284fff17229');
INSERT INTO fclog_record_keys VALUES(1701421503,4,X'6c9712c255fa0bda6cde970597c55715f9e8c778950da6b100048575f7e5');
INSERT INTO fclog_record_keys VALUES(1693970293,1,X'3fae3996cee3');
INSERT INTO fclog_record_keys VALUES(1704163202,5,X'a12f075548dd9f0973a9e5fcc808e5a60611abd185f1a74bdd63805dd6613593ea49973f5cb38170ccbe9a81746665dd2288132b46b52183daf469eb');
INSERT INTO fclog_record_keys VALUES(1704163202,7,X'e2895636bb68');
INSERT INTO fclog_record_keys VALUES(1640995200,2,X'314c05957b37de07289c6226267d88f5dead449f3f2c8699');
INSERT INTO fclog_record_keys VALUES(1693974521,3,X'bdb4c872e083448f675893d6');
INSERT INTO fclog_record_keys VALUES(1693970300,1,X'e0218cd55a7d');
INSERT INTO fclog_record_keys VALUES(1693999093,1,X'3bc0da9ef68cb29d01a73675afe3203c7be14d67167c4d73d89b2a677f241c76501f2cfc1a7dbcdbe495fe3df9e1b5a0817f5512506a');
INSERT INTO fclog_record_keys VALUES(1649644712,3,X'6bb7d5035a8d');
INSERT INTO fclog_record_keys VALUES(1693999090,1,X'673f4c50f200ddc6757624adaa7c24080704e6efbf1afdf6b26a3e2d2dedb2c9d828d3519e42fec57f99');
INSERT INTO fclog_record_keys VALUES(1701422200,4,X'1f4b83dd4229da4008426f32');
INSERT INTO fclog_record_keys VALUES(1704336644,3,X'd2ee2516a729');
INSERT INTO fclog_record_keys VALUES(-3695110973924063321,3,X'9c03625ecf30f3c2abf3f311');
INSERT INTO fclog_record_keys VALUES(1693999110,1,X'fa834fb52af779f10e0c0ce7');
INSERT INTO fclog_record_keys VALUES(1701392704,4,X'62f49d4915b7');
INSERT INTO fclog_record_keys VALUES(1701421504,4,X'bdf878da8e38b7318f6b44af1712dc217ed30f2c7413c1eaa4a3b615625c');
INSERT INTO fclog_record_keys VALUES(1704163802,5,X'2da8fbaec74d0243578e9967');
INSERT INTO fclog_record_keys VALUES(1693999100,1,X'3015e499203e82de5e8eb277eb7e3c7173bd');
INSERT INTO fclog_record_keys VALUES(1693999103,1,X'80cdfafde835018888cac8ba');
CREATE TABLE fclog_line_blocks(
    id INTEGER PRIMARY KEY,
    last_id INTEGER NOT NULL,
    input_id INTEGER NOT NULL REFERENCES inputs(id),
    lines INTEGER NOT NULL,
    data BLOB NOT NULL
);
INSERT INTO fclog_line_blocks VALUES(1,18,1,18,X'28b52ffd60eb012d0f00969f6a3d606bd301300c98e6e044189ed50d1aef4f41f085f8ebbfa5e42722ddd6e47f99922cf1b4ed54606d3f49f4b6b6bbb76d37f1aa4bb86e401415f2a409c95a0056005d003d7936d4a4d140b881ee4dd445aaa05770a22e1bb69aa252cf3abc825b4a30055f13ae4d42aedd7d014e27f6ee11a0b5d7769d4104b958a38c980f6f19ad77504ba7c13f217bcfc7ed26a8406b1780ddc53044a820014244b22d045abbdaae05a2230467c8d8cebfc2ed32426f99319c4c3dd677d17c11b7f3e73aa574978b402c0e3c34cae88285d776b74524bb6d121279d8dd494844b2fbf3df59ce589fcc20b7bc60ebe7bf041ba81ac328c97902a30e0faedd6daf227fcfb134f17bff1c30a18c924619659880c181637a6034ca4883836b772d1c8be3b1a8679e7528e0a0ae66322027dfab8c96f79415a6bee1152d11508e172d3094fa9b2fe2ea3e1ac9923616ddc878cf97a970750172c1ec9a6950f69fd031a62f7ef51067c8a8413310e4cd6ca0d076431422925d4b824f47c254135b9ee1e805c8cf907f3e5ca8c2b4e57c4e3982df2b745cb3c9eda15827284fd5e9541eca71b0e9f2225af20dd45c5e8346091300833b08db6f01e425acf416c21173a2b357b3a31dc7d26a3953077846d0954c97e608b1236ec292ad847c36dab4230cde73963f789b67');
INSERT INTO fclog_line_blocks VALUES(19,24,2,6,X'28b52ffd202c6101000002040380f0fcaec25f0e02020403000202020503a01f0102020503d00f0202020403d00f02020205030000');
INSERT INTO fclog_line_blocks VALUES(25,40,3,16,X'28b52ffd60ad014d0e0026dc613c504daa03d0c872cf98f6a459571543b435c7a243ff30222d8888a053d2b624d2a9a2ff6164b5f187e3d0dc46ccc8d604a1afd850d5bf09bd3796be0c510053005100b76689bf030de0058069d814dd0de5f065e097e31e419359403881dd4dbe7c6e320157b3958159081118405898b07b4033dd0efd5c6df5ef6ab61ff6c8de2d6b78fef9f3ba3bb1b7e6693f4a53714d3030126cf50985405fcdf4853944729e087a221405419c8972e06d9e77176b9b45818d12193a4cd8ddcd04e80bf3c8e34820b7e85f303224e68f0b730a7adcfa09b5e21af8768f454e9fe3eae58f4be7d5e3406ed9f9bb9ef1d456b71c9663562b3d0785882fc64f01e184dd7573ab7aac6b716c951db6e182870f13763f5352691434a529fa2867252314d1a43855911467f6402614518b26c897ff22fc02cf58e68a3f841bdcbd9e5b6cbd5c6e56f406070d23484cd8ad497ea2d4ac32887ca2067d156934a528a52c12a7844e4f69957b3757e263053ea118e8abbb35a7cf512b378b71e10f6a2f1ec0abbb2b38de622576ed7a170037d8a124d8097cc01687642fc630e8581c7cccfa4e0345a5f795f2b906942f6c981c32ecb4a8f819e62014364bd8c683b5c6c5e00c4fc23aaf20f436a5');
INSERT INTO fclog_line_blocks VALUES(41,50,4,10,X'28b52ffd604a00fd070072cf3833606bdb300c1c278825e0379821084610f2b79a166ffcee94677a73e5e40d6c25d66fbf696fa5a726de1a092c30d125fe6e221917cb0067252fa851b182747a09666e56788ce058e6e020ce4247e779aff1c5f89dfafc8869e38153f0c5b8e2045a15293abd342339d1ae6840ad97cc495270a2549c58120b4a4e9996acf94de2137cda8a3fc49db016c7b206e7b0ee6e8813d978741e48777455145165f93f444cf5b7a89ac70197dafa5c64c381215d77bbe7bd7610e7817417cccfd5567f4ccd76c34ed97bc91519ffbc653017b3b76669b76cc0390ca05b405e6c7c68643caf5d080072fc81a300f0e0cb0501bc814a1bf7319fc913d7564501');
INSERT INTO fclog_line_blocks VALUES(51,63,5,13,X'28b52ffd60b2008d0a00e6954d3870699a03fcbfbdfe3b76ba131178a6f800a825536c52b6aafb7fa794e1fe854e1b6d0d279edac8f7922df29b2a5e5ccc63a554ee68272a033d003f003d00da3ec1f8da199d72e10a8097ffee34470305c669b0a93ee7debef7cb6d9fec0f05c82b624d7330c0a6aa8d69545b000dc65135002b6464b890c134da024d3133b740f005db7162fd818c1029b6924c688f8d4a551fdea39c44650e1e17ae40784b08e1b07ef18c01773281d6223681dedbcf70a997ff138e36a06a2d4bf9056716979714af90c01487cd3a4ae8d946fb3e2fde6991db4ec1e646894d182d923dd00f3a2bc212d7e4114f43a064450c3dd0baa6892111cf5b2a2ffffddaf64947c688169304472c075f431e3d0fc291c75d4b8f644dd3c3cfa12b82ae2227037f055b491ab402162a55d5041a1b4ca3fa80a0c2bd070409070020239e162bde921832e41f72049f011b6c100ea18202');
CREATE TABLE fclog_line_spans(
    span_id INTEGER NOT NULL REFERENCES fclog_span_rows(id),
    block_id INTEGER NOT NULL REFERENCES fclog_line_blocks(id),
    PRIMARY KEY (span_id, block_id)
) WITHOUT ROWID;
INSERT INTO fclog_line_spans VALUES(1,1);
INSERT INTO fclog_line_spans VALUES(2,1);
INSERT INTO fclog_line_spans VALUES(3,1);
INSERT INTO fclog_line_spans VALUES(4,1);
INSERT INTO fclog_line_spans VALUES(5,1);
INSERT INTO fclog_line_spans VALUES(6,1);
INSERT INTO fclog_line_spans VALUES(6,25);
INSERT INTO fclog_line_spans VALUES(7,19);
INSERT INTO fclog_line_spans VALUES(8,19);
INSERT INTO fclog_line_spans VALUES(9,19);
INSERT INTO fclog_line_spans VALUES(10,25);
INSERT INTO fclog_line_spans VALUES(11,25);
INSERT INTO fclog_line_spans VALUES(12,25);
INSERT INTO fclog_line_spans VALUES(13,25);
INSERT INTO fclog_line_spans VALUES(14,41);
INSERT INTO fclog_line_spans VALUES(15,41);
INSERT INTO fclog_line_spans VALUES(16,41);
INSERT INTO fclog_line_spans VALUES(17,41);
INSERT INTO fclog_line_spans VALUES(18,51);
INSERT INTO fclog_line_spans VALUES(19,51);
INSERT INTO fclog_line_spans VALUES(20,51);
INSERT INTO fclog_line_spans VALUES(21,51);
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
CREATE TABLE fclog_pending_initializers(metric_id INTEGER PRIMARY KEY);
CREATE INDEX span_rows_by_request ON "fclog_span_rows"(request_key);
CREATE INDEX span_rows_open ON "fclog_span_rows"(has_start, has_end) WHERE has_start = 0 OR has_end = 0;
CREATE INDEX request_metrics_by_request ON request_metrics(request_id);
CREATE INDEX instance_events_by_instance ON instance_events(instance_id);
CREATE INDEX span_rows_by_instance ON "fclog_span_rows"(instance);
CREATE INDEX request_metrics_by_span ON request_metrics(span_id);
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
FROM "fclog_span_rows" s LEFT JOIN instances i ON i.id = s.instance;
CREATE INDEX fclog_record_keys_by_bucket ON fclog_record_keys(bucket);
CREATE INDEX fclog_record_keys_by_input ON fclog_record_keys(input_id);
CREATE INDEX fclog_line_blocks_by_last ON fclog_line_blocks(last_id);
CREATE INDEX fclog_line_blocks_by_input ON fclog_line_blocks(input_id);
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
CREATE INDEX span_rows_failed ON fclog_span_rows(function, kind, status, coalesce(start_us, end_us, 0))
    WHERE status <> 'ok';
CREATE INDEX span_rows_long ON fclog_span_rows(function, kind, duration_us, coalesce(start_us, end_us, 0))
    WHERE duration_us >= 1000000 OR kind = 'initialize';
COMMIT;
