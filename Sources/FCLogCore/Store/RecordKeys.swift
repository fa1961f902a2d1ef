/// The identities of stored records, grouped in buckets of one second (or,
/// for lines with no time, of one lexical context) and stored as rows of a
/// bucket's keys (blobs of 48-bit keys, 6 bytes each) added by one input in one batch, so
/// that an input's identities can be forgotten with it. Checking a record
/// touches memory; the store is read once per bucket and written once per
/// bucket and batch, not once per line.
final class RecordKeys {
    private struct Bucket {
        var keys: Set<Fingerprint>
        /// Keys added since the bucket was last written, in order, with the inputs that added them as runs
        /// (mostly one): a blob is stored per input.
        var added: [UInt64] = []
        var runs: [(input: Int64, end: Int)] = []
        /// The commit its last write goes with: once the bucket leaves memory, it is read from
        /// `pendingWrites` until that commit is done.
        var writtenBy = 0
        var lastUse = 0
        var dirty: Bool { !added.isEmpty }

        mutating func add(_ key: UInt64, by input: Int64) {
            // Sized for a second's records at once, not grown from one key by doubling after each write.
            if added.isEmpty { added.reserveCapacity(max(16, keys.count / 4)) }
            added.append(key)
            if runs.last?.input == input { runs[runs.count - 1].end = added.count } else { runs.append((input, added.count)) }
        }

        /// The blobs of keys added, one per input.
        func rows() -> [RecordKeyRow] {
            var byInput: [(input: Int64, keys: [UInt64])] = []
            var start = 0
            for run in runs {
                let keys = added[start..<run.end]
                if let index = byInput.firstIndex(where: { $0.input == run.input }) {
                    byInput[index].keys += keys
                } else {
                    byInput.append((run.input, Array(keys)))
                }
                start = run.end
            }
            return byInput.map { RecordKeyRow(input: $0.input, blob: RecordKeys.blob($0.keys)) }
        }
    }

    private let reads: CommittedReads
    private var queue: WriteQueue { reads.queue }
    /// Buckets that left memory with writes queued, with the commit those belong to: read from here, not
    /// the store, until that commit is done. Kept for these only, so that a bucket in use does not share
    /// its keys' storage (and copy them at its next key).
    private var pendingWrites: [Int64: (keys: Set<Fingerprint>, commit: Int)] = [:]
    /// The commit that writes queued now belong to.
    private var openCommit = 1
    /// The buckets the store held keys in when first read, and those this ingest wrote: any other bucket is
    /// empty without a read (a new second of a time-ordered input mostly is).
    private var storedBuckets: BucketRanges?
    private var writtenBuckets = BucketRanges()
    private var buckets: [Int64: Bucket] = [:]
    private var clock = 0
    /// Buckets and keys kept in memory; the least recently used beyond them are written and dropped.
    private let capacity: Int
    private let maxKeys: Int
    /// Keys in the buckets of the dictionary (the current and previous ones aside).
    private var keysHeld = 0

    /// Evicted buckets are written through the queue. Buckets are read as `reads` reads what earlier batches
    /// stored: what it cannot see yet (this transaction's writes) is still in memory.
    init(reads: CommittedReads, capacity: Int = 4096, maxKeys: Int = 1 << 21) {
        self.reads = reads
        self.capacity = capacity
        self.maxKeys = maxKeys
    }

    /// The bucket in use, kept out of the dictionary: consecutive records mostly share it.
    private var currentID: Int64?
    private var current = Bucket(keys: [])
    /// The bucket used before it, also kept out: lines alternate between their second's bucket and, for
    /// lines with no time, their context's.
    private var previousID: Int64?
    private var previous = Bucket(keys: [])

    /// The bytes a key is stored in, and the bits of it that are kept.
    static let keyBytes = 6
    static let keyMask: UInt64 = (1 << 48) - 1

    /// Adds `key` to `bucket` for `input`; false when it was there already.
    func claim(bucket: Int64, key: UInt64, input: Int64) throws -> Bool {
        let key = key & Self.keyMask
        clock += 1
        if currentID != bucket {
            try switchTo(bucket)
        }
        current.lastUse = clock
        guard current.keys.insert(Fingerprint(key)).inserted else { return false }
        current.add(key, by: input)
        return true
    }

    /// Whether `bucket` holds `key`, adding nothing.
    func contains(bucket: Int64, key: UInt64) throws -> Bool {
        let key = key & Self.keyMask
        clock += 1
        if currentID != bucket {
            try switchTo(bucket)
        }
        current.lastUse = clock
        return current.keys.contains(Fingerprint(key))
    }

    private func switchTo(_ bucket: Int64) throws {
        if previousID == bucket {
            swap(&current, &previous)
            swap(&currentID, &previousID)
            return
        }
        if let id = previousID {
            buckets[id] = previous
            keysHeld += previous.keys.count
        }
        previous = current
        previousID = currentID
        if let existing = buckets.removeValue(forKey: bucket) {
            current = existing
            keysHeld -= existing.keys.count
        } else {
            if buckets.count >= capacity || keysHeld >= maxKeys { try evict() }
            current = try read(bucket)
        }
        currentID = bucket
    }

    /// Queues the writes of every bucket that changed, to go with commit
    /// number `commit`, which the writing thread makes after them.
    func handOver(commit: Int) throws {
        let done = queue.committed
        pendingWrites = pendingWrites.filter { $0.value.commit > done }
        if let id = currentID, current.dirty { try queueWrite(id, &current, commit: commit) }
        if let id = previousID, previous.dirty { try queueWrite(id, &previous, commit: commit) }
        // The changed ones listed first: changing the dictionary while iterating it copied it whole.
        for bucket in buckets.compactMap({ $0.value.dirty ? $0.key : nil }) {
            try queueWrite(bucket, &buckets[bucket]!, commit: commit)
        }
        openCommit = commit + 1
    }

    private func queueWrite(_ bucket: Int64, _ state: inout Bucket, commit: Int) throws {
        writtenBuckets.insert(bucket)
        try queue.send(.recordKeys(bucket: bucket, rows: state.rows()))
        state.added.removeAll()
        state.runs.removeAll()
        state.writtenBy = commit
    }

    /// Drops the older half of the buckets (by count, and by keys held), writing the changed ones.
    private func evict() throws {
        // Sorted as plain numbers: sorting the buckets themselves would copy (retain) their sets at every step.
        let ordered = buckets.map { (lastUse: $0.value.lastUse, bucket: $0.key) }.sorted { $0.lastUse < $1.lastUse }
        var dropped = 0
        for (_, bucket) in ordered {
            if dropped >= capacity / 2 && keysHeld < maxKeys / 2 { break }
            guard var state = buckets.removeValue(forKey: bucket) else { continue }
            if state.dirty { try queueWrite(bucket, &state, commit: openCommit) }
            if state.writtenBy > queue.committed { pendingWrites[bucket] = (state.keys, state.writtenBy) }
            keysHeld -= state.keys.count
            dropped += 1
        }
    }

    /// A bucket that is not in memory: as it left memory while its writes are not committed, else as stored.
    private func read(_ bucket: Int64) throws -> Bucket {
        if let pending = pendingWrites.removeValue(forKey: bucket) { return Bucket(keys: pending.keys, writtenBy: pending.commit) }
        if storedBuckets == nil {
            guard case let .buckets(ranges) = try reads.look(.recordKeyBuckets) else { preconditionFailure("the buckets held") }
            storedBuckets = ranges
        }
        var keys = Set<Fingerprint>()
        if writtenBuckets.contains(bucket) || storedBuckets?.contains(bucket) == true {
            guard case let .keys(stored) = try reads.look(.recordKeys(bucket: bucket)) else { preconditionFailure("a bucket's keys") }
            keys = stored
        }
        // Sized for a second's records at once, not grown from one key by doubling.
        if keys.isEmpty { keys.reserveCapacity(16) }
        return Bucket(keys: keys)
    }

    /// Adds the keys of a stored blob to `keys`.
    static func insert(_ blob: [UInt8], into keys: inout Set<Fingerprint>) {
        keys.reserveCapacity(keys.count + blob.count / keyBytes)
        blob.withUnsafeBytes { raw in
            for index in 0..<(raw.count / keyBytes) {
                keys.insert(Fingerprint(key(raw, at: index * keyBytes)))
            }
        }
    }

    fileprivate static func blob(_ keys: [UInt64]) -> [UInt8] {
        var blob = [UInt8]()
        blob.reserveCapacity(keys.count * keyBytes)
        for key in keys {
            withUnsafeBytes(of: key.littleEndian) { blob.append(contentsOf: $0.prefix(keyBytes)) }
        }
        return blob
    }

    /// The little-endian key of `keyBytes` bytes at `offset`.
    private static func key(_ raw: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        var key: UInt64 = 0
        for index in (0..<keyBytes).reversed() { key = key << 8 | UInt64(raw[offset + index]) }
        return key
    }

    /// Keys stored in 8 bytes each (before `v15-lean-identities`) as they are stored now.
    static func narrowed(_ wide: UnsafeRawBufferPointer) -> [UInt8] {
        blob((0..<(wide.count / 8)).map { UInt64(littleEndian: wide.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) })
    }
}
