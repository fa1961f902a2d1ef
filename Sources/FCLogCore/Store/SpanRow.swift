/// A span's columns as they are when its write is queued: the span goes on
/// changing while the write waits. Plain values, bound by parameter number
/// (the insert's and the update's agree on them).
struct SpanRow {
    let function: String
    let service: String?
    let requestID: String
    let phase: Phase
    let status: SpanStatus
    let error: String?
    let durationMicros: Int64?
    let billedMillis: Int64?
    let durationSource: DurationSource?
    let attempt: Int64
    let startMicros: Int64?
    let endMicros: Int64?
    let hasStart: Bool
    let hasEnd: Bool
    let memoryMB: Int64?
    let maxMemoryMilliMB: Int64?
    let inputID: Int64?
    let id: Int64
    let qualifier: String?
    let versionID: String?
    let coldStart: Int64?
    /// Which times only the span's lines gave (`timesFromLines`).
    let timesFromLines: Int64?

    /// A stored row, selected with `SpanState.storedColumns` (its instance, column 3, aside); nil for an
    /// unknown kind. `billed_ms` and `input_id` are not read.
    init?(stored s: SQLiteStatement) {
        guard let phase = Phase(rawValue: s.text(5) ?? "") else { return nil }
        id = s.int64(0)
        function = s.text(1) ?? ""
        service = s.text(2)
        requestID = s.text(4) ?? ""
        self.phase = phase
        status = SpanStatus(rawValue: s.text(6) ?? "") ?? .unfinished
        error = s.text(7)
        durationSource = s.text(8).flatMap(DurationSource.init(rawValue:))
        attempt = s.int64(9)
        startMicros = s.optionalInt64(10)
        endMicros = s.optionalInt64(11)
        hasStart = s.int64(12) != 0
        hasEnd = s.int64(13) != 0
        memoryMB = s.optionalInt64(14)
        maxMemoryMilliMB = s.optionalDouble(15).flatMap(Plausible.micros(fromMillis:))
        durationMicros = s.optionalInt64(16)
        qualifier = s.text(17)
        versionID = s.text(18)
        coldStart = s.optionalInt64(19)
        timesFromLines = s.optionalInt64(20)
        billedMillis = nil
        inputID = nil
    }

    init(_ span: SpanState, stepMillis: Int64, inputID: Int64?) {
        function = span.function
        service = span.service
        requestID = span.requestID
        phase = span.phase
        status = span.status
        error = span.error
        durationMicros = span.durationMicros
        billedMillis = span.billedMillis(stepMillis: stepMillis)
        durationSource = span.durationSource
        attempt = Int64(span.attempt)
        startMicros = span.startMicros
        endMicros = span.endMicros
        hasStart = span.hasStart
        hasEnd = span.hasEnd
        memoryMB = span.memoryMB
        maxMemoryMilliMB = span.maxMemoryMilliMB
        self.inputID = inputID
        id = span.id
        qualifier = span.qualifier
        versionID = span.versionID
        coldStart = span.coldStart
        timesFromLines = Self.timesFromLines(start: span.startFromLines, end: span.endFromLines)
    }

    /// What `times_from_lines` holds: 1 for a start only the span's lines gave, 2 for such an end, NULL for neither.
    static func timesFromLines(start: Bool, end: Bool) -> Int64? {
        let bits = (start ? 1 : 0) | (end ? 2 : 0)
        return bits == 0 ? nil : Int64(bits)
    }

    /// Binds every column but the instance (3), which the writing thread numbers; kind, status, duration
    /// source and end as `fclog_span_rows` stores them (`StoredCodes`).
    /// A statement without a parameter ignores its value.
    func bind(to s: SQLiteStatement) {
        s.bind(1, function)
        s.bind(2, service)
        let requestKey = RequestKey.of(requestID)
        StoredCodes.bindRequestID(requestID, key: requestKey, to: s, at: 4)
        s.bind(5, StoredCodes.code(phase))
        s.bind(6, StoredCodes.code(status))
        s.bind(7, error)
        s.bind(10, durationMicros)
        s.bind(11, billedMillis)
        s.bind(12, durationSource.map { StoredCodes.code($0) })
        s.bind(13, attempt)
        s.bind(14, startMicros)
        s.bind(15, StoredCodes.endOffset(end: endMicros, start: startMicros))
        s.bind(16, Int64(hasStart ? 1 : 0))
        s.bind(17, Int64(hasEnd ? 1 : 0))
        s.bind(18, memoryMB)
        s.bind(19, maxMemoryMilliMB.map { Double($0) / 1000 })
        s.bind(20, inputID)
        s.bind(21, id)
        s.bind(22, requestKey)
        s.bind(23, qualifier)
        s.bind(24, versionID)
        s.bind(25, coldStart)
        s.bind(26, timesFromLines)
    }
}
