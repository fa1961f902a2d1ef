#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes of a file or of standard input, read with `read(2)`.
public final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// The name used in messages: the path, or `-` for standard input.
    public let name: String
    private var pushedBack: [UInt8] = []

    /// Opens `path`, or standard input for `-`.
    public init(path: String) throws {
        name = path
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            return
        }
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw FCLogError.unreadableInput(path: path, reason: "is a directory")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw FCLogError.unreadableInput(path: path, reason: String(cString: strerror(errno)))
        }
        descriptor = fd
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Looks at the first bytes without consuming them.
    public func peek(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try bytes.withUnsafeMutableBytes { try rawRead(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if n == 0 { break }
            filled += n
            // A live writer that sent a short first line is not waited for.
            if filled < count, !descriptorIsReady { break }
        }
        pushedBack = Array(bytes[..<filled])
        return pushedBack
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !pushedBack.isEmpty {
            let n = min(buffer.count, pushedBack.count)
            pushedBack.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: n) }
            pushedBack.removeFirst(n)
            return n
        }
        return try rawRead(into: buffer)
    }

    /// A regular file is always ready; a pipe or terminal is when it holds bytes or has ended.
    public var isReady: Bool {
        pushedBack.isEmpty ? descriptorIsReady : true
    }

    private var descriptorIsReady: Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) != 0
    }

    private func rawRead(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw FCLogError.unreadableInput(path: name, reason: String(cString: strerror(errno)))
        }
    }
}
