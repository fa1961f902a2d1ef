import Foundation

extension ReportRenderer {
    /// The report of one version's spans (`version` nil: the spans whose logs name none).
    public struct VersionReport {
        public var version: String?
        public var functions: [FunctionReport]
        public var total: FunctionReport?

        public init(version: String?, functions: [FunctionReport], total: FunctionReport?) {
            self.version = version
            self.functions = functions
            self.total = total
        }

        var title: String { version.map { "version \($0)" } ?? "no version in the logs" }
    }

    /// One report per version, in order: sections of tables or markdown, one CSV table led by a
    /// `version` column, or JSON `{"by_version": [{"version": …, "report": …}]}`.
    public func render(byVersion reports: [VersionReport], as format: ReportFormat) -> String {
        let texts = reports.map { render($0.functions, total: $0.total, as: format) }
        switch format {
        case .json:
            let items = zip(reports, texts).map { report, text in
                "{\"version\": \(report.version.map { JSONValue.string($0).rendered(indent: nil) } ?? "null"), \"report\": "
                    + text.trimmingCharacters(in: .whitespacesAndNewlines) + "}"
            }
            return "{\"by_version\": [" + items.joined(separator: ", ") + "]}\n"
        case .csv:
            var lines: [String] = []
            for (report, text) in zip(reports, texts) {
                var rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                guard !rows.isEmpty else { continue }
                let header = rows.removeFirst()
                if lines.isEmpty { lines.append("version," + header) }
                lines += rows.map { ResultWriter.csvField(report.version ?? "") + "," + $0 }
            }
            return lines.map { $0 + "\r\n" }.joined()
        case .markdown:
            return zip(reports, texts).map { report, text in
                "## " + report.title.prefix(1).uppercased() + report.title.dropFirst() + "\n\n" + text
            }.joined(separator: "\n")
        case .table:
            return zip(reports, texts).map { report, text in "── \(report.title) ──\n" + text }.joined(separator: "\n")
        }
    }
}
