/// The few lines an ingest prints when it is done.
public enum IngestSummaryText {
    public static func render(_ summary: IngestSummary, store: String) -> String {
        let mib = Double(summary.bytesRead) / 1_048_576
        let seconds = max(summary.elapsedSeconds, 0.000_001)
        var out = "Ingested \(summary.inputs) input\(summary.inputs == 1 ? "" : "s") into \(store): "
        out += "\(summary.linesRead) lines, \(FixedDecimal.string(mib, 1)) MiB in \(FixedDecimal.string(summary.elapsedSeconds, 2)) s"
        out += " (\(FixedDecimal.string(mib / seconds, 1)) MiB/s)\n"
        out += "  records: \(summary.recordsNew) new, \(summary.recordsDuplicate) already stored"
        out += "; request metrics: \(summary.requestMetrics); instance events: \(summary.instanceEvents)\n"
        out += "  spans: \(summary.spansOpened) opened, \(summary.spansClosed) closed, \(summary.spansStillOpen) unfinished in the store\n"
        if summary.recordsStoredAsUnknown > 0 {
            out += "  \(summary.recordsStoredAsUnknown) text-log records carry no function name and are stored under 'unknown': "
                + "give --function NAME when ingesting text logs (console copies, s logs output, raw tails)\n"
        }
        if summary.recordsUnderUnknown > 0 {
            out += "  \(summary.recordsUnderUnknown) records were stored before without --function (under 'unknown') and are not stored again; "
                + "report on them with --function unknown\n"
        }
        if summary.linesFromAnotherRoute > 0 {
            out += "  \(summary.linesFromAnotherRoute) lines were stored already from another route (an SLS export, a console copy "
                + "or s logs output of the same time) and are not stored again\n"
        }
        if summary.skipped.isEmpty {
            out += "  skipped: none\n"
        } else {
            let reasons = summary.skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            out += "  skipped: " + reasons.joined(separator: ", ") + "\n"
        }
        return out
    }

}
