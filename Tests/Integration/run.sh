#!/usr/bin/env bash
# The views in real tools: the timeline page in headless Chromium, the Perfetto export in the Perfetto UI's
# trace processor, the OTLP export against the OpenTelemetry definitions and a real OTLP/HTTP receiver, and
# the push to ClickHouse against two servers of Debian's clickhouse-server and current ClickHouse in chdb.
# Needs Debian's chromium (CHROMIUM=/path otherwise) and python3 with venv; makes its venv in .build-venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.build-venv
# Debian's python3, whose sqlite3 module loads extensions (Datasette reads the lines view through fclog's).
python=$([[ -x /usr/bin/python3 ]] && echo /usr/bin/python3 || command -v python3)
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import playwright, viztracer, oteltap, opentelemetry.proto, datasette, chdb, sqlite3; sqlite3.connect(':memory:').enable_load_extension(True)" 2>/dev/null; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q -r Tests/Integration/requirements.txt
fi
[[ -x .build/debug/fclog && -x .build/debug/fclog-bench && -e .build/debug/libfcloglines.so ]] || swift build
cd Tests/Integration
exec "../../$venv/bin/python" -W ignore -m unittest -v test_views test_store_browsing test_clickhouse
