#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A span being assembled: the in-memory mirror of one `spans` row.
public final class SpanState {
    public var id: Int64 = 0
    public let function: String
    public var service: String?
    public var instanceID: String?
    public let requestID: String
    /// A hash of `requestID`'s bytes, for lookups without making strings.
    public let requestKey: UInt64
    public let phase: Phase
    public var status: SpanStatus = .unfinished
    public var error: String?
    public var startMicros: Int64?
    public var startIsSubsecond = false
    public var endMicros: Int64?
    public var endIsSubsecond = false
    public var durationMicros: Int64?
    public var durationSource: DurationSource?
    public var attempt = 1
    /// A Start marker was seen.
    public var hasStart = false
    /// An End marker was seen.
    public var hasEnd = false
    /// Whether the span has a row in the store yet.
    public var isStored = false
    public var memoryMB: Int64?
    public var maxMemoryMilliMB: Int64?
    /// First and last sub-second times of the span's own lines, for markers without times.
    var firstLineMicros: Int64?
    var lastLineMicros: Int64?

    public init(function: String, service: String?, instanceID: String?, requestID: String, phase: Phase) {
        self.function = function
        self.service = service
        self.instanceID = instanceID
        self.requestID = requestID
        requestKey = SpanState.key(requestID)
        self.phase = phase
    }

    /// The lookup key of a RequestId's bytes.
    @inline(__always)
    public static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    public static func key(_ text: String) -> UInt64 {
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

    /// Whether an instance seen on a line may be this span's.
    func accepts(instance: String?) -> Bool {
        instance == nil || instanceID == nil || instanceID == instance
    }

    /// Whether the span is finished as far as the store knows.
    public var isFinished: Bool { status != .unfinished }

    /// Recomputes the duration from marker and line times, unless a better source set it.
    func updateTimingFromMarkers() {
        if let source = durationSource, source.rank > DurationSource.millisecondTimestamps.rank { return }
        if let start = startMicros, let end = endMicros {
            durationMicros = max(0, end - start)
            durationSource = startIsSubsecond && endIsSubsecond ? .millisecondTimestamps : .secondTimestamps
        } else if !hasStart || !hasEnd {
            return
        } else if let first = firstLineMicros, let last = lastLineMicros {
            if startMicros == nil { startMicros = first; startIsSubsecond = true }
            if endMicros == nil { endMicros = last; endIsSubsecond = true }
            durationMicros = max(0, last - first)
            durationSource = .lineTimestamps
        }
    }

    /// Sets an exact duration from a better source, keeping the start and moving the end.
    func setDuration(micros: Int64, source: DurationSource) {
        if let current = durationSource, current.rank > source.rank { return }
        durationMicros = micros
        durationSource = source
        if let start = startMicros {
            endMicros = start + micros
            endIsSubsecond = true
        } else if let end = endMicros {
            startMicros = end - micros
            startIsSubsecond = true
        }
    }

    /// `billed_ms`: the duration rounded up to the billing step; nil while unfinished.
    public func billedMillis(stepMillis: Int64) -> Int64? {
        guard isFinished else { return nil }
        return Billing.billedMillis(durationMicros: durationMicros ?? 0, stepMillis: stepMillis)
    }
}
