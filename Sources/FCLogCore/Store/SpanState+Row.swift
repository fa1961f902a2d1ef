extension SpanState {
    /// The columns of `fclog_span_rows` that `stored(_:)` reads, in its order.
    static let storedColumns = """
        id, function, service, (SELECT i.instance_id FROM instances i WHERE i.id = instance), request_id, kind, status, error, duration_source, attempt,
        start_us, end_us, has_start, has_end, memory_mb, max_memory_mb, duration_us, qualifier, version_id, cold_start,
        times_from_lines
        """

    /// A stored span from its row's columns (`SpanRow(stored:)`).
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
        // Stored times keep no resolution flag; the source says it.
        let exact = durationSource?.isExact ?? false
        startIsSubsecond = exact
        endIsSubsecond = exact
        let fromLines = row.timesFromLines ?? 0
        startFromLines = durationSource == .lineTimestamps || fromLines & 1 != 0
        endFromLines = durationSource == .lineTimestamps || fromLines & 2 != 0
        hasStart = row.hasStart
        hasEnd = row.hasEnd
        memoryMB = row.memoryMB
        maxMemoryMilliMB = row.maxMemoryMilliMB
        durationMicros = row.durationMicros
        qualifier = row.qualifier
        versionID = row.versionID
        coldStart = row.coldStart
        // What the tally counts its row under, so that rewriting it needs no read.
        tallyKey = SpanTally.Key(self)
    }

    convenience init(stored span: StoredSpan) {
        self.init(stored: span.row, instanceID: span.instanceID)
    }
}

extension StoredSpan {
    /// A stored span from a row selected with `SpanState.storedColumns`; nil for an unknown kind.
    init?(_ s: SQLiteStatement) {
        guard let row = SpanRow(stored: s) else { return nil }
        self.init(row: row, instanceID: s.text(3))
    }
}
