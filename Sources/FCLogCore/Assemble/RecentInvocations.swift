/// This ingest's invocation spans by RequestId, in two generations, so that a
/// request-metrics record finds its span as it arrives. A RequestId whose spans
/// may have left memory is kept in a filter: its records are matched after the
/// last line, against the store.
struct RecentInvocations {
    private var current: [UInt64: [SpanState]] = [:]
    private var older: [UInt64: [SpanState]] = [:]
    private var forgotten = RequestFilter()
    private let generationSize: Int

    init(generationSize: Int) {
        self.generationSize = generationSize
    }

    /// A new invocation span of this ingest.
    mutating func add(_ span: SpanState) {
        if current.count >= generationSize {
            for request in older.keys { forgotten.insert(.invoke, request) }
        }
        current.startGeneration(over: &older, at: generationSize)
        current[span.requestKey, default: []].append(span)
    }

    /// A RequestId some of whose spans left memory (to the store, or read back from it as other objects).
    mutating func forget(_ request: UInt64) {
        forgotten.insert(.invoke, request)
    }

    /// The furthest a record's start may be from its span's in memory: a second-resolution log time and
    /// a millisecond start differ by under a second. Beyond it, a span read later may be nearer.
    static let nearEnough: Int64 = 2_000_000

    /// The span of `metrics` among this ingest's invocations of its RequestId, as the pass after the last line
    /// would choose it (`RequestMetrics.nearest` among those with no record yet); nil when that cannot be
    /// told from memory yet: one of them is still open, or may have left memory.
    func span(for metrics: RequestMetrics, request: UInt64) -> SpanState? {
        guard !forgotten.mightContain(.invoke, request) else { return nil }
        // Oldest first, as ids go.
        let spans = ((older[request] ?? []) + (current[request] ?? [])).filter {
            $0.function == metrics.function && $0.requestID == metrics.requestID && !$0.hasMetrics
        }
        guard spans.allSatisfy(\.hasEnd), let best = metrics.nearest(spans, instance: \.instanceID, start: \.startMicros)
        else { return nil }
        let gap = metrics.distance(toStart: best.startMicros)
        return gap == Int64.max - 1 || gap <= Self.nearEnough ? best : nil
    }
}
