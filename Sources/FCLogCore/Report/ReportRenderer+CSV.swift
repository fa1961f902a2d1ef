extension ReportRenderer {
    /// One row per figure: `function,section,metric,value` (RFC 4180).
    public func csv(_ functions: [FunctionReport], total: FunctionReport?) -> String {
        var out = "function,section,metric,value\r\n"
        var reports = functions
        if let total, functions.count > 1 { reports.append(total) }
        for report in reports {
            flatten(Self.jsonObject(report), path: [], into: &out, function: report.function)
        }
        return out
    }

    private func flatten(_ value: JSONValue, path: [String], into out: inout String, function: String) {
        switch value {
        case let .object(fields):
            for (key, child) in fields where key != "function" || !path.isEmpty {
                flatten(child, path: path + [key], into: &out, function: function)
            }
        case let .array(values):
            for (index, child) in values.enumerated() {
                flatten(child, path: path + [String(index + 1)], into: &out, function: function)
            }
        default:
            let section = path.first ?? ""
            let metric = path.dropFirst().joined(separator: ".")
            let text: String = switch value {
            case let .string(s): s
            case .null: ""
            default: value.rendered(indent: nil)
            }
            out += [function, section, metric, text].map(ResultWriter.csvField).joined(separator: ",") + "\r\n"
        }
    }
}
