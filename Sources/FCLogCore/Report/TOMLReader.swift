import Foundation

/// Reads TOML (v1.0) documents of the size a price file has: tables (`[t]`), arrays of tables (`[[t]]`),
/// dotted and quoted keys, basic and literal strings, integers, floats (`inf`, `nan` included), booleans,
/// arrays and inline tables, comments anywhere. Anything else, and a key given twice, is an error with its
/// line. Values come back as String, Int64, Double, Bool, [Any] and [String: Any].
struct TOMLReader {
    struct Failure: Error {
        var line: Int
        var message: String
    }

    private let bytes: [UInt8]
    private var at = 0
    private var line = 1

    static func parse(_ text: String) throws -> [String: Any] {
        var reader = TOMLReader(bytes: Array(text.utf8))
        return try reader.document()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var current: UInt8? { at < bytes.count ? bytes[at] : nil }

    private func fail(_ message: String) -> Failure { Failure(line: line, message: message) }

    private mutating func skipBlanks() {
        while let byte = current, byte == 0x20 || byte == 0x09 { at += 1 }
    }

    /// Blanks, comments and line ends (inside arrays).
    private mutating func skipBlanksAndLines() {
        while let byte = current {
            switch byte {
            case 0x20, 0x09, 0x0D: at += 1
            case 0x0A: at += 1; line += 1
            case UInt8(ascii: "#"): while let b = current, b != 0x0A { at += 1 }
            default: return
            }
        }
    }

    /// The end of a line: blanks, a comment, then a line break or the end.
    private mutating func endOfLine() throws {
        skipBlanks()
        if current == UInt8(ascii: "#") { while let b = current, b != 0x0A { at += 1 } }
        if current == 0x0D { at += 1 }
        guard let byte = current else { return }
        guard byte == 0x0A else { throw fail("unexpected '\(Character(UnicodeScalar(byte)))' after a value; one key = value a line") }
        at += 1
        line += 1
    }

    private mutating func document() throws -> [String: Any] {
        var root: [String: Any] = [:]
        var table: [String] = []
        var arrayTable = false
        var defined = Set<String>()
        while true {
            skipBlanksAndLines()
            guard let byte = current else { break }
            if byte == UInt8(ascii: "[") {
                at += 1
                arrayTable = current == UInt8(ascii: "[")
                if arrayTable { at += 1 }
                skipBlanks()
                table = try key()
                skipBlanks()
                guard current == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header") }
                at += 1
                if arrayTable {
                    guard current == UInt8(ascii: "]") else { throw fail("expected ']]' to close the array of tables") }
                    at += 1
                    try Self.appendTable(&root, table, line: line)
                } else {
                    let name = table.joined(separator: ".")
                    guard defined.insert(name).inserted else { throw fail("table [\(name)] is defined twice") }
                    try Self.ensureTable(&root, table, line: line)
                }
                try endOfLine()
                continue
            }
            let path = try key()
            skipBlanks()
            guard current == UInt8(ascii: "=") else { throw fail("expected '=' after the key '\(path.joined(separator: "."))'") }
            at += 1
            skipBlanks()
            let value = try self.value()
            try Self.set(&root, table, arrayTable: arrayTable, path, value, line: line)
            try endOfLine()
        }
        return root
    }

    /// A dotted key of bare or quoted parts.
    private mutating func key() throws -> [String] {
        var parts: [String] = []
        while true {
            skipBlanks()
            switch current {
            case UInt8(ascii: "\""): parts.append(try basicString())
            case UInt8(ascii: "'"): parts.append(try literalString())
            default:
                let start = at
                while let b = current, Self.isBare(b) { at += 1 }
                guard at > start else { throw fail("expected a key") }
                parts.append(String(decoding: bytes[start..<at], as: UTF8.self))
            }
            skipBlanks()
            guard current == UInt8(ascii: ".") else { return parts }
            at += 1
        }
    }

    private static func isBare(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    private mutating func value() throws -> Any {
        switch current {
        case UInt8(ascii: "\""): return try basicString()
        case UInt8(ascii: "'"): return try literalString()
        case UInt8(ascii: "["):
            at += 1
            var items: [Any] = []
            while true {
                skipBlanksAndLines()
                if current == UInt8(ascii: "]") { at += 1; return items }
                items.append(try value())
                skipBlanksAndLines()
                if current == UInt8(ascii: ",") { at += 1; continue }
                guard current == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in an array") }
                at += 1
                return items
            }
        case UInt8(ascii: "{"):
            at += 1
            var table: [String: Any] = [:]
            skipBlanks()
            if current == UInt8(ascii: "}") { at += 1; return table }
            while true {
                let path = try key()
                skipBlanks()
                guard current == UInt8(ascii: "=") else { throw fail("expected '=' in an inline table") }
                at += 1
                skipBlanks()
                try Self.set(&table, [], arrayTable: false, path, try value(), line: line)
                skipBlanks()
                if current == UInt8(ascii: ",") { at += 1; skipBlanks(); continue }
                guard current == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in an inline table (it stays on one line)") }
                at += 1
                return table
            }
        default:
            let start = at
            while let b = current, b != 0x2C, b != 0x5D, b != 0x7D, b != 0x23, b != 0x0A, b != 0x0D, b != 0x20, b != 0x09 { at += 1 }
            let word = String(decoding: bytes[start..<at], as: UTF8.self)
            switch word {
            case "true": return true
            case "false": return false
            case "inf", "+inf": return Double.infinity
            case "-inf": return -Double.infinity
            case "nan", "+nan", "-nan": return Double.nan
            default: break
            }
            guard !word.isEmpty, !word.hasPrefix("_"), !word.hasSuffix("_"), !word.contains("__") else { throw fail("expected a value") }
            let digits = word.replacingOccurrences(of: "_", with: "")
            if let integer = Int64(digits) { return integer }
            if let real = Double(digits), digits.allSatisfy({ "0123456789+-.eE".contains($0) }) { return real }
            throw fail("'\(word)' is not a number, a boolean or a quoted string")
        }
    }

    private mutating func basicString() throws -> String {
        at += 1
        var out = [UInt8]()
        while let byte = current {
            at += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case 0x0A: throw fail("a string must end on its line")
            case UInt8(ascii: "\\"):
                guard let escaped = current else { break }
                at += 1
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(escaped)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let count = escaped == UInt8(ascii: "u") ? 4 : 8
                    guard at + count <= bytes.count, let value = UInt32(String(decoding: bytes[at..<at + count], as: UTF8.self), radix: 16),
                          let scalar = UnicodeScalar(value) else { throw fail("bad \\u escape") }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    at += count
                default: throw fail("unknown escape '\\\(Character(UnicodeScalar(escaped)))'")
                }
            default: out.append(byte)
            }
        }
        throw fail("a string is not closed")
    }

    private mutating func literalString() throws -> String {
        at += 1
        let start = at
        while let byte = current, byte != UInt8(ascii: "'") {
            guard byte != 0x0A else { throw fail("a string must end on its line") }
            at += 1
        }
        guard current != nil else { throw fail("a string is not closed") }
        defer { at += 1 }
        return String(decoding: bytes[start..<at], as: UTF8.self)
    }

    // MARK: - Building the document

    private static func ensureTable(_ root: inout [String: Any], _ path: [String], line: Int) throws {
        guard let first = path.first else { return }
        var child: [String: Any]
        switch root[first] {
        case nil: child = [:]
        case let table as [String: Any]: child = table
        case var tables as [[String: Any]]:
            // A header under an array of tables names its last element.
            var last = tables.removeLast()
            try ensureTable(&last, Array(path.dropFirst()), line: line)
            tables.append(last)
            root[first] = tables
            return
        default: throw Failure(line: line, message: "'\(first)' is already a value, not a table")
        }
        try ensureTable(&child, Array(path.dropFirst()), line: line)
        root[first] = child
    }

    private static func appendTable(_ root: inout [String: Any], _ path: [String], line: Int) throws {
        guard let first = path.first else { return }
        if path.count == 1 {
            switch root[first] {
            case nil: root[first] = [[String: Any]()]
            case var tables as [[String: Any]]:
                tables.append([:])
                root[first] = tables
            default: throw Failure(line: line, message: "'\(first)' is already a value, not an array of tables")
            }
            return
        }
        var child = root[first] as? [String: Any] ?? [:]
        if root[first] != nil, !(root[first] is [String: Any]) { throw Failure(line: line, message: "'\(first)' is not a table") }
        try appendTable(&child, Array(path.dropFirst()), line: line)
        root[first] = child
    }

    /// Sets `key` (dotted) in the table at `table` (the last element when it is an array of tables).
    private static func set(_ root: inout [String: Any], _ table: [String], arrayTable: Bool, _ key: [String], _ value: Any, line: Int) throws {
        guard let first = table.first else {
            try setKey(&root, key, value, line: line)
            return
        }
        switch root[first] {
        case var tables as [[String: Any]] where table.count == 1:
            var last = tables.removeLast()
            try setKey(&last, key, value, line: line)
            tables.append(last)
            root[first] = tables
        case var tables as [[String: Any]]:
            var last = tables.removeLast()
            try set(&last, Array(table.dropFirst()), arrayTable: arrayTable, key, value, line: line)
            tables.append(last)
            root[first] = tables
        case var child as [String: Any]:
            try set(&child, Array(table.dropFirst()), arrayTable: arrayTable, key, value, line: line)
            root[first] = child
        default:
            var child: [String: Any] = [:]
            try set(&child, Array(table.dropFirst()), arrayTable: arrayTable, key, value, line: line)
            root[first] = child
        }
    }

    private static func setKey(_ table: inout [String: Any], _ key: [String], _ value: Any, line: Int) throws {
        let first = key[0]
        if key.count == 1 {
            guard table[first] == nil else { throw Failure(line: line, message: "'\(first)' is given twice") }
            table[first] = value
            return
        }
        var child = table[first] as? [String: Any] ?? [:]
        if table[first] != nil, !(table[first] is [String: Any]) { throw Failure(line: line, message: "'\(first)' is already a value") }
        try setKey(&child, Array(key.dropFirst()), value, line: line)
        table[first] = child
    }
}
