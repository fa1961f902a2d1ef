/// A whole log flattened onto one line (field reference 3.7): a line that begins
/// with a Start marker and later holds the End of the same phase and RequestId
/// at the start of a row (after a blank, or glued to a console timestamp).
/// A marker quoted inside ordinary text is no such row: only a line that opens
/// with a marker is split, and only at its own matching End.
public enum OneLineCopy {
    /// The rows of such a line, in order: the Start's, the rows between (each
    /// opening with a timestamp after a blank), the End's, and what follows it
    /// (which may be another copy); nil when the line is an ordinary marker line.
    public static func rows(_ bytes: UnsafeBufferPointer<UInt8>, _ line: RecognisedLine) -> [Range<Int>]? {
        guard line.kind == .marker, let start = line.marker, start.edge == .start else { return nil }
        let token = start.requestID
        var p = token.lowerBound + 1
        while p + 3 < bytes.count {
            guard bytes[p] == UInt8(ascii: "F") || bytes[p] == UInt8(ascii: "f"),
                  let end = LineRecogniser.parseMarker(bytes, at: p), end.edge == .end, end.phase == start.phase,
                  end.requestID.count <= token.count, token.count - end.requestID.count <= maxGluedTimestamp,
                  sameBytes(bytes, at: token.lowerBound, as: end.requestID)
            else {
                p += 1
                continue
            }
            // The row of the End begins at a blank before it, or at the timestamp glued to it.
            let rowStart: Int
            if bytes.byte(p - 1) == 0x20 || bytes.byte(p - 1) == 0x09 {
                // A console timestamp before the blank is the End row's own (a flattened table row).
                var q = p
                while q > token.upperBound, bytes[q - 1] == 0x20 || bytes[q - 1] == 0x09 { q -= 1 }
                if let stamp = gluedTimestamp(bytes, endingAt: q, notBefore: token.upperBound),
                   stamp == token.upperBound || bytes[stamp - 1] == 0x20 || bytes[stamp - 1] == 0x09 {
                    rowStart = stamp
                } else {
                    rowStart = p
                }
            } else if let glued = gluedTimestamp(bytes, endingAt: p, notBefore: token.lowerBound + end.requestID.count) {
                rowStart = glued
            } else {
                p += 1
                continue
            }
            // The Start's RequestId is the End's: what was glued to it begins the next row.
            let startRowEnd = token.lowerBound + end.requestID.count
            var rows = [0..<startRowEnd]
            rows += middleRows(bytes, startRowEnd..<rowStart)
            // An End's error runs to the next row, not to the end of the line.
            let endRowEnd = end.error.map { rowEnd(bytes, after: $0.lowerBound) } ?? end.requestID.upperBound
            rows.append(rowStart..<endRowEnd)
            let rest = bytes.skipBlanks(endRowEnd)
            if rest < bytes.count { rows.append(rest..<bytes.count) }
            return rows
        }
        return nil
    }

    /// Where the row holding `start` ends: before the next row, which opens with a marker or a timestamp
    /// after a blank, or with a console timestamp glued to a marker; its trailing blanks left out.
    private static func rowEnd(_ bytes: UnsafeBufferPointer<UInt8>, after start: Int) -> Int {
        var i = start + 1
        while i < bytes.count {
            let afterBlank = bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09
            var opensRow = false
            if afterBlank, bytes[i] == UInt8(ascii: "F") || bytes[i] == UInt8(ascii: "f") {
                opensRow = LineRecogniser.parseMarker(bytes, at: i) != nil
            } else if bytes.isDigit(i), let (_, stampEnd) = TimestampParser.parse(bytes, at: i) {
                opensRow = afterBlank || LineRecogniser.parseMarker(bytes, at: stampEnd) != nil
            }
            if opensRow {
                var end = i
                while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                return end
            }
            i += 1
        }
        return bytes.count
    }

    private static func sameBytes(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, as range: Range<Int>) -> Bool {
        for k in 0..<range.count where bytes[start + k] != bytes[range.lowerBound + k] { return false }
        return true
    }

    /// The longest console timestamp that may be glued to a RequestId (`2023-09-06 12:28:41.123+08:00`).
    static let maxGluedTimestamp = 32

    /// Where a timestamp that ends exactly at `end` begins, looking no earlier than `floor`.
    private static func gluedTimestamp(_ bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int, notBefore floor: Int) -> Int? {
        var candidate = max(floor, end - maxGluedTimestamp)
        while candidate < end - 7 {
            if bytes.isDigit(candidate), let (_, stampEnd) = TimestampParser.parse(bytes, at: candidate), stampEnd == end {
                return candidate
            }
            candidate += 1
        }
        return nil
    }

    /// The rows between the markers: each opens with a timestamp at the range's start or after a blank.
    private static func middleRows(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Range<Int>] {
        let first = bytes.skipBlanks(range.lowerBound)
        guard first < range.upperBound else { return [] }
        var starts = [first]
        var i = first + 1
        while i < range.upperBound {
            if bytes.isDigit(i), bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09, let (_, stampEnd) = TimestampParser.parse(bytes, at: i),
               stampEnd <= range.upperBound {
                starts.append(i)
                i = stampEnd
            } else {
                i += 1
            }
        }
        return starts.indices.map { k in
            starts[k]..<(k + 1 < starts.count ? starts[k + 1] : range.upperBound)
        }
    }
}
