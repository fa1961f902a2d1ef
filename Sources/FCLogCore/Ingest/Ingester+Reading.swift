/// From physical lines to records: JSON values spanning lines, text lines,
/// SLS records, and the identity that tells a new record from a stored one.
extension Ingester {
    // MARK: - Physical lines

    /// A line with its recognition (done on the reading thread, or here for
    /// lines read again as text); the recognition is set aside while a JSON
    /// value spanning lines is open.
    func processPrepared(_ recognition: PreparedBatch.Recognition, _ bytes: UnsafeBufferPointer<UInt8>,
                         _ context: inout InputContext) throws {
        try withUnsafePointer(to: recognition) { try processPrepared($0, bytes, &context) }
    }

    /// `processPrepared` of a recognition where it lies: its record or text line is lent to the step that
    /// reads it, not copied out (with a retain of each of its strings) and destroyed after.
    func processPrepared(_ recognition: UnsafePointer<PreparedBatch.Recognition>, _ bytes: UnsafeBufferPointer<UInt8>,
                         _ context: inout InputContext) throws {
        if context.splitter.isActive {
            try feedSplitter(bytes, &context)
        } else if recognition.pointee.record != nil {
            try processRecord(recognition.pointee.record!, &context)
        } else if recognition.pointee.recognised != nil {
            try processTextLine(bytes, recognition.pointee.recognised!, &context)
        } else if let text = recognition.pointee.wrappedText {
            try processWrapped(text, &context)
        } else if recognition.pointee.isJSONObject {
            // A JSON object that is no FC record: the function's own output.
            try processTextLine(bytes, LineRecogniser.recognise(bytes), &context)
        } else {
            try processUndecided(bytes, &context)
        }
    }

    /// A line that was neither text nor a whole JSON object: a damaged record,
    /// the opening of JSON spanning lines, or text after all.
    private func processUndecided(_ bytes: UnsafeBufferPointer<UInt8>, _ context: inout InputContext) throws {
        let first = bytes.skipBlanks(0)
        if bytes.byte(first) == UInt8(ascii: "{"), let end = JSONRecordParser.skipNested(bytes, first) {
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
    static func looksLikeRecord(_ object: UnsafeBufferPointer<UInt8>) -> Bool {
        object.containsLowercased("\"__time__\"", in: 0..<object.count) || object.containsLowercased("\"__topic__\"", in: 0..<object.count)
    }

    /// Whether held lines, taken together, name SLS fields.
    static func looksLikeRecord(lines: [[UInt8]]) -> Bool {
        Array(lines.joined(separator: [0x0A])).withUnsafeBufferPointer(looksLikeRecord)
    }

    func feedSplitter(_ bytes: UnsafeBufferPointer<UInt8>, _ context: inout InputContext) throws {
        var malformed = 0
        // A lone object's text is kept: one that is no record is a function's pretty-printed output.
        let lone = !context.splitter.continuesArray(bytes)
        var records: [(fields: JSONRecord, text: [UInt8]?)] = []
        // Fed in place: a copy would share the lines it holds, and every line fed would copy them all.
        let outcome = context.splitter.feed(bytes, onRecord: { object in
            if let fields = JSONRecordParser.parse(object) {
                records.append((fields, lone ? Array(object) : nil))
            } else {
                malformed += 1
            }
        }, onBroken: { malformed += 1 })
        if malformed > 0 { summary.skip(.malformedJSON, count: malformed) }
        for (fields, text) in records {
            if let record = SLSRecord(fields) {
                try processRecord(record, &context)
            } else if let wrapped = fields.wrappedLogText {
                try processWrapped(wrapped, &context)
            } else if let text, !text.withUnsafeBufferPointer(Self.looksLikeRecord) {
                // `JSON.stringify(x, null, 2)` in a function's output: its lines, as the function wrote them.
                try text.withUnsafeBufferPointer { try processPlainLines($0, &context) }
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
            if Self.looksLikeRecord(lines: held) {
                summary.skip(.malformedJSON)
            } else {
                try processAsText(held, &context)
            }
            try restart.withUnsafeBufferPointer { try processPrepared(.of($0), $0, &context) }
        case .consumed, .finished:
            break
        }
    }

    /// Lines held as possible JSON that turned out to be text: the first is
    /// text for sure; the rest go through the usual detection again.
    func processAsText(_ lines: [[UInt8]], _ context: inout InputContext) throws {
        for (index, line) in lines.enumerated() {
            try line.withUnsafeBufferPointer { bytes in
                if index == 0 {
                    try processTextLine(bytes, LineRecogniser.recognise(bytes), &context)
                } else {
                    try processPrepared(.of(bytes), bytes, &context)
                }
            }
        }
    }

    /// Log text wrapped in JSON: each of its lines (escaped newlines split them) read as a text line.
    func processWrapped(_ text: String, _ context: inout InputContext) throws {
        var copy = text
        try copy.withUTF8 { try processPlainLines($0, &context) }
    }

    /// Each line of `all` read as a text line, never as the start of JSON.
    func processPlainLines(_ all: UnsafeBufferPointer<UInt8>, _ context: inout InputContext) throws {
        var start = 0
        while start < all.count {
            var end = start
            while end < all.count, all[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > start, all[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let bytes = UnsafeBufferPointer(rebasing: all[start..<lineEnd])
            try processTextLine(bytes, LineRecogniser.recognise(bytes), &context)
            start = end + 1
        }
    }

    // MARK: - Text lines

    func processTextLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: RecognisedLine, _ context: inout InputContext,
                         fieldViewChecked: Bool = false) throws {
        if !fieldViewChecked, try holdFieldView(bytes, line, &context) { return }
        switch line.kind {
        case .blank:
            context.inToolResult = false
            summary.skip(.blank)
            return
        case .banner:
            context.inToolResult = false
            if bytes.containsLowercased("logs begin", in: line.message) { context.tailSpans.removeAll() }
            summary.skip(.banner)
            return
        case .tool:
            applyToolLine(line, bytes, &context)
            summary.skip(.toolOutput)
            return
        case .user where context.inToolResult, .runtime where context.inToolResult:
            summary.skip(.toolOutput)
            return
        case .marker:
            context.inToolResult = false
            if let rows = OneLineCopy.rows(bytes, line) {
                // A whole log on one line: each row is read as the line it was.
                for row in rows {
                    let part = UnsafeBufferPointer(rebasing: bytes[row])
                    try processTextLine(part, LineRecogniser.recognise(part), &context)
                }
                return
            }
        default:
            context.inToolResult = false
        }
        let function = function(nil)
        let (time, subsecond) = resolveTime(line, recordTime: nil, recordSubsecond: false)
        let trimmed = UnsafeBufferPointer(rebasing: bytes[bytes.trimmed(0..<bytes.count)])
        var hasher = RecordHasher()
        hasher.add(trimmed)
        hasher.add(separator: 0x1E)
        var unknownHasher = hasher
        hasher.add(function)
        unknownHasher.add(IngestOptions.unknownFunction)
        var unknownBucket: Int64?
        if time == nil {
            context.lastMarkerRequestID.withUnsafeBufferPointer { hasher.add($0); unknownHasher.add($0) }
            // 65,536 lines of a context to a bucket (the first as before): a bucket is held whole and
            // rewritten at each commit, so one long run of untimed lines must not make one bucket.
            func contextBucket(_ function: String) -> UInt64 {
                var context32 = RecordHasher()
                context32.add(function)
                context.lastMarkerRequestID.withUnsafeBufferPointer { context32.add($0) }
                let chunk = UInt64(context.untimedLines >> 16)
                if chunk > 0 {
                    withUnsafeBytes(of: chunk.littleEndian) { context32.add($0.bindMemory(to: UInt8.self)) }
                }
                return context32.value >> 1
            }
            context.untimedBucket = contextBucket(function)
            if checksUnknownFunction { unknownBucket = Int64(bitPattern: contextBucket(IngestOptions.unknownFunction) | (1 << 63)) }
            context.untimedLines += 1
        }
        // A time read in the --tz zone is bucketed as written, so that the same copy read in another zone is the same record.
        let prefixDecides = line.prefixTime.map { $0.isSubsecond || $0.zoneOffsetSeconds != nil } ?? false
        let written = prefixDecides ? nil : line.envelopeTime.map { $0.civilSeconds * 1_000_000 }
        let bucket = Self.bucket(written ?? time, context)
        // The older scheme bucketed by the time as read, in the zone of that ingest.
        let legacyBucket = legacyRecordKeys && written != nil ? Self.bucket(time, context) : nil
        // In UTC the two buckets are one, and the key just claimed is not evidence of an older record.
        let olderBucket = legacyBucket == bucket ? nil : legacyBucket
        let isRecordNew = try claim(hasher, bucket: bucket, &context) { occurrence in
            if let olderBucket, try self.writer.holds(bucket: olderBucket, key: hasher.key(occurrence: occurrence)) { return true }
            guard self.checksUnknownFunction else { return false }
            let key = unknownHasher.key(occurrence: occurrence)
            let found = try self.writer.holds(bucket: unknownBucket ?? bucket, key: key)
                || (try legacyBucket.map { try self.writer.holds(bucket: $0, key: key) } ?? false)
            if found { self.summary.recordsUnderUnknown += 1 }
            return found
        }
        // The second every route shows a line at: a console row's own, which its continuation lines share; in a
        // raw tail, a runtime line's own (UTC), as the export's record of it shows it, but never a marker's.
        let second: Int64?
        if let envelope = line.envelopeTime {
            second = localTime.utcSeconds(fromLocal: envelope.civilSeconds)
            context.sawEnvelope = true
            secondsShown = true
        } else if !context.sawEnvelope {
            second = Self.tailSecond(line, time: time, previous: context.envelopeSecond, context)
        } else {
            second = line.prefixTime == nil && line.instanceID == nil ? context.envelopeSecond : nil
        }
        context.envelopeSecond = second
        let ownInstance = line.instanceID.map { instanceString(bytes, $0, &context) }
        let stored = try isStoredByAnotherRoute(line, bytes, function: function,
                                                instance: ownInstance ?? (line.envelopeTime == nil ? context.previousInstance : nil),
                                                second: second, showsNoTime: !context.sawEnvelope && line.prefixTime == nil,
                                                recordIsNew: isRecordNew, &context)
        if isRecordNew, stored { summary.countStoredByAnotherRoute() }
        let isNew = isRecordNew && !stored
        if isNew, function == IngestOptions.unknownFunction { summary.recordsStoredAsUnknown += 1 }
        if let marker = line.marker {
            context.lastMarkerRequestID.removeAll(keepingCapacity: true)
            context.lastMarkerRequestID.append(contentsOf: bytes[marker.requestID])
            context.untimedLines = 0
        }
        let origin = Origin(function: function, instance: ownInstance)
        if isNew {
            try handle(line, bytes, origin: origin, time: time, subsecond: subsecond, &context)
        } else {
            if stored { try enrich(line, bytes, origin: origin, time: time, subsecond: subsecond) }
            replay(line, bytes, origin: origin, time: time, subsecond: subsecond, &context)
        }
    }

    /// A deploy tool's line names the instance (and alias) of every span of the tail above it.
    private func applyToolLine(_ line: RecognisedLine, _ bytes: UnsafeBufferPointer<UInt8>, _ context: inout InputContext) {
        context.toolBlockSeen = true
        if line.opensToolResult { context.inToolResult = true }
        if let range = line.instanceID {
            let instance = instanceString(bytes, range, &context)
            for span in context.tailSpans { assembler.place(span, instance: instance) }
        }
        if let range = line.toolQualifier {
            let qualifier = bytes.string(range)
            for span in context.tailSpans { assembler.label(span, qualifier: qualifier, versionID: nil) }
        }
    }

    /// The instance id as a string, reusing the last one while lines repeat it.
    func instanceString(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ context: inout InputContext) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if let last = context.lastInstance, context.lastInstanceBytes.hasSameBytes(as: slice) {
            return last
        }
        let text = String(decoding: slice, as: UTF8.self)
        context.lastInstanceBytes = Array(slice)
        context.lastInstance = text
        return text
    }

    func function(_ recordFunction: String?) -> String {
        recordFunction ?? options.defaultFunction ?? IngestOptions.unknownFunction
    }

    /// Counts the record's occurrence in this input and claims its key; false when already stored, under this
    /// key or another way `storedOtherwise` (given the occurrence) finds it.
    func claim(_ hasher: RecordHasher, bucket: Int64, _ context: inout InputContext,
               storedOtherwise: (UInt32) throws -> Bool = { _ in false }) throws -> Bool {
        let occurrence = Self.occurrence(of: hasher.value, &context)
        if try writer.claim(bucket: bucket, key: hasher.key(occurrence: occurrence)), !(try storedOtherwise(occurrence)) {
            summary.recordsNew += 1
            return true
        }
        summary.recordsDuplicate += 1
        return false
    }

    /// The second a line of a raw tail (or a record without `__time__`) shows: a runtime line's own (UTC), as the
    /// export's record of it shows it; a line after one (a stack trace) the `previous` line's; a marker none.
    static func tailSecond(_ line: RecognisedLine, time: Int64?, previous: Int64?, _ context: InputContext) -> Int64? {
        if line.prefixTime != nil { return time.map { bucket($0, context) } }
        return line.marker == nil && line.instanceID == nil ? previous : nil
    }

    /// Timed records bucket by second; untimed lines by their context (negative, apart from times).
    static func bucket(_ time: Int64?, _ context: InputContext) -> Int64 {
        time.map { $0 >= 0 ? $0 / 1_000_000 : ($0 - 999_999) / 1_000_000 } ?? Int64(bitPattern: context.untimedBucket | (1 << 63))
    }

    // MARK: - SLS records

    func processRecord(_ record: SLSRecord, _ context: inout InputContext) throws {
        // Keys in order and numbers as numbers: a tool that re-serialises an export makes the same records.
        var hasher = RecordHasher()
        for index in keyOrders.order(of: record.fields) {
            let field = record.fields.fields[index]
            hasher.add(field.key)
            hasher.add(field.value.canonicalText ?? "\u{0}null")
        }
        let bucket = Self.bucket(record.timeMicros, context)
        let isNew = try claim(hasher, bucket: bucket, &context) { occurrence in
            guard self.legacyRecordKeys else { return false }
            var legacy = RecordHasher()
            for field in record.fields.fields {
                legacy.add(field.key)
                legacy.add(field.value.text ?? "\u{0}null")
            }
            // A record written in key order with plain numbers has one identity either way, the one just claimed.
            guard legacy.value != hasher.value else { return false }
            return try self.writer.holds(bucket: bucket, key: legacy.key(occurrence: occurrence))
        }
        let function = function(record.function)
        switch record.stream {
        case _ where !isNew && record.stream != .functionLog:
            return
        case .requestMetrics:
            let metrics = RequestMetrics(record, function: function)
            if try isStoredByAnotherRoute(metrics, &context) {
                if let time = record.timeMicros { try writer.fillRequestMetricsTime(metrics, timeMicros: time) }
                summary.countStoredByAnotherRoute()
                return
            }
            let span = try assembler.link(metrics)
            try writer.insertRequestMetrics(record, metrics, span: span)
            summary.requestMetrics += 1
        case .instanceEvents:
            let event = record.instanceEvent ?? "unknown"
            if try isStoredByAnotherRoute(record, event: event, function: function, &context) {
                if let time = record.timeMicros, let instance = record.instanceID {
                    try writer.fillInstanceEventTime(function: function, instance: instance, event: event, timeMicros: time)
                }
                summary.countStoredByAnotherRoute()
                return
            }
            try writer.insertInstanceEvent(record, function: function, event: event)
            summary.instanceEvents += 1
        case .instanceMetrics:
            if try isStoredByAnotherRoute(record, event: nil, function: function, &context) {
                if let time = record.timeMicros, let instance = record.instanceID {
                    try writer.fillInstanceMetricsTime(record, function: function, instance: instance, timeMicros: time)
                }
                summary.countStoredByAnotherRoute()
                return
            }
            try writer.insertInstanceMetrics(record, function: function)
        case .functionLog:
            let origin = Origin(function: function, service: record.service, instance: record.instanceID,
                                timeMicros: record.timeMicros, timeIsSubsecond: record.timeIsSubsecond,
                                qualifier: record.fields["qualifier"], versionID: record.fields["versionId"])
            let recordSecond = record.timeMicros.map { Self.bucket($0, context) }
            if recordSecond != nil { secondsShown = true }
            // A record without `__time__` (the console's field view) places its lines as a raw tail does.
            var shownSecond: Int64?
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
                        if recordSecond == nil { shownSecond = Self.tailSecond(line, time: time, previous: shownSecond, context) }
                        let stored = try isStoredByAnotherRoute(line, bytes, function: function, instance: origin.instance,
                                                                second: recordSecond ?? shownSecond,
                                                                showsNoTime: recordSecond == nil && line.prefixTime == nil,
                                                                recordIsNew: isNew, &context)
                        if isNew && !stored {
                            try handle(line, bytes, origin: origin, time: time, subsecond: subsecond, &context)
                        } else {
                            if isNew { try enrich(line, bytes, origin: origin, time: time, subsecond: subsecond) }
                            replay(line, bytes, origin: origin, time: time, subsecond: subsecond, &context)
                        }
                    }
                    start = end + 1
                }
            }
        }
    }
}
