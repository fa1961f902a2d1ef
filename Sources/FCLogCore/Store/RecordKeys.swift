/// The identities of stored records, grouped in buckets of one second (or,
/// for lines with no time, of one lexical context) and stored as rows of a
/// bucket's keys (blobs of 48-bit keys, 6 bytes each) added by one input in one batch, so
/// that an input's identities can be forgotten with it. Checking a record
/// touches memory; the store is read once per bucket and written once per
/// bucket and batch, not once per line.
final class RecordKeys {
    private struct Bucket {
        var keys: Set<Fingerprint>
        /// Keys added since the bucket was last written, by input.
        var added: [Int64: [UInt64]] = [:]
        var lastUse = 0
        var dirty: Bool { !added.isEmpty }
    }

    private let reads: CommittedReads
    private var queue: WriteQueue { reads.queue }
    /// Buckets whose writes are queued, with the commit they belong to: read
    /// from here, not the store, until that commit is done.
    private var pendingWrites: [Int64: (keys: Set<Fingerprint>, commit: Int)] = [:]
    /// The commit that writes queued now belong to.
    private var openCommit = 1
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
        current.added[input, default: []].append(key)
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
            current = Bucket(keys: try read(bucket))
        }
        currentID = bucket
    }

    /// Queues the writes of every bucket that changed, to go with commit
    /// number `commit`, which the writing thread makes after them.
    func handOver(commit: Int) throws {
        let done = queue.committed
        pendingWrites = pendingWrites.filter { $0.value.commit > done }
        if let id = currentID, current.dirty {
            try queueWrite(id, current, commit: commit)
            current.added.removeAll()
        }
        if let id = previousID, previous.dirty {
            try queueWrite(id, previous, commit: commit)
            previous.added.removeAll()
        }
        for (bucket, state) in buckets where state.dirty {
            try queueWrite(bucket, state, commit: commit)
            buckets[bucket]!.added.removeAll()
        }
        openCommit = commit + 1
    }

    private func queueWrite(_ bucket: Int64, _ state: Bucket, commit: Int) throws {
        pendingWrites[bucket] = (state.keys, commit)
        try queue.send(.recordKeys(bucket: bucket, rows: state.added.map { RecordKeyRow(input: $0.key, blob: Self.blob($0.value)) }))
    }

    /// Drops the older half of the buckets (by count, and by keys held), writing the changed ones.
    private func evict() throws {
        // Sorted as plain numbers: sorting the buckets themselves would copy (retain) their sets at every step.
        let ordered = buckets.map { (lastUse: $0.value.lastUse, bucket: $0.key) }.sorted { $0.lastUse < $1.lastUse }
        var dropped = 0
        for (_, bucket) in ordered {
            if dropped >= capacity / 2 && keysHeld < maxKeys / 2 { break }
            guard let state = buckets.removeValue(forKey: bucket) else { continue }
            if state.dirty { try queueWrite(bucket, state, commit: openCommit) }
            keysHeld -= state.keys.count
            dropped += 1
        }
    }

    private func read(_ bucket: Int64) throws -> Set<Fingerprint> {
        if let pending = pendingWrites[bucket] { return pending.keys }
        guard case let .keys(keys) = try reads.look(.recordKeys(bucket: bucket)) else { preconditionFailure("a bucket's keys") }
        return keys
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

    private static func blob(_ keys: [UInt64]) -> [UInt8] {
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
