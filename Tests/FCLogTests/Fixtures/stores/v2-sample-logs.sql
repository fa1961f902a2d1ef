PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE fclog_migrations(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
INSERT INTO fclog_migrations VALUES('v1-initial','2026-11-29T11:02:03.359Z');
INSERT INTO fclog_migrations VALUES('v2-report-summaries','2026-11-29T11:02:03.360Z');
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
INSERT INTO inputs VALUES(1,'sample-logs/console-copy.txt','2026-11-29T11:02:03.361Z',17,17,0,0,1);
INSERT INTO inputs VALUES(2,'sample-logs/fc2-service.jsonl','2026-11-29T11:02:03.362Z',6,6,0,0,1);
INSERT INTO inputs VALUES(3,'sample-logs/raw-tail.txt','2026-11-29T11:02:03.363Z',22,16,0,6,1);
INSERT INTO inputs VALUES(4,'sample-logs/s-logs.txt','2026-11-29T11:02:03.364Z',13,10,0,3,1);
INSERT INTO inputs VALUES(5,'sample-logs/sls-function-logs.jsonl','2026-11-29T11:02:03.364Z',11,11,0,0,1);
INSERT INTO inputs VALUES(6,'sample-logs/sls-instance-events.json','2026-11-29T11:02:03.365Z',38,4,0,0,1);
INSERT INTO inputs VALUES(7,'sample-logs/sls-request-metrics.jsonl','2026-11-29T11:02:03.365Z',3,3,0,0,1);
CREATE TABLE record_keys(
    bucket INTEGER PRIMARY KEY,
    keys BLOB NOT NULL
);
INSERT INTO record_keys VALUES(-7750795304704735813,X'29aee7536a70c2c5bcb049ee9af4c9f19c49ea01550b2f46');
INSERT INTO record_keys VALUES(-6013243206868752668,X'f1257c42fea8a5fd1ece677581761115f07d95e1543397d390309fc3c89ccec1');
INSERT INTO record_keys VALUES(-5435821229733950477,X'5761babbe9422be325003f37591c23c3');
INSERT INTO record_keys VALUES(-3695110973924063321,X'f3c2abf3f311e7f19c03625ecf306f07');
INSERT INTO record_keys VALUES(-1271476532390860773,X'a704bb80f7e96aaef52fd7146d5287a5');
INSERT INTO record_keys VALUES(1640995200,X'271eb52e949064a3868855aee3fc48ee');
INSERT INTO record_keys VALUES(1640995202,X'b586cd46b8932417');
INSERT INTO record_keys VALUES(1640995203,X'c7681dc9a1ff69e1');
INSERT INTO record_keys VALUES(1640995204,X'05eb758f9f6b5e016947832b4002993c');
INSERT INTO record_keys VALUES(1649644712,X'6bb7d5035a8d92d6');
INSERT INTO record_keys VALUES(1693970293,X'3fae3996cee3740c');
INSERT INTO record_keys VALUES(1693970300,X'e0218cd55a7ddee8');
INSERT INTO record_keys VALUES(1693974521,X'bdb4c872e083bc49448f675893d6ca55');
INSERT INTO record_keys VALUES(1693999090,X'673f4c50f200c77daa7c240807041b74b2c9d828d351ed70');
INSERT INTO record_keys VALUES(1693999091,X'c52ed60dfdd6cf46');
INSERT INTO record_keys VALUES(1693999092,X'296b5eddcb2f8b5b');
INSERT INTO record_keys VALUES(1693999093,X'3bc0da9ef68c2d81afe3203c7be146e6');
INSERT INTO record_keys VALUES(1693999094,X'a97a5c86af698780');
INSERT INTO record_keys VALUES(1693999100,X'3015e499203e89de');
INSERT INTO record_keys VALUES(1693999103,X'80cdfafde835e317');
INSERT INTO record_keys VALUES(1693999110,X'9e5560e8839f0f02');
INSERT INTO record_keys VALUES(1693999502,X'990a621105a9a42e6fd67728205a8294');
INSERT INTO record_keys VALUES(1695802364,X'1284fff17229f0e1');
INSERT INTO record_keys VALUES(1701392704,X'62f49d4915b7e3e2');
INSERT INTO record_keys VALUES(1701421503,X'6c9712c255faf84c97c55715f9e890f4');
INSERT INTO record_keys VALUES(1701421504,X'bdf878da8e3869031712dc217ed30d1a');
INSERT INTO record_keys VALUES(1701421505,X'f48b9a69bd577f29');
INSERT INTO record_keys VALUES(1701421506,X'393c1dbb3e042333ce0e05c207a1098a');
INSERT INTO record_keys VALUES(1701422200,X'1f4b83dd4229352e');
INSERT INTO record_keys VALUES(1701422201,X'17f52bd5089d897d');
INSERT INTO record_keys VALUES(1704163199,X'f74549aaa404b1db');
INSERT INTO record_keys VALUES(1704163200,X'41a1c3b4ebaab1d378f179a029e9d9fb');
INSERT INTO record_keys VALUES(1704163201,X'28e9963a0e2757f1fd015b0311c3ee844b693ed377880cf6fbb3356e138f7830');
INSERT INTO record_keys VALUES(1704163202,X'b595378fab4132031ebb49d822cd243018572e9fedbe00c1386a23b97f7860e2');
INSERT INTO record_keys VALUES(1704163205,X'9c2df11d1d4591c27ac4d54fb3020b34');
INSERT INTO record_keys VALUES(1704163300,X'0bca9ddea3cd3651');
INSERT INTO record_keys VALUES(1704163500,X'2301c8ff4b4706df');
INSERT INTO record_keys VALUES(1704163800,X'47e83916e5618230');
INSERT INTO record_keys VALUES(1704163802,X'dc7de68c003798de');
INSERT INTO record_keys VALUES(1704163803,X'e615d5d4af4b2a9e');
INSERT INTO record_keys VALUES(1704336644,X'd2ee2516a7298f09');
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
INSERT INTO span_rows VALUES(1,'unknown',NULL,NULL,'1-64f7ef72-64caf1ff0046194d9a26bbd7',3637773499126317911,'initialize','error','Unhandled function error',1693999090000000,1693999091000000,1000000,1000,'second_timestamps',1,1,1,NULL,NULL,NULL,1);
INSERT INTO span_rows VALUES(2,'unknown',NULL,NULL,'1-64f7ef72-64caf1ff0046194d9a26bbd7',3637773499126317911,'initialize','ok',NULL,1693999092000000,1693999093000000,1000000,1000,'second_timestamps',2,1,1,NULL,NULL,NULL,1);
INSERT INTO span_rows VALUES(3,'unknown',NULL,'c-64f7ef70-1a2b3c4d-5e6f7a8b9c0d','1-64f7ef72-64caf1ff0046194d9a26bbd7',3637773499126317911,'invoke','error','Unhandled function error',1693999093000000,1693999094000000,1000000,1000,'second_timestamps',1,1,1,NULL,NULL,NULL,1);
INSERT INTO span_rows VALUES(4,'unknown',NULL,NULL,'1-64f7ef7c-0f1e2d3c-4b5a69788796',3637773519823955873,'invoke','timeout','Function timed out after 3 seconds (maxMemoryUsage: 47.28MB)',1693999100000000,1693999103000000,3000000,3000,'second_timestamps',1,1,1,NULL,NULL,NULL,1);
INSERT INTO span_rows VALUES(5,'unknown',NULL,NULL,'1-64f7ef86-1b2c3d4e-5f6a7b8c9d0e',3637773541347882497,'invoke','unfinished',NULL,1693999110000000,NULL,NULL,NULL,NULL,1,1,0,NULL,NULL,NULL,7);
INSERT INTO span_rows VALUES(6,'unknown',NULL,NULL,'0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a87',-2119866922635852102,'prestop','unfinished',NULL,1693999502000000,NULL,NULL,NULL,NULL,1,1,0,NULL,NULL,NULL,7);
INSERT INTO span_rows VALUES(7,'thumbnail','shop-service','c-61cf9980-2b3c4d5e6f7a8b9c0d1e','CEBD8A24-8980-594C-87A6-5E5882CB12AB',-6042666574346513986,'invoke','ok',NULL,1640995200000000,1640995202000000,2000000,2000,'second_timestamps',1,1,1,NULL,NULL,NULL,2);
INSERT INTO span_rows VALUES(8,'thumbnail','shop-service','c-61cf9980-2b3c4d5e6f7a8b9c0d1e','5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',-8195610876059643538,'invoke','ok',NULL,1640995200000000,1640995203000000,3000000,3000,'second_timestamps',1,1,1,NULL,NULL,NULL,2);
INSERT INTO span_rows VALUES(9,'thumbnail','shop-service','c-61cf9980-2b3c4d5e6f7a8b9c0d1e','6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e',8747304822648764707,'prefreeze','ok',NULL,1640995204000000,1640995204000000,0,0,'second_timestamps',1,1,1,NULL,NULL,NULL,2);
INSERT INTO span_rows VALUES(10,'unknown',NULL,NULL,'1-6513e3fc-985ed1c8f1afcf92be9fe039',3641707848167531968,'invoke','ok',NULL,1695802364485000,1695802364487190,2190,3,'summary_line',1,1,1,NULL,128,26.149999999999998579,3);
INSERT INTO span_rows VALUES(11,'unknown',NULL,NULL,'1-659a1b2c-16c3d4e5-39659f0a1b2c',3660597010841898802,'invoke','ok',NULL,NULL,NULL,87020,88,'summary_line',1,1,1,NULL,512,31.399999999999998578,3);
INSERT INTO span_rows VALUES(12,'unknown',NULL,NULL,'d32c01bc-4397-4f52-a9ca-e374c28f96c1',502028591987030672,'invoke','error','Unhandled function error',1693974521790000,1693974521790123,123,1,'line_timestamps',1,1,1,NULL,NULL,NULL,3);
INSERT INTO span_rows VALUES(13,'unknown',NULL,NULL,'9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',1390921985157517357,'prestop','unfinished',NULL,NULL,NULL,NULL,NULL,NULL,1,1,0,NULL,NULL,NULL,7);
INSERT INTO span_rows VALUES(14,'unknown',NULL,'c-6569a3e1-5f4e3d2c-1b0a99887766','5d1e8f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a',-94781017116188390,'initialize','ok',NULL,1701421503000000,1701421504000000,1000000,1000,'second_timestamps',1,1,1,NULL,NULL,NULL,4);
INSERT INTO span_rows VALUES(15,'unknown',NULL,'c-6569a3e1-5f4e3d2c-1b0a99887766','1-6569a3f0-2b1c4d5e6f708192a3b4c5d6',3653776061262787209,'invoke','ok',NULL,1701421504000000,1701421505000000,1000000,1000,'second_timestamps',1,1,1,NULL,NULL,NULL,4);
INSERT INTO span_rows VALUES(16,'unknown',NULL,'c-6569a3e1-5f4e3d2c-1b0a99887766','1-6569a3f2-3c2d5e6f7a8b9c0d1e2f3a4b',3653776066812730750,'invoke','error','Handled function error',1701421506000000,1701421506000000,0,0,'second_timestamps',1,1,1,NULL,NULL,NULL,4);
INSERT INTO span_rows VALUES(17,'unknown',NULL,'c-6569a3e1-5f4e3d2c-1b0a99887766','7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',5005005371878051368,'prestop','error','Unhandled function error',1701422200000000,1701422201000000,1000000,1000,'second_timestamps',1,1,1,NULL,NULL,NULL,4);
INSERT INTO span_rows VALUES(18,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','3b34c887-e0d1-4015-afbd-63a387f6044c',-6340927184671059647,'initialize','ok',NULL,1704163200000000,1704163200812500,812500,813,'initializer_metrics',1,1,1,NULL,NULL,NULL,5);
INSERT INTO span_rows VALUES(19,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','1-65a77fbb-157f3f32-e1ee24b17e49',3662481881728993724,'invoke','ok',NULL,1704163201120000,1704163201740350,620350,621,'request_metrics',1,1,1,1,512,48.200000000000002842,5);
INSERT INTO span_rows VALUES(20,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','1-65a77fbc-2a3b4c5d-6e7f8a9b0c1d',3662481882219555490,'invoke','timeout','Function timed out after 3 seconds (maxMemoryUsage: 52.10MB)',1704163202005000,1704163205005200,3000200,3001,'request_metrics',1,1,1,0,512,52.100000000000001422,5);
INSERT INTO span_rows VALUES(21,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a87',-2119866922635852102,'prestop','error','Unhandled function error',1704163800000000,1704163802000000,2000000,2000,'second_timestamps',1,1,1,NULL,NULL,NULL,5);
INSERT INTO span_rows VALUES(22,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','1-65a77fff-0a0b0c0d-0e0f10111213',3662482027822951664,'invoke','ok',NULL,1704163300100000,1704163300120200,20200,21,'request_metrics',1,0,0,0,512,40.0,NULL);
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
INSERT INTO log_lines VALUES(1,1,1,1693999090000,1,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(2,1,2,1693999090000,1,NULL,NULL,NULL,NULL,1,'load code for handler:index.initialize');
INSERT INTO log_lines VALUES(3,1,3,1693999090000,1,NULL,NULL,NULL,'verbose',0,'initializer');
INSERT INTO log_lines VALUES(4,1,4,1693999091000,1,NULL,NULL,NULL,NULL,2,'FC Initialize End RequestId: 1-64f7ef72-64caf1ff0046194d9a26bbd7, Error: Unhandled function error');
INSERT INTO log_lines VALUES(5,1,5,1693999092000,2,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(6,1,6,1693999093000,2,NULL,NULL,NULL,NULL,5,NULL);
INSERT INTO log_lines VALUES(7,1,7,1693999093000,3,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(8,1,8,1693970293412,3,NULL,NULL,NULL,'error',0,'TypeError: Cannot read properties of undefined (reading ''id'')');
INSERT INTO log_lines VALUES(9,1,9,1693970293412,3,NULL,NULL,NULL,NULL,0,'at handler (/code/index.js:12:20)');
INSERT INTO log_lines VALUES(10,1,10,1693970293412,3,NULL,NULL,NULL,NULL,0,'at process.processTicksAndRejections (node:internal/process/task_queues:95:5)');
INSERT INTO log_lines VALUES(11,1,11,1693999094000,3,NULL,NULL,NULL,NULL,2,'FC Invoke End RequestId: 1-64f7ef72-64caf1ff0046194d9a26bbd7, Error: Unhandled function error');
INSERT INTO log_lines VALUES(12,1,12,1693999100000,4,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(13,1,13,1693970300107,4,NULL,NULL,NULL,'info',0,'order 42 accepted');
INSERT INTO log_lines VALUES(14,1,14,1693999103000,4,NULL,NULL,NULL,NULL,2,'FC Invoke End RequestId: 1-64f7ef7c-0f1e2d3c-4b5a69788796, Error: Function timed out after 3 seconds (maxMemoryUsage: 47.28MB)');
INSERT INTO log_lines VALUES(15,1,15,1693999110000,5,NULL,NULL,NULL,NULL,2,'FC Invoke Start RequestId: 1-64f7ef86-1b2c3d4e-5f6a7b8c9d0e	2023-09-06 11:18:31	FC Invoke End RequestId: 1-64f7ef86-1b2c3d4e-5f6a7b8c9d0e');
INSERT INTO log_lines VALUES(16,1,16,1693999502000,6,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(17,1,17,1693999502000,6,NULL,NULL,NULL,NULL,0,'flushing metrics before shutdown');
INSERT INTO log_lines VALUES(18,2,1,1640995200000,7,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(19,2,2,1640995200000,8,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(20,2,3,1640995202000,7,NULL,NULL,NULL,NULL,5,NULL);
INSERT INTO log_lines VALUES(21,2,4,1640995203000,8,NULL,NULL,NULL,NULL,5,NULL);
INSERT INTO log_lines VALUES(22,2,5,1640995204000,9,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(23,2,6,1640995204000,9,NULL,NULL,NULL,NULL,5,NULL);
INSERT INTO log_lines VALUES(24,3,2,NULL,NULL,'unknown',NULL,NULL,NULL,1,'FunctionCompute python3 runtime inited.');
INSERT INTO log_lines VALUES(25,3,3,NULL,10,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(26,3,4,1695802364485,10,NULL,NULL,NULL,'info',0,'b''test''');
INSERT INTO log_lines VALUES(27,3,5,1695802364485,10,NULL,NULL,NULL,NULL,0,'b''Hello World''');
INSERT INTO log_lines VALUES(28,3,6,NULL,10,NULL,NULL,NULL,NULL,5,NULL);
INSERT INTO log_lines VALUES(29,3,8,NULL,10,NULL,NULL,NULL,NULL,3,'Duration: 2.19 ms, Billed Duration: 3 ms, Memory Size: 128 MB, Max Memory Used: 26.15 MB');
INSERT INTO log_lines VALUES(30,3,11,NULL,11,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(31,3,12,1704336644000,11,NULL,NULL,NULL,'info',0,'hello from php');
INSERT INTO log_lines VALUES(32,3,13,NULL,11,NULL,NULL,NULL,NULL,5,NULL);
INSERT INTO log_lines VALUES(33,3,15,NULL,11,NULL,NULL,NULL,NULL,3,'Duration: 87.02 ms, Billed Duration: 88 ms, Memory Size: 512 MB, Max Memory Used: 31.40 MB');
INSERT INTO log_lines VALUES(34,3,17,NULL,12,NULL,NULL,NULL,NULL,2,'FC invoke Start RequestId:d32c01bc-4397-4f52-a9ca-e374c28f96c1');
INSERT INTO log_lines VALUES(35,3,18,1693974521790,12,NULL,NULL,NULL,'info',0,'main.go:19: hi');
INSERT INTO log_lines VALUES(36,3,19,1693974521790,12,NULL,NULL,NULL,'error',0,'{"panic":"runtime error: index out of range"}');
INSERT INTO log_lines VALUES(37,3,20,NULL,12,NULL,NULL,NULL,NULL,2,'FC invoke End RequestId:d32c01bc-4397-4f52-a9ca-e374c28f96c1, Error: Unhandled function error');
INSERT INTO log_lines VALUES(38,3,21,NULL,13,NULL,NULL,NULL,NULL,2,'FC Pre-Stop Start RequestId: 9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f');
INSERT INTO log_lines VALUES(39,3,22,1649644712008,13,NULL,NULL,NULL,'info',0,'closing pool');
INSERT INTO log_lines VALUES(40,4,1,1701421503000,14,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(41,4,2,1701421503000,14,NULL,NULL,NULL,NULL,1,'FunctionCompute python3 runtime inited.');
INSERT INTO log_lines VALUES(42,4,3,1701421504000,14,NULL,NULL,NULL,NULL,5,NULL);
INSERT INTO log_lines VALUES(43,4,5,1701421504000,15,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(44,4,6,1701392704120,15,NULL,NULL,NULL,'info',0,'resize image 640x480');
INSERT INTO log_lines VALUES(45,4,7,1701421505000,15,NULL,NULL,NULL,NULL,5,NULL);
INSERT INTO log_lines VALUES(46,4,9,1701421506000,16,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(47,4,10,1701421506000,16,NULL,NULL,NULL,NULL,2,'FC Invoke End RequestId: 1-6569a3f2-3c2d5e6f7a8b9c0d1e2f3a4b, Error: Handled function error');
INSERT INTO log_lines VALUES(48,4,12,1701422200000,17,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(49,4,13,1701422201000,17,NULL,NULL,NULL,NULL,2,'FC PreStop End RequestId: 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d, Error: Unhandled function error');
INSERT INTO log_lines VALUES(50,5,1,1704163200000,18,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(51,5,2,1704163201000,18,NULL,NULL,NULL,NULL,5,NULL);
INSERT INTO log_lines VALUES(52,5,3,1704163201000,19,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(53,5,4,1704163201350,19,NULL,NULL,NULL,'info',0,'created order 1001');
INSERT INTO log_lines VALUES(54,5,5,1704163201350,19,NULL,NULL,NULL,'info',0,'created order 1001');
INSERT INTO log_lines VALUES(55,5,6,1704163202000,19,NULL,NULL,NULL,NULL,5,NULL);
INSERT INTO log_lines VALUES(56,5,7,1704163202000,20,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(57,5,8,1704163202010,20,NULL,NULL,NULL,'error',0,'payment failed');
INSERT INTO log_lines VALUES(58,5,8,1704163202000,20,NULL,NULL,NULL,NULL,0,'Error: card declined');
INSERT INTO log_lines VALUES(59,5,8,1704163202000,20,NULL,NULL,NULL,NULL,0,'at charge (/code/pay.js:40:11)');
INSERT INTO log_lines VALUES(60,5,9,1704163205000,20,NULL,NULL,NULL,NULL,2,'FC Invoke End RequestId: 1-65a77fbc-2a3b4c5d-6e7f8a9b0c1d, Error: Function timed out after 3 seconds (maxMemoryUsage: 52.10MB)');
INSERT INTO log_lines VALUES(61,5,10,1704163800000,21,NULL,NULL,NULL,NULL,4,NULL);
INSERT INTO log_lines VALUES(62,5,11,1704163802000,21,NULL,NULL,NULL,NULL,2,'FC PreStop End RequestId: 0c3f2e1a-77b4-4d0e-9a51-3e2d1c0b9a87, Error: Unhandled function error');
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
INSERT INTO request_metrics VALUES(1,'order-api',NULL,'LATEST','1-65a77fbb-157f3f32-e1ee24b17e49','c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:40:02.000Z','2024-01-02T02:40:01.120Z',1704163201120000,620.35000000000002275,512,48.200000000000002842,1,0,NULL,812.5,1530.0,300.10000000000002272,405.0,12.0,'OnDemand',0,200,19);
INSERT INTO request_metrics VALUES(2,'order-api',NULL,'LATEST','1-65a77fbc-2a3b4c5d-6e7f8a9b0c1d','c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:40:05.000Z','2024-01-02T02:40:02.005Z',1704163202005000,3000.1999999999998181,512,52.100000000000001422,0,1,'FunctionTimeoutError',NULL,NULL,NULL,NULL,NULL,'OnDemand',0,200,20);
INSERT INTO request_metrics VALUES(3,'order-api',NULL,'LATEST','1-65a77fff-0a0b0c0d-0e0f10111213','c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:41:40.000Z','2024-01-02T02:41:40.100Z',1704163300100000,20.199999999999999288,512,40.0,0,0,NULL,NULL,NULL,NULL,NULL,NULL,'OnDemand',0,200,22);
CREATE TABLE instance_events(
    id INTEGER PRIMARY KEY,
    function TEXT NOT NULL,
    service TEXT,
    instance_id TEXT,
    time TEXT,
    time_us INTEGER,
    event TEXT NOT NULL
);
INSERT INTO instance_events VALUES(1,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:39:59.000Z',1704163199000000,'Creating');
INSERT INTO instance_events VALUES(2,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:40:00.000Z',1704163200000000,'CreateSuccess');
INSERT INTO instance_events VALUES(3,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:50:03.000Z',1704163803000000,'DestroySuccess');
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
INSERT INTO instance_metrics VALUES(1,'order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:45:00.000Z',60.0,12.5,50.0,512.0,61.299999999999997156,11.970000000000000639,1.0,10240.0,20480.0);
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
INSERT INTO instances VALUES('unknown',NULL,'c-64f7ef70-1a2b3c4d-5e6f7a8b9c0d','2023-09-06T11:18:13.000Z','2023-09-06T11:18:14.000Z',NULL,NULL,1,0);
INSERT INTO instances VALUES('thumbnail','shop-service','c-61cf9980-2b3c4d5e6f7a8b9c0d1e','2022-01-01T00:00:00.000Z','2022-01-01T00:00:04.000Z',NULL,NULL,2,0);
INSERT INTO instances VALUES('order-api',NULL,'c-65a77eb0-15416274-ff5addb2c9e1','2024-01-02T02:39:59.000Z','2024-01-02T02:50:03.000Z','2024-01-02T02:39:59.000Z','2024-01-02T02:50:03.000Z',3,1);
INSERT INTO instances VALUES('unknown',NULL,'c-6569a3e1-5f4e3d2c-1b0a99887766','2023-12-01T09:05:03.000Z','2023-12-01T09:16:41.000Z',NULL,NULL,2,1);
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
INSERT INTO span_tally VALUES('order-api','initialize','ok','',812500,1,0,1);
INSERT INTO span_tally VALUES('order-api','invoke','ok','',20200,1,0,1);
INSERT INTO span_tally VALUES('order-api','invoke','ok','',620350,1,0,1);
INSERT INTO span_tally VALUES('order-api','invoke','timeout','Function timed out after 3 seconds (maxMemoryUsage: 52.10MB)',3000200,1,0,1);
INSERT INTO span_tally VALUES('order-api','prestop','error','Unhandled function error',2000000,0,0,1);
INSERT INTO span_tally VALUES('thumbnail','invoke','ok','',2000000,0,0,1);
INSERT INTO span_tally VALUES('thumbnail','invoke','ok','',3000000,0,0,1);
INSERT INTO span_tally VALUES('thumbnail','prefreeze','ok','',0,0,0,1);
INSERT INTO span_tally VALUES('unknown','initialize','error','Unhandled function error',1000000,0,1,1);
INSERT INTO span_tally VALUES('unknown','initialize','ok','',1000000,0,0,1);
INSERT INTO span_tally VALUES('unknown','initialize','ok','',1000000,0,1,1);
INSERT INTO span_tally VALUES('unknown','invoke','error','Handled function error',0,0,0,1);
INSERT INTO span_tally VALUES('unknown','invoke','error','Unhandled function error',123,0,1,1);
INSERT INTO span_tally VALUES('unknown','invoke','error','Unhandled function error',1000000,0,0,1);
INSERT INTO span_tally VALUES('unknown','invoke','ok','',2190,1,1,1);
INSERT INTO span_tally VALUES('unknown','invoke','ok','',87020,1,1,1);
INSERT INTO span_tally VALUES('unknown','invoke','ok','',1000000,0,0,1);
INSERT INTO span_tally VALUES('unknown','invoke','timeout','Function timed out after 3 seconds (maxMemoryUsage: 47.28MB)',3000000,0,1,1);
INSERT INTO span_tally VALUES('unknown','invoke','unfinished','',-1,0,1,1);
INSERT INTO span_tally VALUES('unknown','prestop','error','Unhandled function error',1000000,0,0,1);
INSERT INTO span_tally VALUES('unknown','prestop','unfinished','',-1,0,1,2);
CREATE TABLE input_spans(
    input_id INTEGER NOT NULL,
    function TEXT NOT NULL,
    last_span_id INTEGER NOT NULL,
    PRIMARY KEY(input_id, function)
) WITHOUT ROWID;
INSERT INTO input_spans VALUES(1,'unknown',4);
INSERT INTO input_spans VALUES(2,'thumbnail',9);
INSERT INTO input_spans VALUES(3,'unknown',12);
INSERT INTO input_spans VALUES(4,'unknown',17);
INSERT INTO input_spans VALUES(5,'order-api',21);
INSERT INTO input_spans VALUES(7,'unknown',13);
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
INSERT INTO instance_summaries VALUES('order-api','c-65a77eb0-15416274-ff5addb2c9e1',5,NULL,NULL,1704163200000000,1704163802000000,3,1704163201120000,19,1,3662481881728993724,'3662481881728993724',1,1,812500,1536.0,3,6456,1,1704163199000000,1704163803000000,1);
INSERT INTO instance_summaries VALUES('thumbnail','c-61cf9980-2b3c4d5e6f7a8b9c0d1e',3,'shop-service',7,1640995200000000,1640995204000000,2,1640995200000000,7,0,-6042666574346513986,NULL,0,0,NULL,0.0,0,3000,2,1640995200000000,1640995204000000,0);
INSERT INTO instance_summaries VALUES('unknown','c-64f7ef70-1a2b3c4d-5e6f7a8b9c0d',1,NULL,NULL,1693999093000000,1693999094000000,1,1693999093000000,3,0,3637773499126317911,NULL,0,0,NULL,0.0,0,1000,1,1693999093000000,1693999094000000,0);
INSERT INTO instance_summaries VALUES('unknown','c-6569a3e1-5f4e3d2c-1b0a99887766',4,NULL,NULL,1701421503000000,1701422201000000,2,1701421504000000,15,0,3653776061262787209,NULL,1,1,1000000,0.0,0,3000,1,1701421503000000,1701422201000000,0);
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
CREATE INDEX request_metrics_by_request ON request_metrics(request_id);
CREATE INDEX instance_events_by_instance ON instance_events(instance_id);
COMMIT;
