import FCLogCore

/// Fuzzes the text recognisers: envelopes, instance ids, markers, runtime prefixes, summaries, deploy tools' lines,
/// one-line copies, ANSI colours.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLines(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var stripped: [UInt8] = []
    _ = ANSIStripper.strip(bytes, into: &stripped)
    let line = LineRecogniser.recognise(bytes)
    for range in [line.instanceID, line.requestID, line.level, line.message, line.marker?.error, line.marker?.requestID].compactMap({ $0 }) {
        precondition(range.lowerBound >= 0 && range.upperBound <= size, "range \(range) outside a line of \(size) bytes")
    }
    for range in [line.toolQualifier].compactMap({ $0 }) {
        precondition(range.lowerBound >= 0 && range.upperBound <= size, "range \(range) outside a line of \(size) bytes")
    }
    // A one-line copy's rows lie in the line, in order.
    var previous = 0
    for row in OneLineCopy.rows(bytes, line) ?? [] {
        precondition(row.lowerBound >= previous && row.upperBound <= size, "row \(row) out of order in a line of \(size) bytes")
        previous = row.upperBound
        _ = LineRecogniser.recognise(UnsafeBufferPointer(rebasing: bytes[row]))
    }
    if let time = line.prefixTime ?? line.envelopeTime {
        _ = TimestampParser.iso8601(micros: time.civilSeconds &* 1_000_000)
    }
    return 0
}
