#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps writers of one store (ingests) to one at a time. An ingest hands
/// each commit to its writing thread and goes on numbering spans meanwhile,
/// which holds only while nobody else stores spans in between; migrations
/// too must not run twice at once. The lock is a `flock` on the store file
/// itself, so that every path to it (a symlink, a hard link, `./` or not)
/// finds the same lock. It is held by the connection and closed after it:
/// closing a descriptor of the file while SQLite's `fcntl` locks are held
/// would drop them. Readers never take it.
final class IngestLock {
    private let descriptor: Int32

    /// Takes the lock of the store at `storePath` (creating the file, empty, if it
    /// is new), calling `waiting` first if another ingest holds it.
    init(storePath: String, waiting: () -> Void) throws {
        var fd = open(storePath, O_RDONLY | O_CLOEXEC)
        if fd < 0 && errno == ENOENT { fd = open(storePath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        guard fd >= 0 else {
            throw FCLogError.unusableStore(path: storePath, reason: String(cString: strerror(errno)))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw FCLogError.unusableStore(path: storePath, reason: "cannot lock it: \(reason)")
                }
            }
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }
}
