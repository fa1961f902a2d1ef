import Foundation
import Testing

/// The ingest's stages refer only to the stages before them, and only Store writes SQL: the module is one
/// target, so the compiler cannot keep these, and this suite reads the sources to.
@Suite("Layering of the sources")
struct LayeringTests {
    /// The stages in pipeline order; a folder may refer to those before it.
    static let stages = ["Read", "Recognise", "Assemble", "Store"]
    /// Folders every one may refer to.
    static let shared = ["Concurrency", "Output", "."]

    struct SourceFile {
        let folder: String
        let name: String
        /// The code without comments and string literals.
        let code: String
        /// The string literals' contents.
        let strings: [String]
    }

    static let files: [SourceFile] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/FCLogCore")
        let paths = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        return paths.sorted().compactMap { path in
            guard let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) else { return nil }
            let (code, strings) = split(text)
            let parts = path.split(separator: "/")
            return SourceFile(folder: parts.count > 1 ? String(parts[0]) : ".", name: path, code: code, strings: strings)
        }
    }()

    /// Separates code from comments and string literals (plain, multi-line and raw, interpolations as code).
    static func split(_ text: String) -> (code: String, strings: [String]) {
        let c = Array(text.unicodeScalars)
        var code = String.UnicodeScalarView(), strings: [String] = []
        var i = 0
        func at(_ s: String, _ index: Int) -> Bool {
            let u = Array(s.unicodeScalars)
            return index + u.count <= c.count && Array(c[index..<index + u.count]) == u
        }
        while i < c.count {
            if at("//", i) {
                while i < c.count && c[i] != "\n" { i += 1 }
            } else if at("/*", i) {
                var depth = 0
                repeat {
                    if at("/*", i) { depth += 1; i += 2 } else if at("*/", i) { depth -= 1; i += 2 } else { i += 1 }
                } while depth > 0 && i < c.count
            } else if c[i] == "\"" || (c[i] == "#" && at("#\"", i)) {
                let raw = c[i] == "#"
                if raw { i += 1 }
                let multi = at("\"\"\"", i)
                let close = (multi ? "\"\"\"" : "\"") + (raw ? "#" : "")
                i += multi ? 3 : 1
                var literal = String.UnicodeScalarView()
                while i < c.count && !at(close, i) {
                    if c[i] == "\\" && !raw {
                        if i + 1 < c.count && c[i + 1] == "(" {
                            // An interpolation is code.
                            var depth = 0
                            i += 1
                            repeat {
                                if c[i] == "(" { depth += 1 } else if c[i] == ")" { depth -= 1 }
                                code.append(c[i])
                                i += 1
                            } while depth > 0 && i < c.count
                            code.append(" ")
                            continue
                        }
                        i += 2
                        continue
                    }
                    literal.append(c[i])
                    i += 1
                }
                i += close.unicodeScalars.count
                strings.append(String(literal))
                code.append(contentsOf: " \"\" ".unicodeScalars)
            } else {
                code.append(c[i])
                i += 1
            }
        }
        return (String(code), strings)
    }

    /// Top-level types, by the folder declaring them.
    static let topLevelTypes: [String: String] = {
        var types: [String: String] = [:]
        let declaration = try! Regex(#"(?m)^(?:(?:public|final|private|fileprivate|internal|indirect)\s+)*(?:class|struct|enum|protocol|actor|typealias)\s+(\w+)"#)
        for file in files {
            for match in file.code.matches(of: declaration) {
                if let name = match.output[1].substring { types[String(name)] = file.folder }
            }
        }
        return types
    }()

    /// Names a file declares at any depth: a nested type there may share a top-level type's name.
    static func declared(in file: SourceFile) -> Set<String> {
        let declaration = try! Regex(#"(?:class|struct|enum|protocol|actor|typealias)\s+(\w+)"#)
        return Set(file.code.matches(of: declaration).compactMap { $0.output[1].substring.map(String.init) })
    }

    @Test(arguments: stages)
    func aStageRefersOnlyToTheStagesBeforeIt(_ stage: String) {
        let allowed = Set(Self.stages.prefix(through: Self.stages.firstIndex(of: stage)!) + Self.shared)
        var found: [String] = []
        for file in Self.files where file.folder == stage {
            let own = Self.declared(in: file)
            let words = try! Regex(#"[A-Z]\w*"#)
            for match in file.code.matches(of: words) {
                // A name after a dot is a member or a nested type's; one inside a longer word is no name.
                if match.range.lowerBound > file.code.startIndex {
                    let before = file.code[file.code.index(before: match.range.lowerBound)]
                    if before == "." || before == "_" || before.isLetter || before.isNumber { continue }
                }
                let word = String(file.code[match.range])
                guard let folder = Self.topLevelTypes[word], !allowed.contains(folder), !own.contains(word) else { continue }
                found.append("\(file.name) refers to \(word) (\(folder))")
            }
        }
        #expect(Set(found).sorted() == [])
    }

    @Test func onlyStoreAndThoseSpeakingToOtherDatabasesWriteSQL() {
        let speaking = ["Store", "ClickHouse", "Query"]
        let sql = try! Regex(#"(?i)\b(SELECT\s+.+\s+FROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TEMP\s+)?(TABLE|INDEX|VIEW))\b"#)
        var found: [String] = []
        for file in Self.files where !speaking.contains(file.folder) {
            for literal in file.strings where literal.contains(sql) {
                found.append("\(file.name): \(literal.prefix(60))")
            }
        }
        // A story names a query for the user to run; it runs none.
        #expect(found.filter { !$0.hasPrefix("Show/StoryRenderer.swift") } == [])
    }
}
