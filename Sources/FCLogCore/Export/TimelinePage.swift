/// `fclog timeline`: one self-contained HTML page (inline style, script and data; nothing fetched) with the
/// report's headline figures, duration histograms, and a row per instance with its spans as bars in
/// concurrency lanes, its busy periods and its lifecycle events.
public enum TimelinePage {
    public struct Summary: Sendable, Equatable {
        public var spans = 0
        public var untimedSpans = 0
        public var rows = 0
    }

    /// Writes the page. `report` is the report's JSON for the same window (`{"functions": […], "total": [{…}]}`), shown above the timeline.
    public static func write(_ db: SQLiteDatabase, options: ReportOptions, report: String, zone: LocalTimeZone,
                             title: String, to out: inout TextOutput) throws -> Summary {
        try db.execute("BEGIN")
        defer { try? db.execute("COMMIT") }
        var summary = Summary()
        var data = DataWriter()
        try out.write(head(title: title))
        try out.write("<script type=\"application/json\" id=\"fclog-data\">{\"spans\":[")
        try TraceReader.spans(db, selection: options.selection) { span in
            guard let extent = span.extent else {
                summary.untimedSpans += 1
                return
            }
            try out.write(data.span(span, extent: extent))
            summary.spans += 1
        }
        var eventsByRow: [Int: [String]] = [:]
        try TraceReader.instanceEvents(db, selection: options.selection) { mark in
            let row = data.row(function: mark.function, instance: mark.instanceID)
            eventsByRow[row, default: []].append("[\(data.relative(mark.time)),\(safe(JSONText.string(mark.event)))]")
        }
        try out.write("],\"rows\":[")
        for (index, row) in data.rows.enumerated() {
            let events = eventsByRow[index, default: []].joined(separator: ",")
            try out.write((index == 0 ? "" : ",") + "{\"f\":\(row.function),\"id\":\(row.instance.map { safe(JSONText.string($0)) } ?? "null"),"
                          + "\"lanes\":\(max(1, row.lanes.ends.count)),\"events\":[\(events)]}")
        }
        summary.rows = data.rows.count
        let functions = data.functions.map { safe(JSONText.string($0)) }.joined(separator: ",")
        let errors = data.errors.names.map { safe(JSONText.string($0)) }.joined(separator: ",")
        let sources = data.sources.names.map { safe(JSONText.string($0)) }.joined(separator: ",")
        try out.write("],\"functions\":[\(functions)],\"errors\":[\(errors)],\"sources\":[\(sources)],\"t0\":\(data.origin ?? 0),")
        try out.write("\"zone\":{\"name\":\(safe(JSONText.string(zone.name))),\"offsets\":\(offsets(zone, from: data.origin ?? 0, to: data.latest))},")
        try out.write("\"untimed\":\(summary.untimedSpans),\"report\":\(safe(report))}</script>\n")
        try out.write(script)
        try out.write("</body>\n</html>\n")
        try out.flush()
        return summary
    }

    /// JSON that is safe inside a script element: no `<` can close it.
    static func safe(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// The zone's offsets over the page's time range, as [start ms (relative), offset s] pairs, so the page
    /// shows local times across DST changes without knowing the zone's rules.
    static func offsets(_ zone: LocalTimeZone, from origin: Int64, to latest: Int64) -> String {
        var pairs: [String] = []
        var last: Int?
        var second = origin / 1_000_000 - 3600
        let end = max(latest, origin) / 1_000_000 + 3600
        // Zones change offset on the quarter hour at the finest; ranges of years are sampled daily.
        let step: Int64 = end - second > 400 * 86_400 ? 86_400 : 900
        while second <= end {
            let offset = zone.offsetSeconds(atUTC: second)
            if offset != last {
                pairs.append("[\(last == nil ? "-1e15" : String((second * 1_000_000 - origin) / 1000)),\(offset)]")
                last = offset
            }
            second += step
        }
        return "[" + pairs.joined(separator: ",") + "]"
    }

    /// Numbers the rows, lanes and strings of the spans as they stream past.
    struct DataWriter {
        struct Row {
            var function: Int
            var instance: String?
            var lanes = ConcurrencyLanes()
        }

        struct Names {
            private(set) var names: [String] = []
            private var indexes: [String: Int] = [:]

            mutating func index(_ name: String) -> Int {
                if let index = indexes[name] { return index }
                names.append(name)
                indexes[name] = names.count - 1
                return names.count - 1
            }
        }

        private(set) var rows: [Row] = []
        private var rowIndexes: [PerfettoExport.State.InstanceKey: Int] = [:]
        private(set) var functions: [String] = []
        private var functionIndexes: [String: Int] = [:]
        var errors = Names()
        var sources = Names()
        private(set) var origin: Int64?
        private(set) var latest: Int64 = 0
        private var coldStarts = ColdStartTracker<Void>()
        private var first = true

        mutating func row(function: String, instance: String?) -> Int {
            let key = PerfettoExport.State.InstanceKey(function: function, instance: instance)
            if let index = rowIndexes[key] { return index }
            let functionIndex = functionIndexes[function] ?? {
                functions.append(function)
                functionIndexes[function] = functions.count - 1
                return functions.count - 1
            }()
            rows.append(Row(function: functionIndex, instance: instance))
            rowIndexes[key] = rows.count - 1
            return rows.count - 1
        }

        /// Milliseconds after the page's first span, to three decimals.
        func relative(_ micros: Int64) -> String {
            let delta = micros - (origin ?? micros)
            let whole = delta / 1000
            let fraction = abs(delta % 1000)
            if fraction == 0 { return String(whole) }
            var digits = String(fraction)
            digits = String(repeating: "0", count: 3 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            return (delta < 0 && whole == 0 ? "-" : "") + "\(whole).\(digits)"
        }

        /// `[row, lane, phase, status, start, duration, billed, source, error, cold, span id, attempt, RequestId, partial]`.
        mutating func span(_ span: TraceSpan, extent: (start: Int64, end: Int64)) -> String {
            if origin == nil { origin = extent.start }
            // Spans come by function and instance, each instance's by start: the page starts at the earliest.
            origin = min(origin!, extent.start)
            latest = max(latest, extent.end)
            let row = row(function: span.function, instance: span.instanceID)
            _ = coldStarts.enter(span)
            let lane = rows[row].lanes.place(start: extent.start, end: extent.end).lane
            var cold = false
            switch span.phase {
            case .invoke: cold = coldStarts.invocation(span).cold
            case .initialize: coldStarts.initializer(span, ())
            default: break
            }
            let phase = switch span.phase {
            case .initialize: 0
            case .invoke: 1
            case .prestop: 2
            case .prefreeze, .prepareCode: 3
            }
            let status = switch span.status {
            case .ok: 0
            case .error: 1
            case .timeout: 2
            case .unfinished: 3
            }
            let error = span.error.map { errors.index(String($0.prefix(300))) } ?? -1
            let source = span.durationSource.map { sources.index($0) } ?? -1
            let partial = span.start == nil || (span.end == nil && span.durationMicros == nil)
            let text = "[\(row),\(lane),\(phase),\(status),\(extent.start),\(relativeDuration(extent)),\(span.billedMillis.map(String.init) ?? "null"),"
                + "\(source),\(error),\(cold ? 1 : 0),\(span.id),\(span.attempt),\(TimelinePage.safe(JSONText.string(span.requestID))),\(partial ? 1 : 0)]"
            defer { first = false }
            return (first ? "" : ",") + text
        }

        private func relativeDuration(_ extent: (start: Int64, end: Int64)) -> String {
            let micros = extent.end - extent.start
            return micros % 1000 == 0 ? String(micros / 1000) : String(Double(micros) / 1000)
        }
    }
}
