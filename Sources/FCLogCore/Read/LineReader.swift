#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into lines, reading in large chunks so memory stays
/// flat whatever the input size. Lines longer than `maxLineBytes` are cut
/// there and flagged; the rest of such a line is read and dropped.
public final class LineReader {
    /// One line without its terminator (`\n`, `\r\n`).
    public struct Line {
        public let bytes: UnsafeBufferPointer<UInt8>
        /// 1-based line number in the input.
        public let number: Int
        /// True when the line was longer than the limit and was cut.
        public let truncated: Bool
    }

    public static let defaultChunkBytes = 4 << 20
    public static let defaultMaxLineBytes = 16 << 20

    private let source: ByteSource
    private let chunkBytes: Int
    private let maxLineBytes: Int
    /// Bytes consumed so far, for progress reports.
    public private(set) var bytesRead = 0

    public init(source: ByteSource, chunkBytes: Int = defaultChunkBytes, maxLineBytes: Int = defaultMaxLineBytes) {
        self.source = source
        self.chunkBytes = chunkBytes
        self.maxLineBytes = max(maxLineBytes, 16)
    }

    /// Calls `body` for every line in order.
    public func forEachLine(_ body: (Line) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 16)
        defer { buffer.deallocate() }
        var long: [UInt8] = []  // a line that outgrew the chunk buffer
        var longTruncated = false
        var start = 0  // first byte of the pending partial line
        var end = 0  // bytes valid in the buffer
        var number = 0
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)

        func emit(_ pointer: UnsafePointer<UInt8>, _ count: Int, truncated: Bool) throws {
            number += 1
            var count = count
            if count > 0 && pointer[count - 1] == 0x0D { count -= 1 }
            try body(Line(bytes: UnsafeBufferPointer(start: pointer, count: count), number: number, truncated: truncated))
        }

        while true {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            bytesRead += n
            if n == 0 { break }
            end += n
            var cursor = start
            while cursor < end, let hit = memchr(base + cursor, 0x0A, end - cursor) {
                let newline = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - UnsafePointer(base)
                if long.isEmpty && !longTruncated {
                    try emit(UnsafePointer(base + start), newline - start, truncated: false)
                } else {
                    appendBounded(&long, &longTruncated, UnsafePointer(base + start), newline - start)
                    try long.withUnsafeBufferPointer { try emit($0.baseAddress ?? UnsafePointer(base), $0.count, truncated: longTruncated) }
                    long.removeAll(keepingCapacity: false)
                    longTruncated = false
                }
                start = newline + 1
                cursor = start
            }
            if start == 0 && end == chunkBytes {
                // The buffer holds one unfinished line: move it aside and go on.
                appendBounded(&long, &longTruncated, UnsafePointer(base), end)
                start = 0
                end = 0
            } else if start > 0 {
                let pending = end - start
                if pending > 0 { memmove(base, base + start, pending) }
                start = 0
                end = pending
            }
        }
        if end > start || !long.isEmpty || longTruncated {
            if long.isEmpty && !longTruncated {
                try emit(UnsafePointer(base + start), end - start, truncated: false)
            } else {
                appendBounded(&long, &longTruncated, UnsafePointer(base + start), end - start)
                try long.withUnsafeBufferPointer { try emit($0.baseAddress ?? UnsafePointer(base), $0.count, truncated: longTruncated) }
            }
        }
    }

    private func appendBounded(_ long: inout [UInt8], _ truncated: inout Bool, _ pointer: UnsafePointer<UInt8>, _ count: Int) {
        let room = maxLineBytes - long.count
        if count > room { truncated = true }
        let take = max(0, min(room, count))
        if take > 0 { long.append(contentsOf: UnsafeBufferPointer(start: pointer, count: take)) }
    }
}
