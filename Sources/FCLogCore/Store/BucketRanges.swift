/// The buckets of record identities that may hold stored keys, as two ranges of bucket numbers: timed
/// buckets (seconds, not negative) and untimed ones (negative), which lie far apart. A bucket outside both is
/// known to be empty without reading the store.
struct BucketRanges: Sendable, Equatable {
    private(set) var timed: ClosedRange<Int64>?
    private(set) var untimed: ClosedRange<Int64>?

    init(timed: ClosedRange<Int64>? = nil, untimed: ClosedRange<Int64>? = nil) {
        self.timed = timed
        self.untimed = untimed
    }

    func contains(_ bucket: Int64) -> Bool {
        (bucket >= 0 ? timed : untimed)?.contains(bucket) ?? false
    }

    mutating func insert(_ bucket: Int64) {
        if bucket >= 0 { timed = Self.widened(timed, by: bucket) } else { untimed = Self.widened(untimed, by: bucket) }
    }

    private static func widened(_ range: ClosedRange<Int64>?, by bucket: Int64) -> ClosedRange<Int64> {
        guard let range else { return bucket...bucket }
        return min(range.lowerBound, bucket)...max(range.upperBound, bucket)
    }
}
