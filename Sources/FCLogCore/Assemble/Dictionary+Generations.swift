extension Dictionary {
    /// Starts a new generation of a table kept as two, once this one holds
    /// `size` entries: `older` takes this one's entries and this one starts
    /// empty. Swapped, not copied, so the cleared table keeps its storage
    /// rather than sharing it; made full-sized at once rather than grown step by step.
    mutating func startGeneration(over older: inout Dictionary, at size: Int) {
        guard count >= size else { return }
        swap(&older, &self)
        removeAll(keepingCapacity: true)
        reserveCapacity(size)
    }
}
