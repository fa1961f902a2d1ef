"""The store in Datasette, as its users browse it: relations linked by the declared foreign keys, fclog's
internal tables hidden by `fclog datasette-metadata`, the public tables and columns described."""

import asyncio
import glob
import json
import os
import pathlib
import subprocess
import tempfile
import unittest

from datasette.app import Datasette

from test_views import FCLOG, ROOT

WORK = pathlib.Path(tempfile.mkdtemp(prefix="fclog-datasette-"))
STORE = WORK / "store.db"
# The loadable extension the package builds, through which the lines view reads its compressed blocks.
EXTENSION = os.environ.get("FCLOG_LINES_EXTENSION", str(pathlib.Path(FCLOG).parent / "libfcloglines.so"))


def setUpModule():
    subprocess.run([FCLOG, "ingest", "--db", STORE, *sorted(glob.glob(str(ROOT / "sample-logs" / "*")))], check=True, capture_output=True)


class DatasetteTests(unittest.TestCase):
    def get(self, path):
        metadata = json.loads(subprocess.run([FCLOG, "datasette-metadata", "--db", STORE], check=True, capture_output=True, text=True).stdout)

        async def fetch():
            ds = Datasette([str(STORE)], metadata=metadata, sqlite_extensions=[EXTENSION])
            response = await ds.client.get(path)
            self.assertEqual(response.status_code, 200, response.text)
            return response.json()

        return metadata, asyncio.run(fetch())

    def test_relations_are_links(self):
        _, rows = self.get("/store/request_metrics.json?_shape=array&_labels=on")
        linked = [row["span_id"] for row in rows if row["span_id"] is not None]
        self.assertTrue(linked)
        self.assertTrue(all(isinstance(value, dict) and "value" in value for value in linked), linked)
        _, blocks = self.get("/store/fclog_line_blocks.json?_shape=array&_labels=on&_size=5&_col=input_id")
        self.assertTrue(blocks)
        self.assertTrue(all(isinstance(row["input_id"], dict) for row in blocks))

    def test_lines_read_through_the_extension(self):
        _, lines = self.get("/store/lines.json?_shape=array&_size=max")
        expected = json.loads(subprocess.run([FCLOG, "query", "--db", STORE, "--format", "json", "SELECT * FROM lines ORDER BY id"],
                                             check=True, capture_output=True, text=True).stdout)
        self.assertEqual(sorted(lines, key=lambda row: row["id"]), expected)
        self.assertTrue(any(row["message"].startswith("FC Invoke Start") for row in lines))

    def test_internal_tables_are_hidden_and_public_ones_described(self):
        metadata, database = self.get("/store.json")
        tables = {table["name"]: table for table in database["tables"]}
        for name in tables:
            self.assertEqual(tables[name]["hidden"], name.startswith("fclog_"), name)
        described = metadata["databases"]["store"]["tables"]
        self.assertIn("duration_source", described["spans"]["columns"])
        columns = json.loads(subprocess.run([FCLOG, "query", "--db", STORE, "--format", "json", "SELECT name FROM pragma_table_info('spans')"],
                                            check=True, capture_output=True, text=True).stdout)
        self.assertEqual(set(described["spans"]["columns"]), {c["name"] for c in columns})


if __name__ == "__main__":
    unittest.main(verbosity=2)
