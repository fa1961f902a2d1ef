#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FCLogCore

/// The ingest's progress on a terminal's standard error, redrawn in place with a carriage return and
/// spaces only (no escape codes, so a dumb terminal shows it too): percentage, size, rate and time left for
/// a file of known size, then lines and spans so far; "waiting for input" while a live input is quiet.
final class ProgressLine {
    private var width = 0
    private var input = ""
    private var first: (elapsed: Double, bytes: Int) = (0, 0)
    private var size: Int?

    func show(_ progress: IngestProgress) {
        if progress.input != input {
            input = progress.input
            first = (progress.elapsed, progress.bytes)
            size = Self.plainFileSize(progress.input)
        }
        var parts: [String] = []
        let mib = Double(progress.bytes) / 1_048_576
        // The rate is measured from the first report of the input: the bytes before it came in one read.
        let seconds = progress.elapsed - first.elapsed
        let rate = seconds > 0.2 ? Double(progress.bytes - first.bytes) / 1_048_576 / seconds : nil
        if progress.waiting {
            parts.append("waiting for input")
        } else if let size, size > 0 {
            let share = min(1, Double(progress.bytes) / Double(size))
            parts.append("\(Int(share * 100))% of " + String(format: "%.0f MiB", Double(size) / 1_048_576))
            if let rate, rate > 0 {
                parts.append(String(format: "%.1f MiB/s", rate))
                let left = Double(size - progress.bytes) / 1_048_576 / rate
                if share < 1 { parts.append("\(Int(left.rounded(.up))) s left") }
            }
        } else {
            parts.append(String(format: "%.0f MiB", mib))
            if let rate { parts.append(String(format: "%.1f MiB/s", rate)) }
        }
        parts.append(Self.count(progress.lines, "line"))
        parts.append(Self.count(progress.spans, "span"))
        let name = progress.input == "-" ? "standard input" : progress.input.split(separator: "/").last.map(String.init) ?? progress.input
        draw(name + ": " + parts.joined(separator: " · "))
    }

    /// Takes the line off the terminal.
    func clear() {
        guard width > 0 else { return }
        Terminal.writeStderr("\r" + String(repeating: " ", count: width) + "\r")
        width = 0
    }

    private func draw(_ text: String) {
        // One line: cut to the terminal's width, padded over what the last one left.
        var line = text
        let columns = Terminal.stderrColumns
        if line.count > columns - 1 { line = String(line.prefix(max(10, columns - 2))) + "…" }
        let padding = max(0, width - line.count)
        Terminal.writeStderr("\r" + line + String(repeating: " ", count: padding))
        width = line.count
    }

    /// The size of a regular, uncompressed file; nil for standard input, pipes and gzip (whose bytes read are
    /// the decompressed ones).
    static func plainFileSize(_ path: String) -> Int? {
        guard path != "-" else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var magic = [UInt8](repeating: 0, count: 2)
        if read(descriptor, &magic, 2) == 2, magic == GzipByteSource.magic { return nil }
        return Int(info.st_size)
    }

    static func count(_ value: Int, _ noun: String) -> String {
        ReportRenderer.grouped(Int64(value)) + " " + noun + (value == 1 ? "" : "s")
    }
}
