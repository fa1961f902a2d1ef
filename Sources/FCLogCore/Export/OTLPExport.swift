/// OpenTelemetry's OTLP/JSON file format: one `TracesData` object per line, a line per batch of one
/// instance's spans.
public enum OTLPExport {
    public static func write(_ db: SQLiteDatabase, options: ReportOptions, to out: inout TextOutput) throws -> ExportSummary {
        try db.execute("BEGIN")
        defer { try? db.execute("COMMIT") }
        var builder = OTLPBuilder()
        try TraceReader.spans(db, selection: options.selection) { span in
            if let batch = builder.add(span) { try out.write(batch.json() + "\n") }
        }
        if let batch = builder.finish() { try out.write(batch.json() + "\n") }
        try out.flush()
        return builder.summary
    }
}
