import FCLogCore

/// Fuzzes the JSON record reader: one-line objects, SLS classification, and
/// the splitter that collects records spanning lines.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let record = JSONRecordParser.parse(bytes), let sls = SLSRecord(record) {
        _ = sls.instanceEvent
        _ = record.int("__time__")
        _ = record.double("durationMs")
        _ = record.bool("isColdStart")
    }
    var splitter = JSONRecordSplitter()
    var start = 0
    for index in 0...size where index == size || bytes[index] == 0x0A {
        let line = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if splitter.isActive || JSONRecordSplitter.opens(line) {
            _ = splitter.feed(line, onRecord: { object in _ = JSONRecordParser.parse(object) }, onBroken: {})
        }
        start = index + 1
    }
    _ = splitter.finish()
    return 0
}
