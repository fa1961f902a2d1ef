/// A JSON value whose objects keep their keys in the order written, so
/// output that scripts depend on stays stable.
public indirect enum JSONValue: Equatable, Sendable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered(indent: nil) == rhs.rendered(indent: nil)
    }

    /// JSON text; `indent` spaces per level, or one line when nil.
    public func rendered(indent: Int? = 2) -> String {
        var out = ""
        write(into: &out, level: 0, indent: indent)
        return out
    }

    private func write(into out: inout String, level: Int, indent: Int?) {
        let newline = indent == nil ? "" : "\n"
        func pad(_ level: Int) -> String { indent.map { String(repeating: " ", count: $0 * level) } ?? "" }
        switch self {
        case let .object(fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (index, (key, value)) in fields.enumerated() {
                out += pad(level + 1) + JSONText.string(key) + (indent == nil ? ":" : ": ")
                value.write(into: &out, level: level + 1, indent: indent)
                out += (index < fields.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "}"
        case let .array(values):
            if values.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (index, value) in values.enumerated() {
                out += pad(level + 1)
                value.write(into: &out, level: level + 1, indent: indent)
                out += (index < values.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "]"
        case let .string(text):
            out += JSONText.string(text)
        case let .integer(value):
            out += String(value)
        case let .number(value):
            out += value.isFinite ? JSONValue.format(value) : "null"
        case let .bool(value):
            out += value ? "true" : "false"
        case .null:
            out += "null"
        }
    }

    /// Up to 6 decimals, without trailing zeros or a locale.
    static func format(_ value: Double) -> String {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = FixedDecimal.string(rounded, 6)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
