#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads inputs of any envelope into the store: lines, spans, request
/// metrics, instance events. One transaction per batch of lines, so an
/// interrupted ingest loses at most its last batch, which the next ingest of
/// the same input redoes (records already stored are recognised and skipped).
public final class Ingester {
    private let writer: StoreWriter
    private let assembler: SpanAssembler
    private let options: IngestOptions
    private var localTime: LocalTimeCache
    private var summary = IngestSummary()
    private var linesInBatch = 0
    private var lastCommit = Clock.now()
    private let started = Clock.now()

    /// Called for each line; return true to stop after the current batch.
    public var shouldStop: () -> Bool = { false }
    /// Called now and then with the bytes read of the current input.
    public var progress: ((_ input: String, _ bytes: Int) -> Void)?

    public init(database: SQLiteDatabase, options: IngestOptions) throws {
        writer = try StoreWriter(database: database)
        self.options = options
        localTime = LocalTimeCache(zone: options.timeZone)
        try writer.begin()
        assembler = try SpanAssembler(writer: writer, stepMillis: options.billingStepMillis)
        firstSpanID = try writer.nextSpanID()
    }

    /// The first span id this ingest gives.
    private let firstSpanID: Int64

    /// Per-input state.
    private struct InputContext {
        let id: Int64
        let name: String
        var lineNumber = 0
        /// Occurrences of each record content in this input: the n-th copy of a
        /// record is the n-th copy elsewhere too. Identical records share their
        /// second, so two generations of recent records are enough and keep memory flat.
        var occurrences: [UInt64: UInt32] = [:]
        var olderOccurrences: [UInt64: UInt32] = [:]
        /// The last instance id read, reused while lines repeat it.
        var lastInstanceBytes: [UInt8] = []
        /// The key bucket of untimed lines: their function and last marker's RequestId.
        var untimedBucket: UInt64 = 0
        var lastInstance: String?
        /// The RequestId of the last marker, which tells apart identical untimed lines of different requests.
        var lastMarkerRequestID: [UInt8] = []
        var previousSpan: SpanState?
        var previousTime: Int64?
        var previousTimeIsSubsecond = false
        var previousInstance: String?
        var lastEndedInvoke: SpanState?
        /// The RequestId of an invocation whose End was already stored (a repeated
        /// or resumed input), for a summary line that follows it.
        var lastEndedStoredInvoke: [UInt8]?
        var splitter = JSONRecordSplitter()
    }

    /// Where a line came from, beyond its own bytes.
    private struct Origin {
        var function: String
        var service: String?
        var instance: String?
        var timeMicros: Int64?
        var timeIsSubsecond = false
    }

    // MARK: - Inputs

    /// Reads one input (`-` for standard input); gzip is detected by content.
    /// Reading and recognising run on another thread, a few batches ahead.
    public func ingest(path: String) throws {
        let source = try InputOpener.open(path)
        let inputID = try registerInput(name: path)
        let before = summary
        assembler.inputID = inputID
        var context = InputContext(id: inputID, name: path)
        let pipeline = LinePipeline(source: source)
        pipeline.start()
        var bytesRead = 0
        var lastProgress = 0
        do {
            while let batch = pipeline.next() {
                try batch.bytes.withUnsafeBufferPointer { all in
                    for line in batch.lines {
                        context.lineNumber = line.number
                        summary.linesRead += 1
                        if line.truncated { summary.skip(.longLine) }
                        try processPrepared(line, UnsafeBufferPointer(rebasing: all[line.start..<(line.start + line.count)]), &context)
                        linesInBatch += 1
                        // A batch ends at its size, or after two seconds so that a live tail (`s logs --tail | fclog ingest -`) shows up.
                        if linesInBatch >= options.batchLines || (linesInBatch & 1023 == 0 && Clock.now() - lastCommit > 2) {
                            try commitBatch()
                            if shouldStop() { throw FCLogError.interrupted }
                        }
                    }
                }
                bytesRead = batch.bytesRead
                if let error = batch.error { throw error }
                pipeline.recycle(batch)
                if let progress, bytesRead - lastProgress >= 8 << 20 {
                    lastProgress = bytesRead
                    progress(path, bytesRead)
                }
            }
        } catch {
            pipeline.cancel()
            summary.bytesRead += bytesRead
            throw error
        }
        switch context.splitter.finish() {
        case let .notJSON(lines):
            if Array(lines.joined(separator: [0x0A])).withUnsafeBufferPointer(Self.looksLikeRecord) {
                summary.skip(.truncatedJSON)
            } else {
                try processAsText(lines, &context)
            }
        case .truncated:
            summary.skip(.truncatedJSON)
        case .consumed, .finished, .broken:
            break
        }
        summary.bytesRead += bytesRead
        summary.inputs += 1
        try finishInput(inputID, since: before)
    }

    /// Completes the ingest: reconciles request metrics with spans, rebuilds
    /// the instances table, commits. Returns what was done.
    public func finish() throws -> IngestSummary {
        try assembler.flush()
        try StoreMaintenance.countEarlierAttempts(writer.database, firstID: firstSpanID)
        try StoreMaintenance.reconcileRequestMetrics(writer.database, stepMillis: options.billingStepMillis)
        try rebuildTouchedInstances()
        try writer.commit()
        summary.spansOpened = assembler.spansOpened
        summary.spansClosed = assembler.spansClosed
        summary.spansStillOpen = try writer.database.scalarInt("SELECT count(*) FROM span_rows WHERE status = 'unfinished'").map(Int.init) ?? 0
        summary.elapsedSeconds = Clock.now() - started
        return summary
    }

    /// Drops the uncommitted batch after the store failed; committed batches stay.
    public func abandon() {
        writer.rollback()
    }

    /// Commits what was read so far; used when stopping early.
    public func commitPartial() throws -> IngestSummary {
        try commitBatch()
        summary.spansOpened = assembler.spansOpened
        summary.spansClosed = assembler.spansClosed
        summary.elapsedSeconds = Clock.now() - started
        return summary
    }

    private func commitBatch() throws {
        try assembler.flush()
        try rebuildTouchedInstances()
        try writer.commit()
        try writer.begin()
        try assembler.refreshIDs()
        linesInBatch = 0
        lastCommit = Clock.now()
    }

    /// Keeps `instances` in step with each committed batch, so that an
    /// interrupted ingest leaves it consistent.
    private func rebuildTouchedInstances() throws {
        try StoreMaintenance.rebuildInstances(writer.database, touched: writer.touchedInstances)
        writer.forgetTouchedInstances()
    }

    private func registerInput(name: String) throws -> Int64 {
        let s = try writer.database.prepare(
            "INSERT INTO inputs(name, ingested_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
        s.bind(1, name)
        try s.run()
        return writer.database.lastInsertRowID
    }

    /// Records the input's own counts: what the summary gained since `before`.
    private func finishInput(_ id: Int64, since before: IngestSummary) throws {
        let s = try writer.database.prepare("""
            UPDATE inputs SET lines_read = ?, records_new = ?, records_duplicate = ?, lines_skipped = ?, completed = 1
            WHERE id = ?
            """)
        s.bind(1, summary.linesRead - before.linesRead)
        s.bind(2, summary.recordsNew - before.recordsNew)
        s.bind(3, summary.recordsDuplicate - before.recordsDuplicate)
        s.bind(4, summary.skippedTotal - before.skippedTotal)
        s.bind(5, id)
        try s.run()
    }

    // MARK: - Physical lines

    /// A line the reading thread prepared: its recognition is used unless a
    /// JSON value spanning lines is open.
    private func processPrepared(_ line: PreparedBatch.Line, _ bytes: UnsafeBufferPointer<UInt8>, _ context: inout InputContext) throws {
        if context.splitter.isActive {
            try feedSplitter(bytes, &context)
        } else if let record = line.record {
            try processRecord(record, &context)
        } else if let recognised = line.recognised {
            try processTextLine(bytes, recognised, &context)
        } else if line.isJSONObject {
            // A JSON object that is no FC record: the function's own output.
            try processTextLine(bytes, LineRecogniser.recognise(bytes), &context)
        } else {
            try processCleanLine(bytes, &context)
        }
    }

    private func processCleanLine(_ bytes: UnsafeBufferPointer<UInt8>, _ context: inout InputContext) throws {
        if context.splitter.isActive {
            try feedSplitter(bytes, &context)
            return
        }
        let first = bytes.skipBlanks(0)
        if bytes.byte(first) == UInt8(ascii: "{"), let fields = JSONRecordParser.parse(UnsafeBufferPointer(rebasing: bytes[first...])) {
            // The common case: a JSON-lines record, parsed in place.
            if let record = SLSRecord(fields) {
                try processRecord(record, &context)
                return
            }
        } else if bytes.byte(first) == UInt8(ascii: "{"), let end = JSONRecordParser.skipNested(bytes, first) {
            if Self.looksLikeRecord(UnsafeBufferPointer(rebasing: bytes[first..<end])) {
                summary.skip(.malformedJSON)
                return
            }
        } else if JSONRecordSplitter.opens(bytes) {
            try feedSplitter(bytes, &context)
            return
        }
        try processTextLine(bytes, LineRecogniser.recognise(bytes), &context)
    }

    /// A JSON-looking line that names SLS fields: malformed rather than user text.
    private static func looksLikeRecord(_ object: UnsafeBufferPointer<UInt8>) -> Bool {
        object.containsLowercased("\"__time__\"", in: 0..<object.count) || object.containsLowercased("\"__topic__\"", in: 0..<object.count)
    }

    private func feedSplitter(_ bytes: UnsafeBufferPointer<UInt8>, _ context: inout InputContext) throws {
        var splitter = context.splitter
        var malformed = 0
        var records: [JSONRecord] = []
        let outcome = splitter.feed(bytes, onRecord: { object in
            if let fields = JSONRecordParser.parse(object) {
                records.append(fields)
            } else {
                malformed += 1
            }
        }, onBroken: { malformed += 1 })
        context.splitter = splitter
        if malformed > 0 { summary.skip(.malformedJSON, count: malformed) }
        for fields in records {
            if let record = SLSRecord(fields) {
                try processRecord(record, &context)
            } else {
                summary.skip(.unknownRecord)
            }
        }
        switch outcome {
        case let .notJSON(lines):
            try processAsText(lines, &context)
        case let .truncated(lines):
            summary.skip(.truncatedJSON)
            try processAsText(lines, &context)
        case let .broken(held, restart):
            let joined = Array(held.joined(separator: [0x0A]))
            if joined.withUnsafeBufferPointer(Self.looksLikeRecord) {
                summary.skip(.malformedJSON)
            } else {
                try processAsText(held, &context)
            }
            try restart.withUnsafeBufferPointer { try processCleanLine($0, &context) }
        case .consumed, .finished:
            break
        }
    }

    /// Lines held as possible JSON that turned out to be text: the first is
    /// text for sure; the rest go through the usual detection again.
    private func processAsText(_ lines: [[UInt8]], _ context: inout InputContext) throws {
        for (index, line) in lines.enumerated() {
            try line.withUnsafeBufferPointer { bytes in
                if index == 0 {
                    try processTextLine(bytes, LineRecogniser.recognise(bytes), &context)
                } else {
                    try processCleanLine(bytes, &context)
                }
            }
        }
    }

    // MARK: - Text lines

    private func processTextLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: RecognisedLine, _ context: inout InputContext) throws {
        switch line.kind {
        case .blank:
            summary.skip(.blank)
            return
        case .banner:
            summary.skip(.banner)
            return
        default:
            break
        }
        let function = function(nil)
        let (time, subsecond) = resolveTime(line, recordTime: nil, recordSubsecond: false)
        var hasher = RecordHasher()
        hasher.add(UnsafeBufferPointer(rebasing: bytes[bytes.trimmed(0..<bytes.count)]))
        hasher.add(separator: 0x1E)
        hasher.add(function)
        if time == nil {
            context.lastMarkerRequestID.withUnsafeBufferPointer { hasher.add($0) }
            var context32 = RecordHasher()
            context32.add(function)
            context.lastMarkerRequestID.withUnsafeBufferPointer { context32.add($0) }
            context.untimedBucket = context32.value >> 1
        }
        let isNew = try claim(hasher, time: time, &context)
        if let marker = line.marker {
            context.lastMarkerRequestID.removeAll(keepingCapacity: true)
            context.lastMarkerRequestID.append(contentsOf: bytes[marker.requestID])
        }
        var origin = Origin(function: function)
        if let range = line.instanceID {
            origin.instance = instanceString(bytes, range, &context)
        }
        if isNew {
            try handle(line, bytes, origin: origin, time: time, subsecond: subsecond, &context)
        } else {
            replay(line, bytes, origin: origin, time: time, subsecond: subsecond, &context)
        }
    }

    /// The instance id as a string, reusing the last one while lines repeat it.
    private func instanceString(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ context: inout InputContext) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if let last = context.lastInstance, context.lastInstanceBytes.elementsEqual(slice) {
            return last
        }
        let text = String(decoding: slice, as: UTF8.self)
        context.lastInstanceBytes = Array(slice)
        context.lastInstance = text
        return text
    }

    private func function(_ recordFunction: String?) -> String {
        recordFunction ?? options.defaultFunction ?? IngestOptions.unknownFunction
    }

    /// Counts the record's occurrence in this input and claims its key; false when already stored.
    private func claim(_ hasher: RecordHasher, time: Int64?, _ context: inout InputContext) throws -> Bool {
        let seen = context.occurrences[hasher.value] ?? context.olderOccurrences[hasher.value] ?? 0
        if context.occurrences.count >= 100_000 {
            context.olderOccurrences = context.occurrences
            context.occurrences.removeAll(keepingCapacity: true)
        }
        context.occurrences[hasher.value] = seen + 1
        // Timed records bucket by second; untimed lines by their context (negative, apart from times).
        let bucket = time.map { $0 >= 0 ? $0 / 1_000_000 : ($0 - 999_999) / 1_000_000 }
            ?? Int64(bitPattern: context.untimedBucket | (1 << 63))
        if try writer.claim(bucket: bucket, key: hasher.key(occurrence: seen + 1)) {
            summary.recordsNew += 1
            return true
        }
        summary.recordsDuplicate += 1
        return false
    }

    // MARK: - SLS records

    private func processRecord(_ record: SLSRecord, _ context: inout InputContext) throws {
        var hasher = RecordHasher()
        for field in record.fields.fields {
            hasher.add(field.key)
            hasher.add(field.value.text ?? "\u{0}null")
        }
        let isNew = try claim(hasher, time: record.timeMicros, &context)
        let function = function(record.function)
        switch record.stream {
        case _ where !isNew && record.stream != .functionLog:
            return
        case .requestMetrics:
            try writer.insertRequestMetrics(record, function: function)
            summary.requestMetrics += 1
        case .instanceEvents:
            try writer.insertInstanceEvent(record, function: function, event: record.instanceEvent ?? "unknown")
            summary.instanceEvents += 1
        case .instanceMetrics:
            try writer.insertInstanceMetrics(record, function: function)
        case .functionLog:
            let origin = Origin(function: function, service: record.service, instance: record.instanceID,
                                timeMicros: record.timeMicros, timeIsSubsecond: record.timeIsSubsecond)
            var message = record.fields["message"] ?? ""
            try message.withUTF8 { all in
                var start = 0
                while start <= all.count {
                    var end = start
                    while end < all.count, all[end] != 0x0A { end += 1 }
                    var lineEnd = end
                    if lineEnd > start, all[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                    let bytes = UnsafeBufferPointer(rebasing: all[start..<lineEnd])
                    var line = RecognisedLine()
                    LineRecogniser.recogniseMessage(bytes, from: 0, into: &line)
                    if line.kind != .blank || all.count == 0 {
                        let (time, subsecond) = resolveTime(line, recordTime: origin.timeMicros, recordSubsecond: origin.timeIsSubsecond)
                        if isNew {
                            try handle(line, bytes, origin: origin, time: time, subsecond: subsecond, &context)
                        } else {
                            replay(line, bytes, origin: origin, time: time, subsecond: subsecond, &context)
                        }
                    }
                    start = end + 1
                }
            }
        }
    }

    // MARK: - Recognised lines

    private func handle(_ line: RecognisedLine, _ bytes: UnsafeBufferPointer<UInt8>, origin: Origin,
                        time lineTime: Int64?, subsecond lineSubsecond: Bool, _ context: inout InputContext) throws {
        var instance = origin.instance
        var time = lineTime
        var subsecond = lineSubsecond
        let requestID = line.requestID.map { UnsafeBufferPointer(rebasing: bytes[$0]) }
        var span: SpanState?
        var kind = StoreWriter.LineKind.user

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
            } else {
                kind = .runtime
            }
        case .summary:
            kind = .summary
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
            span = assembler.span(function: origin.function, instance: instance, requestID: requestID, previous: context.previousSpan)
            if let span {
                assembler.attach(line: instance, time: line.prefixTime != nil ? time : nil, subsecond: subsecond, to: span)
            }
        case .blank, .banner:
            return
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
        row.kind = kind
        try writer.insertLine(row, message: message)
    }

    /// A line the store already holds: nothing is written, but the context that
    /// later lines rely on (their span, time, instance, the invocation a summary
    /// follows) moves on as if it had been read, so a repeated or resumed input
    /// continues exactly where the stored one left off.
    private func replay(_ line: RecognisedLine, _ bytes: UnsafeBufferPointer<UInt8>, origin: Origin,
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
        case .blank, .banner:
            return
        }
        Self.advance(&context, span: span, time: time, subsecond: subsecond, instance: instance)
    }

    /// A line with neither time nor instance continues a multi-line message: it shares its first line's context.
    private static func continueMessage(time: inout Int64?, subsecond: inout Bool, instance: inout String?, _ context: InputContext) {
        guard time == nil, instance == nil else { return }
        time = context.previousTime
        subsecond = context.previousTimeIsSubsecond
        instance = context.previousInstance
    }

    /// What the next line of the input may continue.
    private static func advance(_ context: inout InputContext, span: SpanState?, time: Int64?, subsecond: Bool, instance: String?) {
        context.previousSpan = span
        context.previousTime = time
        context.previousTimeIsSubsecond = subsecond
        context.previousInstance = instance
    }

    /// Whether a marker reads exactly `FC <Phase> Start|End RequestId: <id>` with
    /// the span's id and no error, so that its text need not be stored.
    private static func isCanonical(_ marker: Marker, _ message: UnsafeBufferPointer<UInt8>, _ line: UnsafeBufferPointer<UInt8>,
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
    private func resolveTime(_ line: RecognisedLine, recordTime: Int64?, recordSubsecond: Bool) -> (Int64?, Bool) {
        if let prefix = line.prefixTime, prefix.isSubsecond || prefix.zoneOffsetSeconds != nil {
            let seconds = prefix.civilSeconds - Int64(prefix.zoneOffsetSeconds ?? 0)
            return (seconds * 1_000_000 + prefix.micros, prefix.isSubsecond)
        }
        if let envelope = line.envelopeTime {
            return (localTime.utcSeconds(fromLocal: envelope.civilSeconds) * 1_000_000, false)
        }
        if let prefix = line.prefixTime {
            return (prefix.civilSeconds * 1_000_000, false)
        }
        return (recordTime, recordSubsecond)
    }

    private func keepsLine(_ line: RecognisedLine, kind: StoreWriter.LineKind, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
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
    private static func levelName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
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

/// Wall-clock seconds for elapsed times.
enum Clock {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
