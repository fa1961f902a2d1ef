"""fclog push, report --from and query --from against real ClickHouse: a cluster of two shards of Debian's
clickhouse-server (18.16, started by Tests/ClickHouse/cluster.sh on 127.0.0.1) and current ClickHouse (26.x,
in-process through chdb, behind chdb_http.py). Two workers ingest different functions of one export and push;
every figure read back is checked against one store that ingested everything (the oracle)."""

import contextlib
import http.server
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
FCLOG = os.environ.get("FCLOG", str(ROOT / ".build" / "debug" / "fclog"))
BENCH = os.environ.get("FCLOG_BENCH", str(pathlib.Path(FCLOG).with_name("fclog-bench")))
WORK = pathlib.Path(tempfile.mkdtemp(prefix="fclog-clickhouse-"))
# Beside WORK, not in it: the servers run as the clickhouse user, who cannot enter WORK.
CLUSTER_DIR = pathlib.Path(tempfile.mkdtemp(prefix="fclog-cluster-"))
NODE_A, NODE_B, MODERN = 18123, 18124, 18125
SAMPLES = sorted(str(p) for p in (ROOT / "sample-logs").iterdir())
CHDB = None


def url(port, database="fclog"):
    return f"clickhouse://127.0.0.1:{port}/{database}"


def fclog(*args, check=True, env=None):
    done = subprocess.run([FCLOG, *map(str, args)], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1", **(env or {})})
    if check and done.returncode != 0:
        raise AssertionError(f"fclog {' '.join(map(str, args))} exited {done.returncode}: {done.stderr}")
    return done


def clickhouse(port, sql):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", data=sql.encode(), method="POST")
    with urllib.request.urlopen(request, timeout=60) as answer:
        return answer.read().decode()


def ingest(db, *files):
    fclog("ingest", "--db", db, "--tz", "+08:00", "--function", "web", *files)


def split_by_function(source, parts):
    """Writes one file per group of functions: a worker's share of the export."""
    outs = {name: open(path, "w") for name, path in parts.items()}
    with open(source) as lines:
        for line in lines:
            function = json.loads(line)["functionName"]
            outs[next(name for name in parts if function in name.split("+"))].write(line)
    for out in outs.values():
        out.close()


def wait_for_port(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing answers on 127.0.0.1:{port}")


def setUpModule():
    global CHDB
    export = WORK / "export.jsonl"
    subprocess.run([BENCH, "generate", "--shape", "sls", "--request-metrics", "--size-mb", "4", export], check=True, capture_output=True)
    split_by_function(export, {"fn-1+fn-2": WORK / "worker-a.jsonl", "fn-3+fn-4": WORK / "worker-b.jsonl"})
    # The oracle: one store that ingests everything at once.
    ingest(WORK / "oracle.db", *SAMPLES, export)
    ingest(WORK / "a.db", *SAMPLES, WORK / "worker-a.jsonl")
    ingest(WORK / "b.db", WORK / "worker-b.jsonl")
    subprocess.run([ROOT / "Tests" / "ClickHouse" / "cluster.sh", "start", CLUSTER_DIR], check=True)
    CHDB = subprocess.Popen([sys.executable, ROOT / "Tests" / "Integration" / "chdb_http.py", str(MODERN), WORK / "chdb"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(MODERN, 60)
    shards = ["--shard", url(NODE_A), "--shard", url(NODE_B)]
    fclog("push", "--db", WORK / "a.db", "--to", url(NODE_A), "--create", "--cluster", "fclog", *shards)
    fclog("push", "--db", WORK / "b.db", "--to", url(NODE_B))


def tearDownModule():
    if CHDB:
        CHDB.terminate()
        CHDB.wait()
    subprocess.run([ROOT / "Tests" / "ClickHouse" / "cluster.sh", "stop", CLUSTER_DIR], check=False)


def window(db):
    """A window that cuts through the middle of the store's spans."""
    row = json.loads(fclog("query", "--db", db, "--format", "json",
                           "SELECT min(start_time) AS a, max(start_time) AS b FROM spans WHERE function LIKE 'fn-%'").stdout)[0]
    return row["a"][:15] + "5:00Z", row["b"][:14] + "00:00Z"


def report_variants(db):
    since, until = window(db)
    instance = json.loads(fclog("query", "--db", db, "--format", "json",
                                "SELECT instance_id FROM spans WHERE function = 'fn-3' AND instance_id IS NOT NULL ORDER BY id LIMIT 1").stdout)[0]["instance_id"]
    return [
        [], ["--function", "fn-2"], ["--function", "web"], ["--since", since, "--until", until], ["--by", "1d"], ["--function", "fn-1", "--by", "10m"],
        ["--by-version"], ["--compare-since", since, "--compare-until", until],
        ["--instance", instance], ["--qualifier", "LATEST"], ["--examples", "2"], ["--billing-step-ms", "100"],
    ]


class ClusterTests(unittest.TestCase):
    """Two workers, two shards: the shared store answers as the oracle does."""

    def assertReportsEqual(self, source, oracle, variants=None, formats=("json", "csv", "markdown", "table")):
        for options in variants or report_variants(oracle):
            for form in formats:
                with self.subTest(options=options, format=form):
                    expected = fclog("report", "--db", oracle, "--format", form, *options).stdout
                    self.assertEqual(fclog("report", "--from", source, "--format", form, *options).stdout, expected)

    def test_report_from_the_cluster_equals_the_oracle(self):
        self.assertReportsEqual(url(NODE_A), WORK / "oracle.db")
        # Either server of the cluster answers alike.
        self.assertReportsEqual(url(NODE_B), WORK / "oracle.db", variants=[[]], formats=["json"])

    def test_query_from_the_cluster_counts_what_the_oracle_holds(self):
        for table in ["spans", "instances", "request_metrics", "instance_events", "lines"]:
            with self.subTest(table=table):
                local = fclog("query", "--db", WORK / "oracle.db", "--format", "csv",
                              f"SELECT function, count(*) AS n FROM {table} GROUP BY function ORDER BY function").stdout
                remote = fclog("query", "--from", url(NODE_A), "--format", "csv",
                               f"SELECT function, count() AS n FROM {table} FINAL WHERE fclog_deleted = 0 GROUP BY function ORDER BY function").stdout
                self.assertEqual(remote, local)
        # Writes are refused, said in ClickHouse's words.
        refused = fclog("query", "--from", url(NODE_A), "DROP TABLE fclog.spans", check=False)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("readonly", refused.stderr.lower())

    def test_pushing_again_sends_nothing_and_keeps_one_copy(self):
        before = clickhouse(NODE_A, "SELECT count() FROM fclog.spans")
        again = fclog("push", "--db", WORK / "a.db", "--to", url(NODE_A))
        self.assertIn("nothing new to send", again.stderr)
        self.assertEqual(clickhouse(NODE_A, "SELECT count() FROM fclog.spans"), before)
        spans = int(fclog("query", "--db", WORK / "oracle.db", "--format", "csv", "SELECT count(*) FROM spans").stdout.split()[1])
        self.assertEqual(int(before), spans)


class StoryAndTimelineTests(unittest.TestCase):
    """fclog show and fclog timeline read from ClickHouse what they read from the store."""

    def test_show_and_timeline_from_one_stores_database(self):
        clickhouse(NODE_A, "DROP DATABASE IF EXISTS fclog_story")
        target = url(NODE_A, "fclog_story")
        store = WORK / "story.db"
        ingest(store, *SAMPLES)
        fclog("push", "--db", store, "--to", target, "--create")
        ids = ["1-65a77fbb-157f3f32-e1ee24b17e49", "1-65a77fbb-157f3f32-e1ee…", "c-65a77eb0-15416274-ff5addb2c9e1", "c-65a77eb0", "1-6",
               "1-65*77fbb", "5", "no-such-id"]
        ids += [row["request_id"] for row in json.loads(fclog("query", "--db", store, "--format", "json",
                                                                 "SELECT DISTINCT request_id FROM spans WHERE request_id IS NOT NULL").stdout)]
        for id in ids:
            for form in ["json", "text"]:
                with self.subTest(id=id, format=form):
                    local = fclog("show", "--db", store, "--format", form, id, check=False)
                    remote = fclog("show", "--from", target, "--format", form, id, check=False)
                    self.assertEqual((remote.returncode, remote.stdout, remote.stderr), (local.returncode, local.stdout, local.stderr))
        for options in [[], ["--function", "web"], ["--since", "2024-01-02T02:00:00Z", "--until", "2024-01-02T03:00:00Z"],
                        ["--instance", "c-65a77eb0-15416274-ff5addb2c9e1"]]:
            with self.subTest(timeline=options):
                fclog("timeline", "--db", store, "-o", WORK / "local.html", *options)
                fclog("timeline", "--from", target, "-o", WORK / "remote.html", *options)
                self.assertEqual((WORK / "remote.html").read_text(), (WORK / "local.html").read_text())

    def test_show_from_the_cluster_tells_the_same_story(self):
        request = json.loads(fclog("query", "--db", WORK / "b.db", "--format", "json",
                                   "SELECT request_id FROM spans WHERE kind = 'invoke' ORDER BY id LIMIT 1 OFFSET 40").stdout)[0]["request_id"]
        local = json.loads(fclog("show", "--db", WORK / "b.db", "--format", "json", request).stdout)
        remote = json.loads(fclog("show", "--from", url(NODE_A), "--format", "json", request).stdout)
        # The span id a story shows names that span again, whichever store it came from.
        for span in remote["spans"]:
            again = json.loads(fclog("show", "--from", url(NODE_A), "--format", "json", str(span["id"])).stdout)
            self.assertEqual((again["kind"], again["spans"][0]["request_id"]), ("span", request))
        # Each store numbers its spans; in the shared database they are numbered apart.
        for story in (local, remote):
            for span in story["spans"]:
                span.pop("id")
            for line in story["lines"]:
                line.pop("id")
                line.pop("span_id")
            for metrics in story["request_metrics"]:
                metrics.pop("span_id", None)
        self.assertEqual(remote, local)
        self.assertTrue(local["lines"])


class PartsTests(unittest.TestCase):
    """Pushes of a store as it grows: unfinished spans completed later, a forgotten input, a cut push."""

    def fresh(self, database, port=NODE_A):
        clickhouse(port, f"DROP DATABASE IF EXISTS {database}")
        return url(port, database)

    def test_a_later_ingest_that_completes_spans_shows_after_the_next_push(self):
        target = self.fresh("fclog_parts")
        lines = (WORK / "worker-b.jsonl").read_text().splitlines(keepends=True)
        cut = len(lines) * 3 // 5
        (WORK / "part-1.jsonl").write_text("".join(lines[:cut]))
        (WORK / "part-2.jsonl").write_text("".join(lines[cut:]))
        store = WORK / "parts.db"
        ingest(store, WORK / "part-1.jsonl")
        fclog("push", "--db", store, "--to", target, "--create")
        unfinished = "SELECT count() FROM spans FINAL WHERE fclog_deleted = 0 AND status = 'unfinished'"
        self.assertGreater(int(fclog("query", "--from", target, "--format", "csv", unfinished).stdout.split()[1]), 0)
        ingest(store, WORK / "part-2.jsonl")
        fclog("push", "--db", store, "--to", target)
        self.assertReportsMatch(target, WORK / "b.db")
        self.assertEqual(fclog("query", "--from", target, "--format", "csv", unfinished).stdout.split()[1],
                         fclog("query", "--db", WORK / "b.db", "--format", "csv", "SELECT count(*) FROM spans WHERE status = 'unfinished'").stdout.split()[1])

    def test_forget_then_push_deletes_in_clickhouse(self):
        target = self.fresh("fclog_forget")
        store = WORK / "forget.db"
        ingest(store, *SAMPLES)
        fclog("push", "--db", store, "--to", target, "--create")
        fclog("forget", "--db", store, "--function", "order-api")
        pushed = fclog("push", "--db", store, "--to", target)
        self.assertIn("deletions", pushed.stderr)
        self.assertReportsMatch(target, store)
        self.assertEqual(fclog("query", "--from", target, "--format", "csv",
                               "SELECT count() FROM spans FINAL WHERE fclog_deleted = 0 AND function = 'order-api'").stdout.split()[1], "0")

    def assertReportsMatch(self, target, store):
        for options in [[], ["--by", "1d"]]:
            self.assertEqual(fclog("report", "--from", target, "--format", "json", *options).stdout,
                             fclog("report", "--db", store, "--format", "json", *options).stdout)

    def test_a_batch_clickhouse_refuses_is_not_marked_sent(self):
        target = self.fresh("fclog_refused")
        store = WORK / "refused.db"
        ingest(store, *SAMPLES)
        with Proxy(NODE_A, refuse_insert=3) as proxy:
            proxied = f"clickhouse://127.0.0.1:{proxy.port}/fclog_refused"
            failed = fclog("push", "--db", store, "--to", proxied, "--create", "--batch-rows", "5", check=False)
            self.assertEqual(failed.returncode, 1)
            self.assertIn("Too many parts", failed.stderr)
            # The two batches ClickHouse took (4 instances, 5 spans) are marked, the refused one and those after it are not.
            self.assertEqual(fclog("query", "--db", store, "--format", "csv", "SELECT count(*) FROM fclog_push_marks").stdout.split()[1], "9")
            proxy.refuse_insert = None
            done = fclog("push", "--db", store, "--to", proxied, "--batch-rows", "5")
            self.assertIn("9 rows unchanged", done.stderr)
            self.assertReportsMatch(target, store)
            self.assertOneCopy(target, store, "fclog_refused")

    def test_a_push_killed_midway_is_completed_by_the_next(self):
        target = self.fresh("fclog_killed")
        store = WORK / "killed.db"
        ingest(store, *SAMPLES, WORK / "worker-a.jsonl")
        # Cut once ClickHouse has taken a batch whose mark the push has not written yet.
        with Proxy(NODE_A, hold_insert=4) as proxy:
            proxied = f"clickhouse://127.0.0.1:{proxy.port}/fclog_killed"
            push = subprocess.Popen([FCLOG, "push", "--db", store, "--to", proxied, "--create", "--batch-rows", "200"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.assertTrue(proxy.held.wait(60), "the push reached its fourth batch")
            push.send_signal(signal.SIGKILL)
            push.wait()
            proxy.release.set()
            proxy.hold_insert = None
            done = fclog("push", "--db", store, "--to", proxied, "--batch-rows", "200")
            self.assertIn("rows unchanged", done.stderr)
            self.assertReportsMatch(target, store)
            self.assertOneCopy(target, store, "fclog_killed")

    def test_a_live_ingest_pushes_each_committed_batch(self):
        target = self.fresh("fclog_live")
        fclog("push", "--db", WORK / "live-empty.db", "--to", target, "--create")
        lines = (WORK / "worker-b.jsonl").read_text().splitlines(keepends=True)
        live = subprocess.Popen([FCLOG, "ingest", "--db", WORK / "live.db", "--push-to", target, "-"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        live.stdin.write("".join(lines[: len(lines) // 2]))
        live.stdin.flush()
        # While the input is quiet, what was committed reaches ClickHouse.
        deadline = time.time() + 30
        while time.time() < deadline and clickhouse(NODE_A, "SELECT count() FROM fclog_live.spans").strip() == "0":
            time.sleep(0.2)
        self.assertNotEqual(clickhouse(NODE_A, "SELECT count() FROM fclog_live.spans").strip(), "0")
        self.assertIsNone(live.poll(), "the ingest is still running")
        _, said = live.communicate("".join(lines[len(lines) // 2:]), timeout=120)
        self.assertEqual(live.returncode, 0, said)
        self.assertIn("during the ingest", said)
        self.assertReportsMatch(target, WORK / "b.db")
        self.assertIn("nothing new to send", fclog("push", "--db", WORK / "live.db", "--to", target).stderr)

    def assertOneCopy(self, target, store, database):
        for table in ["spans", "instances", "request_metrics", "lines"]:
            with self.subTest(table=table):
                local = fclog("query", "--db", store, "--format", "csv", f"SELECT count(*) FROM {table}").stdout.split()[1]
                clickhouse(NODE_A, f"OPTIMIZE TABLE {database}.{table} FINAL")
                rows = clickhouse(NODE_A, f"SELECT count(), uniqExact(fclog_key) FROM {database}.{table} WHERE fclog_deleted = 0").split()
                self.assertEqual(rows, [local, local])


class BadStatesTests(unittest.TestCase):
    def test_wrong_credentials_are_said_so(self):
        secret = WORK / "wrong-password"
        secret.write_text("not-it\n")
        for command in [["push", "--db", WORK / "a.db", "--to"], ["report", "--from"], ["query", "SELECT 1", "--from"]]:
            with self.subTest(command=command[0]):
                done = fclog(*command, url(NODE_A), "--user", "fclog", "--password-file", secret, check=False)
                self.assertEqual(done.returncode, 1)
                self.assertIn("refused the credentials of user 'fclog'", done.stderr)
        secret.write_text("fclog-secret\n")
        self.assertEqual(fclog("query", "--from", url(NODE_A), "--user", "fclog", "--password-file", secret, "--format", "csv", "SELECT 1 AS one").stdout,
                         "one\n1\n")

    def test_a_table_of_another_shape_is_refused_and_nothing_marked(self):
        clickhouse(NODE_A, "DROP DATABASE IF EXISTS fclog_other")
        clickhouse(NODE_A, "CREATE DATABASE fclog_other")
        clickhouse(NODE_A, "CREATE TABLE fclog_other.spans (function String, id Int64) ENGINE = MergeTree ORDER BY id")
        store = WORK / "other.db"
        ingest(store, *SAMPLES)
        for arguments in [["push", "--db", store, "--to"], ["report", "--from"]]:
            done = fclog(*arguments, url(NODE_A, "fclog_other"), check=False)
            self.assertEqual(done.returncode, 1)
            self.assertRegex(done.stderr, "has no table instances|has another shape")
        clickhouse(NODE_A, "CREATE TABLE fclog_other.instances (function String, id Int64) ENGINE = MergeTree ORDER BY id")
        done = fclog("push", "--db", store, "--to", url(NODE_A, "fclog_other"), check=False)
        self.assertEqual(done.returncode, 1)
        self.assertIn("another shape", done.stderr)
        self.assertEqual(fclog("query", "--db", store, "--format", "csv", "SELECT count(*) FROM fclog_push_marks").stdout.split()[1], "0")

    def test_a_missing_database_names_the_command_that_makes_it(self):
        done = fclog("report", "--from", url(NODE_A, "nothing_here"), check=False)
        self.assertEqual(done.returncode, 1)
        self.assertIn("fclog push --create", done.stderr)


class ModernClickHouseTests(unittest.TestCase):
    """The same statements in current ClickHouse."""

    def test_push_and_report_in_current_clickhouse(self):
        target = url(MODERN)
        fclog("push", "--db", WORK / "a.db", "--to", target, "--create")
        fclog("push", "--db", WORK / "b.db", "--to", target)
        again = fclog("push", "--db", WORK / "b.db", "--to", target)
        self.assertIn("nothing new to send", again.stderr)
        for options in report_variants(WORK / "oracle.db"):
            with self.subTest(options=options):
                self.assertEqual(fclog("report", "--from", target, "--format", "json", *options).stdout,
                                 fclog("report", "--db", WORK / "oracle.db", "--format", "json", *options).stdout)
        self.assertEqual(fclog("query", "--from", target, "--format", "csv",
                               "SELECT count() AS n FROM spans FINAL WHERE fclog_deleted = 0").stdout,
                         fclog("query", "--db", WORK / "oracle.db", "--format", "csv", "SELECT count(*) AS n FROM spans").stdout)
        # A story and a page from one store's database.
        clickhouse_modern = url(MODERN, "fclog_story")
        fclog("push", "--db", WORK / "a.db", "--to", clickhouse_modern, "--create")
        for id in ["1-65a77fbb-157f3f32-e1ee24b17e49", "c-65a77eb0", "1-65*77fbb", "no-such-id"]:
            with self.subTest(show=id):
                local = fclog("show", "--db", WORK / "a.db", "--format", "json", id, check=False)
                remote = fclog("show", "--from", clickhouse_modern, "--format", "json", id, check=False)
                self.assertEqual((remote.returncode, remote.stdout, remote.stderr), (local.returncode, local.stdout, local.stderr))
        fclog("timeline", "--db", WORK / "a.db", "--function", "fn-1", "-o", WORK / "modern-local.html")
        fclog("timeline", "--from", clickhouse_modern, "--function", "fn-1", "-o", WORK / "modern-remote.html")
        self.assertEqual((WORK / "modern-remote.html").read_text(), (WORK / "modern-local.html").read_text())


class Proxy:
    """ClickHouse's HTTP interface passed through, with one INSERT refused (as ClickHouse refuses one under
    load) or held after ClickHouse has taken it (so that the pushing process can be killed before it knows)."""

    def __init__(self, upstream, refuse_insert=None, hold_insert=None):
        self.upstream, self.refuse_insert, self.hold_insert = upstream, refuse_insert, hold_insert
        self.inserts = 0
        self.held, self.release = threading.Event(), threading.Event()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.forward(None)

            def do_POST(self):
                self.forward(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def forward(self, body):
                is_insert = "query=INSERT" in self.path.replace("%20", " ").replace("+", " ")
                if is_insert:
                    proxy.inserts += 1
                if is_insert and proxy.inserts == proxy.refuse_insert:
                    return self.answer(500, b"Code: 252, e.displayText() = DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts.")
                request = urllib.request.Request(f"http://127.0.0.1:{proxy.upstream}{self.path}", data=body, method=self.command,
                                                 headers={k: v for k, v in self.headers.items() if k.lower() == "authorization"})
                try:
                    with urllib.request.urlopen(request, timeout=60) as answer:
                        status, data = answer.status, answer.read()
                except urllib.error.HTTPError as error:
                    status, data = error.code, error.read()
                if is_insert and proxy.inserts == proxy.hold_insert:
                    proxy.held.set()
                    proxy.release.wait(60)
                with contextlib.suppress(OSError):
                    self.answer(status, data)

            def answer(self, status, data):
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    unittest.main()
