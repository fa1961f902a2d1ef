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

    private let buffer: UnsafeMutableRawBufferPointer
    private var base: UnsafeMutablePointer<UInt8> { buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) }
    /// A line that outgrew the chunk buffer.
    private var long: [UInt8] = []
    private var longTruncated = false
    /// The first byte of the pending partial line, and the bytes valid in the buffer.
    private var start = 0
    private var end = 0
    private var number = 0
    /// The byte that ends lines: `\n`, or `\r` for text whose first chunk holds `\r` and no `\n` (classic Mac endings).
    private var separator: Int32 = 0x0A
    private var separatorDecided = false

    public init(source: ByteSource, chunkBytes: Int = defaultChunkBytes, maxLineBytes: Int = defaultMaxLineBytes) {
        self.source = source
        self.chunkBytes = chunkBytes
        self.maxLineBytes = max(maxLineBytes, 16)
        buffer = .allocate(byteCount: chunkBytes, alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// Calls `body` for every line in order, to the end of the stream.
    public func forEachLine(_ body: (Line) throws -> Void) throws {
        while try readAvailable(body) > 0 {}
        try finish(body)
    }

    /// Whether the source has bytes ready now; false when a read would wait for a live writer.
    public var sourceIsReady: Bool { source.isReady }

    /// Reads once and calls `body` for every line completed by it; a partial last
    /// line is held for the next read. Returns the bytes read: 0 at the end of the
    /// stream (or, for a followed file, when nothing new was written).
    @discardableResult
    public func readAvailable(_ body: (Line) throws -> Void) throws -> Int {
        let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        bytesRead += n
        guard n > 0 else { return 0 }
        if !separatorDecided {
            // Decided by the first bytes read that end a line either way.
            if memchr(base + end, 0x0A, n) != nil {
                separatorDecided = true
            } else if memchr(base + end, 0x0D, n) != nil {
                separatorDecided = true
                separator = 0x0D
            }
        }
        end += n
        var cursor = start
        while cursor < end, let hit = memchr(base + cursor, separator, end - cursor) {
            let newline = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - UnsafePointer(base)
            if long.isEmpty && !longTruncated {
                try emit(UnsafePointer(base + start), newline - start, truncated: false, body)
            } else {
                appendBounded(UnsafePointer(base + start), newline - start)
                try emitLong(body)
            }
            start = newline + 1
            cursor = start
        }
        if start == 0 && end == chunkBytes {
            // The buffer holds one unfinished line: move it aside and go on.
            appendBounded(UnsafePointer(base), end)
            end = 0
        } else if start > 0 {
            let pending = end - start
            if pending > 0 { memmove(base, base + start, pending) }
            start = 0
            end = pending
        }
        return n
    }

    /// Emits the last line when the stream ended without a newline.
    public func finish(_ body: (Line) throws -> Void) throws {
        if long.isEmpty && !longTruncated {
            if end > start { try emit(UnsafePointer(base + start), end - start, truncated: false, body) }
        } else {
            appendBounded(UnsafePointer(base + start), end - start)
            try emitLong(body)
        }
        start = 0
        end = 0
    }

    private func emit(_ pointer: UnsafePointer<UInt8>, _ count: Int, truncated: Bool, _ body: (Line) throws -> Void) throws {
        number += 1
        var pointer = pointer
        var count = count
        if count > 0 && pointer[count - 1] == 0x0D { count -= 1 }
        // A UTF-8 byte-order mark opening the input is no part of its first line.
        if number == 1, count >= 3, pointer[0] == 0xEF, pointer[1] == 0xBB, pointer[2] == 0xBF {
            pointer += 3
            count -= 3
        }
        try body(Line(bytes: UnsafeBufferPointer(start: pointer, count: count), number: number, truncated: truncated))
    }

    private func emitLong(_ body: (Line) throws -> Void) throws {
        let truncated = longTruncated
        let held = long
        long.removeAll(keepingCapacity: false)
        longTruncated = false
        try held.withUnsafeBufferPointer { try emit($0.baseAddress ?? UnsafePointer(base), $0.count, truncated: truncated, body) }
    }

    private func appendBounded(_ pointer: UnsafePointer<UInt8>, _ count: Int) {
        let room = maxLineBytes - long.count
        if count > room { longTruncated = true }
        let take = max(0, min(room, count))
        if take > 0 { long.append(contentsOf: UnsafeBufferPointer(start: pointer, count: take)) }
    }
}
