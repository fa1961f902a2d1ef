/// Recognises the envelope, runtime prefix and message kind of a text line.
/// It works on bytes and never allocates; the caller builds strings only for
/// what it stores.
public enum LineRecogniser {
    /// Recognises a whole text line: indentation, an optional instance id,
    /// an optional local-time envelope, then the message.
    public static func recognise(_ bytes: UnsafeBufferPointer<UInt8>) -> RecognisedLine {
        var line = RecognisedLine()
        recognise(bytes, into: &line)
        return line
    }

    /// `recognise` into a new `RecognisedLine()` where it lies, not copied out of a return.
    static func recognise(_ bytes: UnsafeBufferPointer<UInt8>, into line: inout RecognisedLine) {
        var i = bytes.skipBlanks(0)
        if i == bytes.count {
            line.kind = .blank
            return
        }
        if TimestampParser.parse(bytes, at: i) == nil, let (instance, next) = instancePrefix(bytes, at: i) {
            line.instanceID = instance
            i = next
        }
        if let (stamp, end) = TimestampParser.parse(bytes, at: i), isEnvelope(stamp, bytes, at: i, end: end, hasInstance: line.instanceID != nil) {
            line.envelopeTime = stamp
            i = end
        }
        recogniseMessage(bytes, from: bytes.skipBlanks(i), into: &line)
    }

    /// Recognises a message with no envelope (an SLS record's line, or the
    /// rest of a text line): marker, summary, banner, runtime prefix.
    public static func recogniseMessage(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into line: inout RecognisedLine) {
        let end = bytes.count
        line.message = bytes.trimmed(start..<end)
        line.body = line.message
        let m = line.message.lowerBound
        if line.message.isEmpty {
            line.kind = .blank
            return
        }
        // PHP writes a literal backslash-n before its End markers.
        let markerStart = bytes.matches("\\n", at: m) ? m + 2 : m
        if let marker = parseMarker(bytes, at: markerStart) {
            line.kind = .marker
            line.marker = marker
            line.requestID = marker.requestID
            line.message = markerStart..<line.message.upperBound
            return
        }
        if bytes.matches("Duration:", at: m), let summary = parseSummary(bytes, from: m) {
            line.kind = .summary
            line.summary = summary
            return
        }
        if bytes.matches("RequestId:", at: m), let (summary, rid) = parseLocalSummary(bytes, from: m) {
            line.kind = .summary
            line.summary = summary
            line.requestID = rid
            return
        }
        if bytes.matches("=====", at: m) {
            line.kind = .banner
            return
        }
        if recogniseToolLine(bytes, at: m, into: &line) { return }
        if bytes.matches("FunctionCompute ", at: m), bytes.containsLowercased("runtime inited", in: line.message) {
            line.kind = .runtime
            return
        }
        if bytes.matches("load code for handler", at: m) {
            line.kind = .runtime
            return
        }
        parseRuntimePrefix(bytes, at: m, into: &line)
    }

    // MARK: - Deploy tools

    /// What `s invoke`, `s local invoke`, `fun invoke` print around a call (field reference 3.5).
    private static func recogniseToolLine(_ bytes: UnsafeBufferPointer<UInt8>, at m: Int, into line: inout RecognisedLine) -> Bool {
        let call = bytes.matches("FC ", at: m) ? m + 3 : m
        if bytes.matches("Invoke instanceId:", at: call) {
            let start = bytes.skipBlanks(call + 18)
            var end = start
            while end < bytes.count, isInstanceByte(bytes[end]) { end += 1 }
            guard end - start >= 8 else { return false }
            line.kind = .tool
            line.instanceID = start..<end
            return true
        }
        if bytes.matches("Invoke Result:", at: call) {
            line.kind = .tool
            line.opensToolResult = true
            return true
        }
        if bytes.matches("Qualifier:", at: m) {
            let start = bytes.skipBlanks(m + 10)
            var end = start
            while end < bytes.count, isInstanceByte(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
            guard end > start, bytes.skipBlanks(end) == bytes.count else { return false }
            line.kind = .tool
            line.toolQualifier = start..<end
            return true
        }
        if bytes.matches("Code Checksum:", at: m) || bytes.matches("\u{2714} [", at: m) || bytes.matches("\u{231B} Steps for", at: m) {
            line.kind = .tool
            return true
        }
        // `RequestId: …` alone (a local run's summary has more after it).
        if bytes.matches("RequestId:", at: m), let rid = requestIDToken(bytes, at: bytes.skipBlanks(m + 10)),
           bytes.skipBlanks(rid.upperBound) == bytes.count {
            line.kind = .tool
            return true
        }
        return false
    }

    // MARK: - Envelope

    /// Characters of an instance id: letters, digits, `-` and `_`.
    @inline(__always)
    private static func isInstanceByte(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 26 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// An instance id opening the row, glued to the timestamp (console) or
    /// followed by a space and a timestamp (`s logs`). Returns the id and
    /// where the timestamp starts.
    static func instancePrefix(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Range<Int>, Int)? {
        var j = start
        var hasDash = false
        while j < bytes.count, isInstanceByte(bytes[j]) {
            if bytes[j] == UInt8(ascii: "-") { hasDash = true }
            j += 1
        }
        guard hasDash, j - start >= 8 else { return nil }
        // Glued: the timestamp starts inside the token; the first place it parses wins.
        var p = start + 6
        while p + 4 < j {
            if bytes.isDigit(p), bytes.byte(p + 4) == UInt8(ascii: "-"), TimestampParser.parse(bytes, at: p) != nil {
                return (start..<p, p)
            }
            p += 1
        }
        if bytes.byte(j) == UInt8(ascii: " ") {
            let next = bytes.skipBlanks(j)
            if TimestampParser.parse(bytes, at: next) != nil {
                return (start..<j, next)
            }
        }
        return nil
    }

    /// A second-resolution, zone-less `YYYY-MM-DD H:mm:ss` is the console's or
    /// `s logs`' envelope, unless it is PHP's runtime prefix (`<rid> [LEVEL]` follows).
    private static func isEnvelope(_ stamp: Timestamp, _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, hasInstance: Bool) -> Bool {
        guard !stamp.isSubsecond, stamp.zoneOffsetSeconds == nil,
              bytes.byte(start + 4) == UInt8(ascii: "-"), bytes.byte(start + 10) == UInt8(ascii: " ")
        else { return false }
        if hasInstance { return true }
        let next = bytes.skipBlanks(end)
        if next > end, let rid = requestIDToken(bytes, at: next), rid.count >= 8 {
            let after = bytes.skipBlanks(rid.upperBound)
            if after > rid.upperBound, bytes.byte(after) == UInt8(ascii: "["), bracketWord(bytes, at: after) != nil {
                return false
            }
        }
        return true
    }

    // MARK: - Markers

    private static let phaseNames: [(StaticString, Phase)] = [
        ("initializer", .initialize), ("initialize", .initialize),
        ("invoke", .invoke),
        ("prestop", .prestop), ("pre-stop", .prestop), ("pre stop", .prestop), ("pre_stop", .prestop),
        ("prefreeze", .prefreeze), ("pre-freeze", .prefreeze), ("pre freeze", .prefreeze), ("pre_freeze", .prefreeze),
        ("propare code", .prepareCode), ("prepare code", .prepareCode),
    ]

    /// `FC <Phase> Start|End RequestId:[ ]<id>[, Error: <text>]` at `index`.
    /// The id ends at the first blank or comma; text after it that is not an
    /// error (a flattened table row) is ignored.
    static func parseMarker(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Marker? {
        guard bytes.matchesLowercased("fc", at: index) else { return nil }
        var i = index + 2
        guard bytes.byte(i) == UInt8(ascii: " ") else { return nil }
        i = bytes.skipBlanks(i)
        var phase: Phase?
        for (name, candidate) in phaseNames where bytes.matchesLowercased(name, at: i) {
            phase = candidate
            i += name.utf8CodeUnitCount
            break
        }
        guard let phase, bytes.byte(i) == UInt8(ascii: " ") else { return nil }
        i = bytes.skipBlanks(i)
        let edge: Marker.Edge
        if bytes.matchesLowercased("start", at: i) {
            edge = .start
            i += 5
        } else if bytes.matchesLowercased("end", at: i) {
            edge = .end
            i += 3
        } else {
            return nil
        }
        i = bytes.skipBlanks(i)
        guard bytes.matchesLowercased("requestid", at: i) else { return nil }
        i = bytes.skipBlanks(i + 9)
        guard bytes.byte(i) == UInt8(ascii: ":") else { return nil }
        i = bytes.skipBlanks(i + 1)
        var j = i
        while j < bytes.count, bytes[j] != 0x20, bytes[j] != 0x09, bytes[j] != UInt8(ascii: ",") { j += 1 }
        guard j > i else { return nil }
        var marker = Marker(phase: phase, edge: edge, requestID: i..<j, error: nil)
        // `, Error: …`; hand-written markers sometimes drop the comma.
        var k = bytes.skipBlanks(j)
        if bytes.byte(k) == UInt8(ascii: ",") { k = bytes.skipBlanks(k + 1) }
        if bytes.matchesLowercased("error:", at: k) {
            marker.error = bytes.trimmed((k + 6)..<bytes.count)
        }
        return marker
    }

    // MARK: - Summary line

    /// `Duration: 2.19 ms, Billed Duration: 3 ms, Memory Size: 128 MB, Max Memory Used: 26.15 MB`.
    static func parseSummary(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> SummaryLine? {
        guard let (duration, _) = bytes.decimalThousandths(bytes.skipBlanks(index + 9)) else { return nil }
        var summary = SummaryLine(durationMicros: duration)
        let all = index..<bytes.count
        if let value = number(after: "billed duration:", in: bytes, range: all) { summary.billedMillis = value / 1000 }
        if let value = number(after: "memory size:", in: bytes, range: all) { summary.memorySizeMB = value / 1000 }
        if let value = number(after: "max memory used:", in: bytes, range: all) { summary.maxMemoryUsedMilliMB = value }
        return summary
    }

    /// A local run's summary (`s local invoke`, `fun local invoke`), fields apart by runs of blanks:
    /// `RequestId: 0918f56e-…   Billed Duration: 240 ms   Memory Size: 128 MB   Max Memory Used: 13 MB`;
    /// some versions add `Duration: 238.51 ms`. Without one, the billed time stands for the duration.
    static func parseLocalSummary(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> (SummaryLine, Range<Int>)? {
        guard let rid = requestIDToken(bytes, at: bytes.skipBlanks(index + 10)) else { return nil }
        let rest = rid.upperBound..<bytes.count
        guard let billed = number(after: "billed duration:", in: bytes, range: rest) else { return nil }
        var duration = billed
        var i = rest.lowerBound
        while i + 9 <= bytes.count {
            // `Duration:` of its own, not the end of `Billed Duration:`.
            if bytes.matchesLowercased("duration:", at: i), bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09,
               !(i >= 7 && bytes.matchesLowercased("billed ", at: i - 7)),
               let (value, _) = bytes.decimalThousandths(bytes.skipBlanks(i + 9)) {
                duration = value
                break
            }
            i += 1
        }
        var summary = SummaryLine(durationMicros: duration)
        summary.billedMillis = billed / 1000
        if let value = number(after: "memory size:", in: bytes, range: rest) { summary.memorySizeMB = value / 1000 }
        if let value = number(after: "max memory used:", in: bytes, range: rest) { summary.maxMemoryUsedMilliMB = value }
        return (summary, rid)
    }

    private static func number(after label: StaticString, in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Int64? {
        let length = label.utf8CodeUnitCount
        guard range.count >= length else { return nil }
        for i in range.lowerBound...(range.upperBound - length) where bytes.matchesLowercased(label, at: i) {
            return bytes.decimalThousandths(bytes.skipBlanks(i + length))?.value
        }
        return nil
    }

    // MARK: - Runtime prefixes

    /// A RequestId-like token: letters, digits, `-`, `*` (masked ids), at least 8 long.
    static func requestIDToken(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Range<Int>? {
        var j = start
        var hasDash = false
        while j < bytes.count {
            let b = bytes[j]
            if b == UInt8(ascii: "-") {
                hasDash = true
            } else if !(b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 26 || b == UInt8(ascii: "*")) {
                break
            }
            j += 1
        }
        guard j - start >= 8, hasDash || j - start >= 16 else { return nil }
        return start..<j
    }

    /// `[word]` at `index`: the word's range and the index after `]`.
    static func bracketWord(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Range<Int>, Int)? {
        guard bytes.byte(index) == UInt8(ascii: "[") else { return nil }
        var j = index + 1
        while j < bytes.count, (bytes[j] | 0x20) &- 0x61 < 26 { j += 1 }
        guard j > index + 1, j - index <= 11, bytes.byte(j) == UInt8(ascii: "]") else { return nil }
        return ((index + 1)..<j, j + 1)
    }

    /// Node.js, Python, Go, PHP: `<time> <rid> [level] msg`; Java:
    /// `<time> [LEVEL] [rid] msg`; Go's panic dump: `<YYYY/MM/DD time>  <rid> [LEVEL] msg`.
    private static func parseRuntimePrefix(_ bytes: UnsafeBufferPointer<UInt8>, at m: Int, into line: inout RecognisedLine) {
        line.kind = .user
        guard let (stamp, stampEnd) = TimestampParser.parse(bytes, at: m) else { return }
        // Some runtimes and loggers put a colon after the time: `2021-07-26T09:16:16.607Z: <rid> [INFO] …`.
        let end = bytes.byte(stampEnd) == UInt8(ascii: ":") ? stampEnd + 1 : stampEnd
        let next = bytes.skipBlanks(end)
        guard next > end else { return }
        if let (level, afterLevel) = bracketWord(bytes, at: next) {
            // Java: the level first, then the RequestId in brackets.
            line.prefixTime = stamp
            line.level = level
            var k = bytes.skipBlanks(afterLevel)
            if bytes.byte(k) == UInt8(ascii: "["), let rid = requestIDToken(bytes, at: k + 1), bytes.byte(rid.upperBound) == UInt8(ascii: "]") {
                line.requestID = rid
                k = bytes.skipBlanks(rid.upperBound + 1)
            }
            line.message = bytes.trimmed(k..<bytes.count)
            return
        }
        if let rid = requestIDToken(bytes, at: next) {
            let afterRID = bytes.skipBlanks(rid.upperBound)
            if afterRID > rid.upperBound, let (level, afterLevel) = bracketWord(bytes, at: afterRID) {
                line.prefixTime = stamp
                line.requestID = rid
                line.level = level
                line.message = bytes.trimmed(bytes.skipBlanks(afterLevel)..<bytes.count)
                return
            }
        }
        // A timestamp the user's own logger wrote: keep its time when it is unambiguous.
        if stamp.isSubsecond || stamp.zoneOffsetSeconds != nil {
            line.prefixTime = stamp
        }
    }
}
