/// Renders a story as text for a terminal (error lines in red when `colour`) or as one JSON object.
public struct StoryRenderer {
    public var colour: Bool
    /// The zone of printed times (JSON stays UTC).
    public var zone: LocalTimeZone

    public init(colour: Bool = false, zone: LocalTimeZone = .utc) {
        self.colour = colour
        self.zone = zone
    }

    private func red(_ text: String) -> String { colour ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
    private func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    private func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    func time(_ micros: Int64?) -> String {
        micros.map { zone.display(micros: $0, fraction: true) } ?? "-"
    }

    /// A stored ISO-8601 UTC time, in the zone.
    func time(_ iso: String?) -> String {
        guard let iso, let micros = StoredText.micros(iso) else { return iso ?? "-" }
        return time(micros)
    }

    static func millis(_ micros: Int64?) -> String {
        micros.map { JSONValue.format(Double($0) / 1000) + " ms" } ?? "-"
    }

    // MARK: - Text

    public func text(_ story: Story) -> String {
        var out = bold(title(story)) + "\n"
        if let life = story.lifetime { out += "\n" + lifetime(life) }
        if !story.spans.isEmpty {
            out += "\n  Spans\n"
            for span in story.spans { out += spanText(span, showRequest: story.subject != .request(span.requestID)) }
            if story.spansOmitted > 0 { out += dim("    … and \(story.spansOmitted) more (fclog query: SELECT * FROM spans WHERE instance_id = '…')") + "\n" }
        }
        if !story.metrics.isEmpty {
            out += "\n  Request metrics\n"
            for record in story.metrics {
                out += "    \(time(record.start))  " + record.fields.map { "\($0.0) \($0.1)" }.joined(separator: " · ") + "\n"
            }
        }
        if !story.events.isEmpty {
            out += "\n  Instance events\n"
            for event in story.events { out += "    \(time(event.time))  \(event.instanceID)  \(event.event)\n" }
        }
        if !story.lines.isEmpty {
            out += "\n  Lines\n"
            for line in story.lines {
                let text = "    " + time(line.time).padding(zone.isUTC ? 24 : 29) + line.kind.padding(8) + (line.level ?? "").padding(8) + line.message.visibleControls
                out += (line.isError ? red(text) : text) + "\n"
            }
            if story.linesOmitted > 0 { out += dim("    … and \(story.linesOmitted) more lines (--lines N shows more)") + "\n" }
        }
        return out
    }

    private func title(_ story: Story) -> String {
        let functions = Set(story.spans.map(\.function)).sorted().joined(separator: ", ")
        switch story.subject {
        case let .request(id): return "RequestId \(id)  (\(functions); \(ReportRenderer.plural(story.spans.count, "span")))"
        case let .instance(function, id): return "Instance \(id)  (\(function))"
        case let .span(id): return "Span \(id)  (\(functions))"
        }
    }

    private func spanText(_ span: Story.Span, showRequest: Bool) -> String {
        let status = span.status == "ok" ? "ok" : red(span.status)
        var head = "    #\(span.id)  \(span.phase)"
        if span.phase != "invoke" || span.attempt > 1 { head += " attempt \(span.attempt)" }
        head += "  \(status)  \(time(span.start)) → \(time(span.end))  \(Self.millis(span.durationMicros))"
        if let source = span.durationSource { head += " (\(source))" }
        if let billed = span.billedMillis { head += "  billed \(ReportRenderer.grouped(billed)) ms" }
        var facts: [String] = []
        if showRequest { facts.append("RequestId \(span.requestID)") }
        if let instance = span.instanceID { facts.append("instance \(instance)") }
        if let qualifier = span.qualifier { facts.append("alias \(qualifier)") }
        if let version = span.versionID { facts.append("version \(version)") }
        if span.coldStart == true { facts.append("cold start") }
        if let memory = span.memoryMB { facts.append("memory \(JSONValue.format(memory)) MB") }
        if let used = span.maxMemoryMB { facts.append("used \(JSONValue.format(used)) MB") }
        var out = head + "\n"
        if !facts.isEmpty { out += "        " + facts.joined(separator: " · ") + "\n" }
        if let error = span.error { out += "        " + red("error: \(error.visibleControls)") + "\n" }
        return out
    }

    private func lifetime(_ life: Story.Lifetime) -> String {
        var out = "  Lifetime\n"
        func row(_ label: String, _ value: String) { out += "    " + label.padding(14) + value + "\n" }
        row("created", life.created.map { time($0) } ?? life.firstSeen.map { "\(time($0)) (first seen)" } ?? "-")
        row("Initializer", "\(ReportRenderer.plural(life.initializerAttempts, "attempt")), \(life.initializerFailures) failed")
        row("invocations", "\(life.invocations), first \(time(life.firstInvocation)), last \(time(life.lastInvocation))"
            + (life.peakConcurrency.map { ", peak concurrency \($0)" } ?? ""))
        row("PreStop", "\(ReportRenderer.plural(life.prestops, "run")), \(life.prestopFailures) failed")
        row("destroyed", life.destroyed.map { time($0) } ?? life.lastSeen.map { "not seen; last seen \(time($0))" } ?? "-")
        return out
    }

    // MARK: - JSON

    public func json(_ story: Story) -> String {
        func time(_ micros: Int64?) -> JSONValue { micros.map { .string(TimestampParser.iso8601(micros: $0)) } ?? .null }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        let subject: [(String, JSONValue)] = switch story.subject {
        case let .request(id): [("kind", .string("request")), ("id", .string(id))]
        case let .instance(function, id): [("kind", .string("instance")), ("id", .string(id)), ("function", .string(function))]
        case let .span(id): [("kind", .string("span")), ("id", .integer(id))]
        }
        let spans = story.spans.map { s -> JSONValue in
            .object([
                ("id", .integer(s.id)), ("function", .string(s.function)), ("service", text(s.service)), ("instance_id", text(s.instanceID)),
                ("request_id", .string(s.requestID)), ("kind", .string(s.phase)), ("status", .string(s.status)), ("error", text(s.error)),
                ("start_time", time(s.start)), ("end_time", time(s.end)),
                ("duration_ms", s.durationMicros.map { .number(Double($0) / 1000) } ?? .null), ("duration_source", text(s.durationSource)),
                ("billed_ms", s.billedMillis.map(JSONValue.integer) ?? .null), ("attempt", .integer(s.attempt)),
                ("cold_start", s.coldStart.map(JSONValue.bool) ?? .null), ("memory_mb", number(s.memoryMB)), ("max_memory_mb", number(s.maxMemoryMB)),
                ("qualifier", text(s.qualifier)), ("version_id", text(s.versionID)),
            ])
        }
        let lines = story.lines.map { l -> JSONValue in
            .object([("id", .integer(l.id)), ("span_id", l.spanID.map(JSONValue.integer) ?? .null), ("time", text(l.time)),
                     ("level", text(l.level)), ("kind", .string(l.kind)), ("message", .string(l.message))])
        }
        let metrics = story.metrics.map { m -> JSONValue in
            .object([("request_id", .string(m.requestID)), ("instance_id", text(m.instanceID)), ("span_id", m.spanID.map(JSONValue.integer) ?? .null),
                     ("start_time", time(m.start))] + m.fields.map { ($0.0, .string($0.1)) })
        }
        let events = story.events.map { e -> JSONValue in
            .object([("instance_id", .string(e.instanceID)), ("time", time(e.time)), ("event", .string(e.event))])
        }
        var fields: [(String, JSONValue)] = subject
        fields.append(("spans", .array(spans)))
        fields.append(("spans_omitted", .integer(Int64(story.spansOmitted))))
        fields.append(("request_metrics", .array(metrics)))
        fields.append(("instance_events", .array(events)))
        fields.append(("lines", .array(lines)))
        fields.append(("lines_omitted", .integer(Int64(story.linesOmitted))))
        if let life = story.lifetime {
            fields.append(("lifetime", .object([
                ("created", text(life.created)), ("destroyed", text(life.destroyed)), ("first_seen", text(life.firstSeen)),
                ("last_seen", text(life.lastSeen)), ("initializer_attempts", .integer(Int64(life.initializerAttempts))),
                ("initializer_failures", .integer(Int64(life.initializerFailures))), ("invocations", .integer(Int64(life.invocations))),
                ("first_invocation", time(life.firstInvocation)), ("last_invocation", time(life.lastInvocation)),
                ("peak_concurrency", life.peakConcurrency.map { .integer(Int64($0)) } ?? .null),
                ("prestops", .integer(Int64(life.prestops))), ("prestop_failures", .integer(Int64(life.prestopFailures))),
            ])))
        }
        return JSONValue.object(fields).rendered() + "\n"
    }
}
