@testable import FCLogCore
import Foundation
import Testing

@Suite("Command-line manners")
struct MannersTests {
    @Test(arguments: [
        (["report", "--since", "yesterday"], "--since: cannot read time 'yesterday'"),
        (["report", "--until", "2024-13-40"], "--until: cannot read time"),
        (["report", "--since", "2024-01-02", "--until", "2024-01-01"], "--until (2024-01-01) must be later than --since (2024-01-02)"),
        (["report", "--compare-since", "2024-01-02", "--compare-until", "2024-01-02"], "--compare-until must be later"),
        (["report", "--prices", "/nonexistent/prices.toml"], "--prices: "),
        (["advise", "--since", "soon"], "--since: cannot read time 'soon'"),
        (["timeline", "--until", "x"], "--until: cannot read time 'x'"),
        (["export", "--format", "perfetto", "--since", "1x"], "--since: cannot read time '1x'"),
        (["query", "--timeout", "-1", "SELECT 1"], "--timeout must be a positive number"),
        (["report", "--tz", "Mars/Base"], "tz"),
    ])
    func badValuesAreUsageErrorsNamingTheirOption(arguments: [String], message: String) throws {
        let store = try ReportTests.sampleStore()
        let result = try FCLogBinary.run(arguments + ["--db", store.path])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: ["table", "markdown", "csv", "json"])
    func anEmptyWindowSaysSoOnStandardErrorAndKeepsTheFormat(format: String) throws {
        let store = try ReportTests.sampleStore()
        let result = try FCLogBinary.run(["report", "--db", store.path, "--since", "2030-01-01", "--format", format])
        #expect(result.status == 0)
        #expect(result.stderr.contains("no spans in the store match this function, window or scope"))
        #expect(!result.stdout.contains("no spans"))
        switch format {
        case "json": #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        case "csv": #expect(result.stdout.hasPrefix("function,"))
        default: #expect(result.stdout.isEmpty)
        }
        let empty = try TestStore()
        try empty.ingest("just a line\n")
        let none = try FCLogBinary.run(["report", "--db", empty.path])
        #expect(none.stderr.contains("has no spans yet"))
        #expect(none.stdout.isEmpty)
    }

    @Test(arguments: ["SELECT fts3_tokenizer('simple')", "SELECT load_extension('x')", "select FTS3_TOKENIZER('porter')"])
    func functionsThatLeakOrLoadCodeAreRefused(sql: String) throws {
        let store = try ReportTests.sampleStore()
        let result = try FCLogBinary.run(["query", "--db", store.path, sql])
        #expect(result.status == 1)
        #expect(result.stderr.contains("not authorized") || result.stderr.contains("refused"), "\(result.stderr)")
    }
}

@Suite("The ingest's progress line")
struct ProgressLineTests {
    @Test(.enabled(if: FCLogBinary.canRunOnTerminal))
    func aFileOfKnownSizeShowsItsShareLinesAndSpansWithoutEscapes() throws {
        let directory = try TemporaryDirectory()
        var text = ""
        for n in 0..<4000 {
            text += "c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:\(String(format: "%02d:%02d", n / 60 % 60, n % 60)) FC Invoke Start RequestId: 1-65a77fbb-157f3f32-\(String(format: "%012x", n))\n"
            text += String(repeating: "c-61cf9980-2b3c4d5e6f7a8b9c0d1e 2024-01-02 10:00:00 some output of the function\n", count: 60)
        }
        let path = try directory.write("big.log", text)
        let (status, shown) = try FCLogBinary.runOnTerminal("\(FCLogBinary.url.path) ingest --db \(directory.path("p.db")) --lines none \(path)",
                                                           environment: ["TERM": "dumb"])
        #expect(status == 0)
        #expect(shown.contains("big.log: "), "\(shown)")
        #expect(shown.range(of: #"\d+% of \d+ MiB"#, options: .regularExpression) != nil, "\(shown)")
        #expect(shown.range(of: #"[\d,]+ lines · [\d,]+ spans"#, options: .regularExpression) != nil)
        #expect(!shown.contains("\u{1B}"), "no escape codes on a dumb terminal")
    }

    @Test(.enabled(if: FCLogBinary.canRunOnTerminal))
    func aQuietLiveInputSaysItIsWaiting() throws {
        let directory = try TemporaryDirectory()
        let line = "2024-01-02 10:00:00 FC Invoke Start RequestId: 1-65a77fbb-157f3f32-e1ee24b17e40"
        let (status, shown) = try FCLogBinary.runOnTerminal("(echo '\(line)'; sleep 1.5; echo done) | \(FCLogBinary.url.path) ingest --db \(directory.path("p.db")) -")
        #expect(status == 0)
        #expect(shown.contains("standard input: waiting for input · 1 line · "), "\(shown)")
    }
}

@Suite("Shell completion and foreign stores")
struct CompletionTests {
    static func complete(_ line: String, in directory: TemporaryDirectory) throws -> Set<String> {
        let result = try FCLogBinary.run(["-c", "cd '\(directory.path(""))' && bash '\(fixtures.appendingPathComponent("complete.sh").path)' '\(line)'"],
                                         environment: ["FCLOG": FCLogBinary.url.path], executable: "/bin/bash")
        return Set(result.stdout.split(separator: "\n").map(String.init))
    }

    @Test func filesStoresPriceTablesAndFunctionsComplete() throws {
        let store = try ReportTests.sampleStore()
        let directory = store.directory
        _ = try directory.write("a.log", "x\n")
        _ = try directory.write("prices.toml", "")
        #expect(try Self.complete("fclog ingest ", in: directory).isSuperset(of: ["a.log", "prices.toml", "fclog.db"]))
        #expect(try Self.complete("fclog report --db ", in: directory).contains("fclog.db"))
        #expect(try Self.complete("fclog report --prices ", in: directory).contains("prices.toml"))
        #expect(!(try Self.complete("fclog report --prices ", in: directory).contains("a.log")))
        #expect(try Self.complete("fclog report --db fclog.db --function ", in: directory) == ["order-api", "thumbnail", "web"])
        #expect(try Self.complete("fclog timeline --function th", in: directory) == ["thumbnail"])
        #expect(try Self.complete("fclog ingest --lines ", in: directory) == ["all", "errors", "none"])
    }

    @Test func aForeignDatabaseIsRefusedBeforeAnythingIsWritten() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("app.sqlite")
        try SQLiteDatabase(path: path, mode: .readWrite).execute("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'a')")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let log = try directory.write("a.log", "2024-01-02 10:00:00 FC Invoke Start RequestId: 1-65a77fbb-157f3f32-e1ee24b17e40\n")
        let result = try FCLogBinary.run(["ingest", "--db", path, log])
        #expect(result.status == 1)
        #expect(result.stderr.contains("holds tables of another application"), "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let report = try FCLogBinary.run(["report", "--db", path])
        #expect(report.status == 1)
    }
}

@Suite("Stores the user can read but not write")
struct ReadOnlyStoreTests {
    static let canDropPrivileges = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    @Test(.enabled(if: canDropPrivileges))
    func anotherUsersStoreIsReportedQueriedAndShownButNotWritten() throws {
        let store = try ReportTests.sampleStore()
        let folder = try TemporaryDirectory()
        let path = folder.path("shared.db")
        try FileManager.default.copyItem(atPath: store.path, toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path(""))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        func asNobody(_ arguments: [String]) throws -> FCLogBinary.Output {
            try FCLogBinary.run(["--reuid=nobody", "--regid=nogroup", "--clear-groups", FCLogBinary.url.path] + arguments, executable: "/usr/bin/setpriv")
        }
        let report = try asNobody(["report", "--db", path, "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        let expected = try FCLogBinary.run(["report", "--db", store.path, "--format", "json"])
        #expect(report.stdout == expected.stdout)
        let query = try asNobody(["query", "--db", path, "SELECT count(*) FROM spans"])
        #expect(query.status == 0, "\(query.stderr)")
        #expect(try asNobody(["show", "--db", path, "c-65a77eb0-15416274-ff5addb2c9e1"]).status == 0)
        let ingest = try asNobody(["ingest", "--db", path, "-"])
        #expect(ingest.status == 1)
        #expect(ingest.stderr.contains("cannot be written by this user"), "\(ingest.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
    }
}

@Suite("fclog query: streaming, parameters, NULL and BLOBs")
struct QueryMannersTests {
    static let rows = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 100000000) SELECT x, x * 2 AS y FROM c"

    @Test func parametersBindByNameAndNumber() throws {
        let store = try ReportTests.sampleStore()
        let named = try FCLogBinary.run(["query", "--db", store.path, "--format", "csv", "--param", "fn=order-api", "--param", "@kind=invoke",
                                         "SELECT count(*) AS n FROM spans WHERE function = :fn AND kind = @kind"])
        #expect(named.stdout == "n\r\n3\r\n", "\(named.stderr)")
        let numbered = try FCLogBinary.run(["query", "--db", store.path, "--format", "csv", "--param", "1=2", "--param", "2=x",
                                            "SELECT ? + 1 AS a, typeof(?2) AS b"])
        #expect(numbered.stdout == "a,b\r\n3,text\r\n")
        let missing = try FCLogBinary.run(["query", "--db", store.path, "SELECT :fn"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("parameter :fn has no value: give --param fn=VALUE"))
        let unused = try FCLogBinary.run(["query", "--db", store.path, "--param", "x=1", "SELECT 1"])
        #expect(unused.stderr.contains("--param x: the query has no parameter :x"))
        #expect(try FCLogBinary.run(["query", "--db", store.path, "--param", "novalue", "SELECT 1"]).status == 64)
    }

    @Test func sqlFromStandardInputOrAFile() throws {
        let store = try ReportTests.sampleStore()
        let piped = try FCLogBinary.run(["query", "--db", store.path, "--format", "csv", "-"], stdin: "SELECT count(*) AS n FROM spans WHERE function = 'order-api';\n")
        #expect(piped.stdout == "n\r\n5\r\n", "\(piped.stderr)")
        let file = try store.directory.write("q.sql", "-- the spans of one function\nSELECT count(*) AS n\nFROM spans WHERE function = 'order-api'\n")
        #expect(try FCLogBinary.run(["query", "--db", store.path, "--format", "csv", "--file", file]).stdout == "n\r\n5\r\n")
        #expect(try FCLogBinary.run(["query", "--db", store.path]).status == 64)
        #expect(try FCLogBinary.run(["query", "--db", store.path, "--file", file, "SELECT 1"]).status == 64)
    }

    @Test func nullEmptyTextAndBlobsAreToldApart() throws {
        let store = try ReportTests.sampleStore()
        let sql = "SELECT NULL AS n, '' AS e, x'00ff' AS b, 'a' || char(7) || 'b' AS bell"
        let table = try FCLogBinary.run(["query", "--db", store.path, sql]).stdout
        #expect(table.contains("NULL     X'00ff'  a^Gb"), "\(table)")
        #expect(!table.contains("\u{7}"))
        #expect(try FCLogBinary.run(["query", "--db", store.path, "--format", "csv", sql]).stdout == "n,e,b,bell\r\n,\"\",X'00ff',a\u{7}b\r\n")
        let json = try FCLogBinary.run(["query", "--db", store.path, "--format", "jsonl", sql]).stdout
        #expect(json == #"{"n": null, "e": "", "b": {"$base64": true, "encoded": "AP8="}, "bell": "a\u0007b"}"# + "\n")
    }

    @Test func rowsAreWrittenAsTheyComeInBoundedMemory() throws {
        let store = try ReportTests.sampleStore()
        // A hundred million rows: only a streaming writer gives the first at once.
        for format in ["table", "csv", "jsonl", "json"] {
            let result = try FCLogBinary.run(["-c", "timeout 60 \(FCLogBinary.url.path) query --db \(store.path) --format \(format) '\(Self.rows)' | head -3"],
                                             executable: "/bin/bash")
            #expect(result.stdout.utf8.filter { $0 == 0x0A }.count == 3, "\(format): \(result.stdout) \(result.stderr)")
        }
    }

    @Test func theTimeoutCoversWritingTheOutput() throws {
        let store = try ReportTests.sampleStore()
        let result = try FCLogBinary.run(["-c", "timeout 60 \(FCLogBinary.url.path) query --db \(store.path) --timeout 1 --format csv '\(Self.rows)' | (sleep 2; cat > /dev/null)"],
                                         executable: "/bin/bash")
        #expect(result.stderr.contains("ran past its time limit of 1.0 s"), "\(result.stderr)")
    }

    @Test(.enabled(if: FCLogBinary.canRunOnTerminal))
    func aTerminalGetsRowsThatFitAndAPipeGetsThemWhole() throws {
        let store = try ReportTests.sampleStore()
        let sql = "SELECT 'start' AS a, printf('%.3000c', 'x') || 'END' AS message"
        let (_, shown) = try FCLogBinary.runOnTerminal("stty cols 100 2>/dev/null; \(FCLogBinary.url.path) query --db \(store.path) \"\(sql)\"")
        let widest = shown.components(separatedBy: CharacterSet(charactersIn: "\r\n")).map(\.count).max() ?? 0
        #expect(widest <= 100, "\(shown)")
        #expect(shown.contains("…"))
        let piped = try FCLogBinary.run(["query", "--db", store.path, sql])
        #expect(piped.stdout.contains("xxxEND"))
    }
}

@Suite("Output fitted to the terminal")
struct TerminalFitTests {
    static func widest(_ text: String) -> Int {
        let plain = text.replacingOccurrences(of: #"\u{1B}\[[0-9;]*[A-Za-z]"#, with: "", options: .regularExpression)
        return plain.components(separatedBy: CharacterSet(charactersIn: "\r\n")).map(\.displayWidth).max() ?? 0
    }

    @Test(.enabled(if: FCLogBinary.canRunOnTerminal), arguments: [
        ["report"], ["report", "--function", "order-api"], ["show", "1-65a77fbb-157f3f32-e1ee24b17e49"], ["show", "c-65a77eb0-15416274-ff5addb2c9e1"], ["advise"],
    ])
    func reportsShowsAndAdviceFitEightyColumnsAndStayWholeWhenPiped(arguments: [String]) throws {
        let (directory, db) = try AdviseCommandTests.sampleStore()
        _ = directory
        let command = ([FCLogBinary.url.path] + arguments + ["--db", db]).joined(separator: " ")
        let (status, shown) = try FCLogBinary.runOnTerminal("stty cols 80 2>/dev/null; \(command)")
        #expect(status == 0)
        #expect(Self.widest(shown) <= 80, "\(shown)")
        // Piped, nothing is wrapped, whatever the width the environment names.
        let piped = try FCLogBinary.run(arguments + ["--db", db])
        let narrow = try FCLogBinary.run(arguments + ["--db", db], environment: ["COLUMNS": "30"])
        #expect(piped.stdout == narrow.stdout)
        #expect(piped.stdout.components(separatedBy: "\n").filter { $0.count > 30 }.count > 3)
    }

    @Test func wrappingKeepsEveryWordAndIndentsTheRest() {
        let line = "  Billed        6,456 ms   (6,456 ms per request, 0 ms saved by concurrency, 2,000 ms estimated from timestamps)"
        let wrapped = TextWrapping.wrapped(line, width: 60)
        #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 60 })
        #expect(wrapped.split(whereSeparator: { $0 == " " || $0 == "\n" }) == line.split(separator: " "))
        #expect(wrapped.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("      ") })
        #expect(TextWrapping.wrapped("\u{1B}[1mshort\u{1B}[0m", width: 20) == "\u{1B}[1mshort\u{1B}[0m")
    }

    @Test func controlCharactersInLogsDoNotReachTheTerminal() throws {
        let store = try TestStore()
        try store.ingest("""
            2024-01-02 10:00:00 FC Invoke Start RequestId: 1-65a77fbb-157f3f32-e1ee24b17e40
            2024-01-02 10:00:00 ring \u{7} and \u{1B}]0;title\u{7} here
            2024-01-02 10:00:01 FC Invoke End RequestId: 1-65a77fbb-157f3f32-e1ee24b17e40, Error: bad \u{7}bell

            """)
        for arguments in [["show", "1-65a77fbb-157f3f32-e1ee24b17e40"], ["report"]] {
            let result = try FCLogBinary.run(arguments + ["--db", store.path])
            #expect(!result.stdout.contains("\u{7}"), "\(arguments)")
            #expect(result.stdout.contains("^G"), "\(arguments): \(result.stdout)")
        }
    }
}

@Suite("Help")
struct HelpTests {
    @Test(arguments: ["", "ingest", "report", "query", "show", "timeline", "export", "push", "advise", "whatif", "forget", "datasette-metadata"])
    func helpMatchesItsGoldenFileAndOrphansNoWord(command: String) throws {
        let result = try FCLogBinary.run(command.isEmpty ? ["--help"] : ["help", command], environment: ["COLUMNS": "80"])
        #expect(result.status == 0)
        try expectGolden(result.stdout, "help-\(command.isEmpty ? "fclog" : command).txt")
        // A paragraph's lines are filled: no line of one or two words inside a paragraph.
        let lines = result.stdout.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() where index + 1 < lines.count && !line.hasPrefix(" ") && !line.isEmpty {
            let next = lines[index + 1]
            #expect(!(line.split(separator: " ").count <= 2 && !next.isEmpty && !next.hasPrefix(" ") && !line.hasSuffix(":")), "orphan: '\(line)'")
        }
        #expect(result.stdout.contains("Examples:") || command.isEmpty)
    }

    @Test func versionNamesTheCommitAndSQLite() throws {
        let result = try FCLogBinary.run(["--version"])
        #expect(result.stdout.range(of: #"^fclog \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(\+changes)?|unknown), SQLite \d+\.\d+\.\d+\)\n$"#,
                                    options: .regularExpression) != nil, "\(result.stdout)")
    }
}
