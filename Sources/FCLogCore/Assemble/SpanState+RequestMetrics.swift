extension SpanState {
    /// Takes what a request-metrics record states of the invocation: its exact
    /// timing (its start, else the logged one), its outcome merged with the
    /// logged one, the error where the logs name none, memory and alias.
    func apply(_ metrics: RequestMetrics) {
        if let duration = metrics.durationMicros {
            if let start = metrics.startMicros {
                startMicros = start
                startIsSubsecond = true
                startFromLines = false
            }
            if let start = startMicros {
                // An end the duration places is as much the lines' as the start it follows.
                endMicros = start + duration
                endIsSubsecond = true
                endFromLines = startFromLines
            }
            durationMicros = duration
            durationSource = .requestMetrics
        } else if startMicros == nil, let start = metrics.startMicros {
            startMicros = start
            startIsSubsecond = true
            startFromLines = false
        }
        status = status.merged(with: metrics.outcome ?? .ok)
        if error == nil { error = metrics.error }
        coldStart = metrics.coldStart
        if let size = metrics.memoryMB { memoryMB = size }
        if let used = metrics.memoryUsageMB.flatMap(Plausible.micros(fromMillis:)) { maxMemoryMilliMB = used }
        if qualifier == nil { qualifier = metrics.qualifier }
        hasMetrics = true
    }

    /// Takes the Initializer duration a cold start's record states (`invokeFunctionLatencyMs`).
    func applyInitializer(micros: Int64) {
        durationMicros = micros
        durationSource = .initializerMetrics
        if let start = startMicros {
            endMicros = start + micros
            endFromLines = startFromLines
        } else if let end = endMicros {
            startMicros = end - micros
            startFromLines = endFromLines
        }
        if status == .unfinished { status = .ok }
    }
}
