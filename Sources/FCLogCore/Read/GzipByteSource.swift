import CZlib

/// Decompresses a gzip stream (several concatenated members too) on the fly.
public final class GzipByteSource: ByteSource {
    private let upstream: ByteSource
    private let name: String
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var memberEnded = false

    /// The magic bytes that open every gzip member.
    public static let magic: [UInt8] = [0x1f, 0x8b]

    public init(upstream: ByteSource, name: String) throws {
        self.upstream = upstream
        self.name = name
        input = .allocate(byteCount: 1 << 20, alignment: 8)
        // 15 + 32: the largest window, with gzip or zlib headers detected.
        let rc = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            input.deallocate()
            throw FCLogError.corruptGzip(path: name, reason: "zlib could not start (\(rc))")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    /// Ready while it holds compressed bytes, or when the stream beneath is.
    public var isReady: Bool { stream.avail_in > 0 || inputEnded || upstream.isReady }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(buffer.count)
        while stream.avail_out == UInt32(buffer.count) {
            if stream.avail_in == 0 && !inputEnded {
                let n = try upstream.read(into: input)
                if n == 0 {
                    inputEnded = true
                } else {
                    stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.avail_in = UInt32(n)
                }
            }
            if stream.avail_in == 0 && inputEnded {
                if memberEnded || stream.total_in == 0 { return 0 }
                throw FCLogError.corruptGzip(path: name, reason: "the stream ends early; the file is truncated")
            }
            if memberEnded {
                // Another member follows the one that ended.
                inflateReset(&stream)
                memberEnded = false
            }
            let rc = inflate(&stream, Z_NO_FLUSH)
            switch rc {
            case Z_OK, Z_BUF_ERROR:
                break
            case Z_STREAM_END:
                memberEnded = true
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "inflate error \(rc)"
                throw FCLogError.corruptGzip(path: name, reason: reason)
            }
        }
        return buffer.count - Int(stream.avail_out)
    }
}
