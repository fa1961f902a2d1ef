/// What an export wrote and what it left out, for the line it ends with on standard error.
public struct ExportSummary: Sendable, Equatable {
    public var spans = 0
    /// Spans with neither a start nor an end time: nothing places them on a time axis.
    public var untimedSpans = 0
    public var instances = 0
    public var instanceEvents = 0
    /// Tracks (Perfetto) or resource batches (OTLP) written.
    public var tracks = 0

    public init() {}

    public var text: String {
        var parts = ["\(spans) span\(spans == 1 ? "" : "s")", "\(instances) instance\(instances == 1 ? "" : "s")"]
        if instanceEvents > 0 { parts.append("\(instanceEvents) instance event\(instanceEvents == 1 ? "" : "s")") }
        var text = "exported " + parts.joined(separator: ", ")
        if untimedSpans > 0 { text += "; \(untimedSpans) span\(untimedSpans == 1 ? "" : "s") with no time left out" }
        return text
    }
}
