/// Opens an input path as a byte stream, decompressing gzip when its magic bytes say so.
/// Other compressed formats are refused by name rather than read as garbage text.
public enum InputOpener {
    /// Magic bytes of compressed formats fclog does not read, with what to run instead.
    static let refused: [(magic: [UInt8], name: String, command: String)] = [
        ([0x28, 0xB5, 0x2F, 0xFD], "zstd", "zstd -dc FILE | fclog ingest -"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz", "xz -dc FILE | fclog ingest -"),
        ([0x42, 0x5A, 0x68], "bzip2", "bzip2 -dc FILE | fclog ingest -"),
        ([0x50, 0x4B, 0x03, 0x04], "zip", "unzip -p FILE | fclog ingest -"),
    ]

    public static func open(_ path: String) throws -> ByteSource {
        let file = try FileByteSource(path: path)
        let head = try file.peek(6)
        if head.starts(with: GzipByteSource.magic) {
            return try GzipByteSource(upstream: file, name: path)
        }
        if let format = refused.first(where: { head.starts(with: $0.magic) }) {
            throw FCLogError.unreadableInput(path: path, reason: "is \(format.name)-compressed, which fclog does not read; decompress it first: \(format.command)")
        }
        return file
    }
}
