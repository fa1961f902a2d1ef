/// What an ingest did, for the summary printed at its end.
public struct IngestSummary: Sendable, Equatable {
    /// Inputs read to their end.
    public var inputs = 0
    /// Bytes and lines read, after decompression.
    public var bytesRead = 0
    public var linesRead = 0
    /// Lines and records stored for the first time.
    public var recordsNew = 0
    /// Lines and records the store already held (overlapping or repeated inputs).
    public var recordsDuplicate = 0
    /// Spans this ingest opened and closed, and those the store holds unfinished after it.
    public var spansOpened = 0
    public var spansClosed = 0
    public var spansStillOpen = 0
    /// Records this ingest found stored already under the function `unknown` (an ingest without --function).
    public var recordsUnderUnknown = 0
    /// Text-log records this ingest stored under `unknown`, for want of --function.
    public var recordsStoredAsUnknown = 0
    /// Lines another route stored already (an SLS export and a console copy of the same time).
    public var linesFromAnotherRoute = 0
    public var requestMetrics = 0
    public var instanceEvents = 0
    /// Lines not stored, by reason.
    public var skipped: [String: Int] = [:]
    public var elapsedSeconds = 0.0

    public init() {}

    /// A record counted new that another route had stored: it is one already stored.
    mutating func countStoredByAnotherRoute() {
        recordsNew -= 1
        recordsDuplicate += 1
    }

    mutating func skip(_ reason: SkipReason, count: Int = 1) {
        skipped[reason.rawValue, default: 0] += count
    }

    public var skippedTotal: Int { skipped.values.reduce(0, +) }
}

/// Why a line was not stored (or was stored cut).
enum SkipReason: String {
    case blank = "blank lines"
    case banner = "log tail banners"
    case toolOutput = "deploy tool lines (s, fun: instance, result, steps)"
    case malformedJSON = "malformed JSON records"
    case truncatedJSON = "JSON records cut off at the end of the input"
    case unknownRecord = "SLS records of no known stream"
    case longLine = "lines longer than 16 MiB (stored cut)"
}
