/// One span as an instance's summary and the report's accumulators count it.
struct SpanFacts {
    var id: Int64
    var instance: String?
    var requestKey: Int64
    var phase: Phase
    var status: SpanStatus
    var error: String?
    var start: Int64?
    var end: Int64?
    var duration: Int64?
    var exact: Bool
    var coldStart: Bool?
    var memoryMB: Double?
    var inputID: Int64?
}
