/// Where an ingest is, for a progress line: the input being read and the totals so far.
public struct IngestProgress: Sendable, Equatable {
    public var input: String
    /// Bytes of the input read (after decompression).
    public var bytes: Int
    public var lines: Int
    public var spans: Int
    /// Seconds since the ingest began.
    public var elapsed: Double
    /// The input is live and has nothing more to read for now.
    public var waiting: Bool
}
