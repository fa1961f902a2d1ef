/// Wraps text to a terminal's width, counting what shows (colour escapes take no room).
public enum TextWrapping {
    public static func wrapped(_ text: String, width: Int) -> String {
        guard width >= 20 else { return text }
        var out: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = line
            let indent = String(repeating: " ", count: min(width / 3, rest.prefix { $0 == " " }.count + 4))
            var first = true
            while visibleWidth(rest) > width - (first ? 0 : indent.count) {
                let room = width - (first ? 0 : indent.count)
                let cut = breakIndex(rest, room: room)
                out.append((first ? "" : Substring(indent)) + rest[..<cut])
                rest = rest[cut...].drop { $0 == " " }
                first = false
            }
            out.append(first ? rest : Substring(indent) + rest)
        }
        return out.joined(separator: "\n")
    }

    /// The last space within `room` visible columns, else the column itself.
    private static func breakIndex(_ line: Substring, room: Int) -> Substring.Index {
        var columns = 0
        var lastSpace: Substring.Index?
        var index = line.startIndex
        var inEscape = false
        while index < line.endIndex {
            let character = line[index]
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                if columns >= room { break }
                if character == " ", columns > 0 { lastSpace = index }
                columns += String(character).displayWidth
            }
            index = line.index(after: index)
        }
        return lastSpace ?? index
    }

    static func visibleWidth(_ line: Substring) -> Int {
        var columns = 0
        var inEscape = false
        for character in line {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                columns += String(character).displayWidth
            }
        }
        return columns
    }
}
