/// Opens an input path as a byte stream, decompressing gzip when its magic bytes say so.
public enum InputOpener {
    public static func open(_ path: String) throws -> ByteSource {
        let file = try FileByteSource(path: path)
        let head = try file.peek(2)
        if head == GzipByteSource.magic {
            return try GzipByteSource(upstream: file, name: path)
        }
        return file
    }
}
