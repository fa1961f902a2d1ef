#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a JSON array written on one line (`[{…},{…}]`, as an export tool or `jq -c -s` writes it) into one
/// element per line, as it streams by, so that an array of any size is read as its records rather than as
/// one line cut at the line limit. Other input passes through untouched: it decides on the first bytes
/// (a `[` followed on its line by `{`), and a pretty-printed array, whose `[` ends its line, is left to the
/// multi-line reader.
final class JSONArraySplitter: ByteSource {
    private enum Phase {
        /// Nothing but whitespace so far; `opening` holds a `[` and the blanks after it, undecided.
        case probing(opening: [UInt8]?)
        case splitting
        case passing
    }

    private let upstream: ByteSource
    private var phase = Phase.probing(opening: nil)
    /// Bytes decided but not yet handed out: a probe that turned out to be no array.
    private var carry: [UInt8] = []
    private var carryStart = 0
    /// Nesting outside strings while splitting: 1 between elements.
    private var depth = 0
    private var inString = false
    private var escaped = false
    /// Whether the last byte handed out while splitting ended a line.
    private var atLineStart = true

    init(upstream: ByteSource) {
        self.upstream = upstream
    }

    var isReady: Bool { carryStart < carry.count || upstream.isReady }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if carryStart < carry.count {
            let count = min(buffer.count, carry.count - carryStart)
            carry.withUnsafeBytes { bytes in
                buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + carryStart, byteCount: count)
            }
            carryStart += count
            if carryStart == carry.count {
                carry.removeAll(keepingCapacity: false)
                carryStart = 0
            }
            return count
        }
        while true {
            let n = try upstream.read(into: buffer)
            guard n > 0 else {
                // An undecided `[` at the end of the input is passed on as it was.
                if case let .probing(opening?) = phase, !opening.isEmpty {
                    phase = .passing
                    carry = opening
                    return try read(into: buffer)
                }
                return 0
            }
            if case .passing = phase { return n }
            let bytes = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let written = transform(bytes, n)
            if written > 0 { return written }
            if carryStart < carry.count { return try read(into: buffer) }
            // A read that was all dropped bytes (blanks between elements) reads on rather than look like the end.
        }
    }

    /// Rewrites `count` bytes in place (the output is never longer), returning how many to hand out.
    private func transform(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
        var out = 0
        var index = 0
        while index < count {
            let byte = bytes[index]
            switch phase {
            case .passing:
                bytes[out] = byte
                out += 1
            case let .probing(opening):
                if var opening {
                    if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                        opening.append(byte)
                        phase = .probing(opening: opening)
                    } else if byte == 0x7B {
                        phase = .splitting
                        depth = 1
                        continue
                    } else {
                        // Not an array of objects on one line: what was held goes out before the rest.
                        phase = .passing
                        carry = opening + UnsafeBufferPointer(start: bytes + index, count: count - index)
                        carryStart = 0
                        return out
                    }
                } else if byte == 0x5B {
                    phase = .probing(opening: [byte])
                } else if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A {
                    bytes[out] = byte
                    out += 1
                } else {
                    phase = .passing
                    continue
                }
            case .splitting:
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == 0x5C {
                        escaped = true
                    } else if byte == 0x22 {
                        inString = false
                    }
                    bytes[out] = byte
                    out += 1
                    atLineStart = false
                } else if depth <= 1 {
                    // Between elements: a comma or the closing bracket ends a record's line; blanks go.
                    switch byte {
                    case 0x5D:
                        // The array's line ends where it did; what follows is passed on as it is.
                        phase = .passing
                    case 0x2C, 0x0A:
                        if !atLineStart {
                            bytes[out] = 0x0A
                            out += 1
                            atLineStart = true
                        }
                    case 0x20, 0x09, 0x0D:
                        break
                    default:
                        if byte == 0x7B || byte == 0x5B { depth += 1 }
                        if byte == 0x22 { inString = true }
                        bytes[out] = byte
                        out += 1
                        atLineStart = false
                    }
                } else {
                    switch byte {
                    case 0x22: inString = true
                    case 0x7B, 0x5B: depth += 1
                    case 0x7D, 0x5D: depth -= 1
                    default: break
                    }
                    bytes[out] = byte
                    out += 1
                    atLineStart = byte == 0x0A
                }
            }
            index += 1
        }
        return out
    }
}
