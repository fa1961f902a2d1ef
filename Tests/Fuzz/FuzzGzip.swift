import FCLogCore

/// Bytes in memory, as a stream.
final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset, 97)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}

/// Fuzzes gzip decoding (as if the input began with gzip's magic bytes) and line splitting after it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = GzipByteSource.magic + Array(UnsafeBufferPointer(start: data, count: size))
    guard let source = try? GzipByteSource(upstream: MemorySource(input), name: "fuzz") else { return 0 }
    let reader = LineReader(source: source, chunkBytes: 4096, maxLineBytes: 1 << 16)
    var total = 0
    try? reader.forEachLine { line in
        precondition(line.bytes.count <= 1 << 16)
        total += line.bytes.count
        if total > 64 << 20 { throw FCLogError.interrupted }
    }
    return 0
}
