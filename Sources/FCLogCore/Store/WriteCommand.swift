/// One write the ingest hands the writing thread: a value, which the
/// writing side (`StoreWriteSide`) makes with the statements it owns.
enum WriteCommand: Sendable {
    /// A log line; its message is the chunk's bytes at the range given (none: rebuilt from its span).
    case line(StoreWriter.LineRow, messageStart: Int, messageCount: Int)
    case insertSpan(SpanRow, instance: String?)
    case updateSpan(SpanRow, instance: String?)
    /// A request-metrics record, as read for matching, linked to `span` when the assembler matched it.
    case requestMetrics(SLSRecord, RequestMetrics, input: Int64, span: Int64?)
    /// The time of a request-metrics record another route stored without one (the console's field view).
    case requestMetricsTime(RequestMetrics, timeMicros: Int64)
    case instanceEvent(SLSRecord, function: String, event: String, input: Int64)
    /// The time of an instance event another route stored without one: the first such of its instance and name.
    case instanceEventTime(function: String, instance: String, event: String, timeMicros: Int64)
    case instanceMetrics(SLSRecord, function: String, input: Int64)
    /// The time of an instance-metrics record another route stored without one: the first of its figures.
    case instanceMetricsTime(SLSRecord, function: String, instance: String, timeMicros: Int64)
    /// Record identities of one bucket, a blob of keys per input.
    case recordKeys(bucket: Int64, rows: [RecordKeyRow])
    /// A row of `fclog_settings`, kept if there is one.
    case setting(name: String, value: String)
    case commit(BatchCommit)
    /// Begins the first batch's transaction (the next ones begin with the commit before them).
    case begin
    /// The counts of an input read to its end (or as far as it went).
    case finishInput(InputRow)
    /// A question the ingest waits on: answered into the channel.
    case ask(StoreQuestion, Channel<Result<StoreAnswer, any Error>>)
}

/// An input's own counts, as `inputs` records them.
struct InputRow: Sendable {
    var id: Int64
    var linesRead: Int
    var recordsNew: Int
    var recordsDuplicate: Int
    var skipped: Int
    var completed: Bool
}

/// The identities one input added to a bucket, as `fclog_record_keys` stores them.
struct RecordKeyRow: Sendable {
    var input: Int64
    var blob: [UInt8]
}

/// What a batch's commit writes besides its rows.
struct BatchCommit: Sendable {
    /// Its number: readers waiting for it are told when it is done.
    var number: Int
    /// Changes to `fclog_span_tally`.
    var tally: [SpanTally.Key: Int]
    /// The last span of each (input, function), for `fclog_input_spans`.
    var inputSpans: [StoreWriter.InputFunction: Int64]
    /// With the next transaction begun after it: the rows of `instances` brought up to date first.
    var continuing: Continuing?

    struct Continuing: Sendable {
        var touched: Set<InstanceRef>
        /// The last span id of the batches committed before, and the older rows this one rewrote.
        var after: Int64
        var updated: [Int64]
        var exact: Set<InstanceRef>
        var cut: Set<InstanceRef>
        /// The last span id this ingest has given: a store holding more was written by someone else.
        var lastSpanID: Int64
    }
}
