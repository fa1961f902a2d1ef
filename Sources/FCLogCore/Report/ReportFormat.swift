/// How `fclog report` prints.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned text for a terminal, headline numbers first.
    case table
    /// Headings and tables to paste into an issue or a wiki.
    case markdown
    /// One row per figure: function, section, metric, value.
    case csv
    /// The stable contract documented in the README.
    case json
}
