/// Writes a query's rows as they come, in bounded memory: csv, json and jsonl row by row; the table after its
/// first rows have set the column widths. On a terminal (`width` given) the table fits the width, cutting
/// the widest cells with "…"; piped, nothing is cut. NULL shows as `NULL` in the table and as an empty
/// unquoted field in csv, where the empty string is `""`; a BLOB is `X'…'` (json: `{"$base64": true, …}`).
public struct ResultStream {
    public struct Options: Sendable {
        /// The terminal's width; nil when the output is piped.
        public var width: Int?
        /// Times shown in this zone (table only).
        public var zone: LocalTimeZone = .utc
        /// Rows read before the table's widths are fixed.
        public var sampleRows = 500

        public init(width: Int? = nil, zone: LocalTimeZone = .utc) {
            self.width = width
            self.zone = zone
        }
    }

    private let format: OutputFormat
    private let options: Options
    private var out: TextOutput
    private var columns: [String] = []
    private var pending: [[QueryValue]] = []
    private var widths: [Int]?
    private var numeric: [Bool] = []
    private var rows = 0

    public init(format: OutputFormat, options: Options = Options(), sink: @escaping (String) throws -> Void) {
        self.format = format
        self.options = options
        // Small chunks: rows reach a pipe or a terminal soon after SQLite gives them.
        out = TextOutput(chunk: 1 << 16, sink: sink)
    }

    public mutating func begin(_ columns: [String]) throws {
        self.columns = columns
        switch format {
        case .csv: try write(columns.map(ResultWriter.csvField).joined(separator: ",") + "\r\n")
        case .json, .jsonl, .table: break
        }
    }

    public mutating func add(_ row: [QueryValue]) throws {
        defer { rows += 1 }
        switch format {
        case .csv: try write(row.map(Self.csvField).joined(separator: ",") + "\r\n")
        case .json: try write((rows == 0 ? "[\n  " : ",\n  ") + ResultWriter.jsonObject(columns, row))
        case .jsonl: try write(ResultWriter.jsonObject(columns, row) + "\n")
        case .table:
            let shown = QueryResult.showingTimes(row, in: options.zone)
            if widths == nil {
                pending.append(shown)
                if pending.count >= options.sampleRows { try fixWidths() }
            } else {
                try write(line(shown.map(Self.tableCell)))
            }
        }
    }

    public mutating func finish() throws {
        switch format {
        case .json: try write(rows == 0 ? "[]\n" : "\n]\n")
        case .table:
            if widths == nil { try fixWidths() }
            try write("(\(rows) row\(rows == 1 ? "" : "s"))\n")
        case .csv, .jsonl: break
        }
        try out.flush()
    }

    private mutating func write(_ text: String) throws {
        try out.write(text)
    }

    /// Widths from the header and the rows so far, fitted to the terminal; then the header and those rows.
    private mutating func fixWidths() throws {
        let cells = pending.map { $0.map(Self.tableCell) }
        var widths = columns.map(\.displayWidth)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.displayWidth) }
        }
        // A column is right-aligned when every value seen in it is a number.
        numeric = columns.indices.map { index in
            pending.allSatisfy { row in
                switch row[index] {
                case .integer, .real, .null: true
                case .text, .blob: false
                }
            } && pending.contains { $0[index] != .null }
        }
        if let width = options.width { widths = Self.fitted(widths, into: width) }
        self.widths = widths
        try write(line(columns))
        try write(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n")
        for row in cells { try write(line(row)) }
        pending = []
    }

    /// Narrows the widest columns, never under 8 characters, until the row fits.
    static func fitted(_ widths: [Int], into total: Int) -> [Int] {
        var widths = widths
        let gaps = max(0, widths.count - 1) * 2
        while widths.reduce(0, +) + gaps > total, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 8 {
            widths[widest] -= 1
        }
        return widths
    }

    private func line(_ values: [String]) -> String {
        guard let widths else { return "" }
        return values.enumerated().map { index, value in
            var value = value
            // Cut on a terminal only: piped, a wider cell keeps all of it and shifts the columns after it.
            if options.width != nil, value.displayWidth > widths[index] { value = Self.cut(value, to: widths[index]) }
            let padding = String(repeating: " ", count: max(0, widths[index] - value.displayWidth))
            return numeric[index] ? padding + value : value + padding
        }.joined(separator: "  ").trimmingTrailingSpaces + "\n"
    }

    static func cut(_ text: String, to width: Int) -> String {
        var out = ""
        for character in text {
            if (out + String(character)).displayWidth > width - 1 { break }
            out.append(character)
        }
        return out + "…"
    }

    static func tableCell(_ value: QueryValue) -> String {
        switch value {
        case .null: "NULL"
        case let .blob(bytes) where bytes.count > 32: QueryValue.blob(Array(bytes.prefix(32))).plainText.dropLast() + "…' (\(bytes.count) bytes)"
        default: value.plainText.visibleControls
        }
    }

    static func csvField(_ value: QueryValue) -> String {
        switch value {
        case .null: ""
        case let .text(text) where text.isEmpty: "\"\""
        default: ResultWriter.csvField(value.plainText)
        }
    }
}

extension String {
    /// Control characters as text a terminal shows rather than obeys: line breaks and tabs as spaces, the
    /// others in caret notation (BEL as ^G, ESC as ^[).
    var visibleControls: String {
        guard unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x09: out.append(" ")
            case 0x7F: out.append(contentsOf: "^?".unicodeScalars)
            case 0..<0x20: out.append(contentsOf: ("^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))).unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
