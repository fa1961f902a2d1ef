import ArgumentParser

/// An idle time before an instance is reclaimed: `90s`, `10m`, `1h`, or `never`.
struct KeepAlive: ExpressibleByArgument {
    /// Microseconds; nil: never reclaimed.
    var micros: Int64?

    init?(argument: String) {
        if argument == "never" {
            micros = nil
            return
        }
        guard let unit = argument.last, let amount = Double(argument.dropLast()), amount.isFinite, amount >= 0 else { return nil }
        let seconds: Double
        switch unit {
        case "s": seconds = amount
        case "m": seconds = amount * 60
        case "h": seconds = amount * 3600
        default: return nil
        }
        guard seconds <= 7 * 86_400 else { return nil }
        micros = Int64(seconds * 1_000_000)
    }

    static var defaultCompletionKind: CompletionKind { .list(["never", "10m", "1h"]) }
}
