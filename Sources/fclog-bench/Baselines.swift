import Foundation

/// What a user could run instead of fclog, measured on the same input in the same rounds: lnav (Debian's
/// 0.11, with FC log formats of ours) indexing the text and counting its rows, and the Python script a
/// user would write (a regular expression per line, rows stored with `executemany`).
struct Baselines {
    let folder: String
    let python: String?
    let lnav: String?

    init(folder: String) throws {
        self.folder = folder
        python = Self.which("python3")
        lnav = Self.which("lnav")
        try Self.script.write(toFile: "\(folder)/baseline.py", atomically: true, encoding: .utf8)
        if let lnav {
            // lnav reads its formats from $HOME: one folder with ours, one with none (plain indexing).
            for home in ["lnav-fc", "lnav-plain"] { try FileManager.default.createDirectory(atPath: "\(folder)/\(home)", withIntermediateDirectories: true) }
            try Self.formats.write(toFile: "\(folder)/fc-formats.json", atomically: true, encoding: .utf8)
            let installed = try Measurement.run(["/usr/bin/env", "HOME=\(folder)/lnav-fc", lnav, "-i", "\(folder)/fc-formats.json"])
            guard installed.status == 0 else { throw BenchError("lnav -i fc-formats.json failed with status \(installed.status)") }
        }
    }

    /// lnav indexing every line of the input with no format of ours (persisting nothing).
    func lnavIndexing(_ input: String) throws -> Measurement? {
        guard let lnav else { return nil }
        return try Measurement.run(["/usr/bin/env", "HOME=\(folder)/lnav-plain", lnav, "-n", "-c", ";SELECT count(*) FROM lnav_file", input])
    }

    /// lnav counting the rows of the input in our FC format.
    func lnavCounting(_ input: String) throws -> Measurement? {
        guard let lnav else { return nil }
        return try Measurement.run(["/usr/bin/env", "HOME=\(folder)/lnav-fc", lnav, "-n", "-c", ";SELECT count(*) FROM fc_s_logs", input])
    }

    /// The Python script storing every line and the spans its markers make.
    func pythonIngest(_ input: String, sls: Bool) throws -> Measurement? {
        guard let python else { return nil }
        let store = "\(folder)/python.db"
        removeStore(store)
        defer { removeStore(store) }
        let run = try Measurement.run([python, "\(folder)/baseline.py", sls ? "sls" : "text", input, store])
        guard run.status == 0 else { throw BenchError("the Python baseline failed with status \(run.status)") }
        return run
    }

    static func which(_ program: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static let formats = #"""
        {
          "$schema": "https://lnav.org/schemas/format-v1.schema.json",
          "fc_s_logs": {
            "title": "Function Compute s logs",
            "description": "Serverless Devs s logs output: instance, local time, message.",
            "regex": {
              "std": { "pattern": "^(?<instance>c-[0-9a-f-]+) (?<timestamp>\\d{4}-\\d{2}-\\d{2} \\d{1,2}:\\d{2}:\\d{2}) (?<body>.*)$" }
            },
            "timestamp-format": ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %k:%M:%S"],
            "value": { "instance": { "kind": "string", "identifier": true } },
            "sample": [
              { "line": "c-6569a3e1-5f4e3d2c-1b0a99887766 2023-12-01 9:05:03 FC Initialize Start RequestId: 5d1e8f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a" }
            ]
          }
        }
        """#

    static let script = #"""
        # What a user would write: every line a row, spans from the markers, request metrics as rows.
        import json, re, sqlite3, sys

        shape, path, store = sys.argv[1:4]
        db = sqlite3.connect(store)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("CREATE TABLE lines(instance TEXT, time TEXT, message TEXT)")
        db.execute("CREATE TABLE spans(request_id TEXT, phase TEXT, instance TEXT, start TEXT, end TEXT, error TEXT)")
        db.execute("CREATE TABLE metrics(request_id TEXT, duration_ms REAL, memory_mb INTEGER, cold INTEGER)")
        marker = re.compile(r"FC (Initialize|Invoke|PreStop|PreFreeze) (Start|End) RequestId: ([\w-]+)(?:, Error: (.*))?")
        text_line = re.compile(r"^(c-[0-9a-f-]+) (\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}:\d{2}) (.*)$")
        rows, spans, metrics, open_spans = [], [], [], {}

        def flush():
            db.executemany("INSERT INTO lines VALUES (?, ?, ?)", rows)
            db.executemany("INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?)", spans)
            db.executemany("INSERT INTO metrics VALUES (?, ?, ?, ?)", metrics)
            db.commit()
            rows.clear(); spans.clear(); metrics.clear()

        with open(path, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if shape == "sls":
                    record = json.loads(line)
                    if record.get("__topic__", "").startswith("FCRequestMetrics"):
                        metrics.append((record.get("requestId"), float(record.get("durationMs") or 0), int(record.get("memoryMB") or 0),
                                        record.get("isColdStart") == "true"))
                        continue
                    instance, time, message = record.get("instanceID"), record.get("__time__"), record.get("message", "")
                else:
                    match = text_line.match(line)
                    if not match:
                        continue
                    instance, time, message = match.groups()
                rows.append((instance, time, message))
                found = marker.search(message)
                if found:
                    phase, edge, request, error = found.groups()
                    if edge == "Start":
                        open_spans[(request, phase)] = [request, phase, instance, time, None, None]
                    else:
                        span = open_spans.pop((request, phase), [request, phase, instance, None, None, None])
                        span[4], span[5] = time, error
                        spans.append(span)
                if len(rows) >= 100000:
                    flush()
        spans.extend(open_spans.values())
        flush()
        """#
}
