import FCLogCore

/// Fuzzes timestamp parsing at every offset, and formatting of what parses.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimestamps(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    for offset in 0..<min(size, 64) {
        if let (stamp, end) = TimestampParser.parse(bytes, at: offset) {
            precondition(end > offset && end <= size)
            precondition(stamp.micros >= 0 && stamp.micros < 1_000_000)
            let text = TimestampParser.iso8601(micros: stamp.civilSeconds * 1_000_000 + stamp.micros)
            precondition(text.utf8.count == 24)
        }
    }
    if let text = String(validating: bytes, as: UTF8.self) {
        _ = try? LocalTimeZone(parsing: text)
        _ = try? ReportOptions.parseTime(text, now: 1_700_000_000_000_000)
    }
    return 0
}
