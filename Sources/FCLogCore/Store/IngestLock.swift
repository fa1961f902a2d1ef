#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps writers of one store (ingests) to one at a time. An ingest hands
/// each commit to its writing thread and goes on numbering spans meanwhile,
/// which holds only while nobody else stores spans in between; migrations
/// too must not run twice at once. The lock is taken on `<store>.lock`, not
/// on the store: a second descriptor of the store, once closed, would drop
/// SQLite's own locks. Readers never take it.
final class IngestLock {
    private let descriptor: Int32

    /// Takes the lock of the store at `storePath`, calling `waiting` first if
    /// another ingest holds it.
    init(storePath: String, waiting: () -> Void) throws {
        let path = storePath + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FCLogError.unusableStore(path: storePath, reason: "cannot create its lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw FCLogError.unusableStore(path: storePath, reason: "cannot lock \(path): \(reason)")
                }
            }
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }
}
