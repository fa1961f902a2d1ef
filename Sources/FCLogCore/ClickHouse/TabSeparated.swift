import Foundation

/// ClickHouse's `TabSeparated` answers: a row a line, fields split by tabs, `\N` for NULL, and
/// backslash escapes for tab, newline and backslash in text.
enum TabSeparated {
    static func rows(_ data: Data) -> [[String?]] {
        var rows: [[String?]] = []
        forEachRow(data) { rows.append($0) }
        return rows
    }

    static func forEachRow(_ data: Data, _ body: ([String?]) throws -> Void) rethrows {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var row: [String?] = []
            var field: [UInt8] = []
            var escaped = false
            var isNull = false
            var index = 0
            func endField() {
                row.append(isNull ? nil : String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                isNull = false
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if escaped {
                    escaped = false
                    switch byte {
                    case UInt8(ascii: "N") where field.isEmpty: isNull = true
                    case UInt8(ascii: "t"): field.append(0x09)
                    case UInt8(ascii: "n"): field.append(0x0A)
                    case UInt8(ascii: "r"): field.append(0x0D)
                    case UInt8(ascii: "0"): field.append(0)
                    case UInt8(ascii: "b"): field.append(0x08)
                    case UInt8(ascii: "f"): field.append(0x0C)
                    default: field.append(byte)
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\\"): escaped = true
                case 0x09: endField()
                case 0x0A:
                    endField()
                    try body(row)
                    row.removeAll(keepingCapacity: true)
                default: field.append(byte)
                }
            }
            if !field.isEmpty || !row.isEmpty {
                endField()
                try body(row)
            }
        }
    }

    /// A ClickHouse string literal.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
