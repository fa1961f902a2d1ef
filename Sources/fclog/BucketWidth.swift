import ArgumentParser

/// The width of `report --by` buckets: `30s`, `1m`, `5m`, `1h`, `1d`.
struct BucketWidth: ExpressibleByArgument {
    var micros: Int64

    init?(argument: String) {
        guard let unit = argument.last, let amount = Int64(argument.dropLast()), amount > 0 else { return nil }
        let seconds: Int64
        switch unit {
        case "s": seconds = amount
        case "m": seconds = amount * 60
        case "h": seconds = amount * 3600
        case "d": seconds = amount * 86_400
        default: return nil
        }
        guard seconds <= 366 * 86_400 else { return nil }
        micros = seconds * 1_000_000
    }

    static var defaultCompletionKind: CompletionKind { .list(["1m", "5m", "1h", "1d"]) }
}
