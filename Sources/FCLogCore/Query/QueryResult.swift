/// A value of a result cell, with SQLite's storage class.
public enum QueryValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The value as plain text; empty for null, `X'0a1b'` (SQL's literal) for a BLOB.
    public var plainText: String {
        switch self {
        case .null: ""
        case let .integer(value): String(value)
        case let .real(value): QueryValue.format(value)
        case let .text(value): value
        case let .blob(bytes): "X'" + bytes.map { String($0, radix: 16).leftPadded(2) }.joined() + "'"
        }
    }

    /// Shortest round-tripping text of a double; integers keep one decimal.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity") }
        return "\(value)"
    }
}

/// The columns and rows of a query.
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[QueryValue]]
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
