#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A span being assembled: the in-memory mirror of one `spans` row.
final class SpanState {
    var id: Int64 = 0
    let function: String
    var service: String?
    var instanceID: String?
    let requestID: String
    /// A hash of `requestID`'s bytes, for lookups without making strings.
    let requestKey: UInt64
    let phase: Phase
    var status: SpanStatus = .unfinished
    var error: String?
    var startMicros: Int64?
    var startIsSubsecond = false
    var endMicros: Int64?
    var endIsSubsecond = false
    var durationMicros: Int64?
    var durationSource: DurationSource?
    var attempt = 1
    /// A Start marker was seen.
    var hasStart = false
    /// An End marker was seen.
    var hasEnd = false
    /// Whether the span has a row in the store yet (or one on its way).
    var isStored = false
    /// Whether its row waits, in the writer, to be inserted.
    var insertPending = false
    /// Whether it waits in the assembler for a Start or an End marker.
    var isWaiting = false
    /// What `fclog_span_tally` counts the stored row under, once this writer wrote it.
    var tallyKey: SpanTallyKey?
    var memoryMB: Int64?
    var maxMemoryMilliMB: Int64?
    /// The alias and version that ran it, where a record says so.
    var qualifier: String?
    var versionID: String?
    /// `isColdStart` of the request-metrics record linked to it (1 or 0).
    var coldStart: Int64?
    /// Whether a request-metrics record was linked to it in this ingest.
    var hasMetrics = false
    /// First and last sub-second times of the span's own lines, for markers without times.
    var firstLineMicros: Int64?
    var lastLineMicros: Int64?
    /// Whether the start or end is only the time of the span's first or last line (its markers showed none).
    var startFromLines = false
    var endFromLines = false

    init(function: String, service: String?, instanceID: String?, requestID: String, phase: Phase) {
        self.function = function
        self.service = service
        self.instanceID = instanceID
        self.requestID = requestID
        requestKey = SpanState.key(requestID)
        self.phase = phase
    }

    /// The lookup key of a RequestId's bytes.
    @inline(__always)
    static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    static func key(_ text: String) -> UInt64 {
        var copy = text
        return copy.withUTF8 { key($0) }
    }

    /// Whether the span's RequestId is these bytes.
    @inline(__always)
    func hasRequestID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        requestID.utf8.withContiguousStorageIfAvailable { own in
            own.count == bytes.count && (own.count == 0 || memcmp(own.baseAddress!, bytes.baseAddress!, own.count) == 0)
        } ?? requestID.utf8.elementsEqual(bytes)
    }

    /// Whether an instance seen on a line may be this span's: the same, unknown on either side, or the
    /// same but for the leading `c-` (or `c`) that a copy's first row lost at its edge.
    func accepts(instance: String?) -> Bool {
        guard let instance, let own = instanceID, own != instance else { return true }
        return Self.isCut(own, from: instance) || Self.isCut(instance, from: own)
    }

    /// Whether `cut` is the instance id `whole` without its leading `c-` or `c`.
    static func isCut(_ cut: String, from whole: String) -> Bool {
        // Compared in place: most calls are for an id and itself, and a concatenation would allocate each time.
        let whole = whole.utf8, cut = cut.utf8
        switch whole.count - cut.count {
        case 2: return whole.starts(with: "c-".utf8) && whole.dropFirst(2).elementsEqual(cut)
        case 1: return whole.first == UInt8(ascii: "c") && whole.dropFirst().elementsEqual(cut)
        default: return false
        }
    }

    /// Whether the span is finished as far as the store knows.
    var isFinished: Bool { status != .unfinished }

    /// Recomputes the duration from marker and line times, unless a better source set it.
    func updateTimingFromMarkers() {
        if let source = durationSource, source.rank > DurationSource.millisecondTimestamps.rank { return }
        if let start = startMicros, let end = endMicros {
            durationMicros = max(0, end - start)
            durationSource = startFromLines && endFromLines ? .lineTimestamps
                : startIsSubsecond && endIsSubsecond ? .millisecondTimestamps : .secondTimestamps
        } else if !hasStart || !hasEnd {
            return
        } else if let first = firstLineMicros, let last = lastLineMicros {
            if startMicros == nil { startMicros = first; startIsSubsecond = true; startFromLines = true }
            if endMicros == nil { endMicros = last; endIsSubsecond = true; endFromLines = true }
            durationMicros = max(0, last - first)
            durationSource = .lineTimestamps
        }
    }

    /// Whether a marker of this edge was read, and the span has a time there that is not only its lines'.
    func hasTime(at edge: Marker.Edge) -> Bool {
        edge == .start ? hasStart && startMicros != nil && !startFromLines : hasEnd && endMicros != nil && !endFromLines
    }

    /// The time of an edge as a route with times gave it, for a marker that shows none: nil where only the
    /// span's lines timed it (and, as a whole, for a span whose duration its lines gave).
    func markerTime(at edge: Marker.Edge) -> Int64? {
        guard durationSource != .lineTimestamps, hasTime(at: edge) else { return nil }
        return edge == .start ? startMicros : endMicros
    }

    /// A marker's time from another route, where the span has none for that edge but its lines': an exact
    /// duration it holds places the end from the start, or else the times give one.
    func take(_ edge: Marker.Edge, at micros: Int64, subsecond: Bool) {
        guard !hasTime(at: edge) else { return }
        let exact = durationSource.map { $0.rank > DurationSource.millisecondTimestamps.rank } ?? false
        switch edge {
        case .start:
            startMicros = micros
            startIsSubsecond = subsecond
            startFromLines = false
            if exact, let durationMicros {
                endMicros = micros + durationMicros
                endIsSubsecond = true
                endFromLines = false
            }
        case .end:
            if exact, let durationMicros {
                guard startMicros == nil else { return }
                startMicros = micros - durationMicros
                startIsSubsecond = true
            }
            endMicros = micros
            endIsSubsecond = subsecond
            endFromLines = false
        }
        if !exact { updateTimingFromMarkers() }
    }

    /// Sets an exact duration from a better source, keeping the start and moving the end.
    func setDuration(micros: Int64, source: DurationSource) {
        if let current = durationSource, current.rank > source.rank { return }
        durationMicros = micros
        durationSource = source
        if let start = startMicros {
            endMicros = start + micros
            endIsSubsecond = true
            endFromLines = startFromLines
        } else if let end = endMicros {
            startMicros = end - micros
            startIsSubsecond = true
            startFromLines = endFromLines
        }
    }

    /// `billed_ms`: the duration rounded up to the billing step; nil while unfinished or when nothing states the duration.
    func billedMillis(stepMillis: Int64) -> Int64? {
        guard isFinished, let durationMicros else { return nil }
        return Billing.billedMillis(durationMicros: durationMicros, stepMillis: stepMillis)
    }
}
