import Foundation
import FCLogCore
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to its end and measures it.
struct Measurement {
    var seconds: Double
    var peakRSSBytes: Int
    var status: Int32

    /// Spawns `arguments[0]` with the rest, stdout and stderr to /dev/null, and waits with `wait4` for its own rusage.
    static func run(_ arguments: [String]) throws -> Measurement {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let started = Date()
        let rc = posix_spawn(&pid, arguments[0], &actions, nil, cArguments, environ)
        guard rc == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Date().timeIntervalSince(started)
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Measurement(seconds: seconds, peakRSSBytes: Int(usage.ru_maxrss) * 1024, status: exit)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func fileSize(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}

/// A store's size with its write-ahead log folded in: a small ingest leaves most of its pages in the log.
func storeSize(_ path: String) throws -> Int {
    try SQLiteDatabase(path: path, mode: .readWrite).execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return fileSize(path) + fileSize(path + "-wal")
}

func removeStore(_ path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

/// A store of at least `spans` spans of synthetic logs, ingested with `--lines none` (the input is removed after):
/// its path, its span count and the ingest's measurement.
func largeStore(binary: String, folder: String, spans: Int, shape: SyntheticLogs.Shape) throws -> (path: String, spans: String, ingest: Measurement) {
    // The synthetic text holds about one span per 552 bytes, an SLS export one per 1,300.
    let input = "\(folder)/large.\(shape.rawValue)"
    _ = try SyntheticLogs(shape: shape, targetBytes: spans * (shape == .text ? 560 : 1300), seed: 11).write(to: input)
    let store = "\(folder)/large.db"
    removeStore(store)
    let ingest = try Measurement.run([binary, "ingest", "--db", store, "--lines", "none", "--tz", "+08:00", input])
    try? FileManager.default.removeItem(atPath: input)
    guard ingest.status == 0 else { throw BenchError("fclog ingest failed with status \(ingest.status)") }
    return (store, (try? Measurement.spanCount(binary, store)) ?? "?", ingest)
}
