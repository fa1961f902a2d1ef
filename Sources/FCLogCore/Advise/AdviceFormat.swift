/// How `fclog advise` and `fclog whatif` print.
public enum AdviceFormat: String, Sendable, CaseIterable {
    /// Aligned text for a terminal.
    case table
    /// Headings and tables to paste into an issue or a wiki.
    case markdown
    /// The stable contract documented in the README.
    case json
}
