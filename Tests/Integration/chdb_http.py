"""Current ClickHouse (26.x, in-process through chdb) behind the part of ClickHouse's HTTP interface that fclog
uses, on 127.0.0.1: POST a statement (or, with `query=` in the URL, an INSERT whose rows are the body), with
`database=` and settings in the URL. So the same fclog runs the same SQL on today's dialect as on Debian's 18.16.
Usage: chdb_http.py PORT DATA_DIR"""

import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

from chdb import session

SESSION = None
PASSED_SETTINGS = {"insert_distributed_sync", "optimize_move_to_prewhere", "max_execution_time", "input_format_skip_unknown_fields"}
WRITES = ("insert", "create", "drop", "alter", "truncate", "rename", "optimize", "system", "set")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.answer(200, b"Ok.\n")

    def do_POST(self):
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(self.path).query, keep_blank_values=True))
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "surrogateescape")
        sql = params["query"] + "\n" + body if "query" in params else body
        try:
            if params.get("readonly") == "1" and sql.lstrip().lower().startswith(WRITES):
                raise RuntimeError("Code: 164. DB::Exception: Cannot execute query in readonly mode.")
            if "database" in params:
                SESSION.query(f"USE {params['database']}")
            for name, value in params.items():
                if name in PASSED_SETTINGS:
                    SESSION.query(f"SET {name} = {value}")
            result = SESSION.query(sql, "TabSeparated")
            self.answer(200, result.bytes() if result is not None else b"")
        except Exception as error:  # ClickHouse's own message, as the server would answer it
            self.answer(500, str(error).encode("utf-8", "replace"))


def main():
    global SESSION
    port, path = int(sys.argv[1]), sys.argv[2]
    SESSION = session.Session(path)
    HTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
