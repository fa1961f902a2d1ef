import Foundation

/// Renders query results as text in each output format.
public enum ResultWriter {
    public static func render(_ result: QueryResult, as format: OutputFormat) -> String {
        switch format {
        case .table: table(result)
        case .csv: csv(result)
        case .json: json(result)
        case .jsonl: jsonLines(result)
        }
    }

    /// Aligned columns; numbers right-aligned, NULL shown as empty.
    public static func table(_ result: QueryResult) -> String {
        let cells = result.rows.map { $0.map { Self.tableCell($0) } }
        var widths = result.columns.map(\.displayWidth)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.displayWidth) }
        }
        func line(_ values: [String], numeric: [Bool]) -> String {
            values.enumerated().map { index, value in
                let padding = String(repeating: " ", count: widths[index] - value.displayWidth)
                return numeric[index] ? padding + value : value + padding
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
        // A column is right-aligned when every value in it is a number.
        let numeric = result.columns.indices.map { index in
            result.rows.allSatisfy { row in
                switch row[index] {
                case .integer, .real, .null: true
                case .text: false
                }
            } && result.rows.contains { $0[index] != .null }
        }
        var out = line(result.columns, numeric: numeric) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells {
            out += line(row, numeric: numeric) + "\n"
        }
        out += "(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))\n"
        return out
    }

    private static func tableCell(_ value: QueryValue) -> String {
        value.plainText.replacingControlCharacters
    }

    /// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break.
    public static func csv(_ result: QueryResult) -> String {
        var out = result.columns.map(csvField).joined(separator: ",") + "\r\n"
        for row in result.rows {
            out += row.map { csvField($0.plainText) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func json(_ result: QueryResult) -> String {
        if result.rows.isEmpty { return "[]\n" }
        return "[\n" + result.rows.map { "  " + jsonObject(result.columns, $0) }.joined(separator: ",\n") + "\n]\n"
    }

    public static func jsonLines(_ result: QueryResult) -> String {
        result.rows.map { jsonObject(result.columns, $0) + "\n" }.joined()
    }

    static func jsonObject(_ columns: [String], _ row: [QueryValue]) -> String {
        "{" + zip(columns, row).map { JSONText.string($0) + ": " + jsonValue($1) }.joined(separator: ", ") + "}"
    }

    static func jsonValue(_ value: QueryValue) -> String {
        switch value {
        case .null: "null"
        case let .integer(number): String(number)
        case let .real(number): number.isFinite ? QueryValue.format(number) : "null"
        case let .text(text): JSONText.string(text)
        }
    }
}

/// JSON text helpers.
public enum JSONText {
    /// A JSON string literal.
    public static func string(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension String {
    /// Columns a string takes on a terminal, counting characters (East Asian wide ones twice).
    var displayWidth: Int {
        unicodeScalars.reduce(0) { width, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v)
            return width + (wide ? 2 : 1)
        }
    }

    var trimmingTrailingSpaces: String {
        var copy = Substring(self)
        while copy.last == " " { copy.removeLast() }
        return String(copy)
    }

    /// Line breaks and tabs shown as spaces so a row stays on one line.
    var replacingControlCharacters: String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" ? " " : $0 })
    }
}
