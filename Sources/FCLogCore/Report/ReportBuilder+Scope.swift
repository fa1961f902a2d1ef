extension ReportBuilder {
    /// The versions a function's spans in the window carry, in numeric order (spans without one last, as nil).
    public static func versions(_ db: SQLiteDatabase, options: ReportOptions) throws -> [String?] {
        try ReportReader(db: db).versions(options.selection)
    }
}
