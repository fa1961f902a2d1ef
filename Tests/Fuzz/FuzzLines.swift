import FCLogCore

/// Fuzzes the text recognisers: envelopes, instance ids, markers, runtime prefixes, summaries, ANSI colours.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLines(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var stripped: [UInt8] = []
    _ = ANSIStripper.strip(bytes, into: &stripped)
    let line = LineRecogniser.recognise(bytes)
    for range in [line.instanceID, line.requestID, line.level, line.message, line.marker?.error, line.marker?.requestID].compactMap({ $0 }) {
        precondition(range.lowerBound >= 0 && range.upperBound <= size, "range \(range) outside a line of \(size) bytes")
    }
    if let time = line.prefixTime ?? line.envelopeTime {
        _ = TimestampParser.iso8601(micros: time.civilSeconds &* 1_000_000)
    }
    return 0
}
