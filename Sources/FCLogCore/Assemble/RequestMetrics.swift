/// What a request-metrics record says of its invocation, as matching it to a span needs it.
struct RequestMetrics: Sendable {
    var function: String
    var requestID: String
    var instanceID: String?
    var startMicros: Int64?
    /// nil for a missing, non-numeric or negative `durationMs`: the logged timing then stands.
    var durationMicros: Int64?
    var errorType: String?
    var hasFunctionError: Bool
    var coldStart: Int64?
    /// `invokeFunctionLatencyMs`: on a cold start, the Initializer's duration.
    var initializerMicros: Int64?
    var memoryMB: Int64?
    var memoryUsageMB: Double?
    var qualifier: String?

    init(function: String, requestID: String, instanceID: String?, startMicros: Int64?, durationMillis: Double?,
         errorType: String?, hasFunctionError: Bool, coldStart: Int64?, initializerMillis: Double?,
         memoryMB: Int64?, memoryUsageMB: Double?, qualifier: String?) {
        self.function = function
        self.requestID = requestID
        self.instanceID = instanceID
        self.startMicros = startMicros
        durationMicros = durationMillis.flatMap(Plausible.micros(fromMillis:)).flatMap { $0 >= 0 ? $0 : nil }
        self.errorType = errorType.flatMap { $0.isEmpty ? nil : $0 }
        self.hasFunctionError = hasFunctionError
        self.coldStart = coldStart
        initializerMicros = initializerMillis.flatMap(Plausible.micros(fromMillis:))
        self.memoryMB = memoryMB
        self.memoryUsageMB = memoryUsageMB
        self.qualifier = qualifier.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The record of an SLS export, under the function the ingest names it by.
    init(_ record: SLSRecord, function: String) {
        let f = record.fields
        self.init(function: function, requestID: f["requestId"] ?? "", instanceID: record.instanceID,
                  // Unix milliseconds, or seconds in a hand-made export.
                  startMicros: f.int("invocationStartTimestamp").flatMap(Plausible.micros(fromEpoch:)),
                  durationMillis: f.double("durationMs"), errorType: f["errorType"],
                  hasFunctionError: f.bool("hasFunctionError") ?? false, coldStart: f.bool("isColdStart").map { $0 ? 1 : 0 },
                  initializerMillis: f.double("invokeFunctionLatencyMs"), memoryMB: f.int("memoryMB"),
                  memoryUsageMB: f.double("memoryUsageMB"), qualifier: f["qualifier"])
    }

    /// How the invocation ended, where the record says it failed: `FunctionTimeoutError` is a timeout.
    var outcome: SpanStatus? {
        if errorType == "FunctionTimeoutError" { return .timeout }
        return hasFunctionError || errorType != nil ? .error : nil
    }

    /// The error the span takes, when it has none of its own.
    var error: String? { outcome == nil ? nil : errorType }

    /// Whether the record times the Initializer that prepared its instance.
    var timesInitializer: Bool { coldStart == 1 && (initializerMicros ?? 0) > 0 }
}

extension RequestMetrics {
    /// Of the invocations of its RequestId (oldest first), the one a record is for: on a compatible instance
    /// (the same, or either unknown), with the start nearest its own, the first of equals.
    func nearest<Span>(_ spans: [Span], instance: (Span) -> String?, start: (Span) -> Int64?) -> Span? {
        var best: Span?
        var bestGap = Int64.max
        for span in spans {
            if let own = instanceID, let other = instance(span), own != other { continue }
            let gap = distance(toStart: start(span))
            if gap < bestGap {
                best = span
                bestGap = gap
            }
        }
        return best
    }

    /// The furthest a record's start may be from its span's for the ingest to link it as it arrives: a
    /// second-resolution log time and a millisecond start differ by under a second. Beyond it, a span read
    /// later may be nearer, so the pass after the last line decides.
    static let nearEnough: Int64 = 2_000_000

    /// How far a start is from the record's; an unknown one is furthest of all.
    func distance(toStart start: Int64?) -> Int64 {
        startMicros.flatMap { own in start.map { abs($0 - own) } } ?? (Int64.max - 1)
    }
}
