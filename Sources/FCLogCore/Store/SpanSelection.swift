/// Which spans a reader of the store keeps: those of one function (or of every one) in a window of time, and,
/// where given, of one instance, alias and version. Its SQL is written once, for every reader of spans.
public struct SpanSelection: Sendable, Equatable {
    public var function: String?
    /// Unix microseconds; nil for no bound.
    public var since: Int64?
    public var until: Int64?
    public var instance: String?
    public var qualifier: String?
    /// A version; empty for the spans that name none.
    public var version: String?

    public init(function: String? = nil, since: Int64? = nil, until: Int64? = nil,
                instance: String? = nil, qualifier: String? = nil, version: String? = nil) {
        self.function = function
        self.since = since
        self.until = until
        self.instance = instance
        self.qualifier = qualifier
        self.version = version
    }

    /// A span is in the window (`?2` since, `?3` until, either NULL for none) when it started in it, or, with
    /// only its end known, ended in it.
    static let window = "(?2 IS NULL OR coalesce(start_us, end_us) >= ?2) AND (?3 IS NULL OR coalesce(start_us, end_us) < ?3)"

    /// One instance (`?20`, by id), one alias (`?21`) and one version (`?22`), each NULL for all.
    static let scope = """
        (?20 IS NULL OR instance IN (SELECT id FROM instances WHERE instance_id = ?20)) \
        AND (?21 IS NULL OR qualifier = ?21) AND (?22 IS NULL OR coalesce(version_id, '') = ?22)
        """

    /// Whether only some instances, aliases or versions are kept.
    var isScoped: Bool { instance != nil || qualifier != nil || version != nil }

    /// Binds the function (`?1`), the window and the scope.
    func bind(_ s: SQLiteStatement) {
        s.bind(1, function)
        s.bind(2, since)
        s.bind(3, until)
        bindScope(s)
    }

    /// Binds the scope alone.
    func bindScope(_ s: SQLiteStatement) {
        s.bind(20, instance)
        s.bind(21, qualifier)
        s.bind(22, version)
    }
}
