/// Lines read, cleaned and recognised ahead of the store, on another thread:
/// the work that needs no store runs on one core while the other writes. A
/// value handed over whole; its storage comes back with `LinePipeline.recycle`.
struct PreparedBatch: Sendable {
    /// What a line is, as far as it can be told without the store or the lines around it.
    struct Recognition {
        /// A text line, recognised; nil when the line may be JSON (the store side decides).
        var recognised: RecognisedLine?
        /// A one-line JSON object that parsed, classified; nil when it is no FC record.
        var record: SLSRecord?
        /// Whether the line parsed as a JSON object (an SLS record or not).
        var isJSONObject = false
        /// FC log text a JSON object that is no SLS record wraps (`{"message": "FC Invoke Start …\n…"}`).
        var wrappedText: String?

        /// What `text` is, for a line read outside a batch.
        static func of(_ text: UnsafeBufferPointer<UInt8>) -> Recognition {
            var recognition = Recognition()
            recognition.recognise(text)
            return recognition
        }

        /// Recognises `text` into this empty recognition. A one-line JSON object is parsed in place; a line that
        /// may open JSON spanning lines is left undecided.
        mutating func recognise(_ text: UnsafeBufferPointer<UInt8>) {
            let first = text.skipBlanks(0)
            switch text.byte(first) {
            case UInt8(ascii: "{"):
                if let fields = JSONRecordParser.parse(UnsafeBufferPointer(rebasing: text[first...])) {
                    isJSONObject = true
                    record = SLSRecord(fields)
                    if record == nil { wrappedText = fields.wrappedLogText }
                }
            case UInt8(ascii: "[") where JSONRecordSplitter.opens(text):
                break
            default:
                recognised = RecognisedLine()
                LineRecogniser.recognise(text, into: &recognised!)
            }
        }
    }

    /// One physical line of the input.
    struct Line {
        var start: Int
        var count: Int
        var number: Int
        var truncated: Bool
        var recognition = Recognition()
    }

    /// Which of the inputs read together the lines come from.
    var input = 0
    /// The cleaned bytes of every line, one after the other.
    var bytes: [UInt8] = []
    var lines: [Line] = []
    /// Bytes of the input read so far, for progress reports.
    var bytesRead = 0
    /// NUL bytes removed from the batch's lines: text logs have next to none.
    var nulBytes = 0
    /// The error that ended the input, delivered after the lines before it.
    var error: Error?

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Empties the batch for reuse, keeping its storage.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        bytesRead = 0
        nulBytes = 0
        error = nil
    }

    /// Appends a line: cleans it (ANSI colours, NUL bytes) and recognises what needs no store.
    mutating func append(_ raw: UnsafeBufferPointer<UInt8>, number: Int, truncated: Bool, scratch: inout [UInt8]) {
        let start = bytes.count
        if Self.needsCleaning(raw) {
            if !ANSIStripper.strip(raw, into: &scratch) {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: raw)
            }
            let before = scratch.count
            scratch.removeAll { $0 == 0 }
            nulBytes += before - scratch.count
            bytes.append(contentsOf: scratch)
        } else {
            bytes.append(contentsOf: raw)
        }
        // Recognised where it lies in the array: a line is some 450 bytes, which each copy on the way moved.
        lines.append(Line(start: start, count: bytes.count - start, number: number, truncated: truncated))
        bytes.withUnsafeBufferPointer { all in
            lines[lines.count - 1].recognition.recognise(UnsafeBufferPointer(rebasing: all[start..<bytes.count]))
        }
    }

    /// Lines per batch at most: blank or short lines fill no bytes, and their records must not pile up.
    static let maxLines = 16_384

    /// Whether the batch is ready to hand over: at its size in bytes or in lines.
    func isFull(bytes limit: Int) -> Bool {
        bytes.count >= limit || lines.count >= Self.maxLines
    }

    /// Whether the batch reads as a binary file: dozens of NUL bytes, more than one byte in a hundred.
    var looksBinary: Bool {
        nulBytes >= 32 && nulBytes * 100 > bytes.count + nulBytes
    }

    private static func needsCleaning(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
        return memchr(base, 0x1B, bytes.count) != nil || memchr(base, 0, bytes.count) != nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
