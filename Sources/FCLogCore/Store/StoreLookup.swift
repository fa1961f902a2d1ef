/// A read of what earlier batches stored, which the ingest side makes while a batch is open: on a
/// connection of its own in WAL mode, else (no other connection could read meanwhile) on the writing
/// thread's, asked with `StoreQuestion.lookup`. `SpanLookups` answers it, on either.
enum StoreLookup: Sendable {
    /// The spans a stored-span query finds.
    case spans(StoredSpanQuery)
    /// Whether an earlier ingest (spans numbered below `before`) stored an invocation of the RequestId.
    case holdsEarlierInvocation(function: String, requestID: String, before: Int64)
    /// The newest `limit` spans missing a Start or an End, and the kind and RequestId of the others.
    case waitingSpans(limit: Int)
    /// Whether the store holds a span made of request metrics alone.
    case holdsMetricsOnlySpans
    /// The record identities of a bucket.
    case recordKeys(bucket: Int64)
    /// The buckets that hold record identities.
    case recordKeyBuckets

    enum Answer: Sendable {
        case spans([StoredSpan])
        case holds(Bool)
        case waiting(spans: [StoredSpan], others: [WaitingSpan])
        case keys(Set<Fingerprint>)
        case buckets(BucketRanges)
    }
}

/// A stored span's row, with its instance id.
struct StoredSpan: Sendable {
    var row: SpanRow
    var instanceID: String?
}

/// A span missing a Start or an End, beyond those read whole.
struct WaitingSpan: Sendable {
    var phase: Phase
    var requestID: String
}
