"""The timeline page, the Perfetto export and the OTLP export and push, checked in the real tools: headless
Chromium, the Perfetto UI's trace processor, the OpenTelemetry protobuf definitions and an OTLP receiver.
Every figure is checked against the store (one clean ingest) through `fclog query`."""

import contextlib
import glob
import http.server
import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import threading
import unittest

from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.trace.v1 import trace_pb2
from playwright.sync_api import sync_playwright

import generate_store
import perfetto_ui

ROOT = pathlib.Path(__file__).resolve().parents[2]
FCLOG = os.environ.get("FCLOG", str(ROOT / ".build" / "debug" / "fclog"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WORK = pathlib.Path(tempfile.mkdtemp(prefix="fclog-views-"))
SAMPLES = WORK / "samples.db"
BIG = WORK / "big.db"


def fclog(*args, check=True):
    done = subprocess.run([FCLOG, *map(str, args)], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"fclog {' '.join(map(str, args))} exited {done.returncode}: {done.stderr}")
    return done


def rows(db, sql):
    return json.loads(fclog("query", "--db", db, "--format", "json", sql).stdout)


def scalar(db, sql):
    row = rows(db, sql)[0]
    return next(iter(row.values()))


def setUpModule():
    fclog("ingest", "--db", SAMPLES, *sorted(glob.glob(str(ROOT / "sample-logs" / "*"))))
    generate_store.write(WORK / "big.jsonl", instances=5000)
    fclog("ingest", "--db", BIG, "--lines", "none", WORK / "big.jsonl")


def timed_spans(db):
    return scalar(db, "SELECT count(*) FROM spans WHERE coalesce(start_us, end_us) IS NOT NULL")


def cold_starts(db):
    """The report's cold starts, over every function."""
    return sum(function["cold_starts"] for function in json.loads(fclog("report", "--db", db, "--format", "json").stdout))


def invocations(db, function=None):
    report = json.loads(fclog("report", "--db", db, "--format", "json").stdout)
    return sum(f["invocations"]["total"] for f in report if function in (None, f["function"]))


class TimelineTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()

    def hover(self, page, span_id):
        page.locator("#timeline").scroll_into_view_if_needed()
        point = page.evaluate(f"window.fclogTimeline.reveal({span_id})")
        self.assertIsNotNone(point)
        box = page.locator("#timeline").bounding_box()
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        return page.evaluate("window.fclogTimeline.details()")

    def open(self, db, *options):
        page_path = WORK / f"timeline-{db.stem}-{len(options)}.html"
        fclog("timeline", "--db", db, "-o", page_path, *options)
        html = page_path.read_text()
        self.assertNotRegex(html, r"<(script|link|img)[^>]+(src|href)=", "the page fetches nothing")
        page = self.browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
        page.goto(page_path.as_uri())
        page.wait_for_function("document.body.dataset.ready === '1'", timeout=60_000)
        return page

    def test_sample_marks_equal_the_store(self):
        page = self.open(SAMPLES)
        data = page.evaluate("({...document.body.dataset})")
        self.assertEqual(int(data["spans"]), timed_spans(SAMPLES))
        self.assertEqual(int(data["failures"]), scalar(SAMPLES, "SELECT count(*) FROM spans WHERE status IN ('error', 'timeout') AND coalesce(start_us, end_us) IS NOT NULL"))
        self.assertEqual(int(data["timeouts"]), scalar(SAMPLES, "SELECT count(*) FROM spans WHERE status = 'timeout' AND coalesce(start_us, end_us) IS NOT NULL"))
        self.assertEqual(int(data["unfinished"]), scalar(SAMPLES, "SELECT count(*) FROM spans WHERE status = 'unfinished' AND coalesce(start_us, end_us) IS NOT NULL"))
        self.assertEqual(int(data["events"]), scalar(SAMPLES, "SELECT count(*) FROM instance_events WHERE time_us IS NOT NULL"))
        self.assertEqual(int(data["coldStarts"]), cold_starts(SAMPLES))
        rows_expected = scalar(SAMPLES, "SELECT count(*) FROM (SELECT DISTINCT function, instance_id FROM spans WHERE coalesce(start_us, end_us) IS NOT NULL)")
        self.assertEqual(int(data["rows"]), rows_expected)
        self.assertEqual(page.locator("#instance-table tbody tr").count(), rows_expected)
        figures = page.locator("#figures").inner_text()
        self.assertIn(f"{invocations(SAMPLES)}\nInvocations", figures)

        # Hover shows a span's details; the click copies its show command.
        for span in rows(SAMPLES, "SELECT id, request_id FROM spans WHERE start_us IS NOT NULL AND end_us IS NOT NULL ORDER BY id LIMIT 4"):
            self.assertIn(span["request_id"], self.hover(page, span["id"]))
            page.mouse.down()
            page.mouse.up()
            self.assertIn(f"fclog show {span['id']}", page.locator("#status-line").inner_text())

        # Zoom and keyboard focus.
        page.click("#zoom-reset")
        before = page.evaluate("window.fclogTimeline.view()")
        page.click("#zoom-in")
        after = page.evaluate("window.fclogTimeline.view()")
        self.assertAlmostEqual((after[1] - after[0]) * 2, before[1] - before[0], delta=1e-6 * (before[1] - before[0]))
        page.focus("#timeline")
        page.keyboard.press("ArrowRight")
        self.assertIn("RequestId", page.evaluate("window.fclogTimeline.details()"))
        page.screenshot(path=str(WORK / "timeline.png"))

    def test_filters_hide_and_show(self):
        page = self.open(SAMPLES)
        total = int(page.evaluate("document.body.dataset.drawn")) + int(page.evaluate("document.body.dataset.merged"))
        page.locator("#phase-filter input").nth(1).uncheck()
        hidden = int(page.evaluate("document.body.dataset.drawn")) + int(page.evaluate("document.body.dataset.merged"))
        invoked = scalar(SAMPLES, "SELECT count(*) FROM spans WHERE kind = 'invoke' AND coalesce(start_us, end_us) IS NOT NULL")
        self.assertEqual(total - hidden, invoked)
        page.select_option("#function-filter", "order-api")
        self.assertEqual(page.locator("#instance-table tbody tr:not([hidden])").count(),
                         scalar(SAMPLES, "SELECT count(DISTINCT coalesce(instance_id, '')) FROM spans WHERE function = 'order-api'"))
        self.assertIn(f"{invocations(SAMPLES, 'order-api')}\nInvocations", page.locator("#figures").inner_text())

    def test_hundred_thousand_spans(self):
        page = self.open(BIG)
        data = page.evaluate("({...document.body.dataset})")
        self.assertEqual(int(data["spans"]), 100_000)
        self.assertEqual(int(data["rows"]), 5000)
        self.assertEqual(int(data["coldStarts"]), cold_starts(BIG))
        self.assertEqual(int(data["failures"]), scalar(BIG, "SELECT count(*) FROM spans WHERE status <> 'ok'"))
        # Only the rows in view are drawn, and bars thinner than a pixel are merged (and the page says so).
        self.assertLess(int(data["drawn"]) + int(data["marks"]), 20_000)
        self.assertIn("narrower than a pixel", page.locator("#note").inner_text())
        redraw_ms = page.evaluate("""() => { const t = performance.now(); for (let k = 0; k < 10; k++) document.getElementById('zoom-in').click();
                                               document.getElementById('timeline-frame').scrollTop = 40000; return (performance.now() - t) / 11; }""")
        self.assertLess(redraw_ms, 1000)
        span = rows(BIG, "SELECT id, request_id FROM spans WHERE kind = 'invoke' ORDER BY id DESC LIMIT 1")[0]
        self.assertIn(span["request_id"], self.hover(page, span["id"]))


class PerfettoTests(unittest.TestCase):
    def check(self, db, name):
        trace = WORK / f"{name}.perfetto.json"
        fclog("export", "--db", db, "--format", "perfetto", "-o", trace)
        expected = timed_spans(db) + scalar(db, "SELECT count(*) FROM instance_events WHERE time_us IS NOT NULL AND instance_id IS NOT NULL")
        with perfetto_ui.loaded(trace) as query:
            self.assertEqual(query("SELECT count(*) AS n FROM slice")[0]["n"], expected)
            problems = query("SELECT name, value FROM stats WHERE value > 0 AND severity IN ('error', 'data_loss')")
            self.assertEqual(problems, [])
            # Every slice is on a thread named after its instance (and its lane), in the process of its function.
            tracks = query("""SELECT p.name AS function, t.name AS thread, count(*) AS n FROM slice s
                              JOIN thread_track tt ON s.track_id = tt.id JOIN thread t USING (utid) JOIN process p USING (upid)
                              GROUP BY 1, 2""")
            by_instance = {}
            for track in tracks:
                instance = track["thread"].split(" · lane ")[0]
                by_instance[(track["function"], instance)] = by_instance.get((track["function"], instance), 0) + track["n"]
            stored = rows(db, """SELECT function, coalesce(instance_id, 'no instance') AS instance, count(*) AS n FROM spans
                                 WHERE coalesce(start_us, end_us) IS NOT NULL GROUP BY 1, 2""")
            events = rows(db, "SELECT function, instance_id AS instance, count(*) AS n FROM instance_events WHERE time_us IS NOT NULL GROUP BY 1, 2")
            expected_by_instance = {}
            for row in stored + events:
                key = (row["function"], row["instance"])
                expected_by_instance[key] = expected_by_instance.get(key, 0) + row["n"]
            self.assertEqual(by_instance, expected_by_instance)
            # Durations survive, and a lane never holds overlapping slices.
            longest = query("SELECT max(dur) AS d FROM slice")[0]["d"]
            self.assertEqual(longest, scalar(db, "SELECT max(end_us - start_us) FROM spans") * 1000)
            overlaps = query("""SELECT count(*) AS n FROM slice a JOIN slice b ON a.track_id = b.track_id AND a.id < b.id
                                WHERE a.ts < b.ts + b.dur AND b.ts < a.ts + a.dur AND a.dur > 0 AND b.dur > 0""")
            self.assertEqual(overlaps[0]["n"], 0)
            return query

    def test_samples(self):
        self.check(SAMPLES, "samples")

    def test_overlapping_requests(self):
        self.check(BIG, "big")


HEX32 = re.compile(r"^[0-9a-f]{32}$")
HEX16 = re.compile(r"^[0-9a-f]{16}$")
SPAN_KEYS = {"traceId", "spanId", "name", "kind", "startTimeUnixNano", "endTimeUnixNano", "attributes", "links", "status"}


def otlp_spans(path):
    spans, resources = [], []
    for line in pathlib.Path(path).read_text().splitlines():
        data = json.loads(line)
        json_format.Parse(line, trace_pb2.TracesData())  # unknown or mistyped fields fail here
        for rs in data["resourceSpans"]:
            resource = {a["key"]: a["value"] for a in rs["resource"]["attributes"]}
            resources.append(resource)
            for ss in rs["scopeSpans"]:
                for span in ss["spans"]:
                    spans.append((resource, span))
    return spans, resources


def attribute(span, key):
    for a in span["attributes"]:
        if a["key"] == key:
            return next(iter(a["value"].values()))
    return None


class OTLPTests(unittest.TestCase):
    def export(self, db, name):
        path = WORK / f"{name}.otlp.jsonl"
        fclog("export", "--db", db, "--format", "otlp-json", "-o", path)
        return path

    def test_strict_file_format(self):
        for db in (SAMPLES, BIG):
            spans, resources = otlp_spans(self.export(db, db.stem))
            self.assertEqual(len(spans), timed_spans(db))
            ids = set()
            for resource, span in spans:
                self.assertLessEqual(set(span), SPAN_KEYS)
                self.assertRegex(span["traceId"], HEX32)
                self.assertRegex(span["spanId"], HEX16)
                self.assertNotIn(span["spanId"], ids)
                ids.add(span["spanId"])
                self.assertIn(span["kind"], (1, 2))
                self.assertRegex(span["startTimeUnixNano"], r"^\d+$")
                self.assertLessEqual(int(span["startTimeUnixNano"]), int(span["endTimeUnixNano"]))
                for a in span["attributes"]:
                    self.assertEqual(len(a["value"]), 1)
                    kind, value = next(iter(a["value"].items()))
                    self.assertIn(kind, ("stringValue", "intValue", "boolValue", "doubleValue"))
                    if kind == "intValue":
                        self.assertIsInstance(value, str)
                if "status" in span:
                    self.assertEqual(span["status"]["code"], 2)
                self.assertEqual(resource["cloud.provider"], {"stringValue": "alibaba_cloud"})
                self.assertEqual(resource["cloud.platform"], {"stringValue": "alibaba_cloud_fc"})
                self.assertEqual(resource["faas.name"], resource["service.name"])
            stored = {row["id"]: row for row in rows(db, "SELECT id, request_id, kind, status FROM spans WHERE coalesce(start_us, end_us) IS NOT NULL")}
            for _, span in spans:
                row = stored[int(attribute(span, "fclog.span_id"))]
                self.assertEqual(attribute(span, "faas.invocation_id"), row["request_id"])
                self.assertEqual(span["kind"] == 2, row["kind"] == "invoke")
                self.assertEqual("status" in span, row["status"] in ("error", "timeout") or (row["status"] == "unfinished" and row["kind"] != "invoke"))
            invocations = [s for _, s in spans if s["kind"] == 2]
            self.assertEqual(sum(1 for s in invocations if attribute(s, "faas.coldstart")), cold_starts(db))
            by_id = {(s["traceId"], s["spanId"]): s for _, s in spans}
            for s in invocations:
                for link in s.get("links", []):
                    self.assertEqual(by_id[(link["traceId"], link["spanId"])]["name"], "Initializer")

    def test_ids_are_stable(self):
        first = self.export(SAMPLES, "first").read_text()
        again = WORK / "again.db"
        fclog("ingest", "--db", again, *sorted(glob.glob(str(ROOT / "sample-logs" / "*"))))
        second = self.export(again, "second").read_text()
        strip = lambda text: sorted((s["traceId"], s["spanId"], s["name"]) for _, s in otlp_spans_text(text))
        self.assertEqual(strip(first), strip(second))

    def test_push_arrives_whole_at_a_receiver(self):
        port = free_port()
        file_spans, _ = otlp_spans(self.export(SAMPLES, "pushed"))
        expected = sorted((s["traceId"], s["spanId"], s["name"], comparable(s["attributes"])) for _, s in file_spans)
        tap = subprocess.Popen([sys.executable, "-m", "oteltap", "--port", str(port)], stdout=subprocess.PIPE, text=True)
        try:
            self.assertIn("Listening", tap.stdout.readline())
            done = fclog("export", "--db", SAMPLES, "--to", f"http://127.0.0.1:{port}", "--batch-size", "3")
            self.assertIn(f"sent {len(expected)} spans", done.stderr)
            received = [json.loads(tap.stdout.readline()) for _ in expected]
        finally:
            tap.terminate()
            tap.wait()
        # The receiver prints ids in hex itself; its JSON adds the fields left at their defaults.
        got = sorted((s["traceId"], s["spanId"], s["name"], comparable(s["attributes"])) for s in received)
        self.assertEqual(got, expected)

    def test_push_retries_and_reports_refusals(self):
        with receiver([503, 429, 200, 200, 200, 200, 200, 200, 200, 200]) as (url, seen):
            done = fclog("export", "--db", SAMPLES, "--to", url, "--batch-size", "1000")
            self.assertIn("retries", done.stderr)
            accepted = [r for r in seen if r["status"] == 200]
            self.assertEqual(sum(len(r["spans"]) for r in accepted), timed_spans(SAMPLES))
        with receiver([200, 400]) as (url, seen):
            done = fclog("export", "--db", SAMPLES, "--to", url, "--format", "otlp-json", "--batch-size", "1000", check=False)
            self.assertEqual(done.returncode, 1)
            self.assertIn("refused", done.stderr)
            self.assertTrue(all(r["content_type"] == "application/json" for r in seen))
        done = fclog("export", "--db", SAMPLES, "--to", f"http://127.0.0.1:{free_port()}", check=False)
        self.assertEqual(done.returncode, 1)
        self.assertIn("cannot reach", done.stderr)


def otlp_spans_text(text):
    out = []
    for line in text.splitlines():
        for rs in json.loads(line)["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                out.extend((rs["resource"], s) for s in ss["spans"])
    return out


def comparable(attributes):
    """Attributes as text that does not depend on how a number was spelt (40 and 40.0)."""
    return json.dumps([(a["key"], {k: float(v) if k == "doubleValue" else v for k, v in a["value"].items()}) for a in attributes])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def receiver(statuses):
    """An OTLP/HTTP receiver that answers each request with the next status (then 200), decoding what it got."""
    seen = []
    answers = list(statuses)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = answers.pop(0) if answers else 200
            request = trace_service_pb2.ExportTraceServiceRequest()
            content_type = self.headers["Content-Type"]
            if content_type == "application/x-protobuf":
                request.ParseFromString(body)
                spans = [s for rs in request.resource_spans for ss in rs.scope_spans for s in ss.spans]
            else:
                spans = [s for _, s in otlp_spans_text(body.decode())]
            seen.append({"status": status, "spans": spans, "content_type": content_type})
            self.send_response(status)
            if status == 503:
                self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()


if __name__ == "__main__":
    unittest.main(verbosity=2)
