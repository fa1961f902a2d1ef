extension SpanState {
    /// The columns of `fclog_span_rows` that `stored(_:)` reads, in its order.
    static let storedColumns = """
        id, function, service, (SELECT i.instance_id FROM instances i WHERE i.id = instance), request_id, kind, status, error, duration_source, attempt,
        start_us, end_us, has_start, has_end, memory_mb, max_memory_mb, duration_us, qualifier, version_id, cold_start
        """

    /// A stored span from the columns the writing thread read of it.
    convenience init(stored row: SpanRow, instanceID: String?) {
        self.init(function: row.function, service: row.service, instanceID: instanceID, requestID: row.requestID, phase: row.phase)
        id = row.id
        isStored = true
        status = row.status
        error = row.error
        durationSource = row.durationSource
        attempt = Int(row.attempt)
        startMicros = row.startMicros
        endMicros = row.endMicros
        let exact = durationSource?.isExact ?? false
        startIsSubsecond = exact
        endIsSubsecond = exact
        hasStart = row.hasStart
        hasEnd = row.hasEnd
        memoryMB = row.memoryMB
        maxMemoryMilliMB = row.maxMemoryMilliMB
        durationMicros = row.durationMicros
        qualifier = row.qualifier
        versionID = row.versionID
        coldStart = row.coldStart
        tallyKey = SpanTally.Key(self)
    }

    /// A stored span from a row selected with `storedColumns`.
    static func stored(_ s: SQLiteStatement) -> SpanState? {
        guard let phase = Phase(rawValue: s.text(5) ?? "") else { return nil }
        let span = SpanState(function: s.text(1) ?? "", service: s.text(2), instanceID: s.text(3),
                             requestID: s.text(4) ?? "", phase: phase)
        span.id = s.int64(0)
        span.isStored = true
        span.status = SpanStatus(rawValue: s.text(6) ?? "") ?? .unfinished
        span.error = s.text(7)
        span.durationSource = s.text(8).flatMap(DurationSource.init(rawValue:))
        span.attempt = Int(s.int64(9))
        span.startMicros = s.optionalInt64(10)
        span.endMicros = s.optionalInt64(11)
        // Stored times keep no resolution flag; the source says it.
        let exact = span.durationSource?.isExact ?? false
        span.startIsSubsecond = exact
        span.endIsSubsecond = exact
        span.hasStart = s.int64(12) != 0
        span.hasEnd = s.int64(13) != 0
        span.memoryMB = s.optionalInt64(14)
        span.maxMemoryMilliMB = s.optionalDouble(15).flatMap(Plausible.micros(fromMillis:))
        span.durationMicros = s.optionalInt64(16)
        span.qualifier = s.text(17)
        span.versionID = s.text(18)
        span.coldStart = s.optionalInt64(19)
        // What the tally counts its row under, so that rewriting it needs no read.
        span.tallyKey = SpanTally.Key(span)
        return span
    }
}
