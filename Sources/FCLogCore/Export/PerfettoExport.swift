/// Chrome Trace Event JSON, which ui.perfetto.dev and chrome://tracing open: a process per function, a
/// thread per instance and concurrency lane (requests that overlap on one instance take lanes of their own),
/// instance events as instants on the instance's first lane, span details in `args`.
public enum PerfettoExport {
    public static func write(_ db: SQLiteDatabase, options: ReportOptions, to out: inout TextOutput) throws -> ExportSummary {
        var summary = ExportSummary()
        var state = State()
        try db.execute("BEGIN")
        defer { try? db.execute("COMMIT") }
        try out.write("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n")
        try TraceReader.spans(db, selection: options.selection) { span in
            guard let extent = span.extent else {
                summary.untimedSpans += 1
                return
            }
            let (pid, tid) = try state.track(for: span.function, instance: span.instanceID, start: extent.start, end: extent.end,
                                             summary: &summary, out: &out)
            try state.event(.object(event(span, extent: extent, pid: pid, tid: tid)), out: &out)
            summary.spans += 1
        }
        try TraceReader.instanceEvents(db, selection: options.selection) { mark in
            let (pid, tid) = try state.firstLane(function: mark.function, instance: mark.instanceID, summary: &summary, out: &out)
            try state.event(.object([
                ("ph", .string("i")), ("s", .string("t")), ("pid", .integer(pid)), ("tid", .integer(tid)),
                ("ts", .integer(mark.time)), ("name", .string("instance \(mark.event)")), ("cat", .string("instance_event")),
                ("args", .object([("instance_id", .string(mark.instanceID)), ("event", .string(mark.event))])),
            ]), out: &out)
            summary.instanceEvents += 1
        }
        try out.write("\n]}\n")
        try out.flush()
        return summary
    }

    /// The slice of a span: complete (`X`) where it has a length, an instant where it has one time only.
    static func event(_ span: TraceSpan, extent: (start: Int64, end: Int64), pid: Int64, tid: Int64) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [("name", .string(name(span)))]
        fields.append(("cat", .string("\(span.phase.rawValue),\(span.status.rawValue)")))
        fields.append(("pid", .integer(pid)))
        fields.append(("tid", .integer(tid)))
        fields.append(("ts", .integer(extent.start)))
        if span.start != nil, span.end != nil || span.durationMicros != nil {
            fields.insert(("ph", .string("X")), at: 0)
            fields.append(("dur", .integer(extent.end - extent.start)))
        } else {
            fields.insert(("ph", .string("i")), at: 0)
            fields.append(("s", .string("t")))
        }
        fields.append(("args", .object(arguments(span))))
        return fields
    }

    static func name(_ span: TraceSpan) -> String {
        let phase = switch span.phase {
        case .initialize: "Initializer"
        case .invoke: "Invoke"
        case .prestop: "PreStop"
        case .prefreeze: "PreFreeze"
        case .prepareCode: "Prepare code"
        }
        switch span.status {
        case .ok: return phase
        case .unfinished: return phase + " (never ended)"
        case .error, .timeout: return phase + " (\(span.status.rawValue))"
        }
    }

    static func arguments(_ span: TraceSpan) -> [(String, JSONValue)] {
        var args: [(String, JSONValue)] = [
            ("span_id", .integer(span.id)), ("request_id", .string(span.requestID)), ("status", .string(span.status.rawValue)),
        ]
        func add(_ key: String, _ value: JSONValue?) { if let value { args.append((key, value)) } }
        add("instance_id", span.instanceID.map(JSONValue.string))
        add("error", span.error.map(JSONValue.string))
        add("duration_ms", span.durationMicros.map { .number(Double($0) / 1000) })
        add("duration_source", span.durationSource.map(JSONValue.string))
        add("billed_ms", span.billedMillis.map(JSONValue.integer))
        if span.phase != .invoke { args.append(("attempt", .integer(Int64(span.attempt)))) }
        add("cold_start", span.coldStartFlag.map(JSONValue.bool))
        add("memory_mb", span.memoryMB.map(JSONValue.integer))
        add("max_memory_mb", span.maxMemoryMB.map(JSONValue.number))
        add("qualifier", span.qualifier.map(JSONValue.string))
        add("version_id", span.versionID.map(JSONValue.string))
        add("show", .string("fclog show \(span.id)"))
        return args
    }

    /// Processes and threads handed out so far, named as they first appear.
    struct State {
        struct InstanceKey: Hashable {
            var function: String
            var instance: String?
        }

        private var processes: [String: Int64] = [:]
        private var lanes: [InstanceKey: (lanes: ConcurrencyLanes, tids: [Int64])] = [:]
        private var nextTID: Int64 = 1
        private var first = true

        mutating func event(_ value: JSONValue, out: inout TextOutput) throws {
            try out.write((first ? "" : ",\n") + value.rendered(indent: nil))
            first = false
        }

        mutating func process(_ function: String, out: inout TextOutput) throws -> Int64 {
            if let pid = processes[function] { return pid }
            let pid = Int64(processes.count + 1)
            processes[function] = pid
            try event(.object([("ph", .string("M")), ("pid", .integer(pid)), ("name", .string("process_name")),
                               ("args", .object([("name", .string(function))]))]), out: &out)
            try event(.object([("ph", .string("M")), ("pid", .integer(pid)), ("name", .string("process_sort_index")),
                               ("args", .object([("sort_index", .integer(pid))]))]), out: &out)
            return pid
        }

        mutating func track(for function: String, instance: String?, start: Int64, end: Int64,
                            summary: inout ExportSummary, out: inout TextOutput) throws -> (Int64, Int64) {
            let pid = try process(function, out: &out)
            let key = InstanceKey(function: function, instance: instance)
            var entry = lanes[key] ?? (ConcurrencyLanes(), [])
            if entry.tids.isEmpty, instance != nil { summary.instances += 1 }
            let (lane, isNew) = entry.lanes.place(start: start, end: end)
            if isNew {
                entry.tids.append(try newThread(pid: pid, name: threadName(instance, lane: lane), out: &out))
                summary.tracks += 1
            }
            lanes[key] = entry
            return (pid, entry.tids[lane])
        }

        /// The instance's first lane, made when the instance ran no span in the export.
        mutating func firstLane(function: String, instance: String, summary: inout ExportSummary,
                                out: inout TextOutput) throws -> (Int64, Int64) {
            let pid = try process(function, out: &out)
            let key = InstanceKey(function: function, instance: instance)
            if let tid = lanes[key]?.tids.first { return (pid, tid) }
            summary.instances += 1
            summary.tracks += 1
            let tid = try newThread(pid: pid, name: threadName(instance, lane: 0), out: &out)
            lanes[key] = (ConcurrencyLanes(), [tid])
            return (pid, tid)
        }

        private mutating func newThread(pid: Int64, name: String, out: inout TextOutput) throws -> Int64 {
            let tid = nextTID
            nextTID += 1
            try event(.object([("ph", .string("M")), ("pid", .integer(pid)), ("tid", .integer(tid)), ("name", .string("thread_name")),
                               ("args", .object([("name", .string(name))]))]), out: &out)
            try event(.object([("ph", .string("M")), ("pid", .integer(pid)), ("tid", .integer(tid)), ("name", .string("thread_sort_index")),
                               ("args", .object([("sort_index", .integer(tid))]))]), out: &out)
            return tid
        }

        private func threadName(_ instance: String?, lane: Int) -> String {
            let base = instance ?? "no instance"
            return lane == 0 ? base : "\(base) · lane \(lane + 1)"
        }
    }
}
