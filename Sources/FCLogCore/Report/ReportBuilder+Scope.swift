extension ReportBuilder {
    /// The versions a function's spans in the window carry, in numeric order (spans without one last, as nil).
    public static func versions(_ db: SQLiteDatabase, options: ReportOptions) throws -> [String?] {
        let s = try db.prepare("""
            SELECT DISTINCT version_id FROM fclog_span_rows
            WHERE (?1 IS NULL OR function = ?1) AND \(SpanSelection.window) AND \(SpanSelection.scope)
            ORDER BY version_id IS NULL, CAST(version_id AS INTEGER), version_id
            """)
        options.selection.bind(s)
        var found: [String?] = []
        while try s.step() { found.append(s.text(0)) }
        return found
    }
}
