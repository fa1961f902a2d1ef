/// Reads the start of a file (4 MiB at most) for what its rows say of its zone, before it is ingested.
public enum ZoneCheck {
    public static func evidence(path: String, limit: Int = 4 << 20) throws -> ZoneEvidence {
        var evidence = ZoneEvidence()
        guard path != "-" else { return evidence }
        let source = try InputOpener.open(path)
        var bytes = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            let n = try bytes.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if n <= 0 { break }
            filled += n
        }
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            for index in 0..<filled where all[index] == 0x0A {
                var end = index
                if end > start, all[end - 1] == 0x0D { end -= 1 }
                evidence.add(LineRecogniser.recognise(UnsafeBufferPointer(rebasing: all[start..<end])))
                start = index + 1
            }
        }
        return evidence
    }
}
