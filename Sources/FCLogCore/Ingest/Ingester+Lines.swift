/// A recognised line's effect: on spans (markers, summaries), on the context
/// later lines rely on, and the row it is stored as.
extension Ingester {
    // MARK: - Recognised lines

    func handle(_ line: RecognisedLine, _ bytes: UnsafeBufferPointer<UInt8>, origin: Origin,
                time lineTime: Int64?, subsecond lineSubsecond: Bool, _ context: inout InputContext) throws {
        var instance = origin.instance
        var time = lineTime
        var subsecond = lineSubsecond
        let requestID = line.requestID.map { UnsafeBufferPointer(rebasing: bytes[$0]) }
        var span: SpanState?
        var kind = StoreWriter.LineKind.user
        if let lineTime, let previous = context.previousTime, lineTime != previous {
            if lineTime < previous { context.stepsBack += 1 } else { context.stepsForward += 1 }
        }

        switch line.kind {
        case .marker:
            let marker = line.marker!
            if marker.phase.isSpan, let requestID {
                if marker.edge == .start {
                    span = try assembler.start(function: origin.function, service: origin.service, instance: instance,
                                               requestID: requestID, phase: marker.phase, time: time, subsecond: subsecond)
                } else {
                    let error = marker.error.map { bytes.string($0) }
                    span = try assembler.end(function: origin.function, service: origin.service, instance: instance,
                                             requestID: requestID, phase: marker.phase, time: time, subsecond: subsecond,
                                             error: error)
                    if marker.phase == .invoke {
                        context.lastEndedInvoke = span
                        context.lastEndedStoredInvoke = nil
                    }
                }
                kind = .marker
                if let span { Self.noteTailSpan(span, &context) }
            } else {
                kind = .runtime
            }
        case .summary:
            kind = .summary
            // A local run's summary names its RequestId: it is that invocation's, wherever it ended.
            if let requestID, context.lastEndedInvoke.map({ !$0.hasRequestID(requestID) }) ?? true {
                context.lastEndedInvoke = nil
                context.lastEndedStoredInvoke = Array(requestID)
            }
            if context.lastEndedInvoke == nil, let stored = context.lastEndedStoredInvoke {
                context.lastEndedInvoke = try assembler.storedEndedInvoke(function: origin.function, requestID: stored)
            }
            context.lastEndedStoredInvoke = nil
            if let ended = context.lastEndedInvoke, let summary = line.summary {
                try assembler.applySummary(summary, to: ended)
                span = ended
                context.lastEndedInvoke = nil
            }
        case .runtime, .user:
            kind = line.kind == .runtime ? .runtime : .user
            Self.continueMessage(time: &time, subsecond: &subsecond, instance: &instance, context)
            if requestID == nil, context.readsBackwards {
                // Read newest first, the lines after an End marker and before its Start are that span's; a span whose
                // Start was read is behind, not open.
                span = assembler.endedAwaitingStart(previous: context.previousSpan, function: origin.function, instance: instance)
            } else {
                span = assembler.span(function: origin.function, instance: instance, requestID: requestID, previous: context.previousSpan)
            }
            if let span {
                assembler.attach(line: instance, time: line.prefixTime != nil ? time : nil, subsecond: subsecond, to: span)
            }
        case .blank, .banner, .tool:
            return
        }
        if let span, origin.qualifier != nil || origin.versionID != nil {
            assembler.label(span, qualifier: origin.qualifier, versionID: origin.versionID)
        }
        Self.advance(&context, span: span, time: time, subsecond: subsecond, instance: instance)

        guard keepsLine(line, kind: kind, bytes: bytes) else { return }
        var message: UnsafeBufferPointer<UInt8>? = UnsafeBufferPointer(rebasing: bytes[line.message])
        if kind == .marker, let span, let marker = line.marker, Self.isCanonical(marker, message!, bytes, span: span) {
            // FC's own wording: the lines view rebuilds it from the span.
            kind = marker.edge == .start ? .canonicalStart : .canonicalEnd
            message = nil
        }
        // What the span already says is not stored again on every line.
        var row = StoreWriter.LineRow(inputID: context.id, lineNumber: context.lineNumber, timeMicros: time,
                                      spanID: span?.id, level: line.level.map { Self.levelName(bytes, $0) }, kind: kind)
        if let span {
            if let instance, instance != span.instanceID { row.instanceID = instance }
            if let requestID, !span.hasRequestID(requestID) { row.requestID = String(decoding: requestID, as: UTF8.self) }
        } else {
            row.function = origin.function
            row.instanceID = instance
            row.requestID = requestID.map { String(decoding: $0, as: UTF8.self) }
        }
        try writer.insertLine(row, message: message)
    }

    /// Keeps the spans of the current log tail for a deploy tool's block below it.
    static func noteTailSpan(_ span: SpanState, _ context: inout InputContext) {
        if context.toolBlockSeen {
            // A marker after a tool's block begins the tail of another call.
            context.tailSpans.removeAll(keepingCapacity: true)
            context.toolBlockSeen = false
        }
        guard context.tailSpans.last !== span else { return }
        if context.tailSpans.count >= tailSpanLimit { context.tailSpans.removeFirst() }
        context.tailSpans.append(span)
    }

    /// A line the store already holds: nothing is written, but the context that
    /// later lines rely on (their span, time, instance, the invocation a summary
    /// follows) moves on as if it had been read, so a repeated or resumed input
    /// continues exactly where the stored one left off.
    func replay(_ line: RecognisedLine, _ bytes: UnsafeBufferPointer<UInt8>, origin: Origin,
                time lineTime: Int64?, subsecond lineSubsecond: Bool, _ context: inout InputContext) {
        var instance = origin.instance
        var time = lineTime
        var subsecond = lineSubsecond
        let requestID = line.requestID.map { UnsafeBufferPointer(rebasing: bytes[$0]) }
        var span: SpanState?
        switch line.kind {
        case .marker:
            guard let marker = line.marker, marker.phase.isSpan, let requestID else { break }
            if marker.edge == .start {
                span = assembler.span(function: origin.function, instance: instance, requestID: requestID, previous: nil)
            } else if marker.phase == .invoke {
                context.lastEndedInvoke = nil
                context.lastEndedStoredInvoke = Array(requestID)
            }
        case .summary:
            context.lastEndedInvoke = nil
            context.lastEndedStoredInvoke = nil
        case .runtime, .user:
            Self.continueMessage(time: &time, subsecond: &subsecond, instance: &instance, context)
            span = assembler.span(function: origin.function, instance: instance, requestID: requestID, previous: context.previousSpan)
        case .blank, .banner, .tool:
            return
        }
        if let span, origin.qualifier != nil || origin.versionID != nil {
            assembler.label(span, qualifier: origin.qualifier, versionID: origin.versionID)
        }
        // Its time still bounds its span, whose markers may show none: an ingest run again after an
        // interruption reads the lines before it stopped here, and the End after.
        if let span, line.kind == .runtime || line.kind == .user {
            assembler.attach(line: instance, time: time, subsecond: subsecond, to: span)
        }
        Self.advance(&context, span: span, time: time, subsecond: subsecond, instance: instance)
    }

    /// A line with neither time nor instance continues a multi-line message: it shares its first line's context.
    static func continueMessage(time: inout Int64?, subsecond: inout Bool, instance: inout String?, _ context: InputContext) {
        guard time == nil, instance == nil else { return }
        time = context.previousTime
        subsecond = context.previousTimeIsSubsecond
        instance = context.previousInstance
    }

    /// What the next line of the input may continue.
    static func advance(_ context: inout InputContext, span: SpanState?, time: Int64?, subsecond: Bool, instance: String?) {
        context.previousSpan = span
        context.previousTime = time
        context.previousTimeIsSubsecond = subsecond
        context.previousInstance = instance
    }

    /// Whether a marker reads exactly `FC <Phase> Start|End RequestId: <id>` with
    /// the span's id and no error, so that its text need not be stored.
    static func isCanonical(_ marker: Marker, _ message: UnsafeBufferPointer<UInt8>, _ line: UnsafeBufferPointer<UInt8>,
                            span: SpanState) -> Bool {
        guard marker.error == nil, span.hasRequestID(UnsafeBufferPointer(rebasing: line[marker.requestID])) else { return false }
        let expected: StaticString = switch (marker.phase, marker.edge) {
        case (.initialize, .start): "FC Initialize Start RequestId: "
        case (.initialize, .end): "FC Initialize End RequestId: "
        case (.invoke, .start): "FC Invoke Start RequestId: "
        case (.invoke, .end): "FC Invoke End RequestId: "
        case (.prestop, .start): "FC PreStop Start RequestId: "
        case (.prestop, .end): "FC PreStop End RequestId: "
        case (.prefreeze, .start): "FC PreFreeze Start RequestId: "
        case (.prefreeze, .end): "FC PreFreeze End RequestId: "
        case (.prepareCode, _): ""
        }
        let length = expected.utf8CodeUnitCount
        return length > 0 && message.count == length + marker.requestID.count && message.matches(expected, at: 0)
    }

    /// The line's time in Unix microseconds: a runtime prefix with a fraction
    /// or a zone, else the local-time envelope, else a plain prefix (UTC), else the record's time.
    func resolveTime(_ line: RecognisedLine, recordTime: Int64?, recordSubsecond: Bool) -> (Int64?, Bool) {
        if let prefix = line.prefixTime, prefix.isSubsecond || prefix.zoneOffsetSeconds != nil {
            return (prefix.utcMicros, prefix.isSubsecond)
        }
        if let envelope = line.envelopeTime {
            return (localTime.utcSeconds(fromLocal: envelope.civilSeconds) * 1_000_000, false)
        }
        if let prefix = line.prefixTime {
            return (prefix.utcMicros, false)
        }
        return (recordTime, recordSubsecond)
    }

    func keepsLine(_ line: RecognisedLine, kind: StoreWriter.LineKind, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch options.lines {
        case .all:
            return true
        case .none:
            return false
        case .errors:
            if kind == .marker || kind == .summary { return true }
            guard let level = line.level else { return false }
            let name = Self.levelName(bytes, level)
            return name == "error" || name == "warn" || name == "warning" || name == "fatal"
        }
    }

    /// Levels lower-cased, the common ones without allocating anew.
    static func levelName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        for (name, literal) in knownLevels where range.count == literal.utf8CodeUnitCount && bytes.matchesLowercased(literal, at: range.lowerBound) {
            return name
        }
        return bytes.string(range).lowercased()
    }

    private static let knownLevels: [(String, StaticString)] = [
        ("info", "info"), ("error", "error"), ("warn", "warn"), ("debug", "debug"), ("verbose", "verbose"),
        ("silly", "silly"), ("warning", "warning"), ("fatal", "fatal"), ("trace", "trace"),
    ]
}
