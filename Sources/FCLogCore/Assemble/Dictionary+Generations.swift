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

extension Dictionary where Value: BinaryInteger {
    /// Counts `key` once more in a table kept as two generations (`startGeneration` at `size`); the count,
    /// this one included.
    mutating func countOnce(_ key: Key, over older: inout Dictionary, generation size: Int) -> Value {
        guard count < size else {
            let seen = self[key] ?? older[key] ?? 0
            startGeneration(over: &older, at: size)
            self[key] = seen + 1
            return seen + 1
        }
        // One search of this table, which a new key (the most) misses in memory, not a read and a write.
        func bump(_ count: inout Value) -> Value {
            count += 1
            return count
        }
        return bump(&self[key, default: older[key] ?? 0])
    }
}
