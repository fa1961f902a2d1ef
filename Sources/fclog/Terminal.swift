#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FCLogCore

/// Standard streams, interrupts and the mapping of errors to messages.
enum Terminal {
    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0

    static var stderrIsTerminal: Bool { isatty(2) != 0 }
    static var stdoutIsTerminal: Bool { isatty(1) != 0 }

    static func printError(_ message: String) {
        writeAll("fclog: " + message + "\n", to: 2)
    }

    static func write(_ text: String) {
        writeAll(text, to: 1)
    }

    static func writeStderr(_ text: String) {
        writeAll(text, to: 2)
    }

    private static func writeAll(_ text: String, to descriptor: Int32) {
        var copy = text
        copy.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Ctrl-C sets a flag the long loops check; a second one ends the process.
    static func trapInterrupts() {
        signal(SIGINT) { _ in
            if Terminal.interrupted != 0 { _exit(130) }
            Terminal.interrupted = 1
        }
    }
}
