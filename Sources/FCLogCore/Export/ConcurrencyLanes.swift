/// Places the spans of one instance, taken in order of start, on the lowest lane free at their start, so
/// that no two spans of a lane overlap: trace viewers drop or mis-nest overlapping slices of one track.
struct ConcurrencyLanes {
    /// When each lane is next free.
    private(set) var ends: [Int64] = []

    /// The lane of a span from `start` to `end`, and whether the lane is new.
    mutating func place(start: Int64, end: Int64) -> (lane: Int, isNew: Bool) {
        if let free = ends.firstIndex(where: { $0 <= start }) {
            ends[free] = end
            return (free, false)
        }
        ends.append(end)
        return (ends.count - 1, true)
    }
}
