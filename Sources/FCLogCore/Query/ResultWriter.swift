import Foundation

/// Renders query results as text in each output format.
public enum ResultWriter {
    /// The whole result as text (piped: nothing cut).
    public static func render(_ result: QueryResult, as format: OutputFormat) -> String {
        var out = ""
        var stream = ResultStream(format: format) { out += $0 }
        // Writing to a string cannot fail.
        try? stream.begin(result.columns)
        for row in result.rows { try? stream.add(row) }
        try? stream.finish()
        return out
    }

    /// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
        case let .blob(bytes): "{\"$base64\": true, \"encoded\": \"\(Base64.encode(bytes))\"}"
        }
    }
}

extension String {
    /// Columns a string takes on a terminal, counting characters (East Asian wide ones twice).
    public var displayWidth: Int {
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

}

/// Base64 (RFC 4648, with padding) for BLOBs in JSON.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let a = UInt32(bytes[index]), b = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let c = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = a << 16 | b << 8 | c
            out.append(alphabet[Int(triple >> 18 & 63)])
            out.append(alphabet[Int(triple >> 12 & 63)])
            out.append(index + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
