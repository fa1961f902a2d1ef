#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read as it grows, like `tail -F`: a read returns 0 when nothing new
/// was written; `wasTruncated()` and `change()` tell when the file was cut
/// (truncation), when the path now names another file (rotation), or that it appeared.
public final class FollowedFile: ByteSource {
    /// What happened to the path since the last look.
    public enum Change: Equatable, Sendable {
        case none
        /// The file was opened for the first time, or again after it was missing.
        case opened
        /// The path names a new file; the old one was read to its end.
        case rotated
    }

    public let path: String
    private var descriptor: Int32 = -1
    private var device: UInt64 = 0
    private var inode: UInt64 = 0
    private var offset: Int64 = 0
    /// The last bytes read, which tell a file rewritten after a truncation from one that grew.
    private var tail: [UInt8] = []
    private static let tailBytes = 64

    public init(path: String) {
        self.path = path
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether the file is open (it may not exist yet).
    public var isOpen: Bool { descriptor >= 0 }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard descriptor >= 0 else { return 0 }
        while true {
            let n = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 {
                offset += Int64(n)
                let kept = min(n, Self.tailBytes)
                tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(n - kept)..<n]))
                if tail.count > Self.tailBytes { tail.removeFirst(tail.count - Self.tailBytes) }
                return n
            }
            if errno == EINTR { continue }
            throw FCLogError.unreadableInput(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Whether the open file was truncated (shorter than what was read, or
    /// rewritten so that the bytes before the read position changed); it is
    /// then read again from its start. Checked before reading on.
    public func wasTruncated() -> Bool {
        guard descriptor >= 0 else { return false }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return false }
        var truncated = Int64(info.st_size) < offset
        if !truncated, !tail.isEmpty {
            var now = [UInt8](repeating: 0, count: tail.count)
            let n = now.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, tail.count, off_t(offset) - off_t(tail.count)) }
            truncated = n != tail.count || now != tail
        }
        guard truncated else { return false }
        lseek(descriptor, 0, SEEK_SET)
        offset = 0
        tail.removeAll()
        return true
    }

    /// Looks at the path once the open file has nothing new: the file
    /// appeared, or the path now names another file (the open one was read to
    /// its end), which is read from its start; the caller starts a new input.
    public func change() throws -> Change {
        var info = stat()
        guard stat(path, &info) == 0 else {
            // Gone for now (between a rotation's rename and the new file): keep what is open.
            return .none
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw FCLogError.unreadableInput(path: path, reason: "is a directory")
        }
        if descriptor < 0 {
            try reopen()
            return .opened
        }
        if UInt64(info.st_dev) != device || UInt64(info.st_ino) != inode {
            close(descriptor)
            descriptor = -1
            try reopen()
            return .rotated
        }
        return .none
    }

    /// The first bytes of the open file, to refuse compressed input.
    public func head(_ count: Int) -> [UInt8] {
        guard descriptor >= 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, 0) }
        return Array(bytes.prefix(max(0, n)))
    }

    private func reopen() throws {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else {
            throw FCLogError.unreadableInput(path: path, reason: String(cString: strerror(errno)))
        }
        var opened = stat()
        fstat(fd, &opened)
        descriptor = fd
        device = UInt64(opened.st_dev)
        inode = UInt64(opened.st_ino)
        offset = 0
        tail.removeAll()
    }
}
