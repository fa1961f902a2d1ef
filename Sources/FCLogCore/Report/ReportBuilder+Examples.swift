extension ReportBuilder {
    typealias Example = FunctionReport.Examples.Example

    /// Functions with at most this many invocations have their slowest found below a second too.
    static let slowestScanLimit = 200_000

    /// Example RequestIds of one function's problems, through the indexes of failed spans and of long runs:
    /// failures the earliest (by time, which any store of the same logs agrees on, in whatever order they
    /// were read), runs the longest. `errors` lists examples
    /// for each of those error texts.
    static func examples(_ db: SQLiteDatabase, function: String, invocations: Int, errors: [String], options: ReportOptions) throws
        -> FunctionReport.Examples {
        var examples = FunctionReport.Examples()
        let n = options.examples
        guard n > 0 else { return examples }
        let window = SpanSelection.window + (options.selection.isScoped ? " AND " + SpanSelection.scope : "")
        func list(_ condition: String, order: String, value: String, _ bindMore: (SQLiteStatement) -> Void = { _ in }) throws -> [Example] {
            let s = try db.prepare("""
                SELECT request_id, \(value) FROM fclog_span_rows WHERE function = ?1 AND \(condition) AND \(window) ORDER BY \(order) LIMIT \(n)
                """)
            s.bind(1, function)
            s.bind(2, options.since)
            s.bind(3, options.until)
            options.selection.bindScope(s)
            bindMore(s)
            var found: [Example] = []
            while try s.step() { found.append(Example(requestID: s.text(0) ?? "", value: s.optionalInt64(1) ?? 0)) }
            return found
        }
        let time = "coalesce(start_us, end_us, 0)"
        // In the order of the indexes (v13-examples-by-time): the earliest failures, and of equal durations the latest run.
        let earliest = time + ", request_id, id"
        let longest = "duration_us DESC, \(time) DESC, request_id DESC, id DESC"
        examples.timeouts = try list("kind = 'invoke' AND status <> 'ok' AND status = 'timeout'", order: earliest, value: time)
        // An invocation's error label is its error text, else its status (the tally's rule).
        examples.errors = try errors.map { text in
            var found: [Example] = []
            for status in ["error", "timeout"] {
                found += try list("kind = 'invoke' AND status <> 'ok' AND status = '\(status)' AND error = ?4", order: earliest, value: time) {
                    $0.bind(4, text)
                }
                if text == status {
                    found += try list("kind = 'invoke' AND status <> 'ok' AND status = '\(status)' AND error IS NULL", order: earliest, value: time)
                }
            }
            return Array(found.sorted { ($0.value, $0.requestID) < ($1.value, $1.requestID) }.prefix(n))
        }
        examples.initializerFailures = try list("kind = 'initialize' AND status <> 'ok'", order: earliest, value: time)
        examples.prestopFailures = try list("kind = 'prestop' AND status <> 'ok'", order: earliest, value: time)
        // Runs of a second or more are indexed; below that, a function's invocations are read when they are few.
        let finished = "kind = 'invoke' AND duration_us IS NOT NULL AND status <> 'unfinished'"
        examples.slowestInvocations = try list(finished + " AND duration_us >= 1000000", order: longest, value: "duration_us")
        if examples.slowestInvocations.count < n, invocations <= slowestScanLimit {
            examples.slowestInvocations = try list(finished, order: longest, value: "duration_us")
        }
        examples.longestInitializers = try list("kind = 'initialize' AND duration_us IS NOT NULL AND status = 'ok'",
                                                order: longest, value: "duration_us")
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
