/// Collects JSON records that span several lines: a pretty-printed object,
/// or an array of objects (an SLS export saved as one JSON document). A
/// one-line object never enters the splitter (the caller parses it in place).
public struct JSONRecordSplitter {
    /// What a fed line amounted to.
    public enum Outcome {
        /// The line was taken; more is expected.
        case consumed
        /// The JSON value closed with this line.
        case finished
        /// It was not JSON after all: the held lines are text and must be read as such.
        case notJSON([[UInt8]])
        /// A lone object broke off where another record starts: the held lines
        /// are a damaged record (or text) and the given line starts afresh.
        case broken(held: [[UInt8]], restart: [UInt8])
        /// The JSON ended inside a record after others were read: that record is
        /// lost; the lines given (the one that broke off the JSON) are text.
        case truncated([[UInt8]])
    }

    private enum Mode {
        case idle
        case object
        case array
    }

    /// The most a record may hold before the splitter gives up on it.
    public static let maxRecordBytes = 64 << 20

    private var mode = Mode.idle
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var record: [UInt8] = []
    private var held: [[UInt8]] = []
    private var recordsEmitted = 0

    public init() {}

    /// True while a JSON value is open.
    public var isActive: Bool { mode != .idle }

    /// Whether feeding `line` goes on with (or opens) an array of records rather than one object.
    public func continuesArray(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        isActive ? mode == .array : line.byte(line.skipBlanks(0)) == UInt8(ascii: "[")
    }

    /// Whether a line opens a multi-line JSON value: `{` that does not close on
    /// the line, or `[` alone or followed by `{` or `]`.
    public static func opens(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let i = line.skipBlanks(0)
        switch line.byte(i) {
        case UInt8(ascii: "{"):
            return true
        case UInt8(ascii: "["):
            let next = JSONRecordParser.skipSpace(line, i + 1)
            return next == line.count || line[next] == UInt8(ascii: "{") || line[next] == UInt8(ascii: "]")
        default:
            return false
        }
    }

    /// Feeds one line; calls `onRecord` with each object that completes and
    /// `onBroken` for an array element cut off by the next one.
    public mutating func feed(_ line: UnsafeBufferPointer<UInt8>, onRecord: (UnsafeBufferPointer<UInt8>) throws -> Void,
                              onBroken: () -> Void) rethrows -> Outcome {
        if mode == .idle {
            let i = line.skipBlanks(0)
            mode = line.byte(i) == UInt8(ascii: "[") ? .array : .object
            depth = 0
            inString = false
            escaped = false
            recordsEmitted = 0
            record.removeAll(keepingCapacity: true)
            held.removeAll()
        }
        if recordsEmitted == 0 { held.append(Array(line)) }
        // A JSON string cannot hold a raw newline, so every line of a JSON
        // document starts with punctuation or a value; anything else is text.
        if held.count > 1 || recordsEmitted > 0, !Self.canContinueJSON(line) {
            return giveUp(breakingLine: Array(line))
        }
        // A line opening an object inside an open record: that record was cut off.
        if depth > (mode == .array ? 1 : 0), line.byte(line.skipBlanks(0)) == UInt8(ascii: "{") {
            if mode == .object {
                mode = .idle
                held.removeLast()
                let damaged = held
                held.removeAll()
                record.removeAll()
                return .broken(held: damaged, restart: Array(line))
            }
            onBroken()
            depth = 1
            inString = false
            escaped = false
            record.removeAll(keepingCapacity: true)
        }
        let recordDepth = mode == .array ? 1 : 0
        for b in line {
            let collecting = depth > recordDepth
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                }
                if collecting { record.append(b) }
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            default:
                break
            }
            if collecting || depth > recordDepth { record.append(b) }
            if collecting && depth == recordDepth {
                try record.withUnsafeBufferPointer { try onRecord($0) }
                record.removeAll(keepingCapacity: true)
                recordsEmitted += 1
                held.removeAll()
            }
            if depth <= 0 {
                mode = .idle
                return .finished
            }
        }
        if depth > recordDepth { record.append(0x0A) }
        if record.count > Self.maxRecordBytes {
            return giveUp()
        }
        return .consumed
    }

    private static func canContinueJSON(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let i = JSONRecordParser.skipSpace(line, 0)
        guard i < line.count else { return true }
        switch line[i] {
        case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return true
        case let b:
            return b &- 0x30 < 10
        }
    }

    /// Ends the input: an open value is not JSON (or is truncated).
    public mutating func finish() -> Outcome {
        mode == .idle ? .finished : giveUp()
    }

    private mutating func giveUp(breakingLine: [UInt8]? = nil) -> Outcome {
        mode = .idle
        if recordsEmitted > 0 {
            record.removeAll()
            held.removeAll()
            return .truncated(breakingLine.map { [$0] } ?? [])
        }
        let lines = held
        held.removeAll()
        record.removeAll()
        return .notJSON(lines)
    }
}
