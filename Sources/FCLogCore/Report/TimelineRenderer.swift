/// Renders `fclog report --by` in each format; on a terminal, a one-line chart
/// of invocations and errors per bucket goes above the table.
public struct TimelineRenderer {
    public var chart: Bool
    /// The zone bucket times are printed in; buckets are cut in UTC.
    public var zone: LocalTimeZone

    public init(chart: Bool = false, zone: LocalTimeZone = .utc) {
        self.chart = chart
        self.zone = zone
    }

    public func render(_ timelines: [Timeline], as format: ReportFormat) -> String {
        switch format {
        case .json: JSONValue.array(timelines.map(Self.json)).rendered() + "\n"
        case .csv: Self.csv(timelines)
        case .markdown: timelines.map { Self.markdown($0, zone: zone) }.joined(separator: "\n")
        case .table: timelines.map(table).joined(separator: "\n")
        }
    }

    static func label(_ bucket: Timeline.Bucket, zone: LocalTimeZone) -> String {
        bucket.start.map { ReportRenderer.time($0, zone: zone) } ?? "no time"
    }

    static let header = ["bucket", "invocations", "errors", "timeouts", "cold starts", "init failures", "p50 ms", "p99 ms", "billed ms", "peak"]

    static func cells(_ b: Timeline.Bucket, label: String) -> [String] {
        [label, String(b.invocations), String(b.errors), String(b.timeouts), String(b.coldStarts), String(b.initializerFailures),
         ReportRenderer.millis(b.durations.p50), ReportRenderer.millis(b.durations.p99), ReportRenderer.grouped(b.billedMillis), String(b.peakConcurrency)]
    }

    /// `30s`, `5m`, `1h`, `1d`: the largest unit the width is a whole number of.
    static func width(_ micros: Int64) -> String {
        let seconds = micros / 1_000_000
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where seconds % size == 0 { return "\(seconds / size)\(unit)" }
        return "\(seconds)s"
    }

    /// The buckets' rows, runs of two or more empty buckets folded into one line.
    static func rows(_ t: Timeline, label: (Timeline.Bucket) -> String) -> [[String]] {
        var rows: [[String]] = []
        var empty: [Timeline.Bucket] = []
        func flush() {
            if empty.count == 1 { rows.append(cells(empty[0], label: label(empty[0]))) }
            if empty.count > 1 { rows.append(["… \(empty.count) empty", "", "", "", "", "", "", "", "", ""]) }
            empty = []
        }
        for bucket in t.buckets {
            if bucket.start != nil, bucket.invocations == 0, bucket.billedMillis == 0, bucket.coldStarts == 0, bucket.initializerFailures == 0 {
                empty.append(bucket)
                continue
            }
            flush()
            rows.append(cells(bucket, label: label(bucket)))
        }
        flush()
        return rows
    }

    func table(_ t: Timeline) -> String {
        var out = "\(t.function)  per \(Self.width(t.widthMicros))\n"
        if chart {
            let timed = t.buckets.filter { $0.start != nil }
            out += "  invocations " + Self.sparkline(timed.map(\.invocations)) + "  max \(timed.map(\.invocations).max() ?? 0)\n"
            out += "  errors      " + Self.sparkline(timed.map { $0.errors + $0.timeouts }) + "  max \(timed.map { $0.errors + $0.timeouts }.max() ?? 0)\n"
        }
        let rows = [Self.header] + Self.rows(t) { Self.label($0, zone: zone) } + [Self.cells(t.total, label: "total")]
        return out + ReportRenderer.aligned(rows)
    }

    /// One character per bucket (buckets grouped by their largest when there are more than 64), in eighths of the largest.
    static func sparkline(_ values: [Int]) -> String {
        let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let width = 64
        let grouped: [Int] = values.count <= width ? values : (0..<width).map { column in
            let from = column * values.count / width
            let to = Swift.max(from + 1, (column + 1) * values.count / width)
            return values[from..<to].max() ?? 0
        }
        let top = grouped.max() ?? 0
        return String(grouped.map { value in
            guard top > 0, value > 0 else { return blocks[0] }
            return blocks[Swift.max(1, (value * 8 + top - 1) / top)]
        })
    }

    static func json(_ t: Timeline) -> JSONValue {
        func bucket(_ b: Timeline.Bucket) -> JSONValue {
            func ms(_ v: Int64?) -> JSONValue { v.map { .number(Double($0) / 1000) } ?? .null }
            return .object([
                ("start", b.start.map { .string(TimestampParser.iso8601(micros: $0)) } ?? .null),
                ("invocations", .integer(Int64(b.invocations))), ("errors", .integer(Int64(b.errors))), ("timeouts", .integer(Int64(b.timeouts))),
                ("cold_starts", .integer(Int64(b.coldStarts))), ("initializer_failures", .integer(Int64(b.initializerFailures))),
                ("billed_ms", .integer(b.billedMillis)), ("peak_concurrency", .integer(Int64(b.peakConcurrency))),
                ("duration_ms", .object([("count", .integer(Int64(b.durations.count))), ("p50", ms(b.durations.p50)), ("p99", ms(b.durations.p99))])),
            ])
        }
        return .object([("function", .string(t.function)), ("bucket_seconds", .integer(t.widthMicros / 1_000_000)),
                        ("buckets", .array(t.buckets.map(bucket))), ("total", bucket(t.total))])
    }

    static func csv(_ timelines: [Timeline]) -> String {
        var out = "function,bucket,invocations,errors,timeouts,cold_starts,initializer_failures,p50_ms,p99_ms,billed_ms,peak_concurrency\r\n"
        for t in timelines {
            for (b, isTotal) in t.buckets.map({ ($0, false) }) + [(t.total, true)] {
                let label = isTotal ? "total" : b.start.map { TimestampParser.iso8601(micros: $0) } ?? ""
                let p50 = b.durations.p50.map { JSONValue.format(Double($0) / 1000) } ?? ""
                let p99 = b.durations.p99.map { JSONValue.format(Double($0) / 1000) } ?? ""
                var values: [String] = [t.function, label, String(b.invocations), String(b.errors), String(b.timeouts)]
                values += [String(b.coldStarts), String(b.initializerFailures), p50, p99, String(b.billedMillis), String(b.peakConcurrency)]
                out += values.map(ResultWriter.csvField).joined(separator: ",") + "\r\n"
            }
        }
        return out
    }

    static func markdown(_ t: Timeline, zone: LocalTimeZone) -> String {
        var out = "## \(t.function), per \(width(t.widthMicros))\n\n"
        out += "| " + header.joined(separator: " | ") + " |\n|---|" + String(repeating: "---:|", count: header.count - 1) + "\n"
        for row in rows(t, label: { label($0, zone: zone) }) + [cells(t.total, label: "**total**")] {
            out += "| " + row.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
