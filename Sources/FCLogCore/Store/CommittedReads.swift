/// How the ingest side reads what earlier batches stored while a batch is open: on a read-only connection
/// of its own in WAL mode, which need not wait for the writing thread; else (no other connection could
/// read meanwhile) the writing thread reads it on its connection, asked through the queue.
struct CommittedReads {
    let lookups: SpanLookups?
    let queue: WriteQueue

    /// The answer, once commit number `commit`, if given, is done.
    func look(_ lookup: StoreLookup, committedThrough commit: Int? = nil) throws -> StoreLookup.Answer {
        guard let lookups else {
            guard case let .lookedUp(answer) = try queue.ask(.lookup(lookup)) else { preconditionFailure("a lookup's answer") }
            return answer
        }
        if let commit, queue.committed < commit { try queue.drain() }
        return try lookups.answer(lookup)
    }
}
