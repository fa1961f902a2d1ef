import FCLogCore
#if canImport(Glibc)
import Glibc
#endif

/// Fuzzes the whole pipeline: any bytes as an input file, ingested into an
/// in-memory store, then reported on. Nothing may crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIngest(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = "/tmp/fclog-fuzz-\(getpid()).log"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    _ = write(fd, data, size)
    close(fd)
    defer { unlink(path) }
    do {
        let ingester = try Ingester(database: try Store.openForWriting(path: ":memory:"),
                                    options: IngestOptions(timeZone: .utc, defaultFunction: "fuzz", batchLines: 7))
        try ingester.ingest(path: path)
        _ = try ingester.finish()
        let database = ingester.database
        _ = try ReportBuilder.build(database, options: ReportOptions())
        _ = try QueryRunner.run("SELECT * FROM lines", on: database)
    } catch {
        // Errors are fine; crashes are not.
    }
    return 0
}
