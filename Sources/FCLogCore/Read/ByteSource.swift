/// A stream of bytes read in large chunks.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; 0 means the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Whether a read would return at once; false while a live writer (a pipe, a terminal) has sent nothing more.
    var isReady: Bool { get }
}

extension ByteSource {
    public var isReady: Bool { true }
}
