extension ReportBuilder {
    /// The spans a report keeps beyond its function and window: one instance (`?20`, by id), one alias
    /// (`?21`, qualifier) and one version (`?22`; empty for spans that name none), each NULL for all. Written once for every reader of spans.
    static let spanScope = """
        (?20 IS NULL OR instance IN (SELECT id FROM instances WHERE instance_id = ?20)) \
        AND (?21 IS NULL OR qualifier = ?21) AND (?22 IS NULL OR coalesce(version_id, '') = ?22)
        """

    static func bindScope(_ s: SQLiteStatement, _ options: ReportOptions) {
        s.bind(20, options.instance)
        s.bind(21, options.qualifier)
        s.bind(22, options.version)
    }

    /// Whether the report keeps only some instances, aliases or versions.
    static func isScoped(_ options: ReportOptions) -> Bool {
        options.instance != nil || options.qualifier != nil || options.version != nil
    }

    /// The versions a function's spans in the window carry, in numeric order (spans without one last, as nil).
    public static func versions(_ db: SQLiteDatabase, options: ReportOptions) throws -> [String?] {
        let s = try db.prepare("""
            SELECT DISTINCT version_id FROM fclog_span_rows
            WHERE (?1 IS NULL OR function = ?1) AND \(spanWindow) AND \(spanScope)
            ORDER BY version_id IS NULL, CAST(version_id AS INTEGER), version_id
            """)
        s.bind(1, options.function)
        s.bind(2, options.since)
        s.bind(3, options.until)
        bindScope(s, options)
        var found: [String?] = []
        while try s.step() { found.append(s.text(0)) }
        return found
    }
}
