#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Atomics
import FCLogCore
import Synchronization
import Foundation

/// Standard streams, interrupts and the mapping of errors to messages.
enum Terminal {
    /// Set by the signal handlers (on whichever thread the signal lands) and read by the command's loops on theirs.
    static let interruption = ManagedAtomic<Int32>(0)

    static var interrupted: Int32 { interruption.load(ordering: .relaxed) }

    static var stderrIsTerminal: Bool { isatty(2) != 0 }

    /// The width of the terminal on standard output, else `$COLUMNS`, else 80.
    static var stdoutColumns: Int { columns(of: [1]) }

    /// The width of the terminal on standard error (or output), else `$COLUMNS`, else 80.
    static var stderrColumns: Int { columns(of: [2, 1]) }

    private static func columns(of descriptors: [Int32]) -> Int {
        var size = winsize()
        for descriptor in descriptors where ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    static var stdoutIsTerminal: Bool { isatty(1) != 0 }

    /// Colour on standard output: a terminal, no `NO_COLOR` (https://no-color.org), and not `TERM=dumb`.
    static var colourAllowed: Bool {
        let environment = ProcessInfo.processInfo.environment
        return stdoutIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// Inline charts on standard output: a terminal that can show more than plain text (not `TERM=dumb`).
    static var chartsAllowed: Bool {
        stdoutIsTerminal && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Writes a command's output; a full disk or a closed pipe is an error, not lost output with exit 0.
    static func output(_ text: String) throws {
        guard write(text) else {
            let reason = String(cString: strerror(errno))
            printError("cannot write the output: \(reason)")
            throw ExitCode(1)
        }
    }

    private static let said = Mutex<Set<String>>([])

    /// A message a redrawing command (report --watch) would otherwise repeat.
    static func printErrorOnce(_ message: String) {
        guard said.withLock({ $0.insert(message).inserted }) else { return }
        printError(message)
    }

    /// Output for people: on a terminal, lines wider than it are wrapped at a space, the rest indented under
    /// the line's start; piped, as it is.
    static func outputFitted(_ text: String) throws {
        guard stdoutIsTerminal else { return try output(text) }
        try output(TextWrapping.wrapped(text, width: stdoutColumns))
    }

    static func printError(_ message: String) {
        writeAll("fclog: " + message + "\n", to: 2)
    }

    /// Writes to standard output; false when it is gone (a closed terminal or pipe).
    @discardableResult
    static func write(_ text: String) -> Bool {
        writeAll(text, to: 1)
    }

    static func writeStderr(_ text: String) {
        writeAll(text, to: 2)
    }

    /// Writes all of `text` to a descriptor; false when it cannot (a full disk, a closed pipe: see errno).
    @discardableResult
    static func writeAll(_ text: String, to descriptor: Int32) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    /// Ctrl-C (or SIGTERM) sets a flag the long loops check; a second one ends the process.
    static func trapInterrupts() {
        // A parent may have left SIGINT or SIGTERM blocked for its children; both must reach this process.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        // Made before a handler can run: a handler must not be the first to touch the global.
        _ = interruption.load(ordering: .relaxed)
        signal(SIGINT) { _ in
            let saved = errno
            if Terminal.interruption.exchange(1, ordering: .relaxed) != 0 { _exit(130) }
            errno = saved
        }
        // A service manager stops a follower with SIGTERM: it ends the same way as Ctrl-C.
        signal(SIGTERM) { _ in
            let saved = errno
            if Terminal.interruption.exchange(1, ordering: .relaxed) != 0 { _exit(143) }
            errno = saved
        }
    }
}
