/// Turns spans, taken in the order `TraceReader` gives them, into OTLP batches: one trace per RequestId,
/// invocations as SERVER spans named after the function with the FaaS conventions' attributes, hooks as
/// INTERNAL spans, a cold-start invocation linked to the Initializer that prepared its instance.
struct OTLPBuilder {
    /// Spans per batch at most, so what is held stays small whatever the store holds.
    let batchSize: Int
    private var pending: [OTLPSpan] = []
    private var pendingSpans: [TraceSpan] = []
    private var coldStarts = ColdStartTracker<(traceID: [UInt8], spanID: [UInt8])>()
    private(set) var summary = ExportSummary()

    init(batchSize: Int = 512) {
        self.batchSize = batchSize
    }

    /// Adds a span; returns a batch when one is full or the span starts another resource.
    mutating func add(_ span: TraceSpan) -> OTLPBatch? {
        guard let extent = span.extent else {
            summary.untimedSpans += 1
            return nil
        }
        var full: OTLPBatch?
        if coldStarts.enter(span) {
            full = finish()
            if span.instanceID != nil { summary.instances += 1 }
        } else if pending.count >= batchSize {
            full = finish()
        }
        pending.append(otlpSpan(span, extent: extent))
        pendingSpans.append(span)
        summary.spans += 1
        return full
    }

    /// The batch still held, if any.
    mutating func finish() -> OTLPBatch? {
        guard let first = pendingSpans.first else { return nil }
        var resource: OTLPAttributes = [
            ("service.name", .string(first.function)),
            ("faas.name", .string(first.function)),
            ("cloud.provider", .string("alibaba_cloud")),
            ("cloud.platform", .string("alibaba_cloud_fc")),
        ]
        if let instance = first.instanceID { resource.append(("faas.instance", .string(instance))) }
        if let service = pendingSpans.lazy.compactMap(\.service).first { resource.append(("alibaba_cloud.fc.service", .string(service))) }
        if let memory = pendingSpans.lazy.compactMap(\.memoryMB).first { resource.append(("faas.max_memory", .int(memory * 1_048_576))) }
        if let version = pendingSpans.lazy.compactMap(\.versionID).first { resource.append(("faas.version", .string(version))) }
        let batch = OTLPBatch(resource: resource, spans: pending)
        pending.removeAll(keepingCapacity: true)
        pendingSpans.removeAll(keepingCapacity: true)
        summary.tracks += 1
        return batch
    }

    private mutating func otlpSpan(_ span: TraceSpan, extent: (start: Int64, end: Int64)) -> OTLPSpan {
        let traceID = StableID.traceID(function: span.function, requestID: span.requestID)
        let spanID = StableID.spanID(span)
        var attributes: OTLPAttributes = [("faas.invocation_id", .string(span.requestID))]
        var links: [OTLPSpan.Link] = []
        switch span.phase {
        case .invoke:
            let (cold, initializer) = coldStarts.invocation(span)
            attributes.append(("faas.coldstart", .bool(cold)))
            if cold, let initializer {
                links.append(.init(traceID: initializer.traceID, spanID: initializer.spanID,
                                   attributes: [("fclog.link", .string("initializer"))]))
            }
        case .initialize:
            coldStarts.initializer(span, (traceID, spanID))
        case .prestop, .prefreeze, .prepareCode:
            break
        }
        attributes.append(("fclog.span_id", .int(span.id)))
        attributes.append(("fclog.phase", .string(span.phase.rawValue)))
        attributes.append(("fclog.status", .string(span.status.rawValue)))
        if span.phase != .invoke { attributes.append(("fclog.attempt", .int(Int64(span.attempt)))) }
        if let source = span.durationSource { attributes.append(("fclog.duration_source", .string(source))) }
        if let billed = span.billedMillis { attributes.append(("fclog.billed_ms", .int(billed))) }
        if let qualifier = span.qualifier { attributes.append(("fclog.qualifier", .string(qualifier))) }
        if let used = span.maxMemoryMB { attributes.append(("fclog.max_memory_used_mb", .double(used))) }
        if span.start == nil || (span.end == nil && span.durationMicros == nil) { attributes.append(("fclog.partial", .bool(true))) }
        var result = OTLPSpan(traceID: traceID, spanID: spanID, name: name(span), kind: span.phase == .invoke ? .server : .internal,
                              startNanos: UInt64(Swift.max(0, extent.start)) * 1000, endNanos: UInt64(Swift.max(0, extent.end)) * 1000,
                              attributes: attributes, links: links)
        switch span.status {
        case .error, .timeout:
            result.status = .error
            result.statusMessage = span.error ?? span.status.rawValue
        case .unfinished where span.phase != .invoke:
            // A hook that never ended failed the instance, as the report counts it.
            result.status = .error
            result.statusMessage = "never ended"
        case .ok, .unfinished:
            break
        }
        return result
    }

    private func name(_ span: TraceSpan) -> String {
        switch span.phase {
        case .invoke: span.function
        case .initialize: "Initializer"
        case .prestop: "PreStop"
        case .prefreeze: "PreFreeze"
        case .prepareCode: "Prepare code"
        }
    }
}
