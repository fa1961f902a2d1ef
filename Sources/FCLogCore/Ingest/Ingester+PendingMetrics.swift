extension Ingester {
    /// Links the request-metrics records whose span was not in memory when they
    /// arrived (read before their logs, or in another ingest) to the stored
    /// span `RequestMetrics.nearest` names, or makes a span of the record where
    /// the logs have none; then times the Initializer of each cold start,
    /// linked either way, once it is stored. What a record does to a span is
    /// `SpanState.apply`'s, as in the stream.
    func linkPendingMetrics() throws {
        // Run once the writing thread has ended: writes are made at once, and this pass reads what it writes.
        let pending = try PendingMetrics(database: writer.database)
        let input = writer.inputID
        var records = try pending.next()
        while !records.isEmpty {
            for record in records where !record.metrics.requestID.isEmpty {
                let metrics = record.metrics
                // A change a record makes is its input's (for `fclog forget`).
                writer.inputID = record.input ?? input
                if record.span == nil {
                    if let span = try pending.span(for: metrics) {
                        if span.instanceID == nil { span.instanceID = metrics.instanceID }
                        span.apply(metrics)
                        try writer.update(span)
                        try pending.link(record.id, to: span.id)
                    } else {
                        let span = assembler.invocation(of: metrics, service: record.service,
                                                        attempt: try pending.storedExecutions(of: metrics) + 1)
                        try writer.insert(span, attributed: false)
                        try pending.link(record.id, to: span.id)
                    }
                }
                if metrics.timesInitializer, let micros = metrics.initializerMicros {
                    let initializer = try pending.initializer(of: metrics)
                    if let initializer {
                        initializer.applyInitializer(micros: micros)
                        try writer.update(initializer)
                    }
                    try pending.setWaiting(record.id, initializer == nil)
                }
            }
            // The instances changed are brought up to date a chunk at a time, so that memory does not grow with them.
            try rebuildTouchedInstances()
            records = try pending.next()
        }
        writer.inputID = input
        try pending.finish()
    }
}
