extension ReportBuilder {
    typealias Example = FunctionReport.Examples.Example

    /// Functions with at most this many invocations have their slowest found below a second too.
    static let slowestScanLimit = 200_000

    /// Example RequestIds of one function's problems, through the indexes of failed spans and of long runs:
    /// failures the earliest (by time, which any store of the same logs agrees on, in whatever order they
    /// were read), runs the longest. `errors` lists examples
    /// for each of those error texts.
    static func examples(_ store: ReportReader, function: String, invocations: Int, errors: [String], options: ReportOptions) throws
        -> FunctionReport.Examples {
        var examples = FunctionReport.Examples()
        let n = options.examples
        guard n > 0 else { return examples }
        func list(_ kind: ReportReader.ExampleKind) throws -> [Example] {
            try store.examples(kind, function: function, options.selection, limit: n).map { Example(requestID: $0.requestID, value: $0.value) }
        }
        examples.timeouts = try list(.timeouts)
        // An invocation's error label is its error text, else its status (the tally's rule).
        examples.errors = try errors.map { text in
            var found: [Example] = []
            for status in [SpanStatus.error, .timeout] {
                found += try list(.failedInvocations(status, error: text))
                if text == status.rawValue { found += try list(.failedInvocations(status, error: nil)) }
            }
            return Array(found.sorted { ($0.value, $0.requestID) < ($1.value, $1.requestID) }.prefix(n))
        }
        examples.initializerFailures = try list(.failedHooks(.initialize))
        examples.prestopFailures = try list(.failedHooks(.prestop))
        // Runs of a second or more are indexed; below that, a function's invocations are read when they are few.
        examples.slowestInvocations = try list(.slowestInvocations(indexedOnly: true))
        if examples.slowestInvocations.count < n, invocations <= slowestScanLimit {
            examples.slowestInvocations = try list(.slowestInvocations(indexedOnly: false))
        }
        examples.longestInitializers = try list(.longestInitializers)
        return examples
    }

    /// The examples of several functions together: of their failures, the earliest (stores number spans each
    /// their own way, so that a shared database of several stores lists what one store of everything lists); the longest runs.
    static func merged(_ all: [FunctionReport.Examples], limit: Int) -> FunctionReport.Examples {
        func earliest(_ lists: [[Example]]) -> [Example] {
            Array(lists.joined().sorted { ($0.value, $0.requestID) < ($1.value, $1.requestID) }.prefix(limit))
        }
        func longest(_ lists: [[Example]]) -> [Example] {
            Array(lists.joined().sorted { ($0.value, $1.requestID) > ($1.value, $0.requestID) }.prefix(limit))
        }
        var merged = FunctionReport.Examples()
        merged.timeouts = earliest(all.map(\.timeouts))
        merged.errors = (all.first?.errors ?? []).indices.map { index in earliest(all.map { $0.errors[index] }) }
        merged.initializerFailures = earliest(all.map(\.initializerFailures))
        merged.prestopFailures = earliest(all.map(\.prestopFailures))
        merged.slowestInvocations = longest(all.map(\.slowestInvocations))
        merged.longestInitializers = longest(all.map(\.longestInitializers))
        return merged
    }
}
