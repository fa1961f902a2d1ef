extension ReportBuilder {
    /// The most buckets one timeline may have.
    public static let maxBuckets = 20_000

    /// Per bucket, what a bucket's figures are made of while spans come.
    private struct BucketFigures {
        var bucket: Timeline.Bucket
        var durations: [Int64: Int] = [:]

        init(start: Int64?) {
            bucket = Timeline.Bucket(start: start)
        }

        mutating func merge(_ other: BucketFigures) {
            bucket.invocations += other.bucket.invocations
            bucket.errors += other.bucket.errors
            bucket.timeouts += other.bucket.timeouts
            bucket.coldStarts += other.bucket.coldStarts
            bucket.initializerFailures += other.bucket.initializerFailures
            bucket.billedMillis += other.bucket.billedMillis
            bucket.peakConcurrency = Swift.max(bucket.peakConcurrency, other.bucket.peakConcurrency)
            durations.merge(other.durations, uniquingKeysWith: +)
        }

        func finished() -> Timeline.Bucket {
            var result = bucket
            result.durations = Percentiles(counts: durations)
            return result
        }
    }

    /// The timelines of each function reported and, with several, of their total, in buckets of `widthMicros`
    /// cut on the clock of `zone` (a day is a local day).
    public static func timelines(_ db: SQLiteDatabase, options: ReportOptions, widthMicros: Int64, zone: LocalTimeZone = .utc) throws -> [Timeline] {
        let store = ReportReader(db: db)
        return try store.snapshot { try timelines(store, options: options, widthMicros: widthMicros, zone: zone) }
    }

    private static func timelines(_ store: ReportReader, options: ReportOptions, widthMicros: Int64, zone: LocalTimeZone) throws -> [Timeline] {
        let (reported, accumulators, _) = try accumulate(store, options: options, fromSummaries: false)
        // Bucket numbers by function; nil holds the spans with no time.
        var figures: [String: [Int64?: BucketFigures]] = [:]
        func bucket(_ time: Int64?) -> Int64? {
            time.map { utc in
                let local = utc + Int64(zone.offsetSeconds(atUTC: utc / 1_000_000)) * 1_000_000
                return local >= 0 ? local / widthMicros : (local - widthMicros + 1) / widthMicros
            }
        }
        let start = { (number: Int64) in zone.utcSeconds(fromLocal: number * widthMicros / 1_000_000) * 1_000_000 }
        func update(_ function: String, _ time: Int64?, _ change: (inout BucketFigures) -> Void) {
            let key = bucket(time)
            var entry = figures[function]?[key] ?? BucketFigures(start: key.map(start))
            change(&entry)
            figures[function, default: [:]][key] = entry
        }
        let wanted = Set(reported)
        try store.spans(options.selection) { function, _, row in
            guard wanted.contains(function) else { return }
            update(function, row.start ?? row.end) { f in
                if let billed = Accumulator.requestBilled(status: row.status, duration: row.duration, stepMillis: options.billingStepMillis) {
                    f.bucket.billedMillis += billed
                }
                switch row.phase {
                case .invoke:
                    f.bucket.invocations += 1
                    if row.status == .error { f.bucket.errors += 1 }
                    if row.status == .timeout { f.bucket.timeouts += 1 }
                    if row.status != .unfinished, let duration = row.duration { f.durations[duration, default: 0] += 1 }
                case .initialize:
                    if row.status != .ok { f.bucket.initializerFailures += 1 }
                case .prestop, .prefreeze, .prepareCode:
                    break
                }
            }
        }
        for name in reported {
            for time in accumulators[name]!.coldStarts().times { update(name, time) { $0.bucket.coldStarts += 1 } }
            try sweepPeaks(store, function: name, options: options) { time, running in
                update(name, time) { $0.bucket.peakConcurrency = Swift.max($0.bucket.peakConcurrency, running) }
            }
        }
        var timelines = try reported.map { name in try timeline(name, figures[name] ?? [:], widthMicros: widthMicros, start: start) }
        if reported.count > 1 {
            var all: [Int64?: BucketFigures] = [:]
            for name in reported {
                for (key, entry) in figures[name] ?? [:] { all[key, default: BucketFigures(start: entry.bucket.start)].merge(entry) }
            }
            timelines.append(try timeline("total", all, widthMicros: widthMicros, start: start))
        }
        return timelines
    }

    /// Invocations running at the start of each one, instance by instance: the peak of a bucket is reached at a start in it.
    private static func sweepPeaks(_ store: ReportReader, function: String, options: ReportOptions, _ body: (Int64, Int) -> Void) throws {
        var instance: Int64?
        var sweep = BusyPeriods.PeakSweep()
        try store.invocationsByInstance(function: function, options.selection) { number, start, end in
            if number != instance {
                instance = number
                sweep = BusyPeriods.PeakSweep()
            }
            sweep.add(BusyPeriods.Interval(start: start, end: end))
            if end > start { body(start, sweep.running) }
        }
    }

    private static func timeline(_ function: String, _ figures: [Int64?: BucketFigures], widthMicros: Int64,
                                 start: (Int64) -> Int64) throws -> Timeline {
        let numbers = figures.keys.compactMap { $0 }
        var buckets: [Timeline.Bucket] = []
        var total = BucketFigures(start: nil)
        if let first = numbers.min(), let last = numbers.max() {
            guard last - first < Int64(maxBuckets) else {
                throw FCLogError.invalidArgument("the spans of \(function) cover \(last - first + 1) buckets, more than \(maxBuckets): use a wider --by or --since/--until")
            }
            for number in first...last {
                let entry = figures[number] ?? BucketFigures(start: start(number))
                total.merge(entry)
                buckets.append(entry.finished())
            }
        }
        if let untimed = figures[nil] {
            total.merge(untimed)
            buckets.append(untimed.finished())
        }
        return Timeline(function: function, widthMicros: widthMicros, buckets: buckets, total: total.finished())
    }
}
