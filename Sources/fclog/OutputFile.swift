#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FCLogCore

/// Where a command writes a file it makes: `-o FILE`, written beside it and renamed into place when whole,
/// so a failed run never leaves half a file under the name; a device or pipe is written as it is; or standard output.
final class OutputFile {
    private let path: String?
    private let partial: String?
    private var descriptor: Int32 = 1

    init(_ path: String?) throws {
        self.path = path == "-" ? nil : path
        guard let path = self.path else {
            partial = nil
            return
        }
        var info = stat()
        let isSpecial = stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG
        let partial = isSpecial ? nil : path + ".partial"
        descriptor = open(partial ?? path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FCLogError.invalidArgument("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        self.partial = partial
    }

    /// Text for the file; a full disk or a closed pipe is an error.
    func write(_ text: String) throws {
        guard path != nil else { return try Terminal.output(text) }
        let written = Terminal.writeAll(text, to: descriptor)
        guard written else { throw FCLogError.invalidArgument("cannot write \(path!): \(String(cString: strerror(errno)))") }
    }

    /// Puts the file in place.
    func finish() throws {
        guard let path else { return }
        guard let partial else {
            defer { descriptor = -1 }
            guard close(descriptor) == 0 else { throw FCLogError.invalidArgument("cannot write \(path): \(String(cString: strerror(errno)))") }
            return
        }
        guard fsync(descriptor) == 0 || errno == EINVAL, close(descriptor) == 0, rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            descriptor = -1
            throw FCLogError.invalidArgument("cannot write \(path): \(reason)")
        }
        descriptor = -1
    }

    deinit {
        if descriptor > 1 {
            close(descriptor)
            if let partial { unlink(partial) }
        }
    }
}
