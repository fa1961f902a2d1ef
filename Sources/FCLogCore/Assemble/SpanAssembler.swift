/// Pairs Start and End markers into spans, one per execution of a phase,
/// identified by (instance, phase, RequestId, occurrence). Spans are written
/// as soon as they open, so lines can link to them and an interrupted ingest
/// leaves them `unfinished` for the next one to complete. It speaks to the
/// store only through `SpanStore`, with values: no SQL, no connection.
final class SpanAssembler {
    private struct Key: Hashable {
        let function: String
        let phase: Phase
        let request: UInt64

        /// The RequestId's hash alone: hashing the function's name too would cost more than the rare collisions.
        func hash(into hasher: inout Hasher) {
            hasher.combine(request)
        }

        /// Placed by the RequestId's hash as it is, not hashed again (see `Fingerprint`).
        func _rawHashValue(seed: Int) -> Int {
            Fingerprint(request)._rawHashValue(seed: seed)
        }
    }

    private let store: any SpanStore
    /// Spans with a Start and no End marker yet.
    private var awaitingEnd: [Key: SpanList] = [:]
    /// Spans known from an End marker or from request metrics, with no Start marker yet.
    private var awaitingStart: [Key: SpanList] = [:]
    private var openByRequest: [Fingerprint: SpanList] = [:]
    private var openByInstance: [String: SpanList] = [:]
    /// Open spans whose row is behind their state.
    private var dirty: [ObjectIdentifier: SpanState] = [:]

    /// Spans waiting for a marker (in `awaitingEnd` or `awaitingStart`) are
    /// held up to about this many; beyond, the batch commits and the oldest are
    /// left to the store, where their marker finds them (logs that lost their
    /// Ends or Starts would otherwise hold every span in memory).
    private let waitingCapacity: Int
    private(set) var waitingCount = 0
    /// Waiting spans, oldest first; entries that stopped waiting are skipped and compacted away.
    private var waitingOrder: [SpanState] = []
    /// The waiting spans left to the store, and the commit that stores the last of them.
    private var leftInStore = RequestFilter()
    private var leftInStoreCommit = 0

    /// Whether so many spans wait that the batch should commit and leave the oldest to the store.
    var holdsTooManyWaiting: Bool { waitingCount > waitingCapacity }

    private(set) var spansOpened = 0
    private(set) var spansClosed = 0

    /// The id the next new span gets. Spans are written once they end (or at
    /// the batch's commit while open), so their ids are given here.
    private var nextID: Int64 = 1
    /// The first id this ingest gives: spans numbered before it were stored by earlier ones.
    private let firstID: Int64

    /// RequestIds of invocations that left memory (with a generation of `recentlyEnded`, or to the store and
    /// back): their request metrics cannot be matched in memory and wait for the pass after the last line.
    private var forgottenInvocations = RequestFilter()

    init(store: any SpanStore, waitingCapacity: Int = 32768) throws {
        self.store = store
        self.waitingCapacity = waitingCapacity
        nextID = store.nextSpanID
        firstID = nextID
        try loadPending()
    }

    /// Gives a new span of this ingest its id.
    private func number(_ span: SpanState) {
        span.id = nextID
        nextID += 1
    }

    /// Notes a span read back from the store: the object in memory, if any, is no longer the only one.
    private func readBack(_ span: SpanState) {
        if span.phase == .invoke { forgottenInvocations.insert(.invoke, span.requestKey) }
    }

    /// Writes a span's row: inserted the first time, updated after.
    private func write(_ span: SpanState) throws {
        if span.isStored {
            try store.update(span)
        } else {
            try store.insert(span)
        }
        dirty[ObjectIdentifier(span)] = nil
    }

    // MARK: - Markers

    /// A Start marker: completes a span known from its End (logs read in
    /// reverse) or from request metrics, else opens a new one.
    @discardableResult
    func start(function: String, service: String?, instance: String?, requestID: UnsafeBufferPointer<UInt8>,
                      phase: Phase, time: Int64?, subsecond: Bool) throws -> SpanState {
        let key = Key(function: function, phase: phase, request: SpanState.key(requestID))
        try fetchMetricsOnly(key, function: function, requestID: requestID)
        if awaitingStart[key] == nil, leftInStore.mightContain(phase, key.request) {
            try fetchLeftInStore(key, requestID: requestID, for: .start)
        }
        if var waiting = awaitingStart[key],
           let index = bestStartCandidate(waiting, requestID: requestID, instance: instance, time: time) {
            let span = waiting.remove(at: index)
            awaitingStart[key] = waiting.isEmpty ? nil : waiting
            leaveWaiting(span)
            span.hasStart = true
            adopt(instance: instance, service: service, for: span)
            if span.durationSource.map({ $0.rank <= DurationSource.millisecondTimestamps.rank }) ?? true {
                span.startMicros = time
                span.startIsSubsecond = subsecond
                span.startFromLines = false
            }
            if span.hasEnd {
                span.updateTimingFromMarkers()
                rememberEnded(span)
            } else {
                addOpen(span)
            }
            try write(span)
            return span
        }
        let span = SpanState(function: function, service: service, instanceID: instance,
                             requestID: String(decoding: requestID, as: UTF8.self), phase: phase)
        number(span)
        span.hasStart = true
        span.startMicros = time
        span.startIsSubsecond = subsecond
        span.attempt = attempt(for: span)
        addOpen(span)
        spansOpened += 1
        return span
    }

    /// An End marker: closes the most recent open span of its phase and
    /// RequestId on a compatible instance, else records a span whose Start is
    /// not (yet) in the logs.
    @discardableResult
    func end(function: String, service: String?, instance: String?, requestID: UnsafeBufferPointer<UInt8>,
                    phase: Phase, time: Int64?, subsecond: Bool, error: String?) throws -> SpanState {
        let key = Key(function: function, phase: phase, request: SpanState.key(requestID))
        let span: SpanState
        if !(awaitingEnd[key]?.contains { $0.hasRequestID(requestID) } ?? false) {
            try fetchMetricsOnly(key, function: function, requestID: requestID)
            if leftInStore.mightContain(phase, key.request) {
                try fetchLeftInStore(key, requestID: requestID, for: .end)
            }
        }
        if let found = preferred(awaitingEnd[key] ?? [], instance: instance, where: { $0.hasRequestID(requestID) }) {
            span = found
            removeOpen(span)
        } else if let found = awaitingStart[key]?.last(where: { !$0.hasEnd && $0.hasRequestID(requestID) && $0.accepts(instance: instance) }) {
            // Known from request metrics only: its End marker has come; it still awaits its Start.
            span = found
        } else {
            span = SpanState(function: function, service: service, instanceID: instance,
                             requestID: String(decoding: requestID, as: UTF8.self), phase: phase)
            number(span)
            span.attempt = attempt(for: span)
            span.hasEnd = true
            span.endMicros = time
            span.endIsSubsecond = subsecond
            span.status = SpanStatus.ending(error: error)
            span.error = error
            try store.insert(span)
            awaitingStart[key, default: []].append(span)
            enterWaiting(span)
            spansClosed += 1
            return span
        }
        adopt(instance: instance, service: service, for: span)
        rememberEnded(span)
        span.hasEnd = true
        if span.durationSource.map({ $0.rank <= DurationSource.millisecondTimestamps.rank }) ?? true {
            span.endMicros = time
            span.endIsSubsecond = subsecond
            span.endFromLines = false
        }
        span.status = span.status.merged(with: SpanStatus.ending(error: error))
        if let error { span.error = error }
        span.updateTimingFromMarkers()
        try write(span)
        spansClosed += 1
        return span
    }

    /// The `Duration: …` summary of the invocation that just ended.
    func applySummary(_ summary: SummaryLine, to span: SpanState) throws {
        span.setDuration(micros: summary.durationMicros, source: .summaryLine)
        if let size = summary.memorySizeMB { span.memoryMB = size }
        if let used = summary.maxMemoryUsedMilliMB { span.maxMemoryMilliMB = used }
        try write(span)
    }

    // MARK: - Other routes

    /// Spans ended lately, by key, in two generations: a marker another route stored finds them in memory.
    private var recentlyEnded: [Key: SpanList] = [:]
    private var olderRecentlyEnded: [Key: SpanList] = [:]
    /// Spans held whole, so fewer than the counts of `generationSize`: a marker or a request-metrics record
    /// of another route comes close behind its execution's End in an export sorted by time.
    private let endedGenerationSize = 16_384

    private func rememberEnded(_ span: SpanState) {
        if recentlyEnded.count >= endedGenerationSize {
            for key in olderRecentlyEnded.keys where key.phase == .invoke { forgottenInvocations.insert(.invoke, key.request) }
        }
        recentlyEnded.startGeneration(over: &olderRecentlyEnded, at: endedGenerationSize)
        recentlyEnded[Key(function: span.function, phase: span.phase, request: span.requestKey), default: []].append(span)
    }

    /// A marker of an execution another route stored: its span takes what this route knows and it did not
    /// (an SLS record's instance, service, alias and version after a console copy of the same time).
    func enrich(function: String, phase: Phase, requestID: UnsafeBufferPointer<UInt8>, instance: String?,
                service: String?, qualifier: String?, versionID: String?,
                time: (edge: Marker.Edge, micros: Int64, subsecond: Bool)?) throws {
        let candidates = try executions(function: function, phase: phase, requestID: requestID)
        // A time goes to the earliest execution still without one at that edge: a route with times reads them in order.
        let untimed = time.flatMap { time in
            candidates.sorted { $0.id < $1.id }.first { $0.accepts(instance: instance) && !$0.hasTime(at: time.edge) }
        }
        guard let span = untimed ?? preferred(candidates, instance: instance) else { return }
        let before = (span.instanceID, span.service, span.qualifier, span.versionID, span.startMicros, span.endMicros)
        adopt(instance: instance, service: service, for: span)
        label(span, qualifier: qualifier, versionID: versionID)
        if let time { span.take(time.edge, at: time.micros, subsecond: time.subsecond) }
        guard before != (span.instanceID, span.service, span.qualifier, span.versionID, span.startMicros, span.endMicros),
              span.isStored else { return }
        try write(span)
    }

    /// The spans of a phase of a RequestId: those in memory, or else (`stored`) those stored.
    private func executions(function: String, phase: Phase, requestID: UnsafeBufferPointer<UInt8>, stored: Bool = true) throws -> [SpanState] {
        let key = Key(function: function, phase: phase, request: SpanState.key(requestID))
        var candidates = Array(awaitingEnd[key] ?? []) + (awaitingStart[key] ?? [])
            + (recentlyEnded[key] ?? olderRecentlyEnded[key] ?? [])
        candidates.removeAll { $0.function != function || !$0.hasRequestID(requestID) }
        return candidates.isEmpty && stored ? try storedSpans(key, requestID: requestID) : candidates
    }

    /// The time of the n-th execution of a phase of a RequestId (in time order) at the edge a marker shows, as
    /// a route with times gave it: for a raw tail's marker, which shows none. Times that only its lines gave
    /// are not a marker's. `stored`: whether spans in the store may be another route's.
    func timedEdge(function: String, phase: Phase, requestID: UnsafeBufferPointer<UInt8>, edge: Marker.Edge, nth: Int,
                   stored: Bool) throws -> Int64? {
        let times = try executions(function: function, phase: phase, requestID: requestID, stored: stored)
            .compactMap { $0.markerTime(at: edge) }
            .sorted()
        return nth >= 1 && nth <= times.count ? times[nth - 1] : nil
    }

    /// From the first start to the last end of a request's executions of a phase, as a route with times gave
    /// them: where a raw tail's line that shows no time can be. Nil when no edge of them has such a time.
    func timedRange(function: String, phase: Phase, requestID: UnsafeBufferPointer<UInt8>, stored: Bool) throws -> ClosedRange<Int64>? {
        let spans = try executions(function: function, phase: phase, requestID: requestID, stored: stored)
        let starts = spans.compactMap { $0.markerTime(at: .start) }
        let ends = spans.compactMap { $0.markerTime(at: .end) }
        guard let first = starts.min() ?? ends.min(), let last = ends.max() ?? starts.max(), first <= last else { return nil }
        return first...last
    }

    /// The stored spans of a key that are not in memory, as committed, kept in memory after.
    private func storedSpans(_ key: Key, requestID: UnsafeBufferPointer<UInt8>) throws -> [SpanState] {
        var found: [SpanState] = []
        for span in try fetch(.all, key, requestID: requestID) {
            // Kept where a marker of this route would look for it next.
            if span.hasStart && !span.hasEnd {
                addOpen(span)
            } else if !span.hasStart {
                awaitingStart[key, default: []].append(span)
                enterWaiting(span)
            } else {
                rememberEnded(span)
            }
            found.append(span)
        }
        return found
    }

    /// The stored spans of a key the query names that were not read back yet, as committed once the spans
    /// left to the store are: the committed state of a span read back before may be older than its own.
    private func fetch(_ which: StoredSpanQuery.Which, _ key: Key, requestID: UnsafeBufferPointer<UInt8>) throws -> [SpanState] {
        let query = StoredSpanQuery(which: which, function: key.function, phase: key.phase,
                                    requestID: String(decoding: requestID, as: UTF8.self))
        var found: [SpanState] = []
        for span in try store.spans(query, committedThrough: leftInStoreCommit) where fetchedFromStore.insert(span.id).inserted {
            readBack(span)
            found.append(span)
        }
        return found
    }

    // MARK: - Request metrics

    /// Links a request-metrics record to its span in memory and gives the span
    /// what it states; the span's id, or nil when the record must wait for the
    /// pass after the last line (its span is not in memory, or not only there).
    func link(_ metrics: RequestMetrics) throws -> Int64? {
        guard !metrics.requestID.isEmpty else { return nil }
        let request = SpanState.key(metrics.requestID)
        guard let span = invocationInMemory(for: metrics, request: request) else { return nil }
        if firstID > 1, try store.holdsEarlierInvocation(function: metrics.function, requestID: metrics.requestID) {
            forgottenInvocations.insert(.invoke, request)
            return nil
        }
        if span.instanceID == nil { adopt(instance: metrics.instanceID, service: nil, for: span) }
        span.apply(metrics)
        try write(span)
        return span.id
    }

    /// The span of `metrics` among this ingest's invocations of its RequestId, as the pass after the last line
    /// would choose it (`RequestMetrics.nearest` among those with no record yet); nil when that cannot be
    /// told from memory yet: one of them is still open, or may have left memory.
    private func invocationInMemory(for metrics: RequestMetrics, request: UInt64) -> SpanState? {
        guard !forgottenInvocations.mightContain(.invoke, request) else { return nil }
        let key = Key(function: metrics.function, phase: .invoke, request: request)
        var spans = Array(awaitingEnd[key] ?? []) + (awaitingStart[key] ?? []) + (olderRecentlyEnded[key] ?? []) + (recentlyEnded[key] ?? [])
        guard !spans.isEmpty else { return nil }
        // Oldest first, as ids go, each once (a span known from its End waits for its Start after ending).
        spans.sort { $0.id < $1.id }
        var candidates: [SpanState] = []
        for span in spans where span.function == metrics.function && span.requestID == metrics.requestID && !span.hasMetrics {
            if candidates.last !== span { candidates.append(span) }
        }
        guard candidates.allSatisfy(\.hasEnd), let best = metrics.nearest(candidates, instance: \.instanceID, start: \.startMicros)
        else { return nil }
        let gap = metrics.distance(toStart: best.startMicros)
        return gap == Int64.max - 1 || gap <= RequestMetrics.nearEnough ? best : nil
    }

    /// A span of a record whose invocation the logs do not hold.
    func invocation(of metrics: RequestMetrics, service: String?, attempt: Int) -> SpanState {
        let span = SpanState(function: metrics.function, service: service, instanceID: metrics.instanceID,
                             requestID: metrics.requestID, phase: .invoke)
        number(span)
        span.attempt = attempt
        span.apply(metrics)
        return span
    }

    // MARK: - Lines

    /// The open span a line belongs to: by its own RequestId, else the
    /// previous line's span while it is open (continuations), else the only
    /// open span of its instance.
    func span(function: String, instance: String?, requestID: UnsafeBufferPointer<UInt8>?, previous: SpanState?) -> SpanState? {
        if let requestID {
            guard let candidates = openByRequest[Fingerprint(SpanState.key(requestID))] else { return endedAwaitingStart(function: function, instance: instance, requestID: requestID) }
            if candidates.count == 1 {
                let only = candidates[0]
                return only.function == function && only.hasRequestID(requestID) && only.accepts(instance: instance) ? only : nil
            }
            return preferred(candidates, instance: instance, where: { $0.function == function && $0.hasRequestID(requestID) })
        }
        if let previous, previous.function == function, previous.accepts(instance: instance), isOpen(previous) {
            return previous
        }
        guard let bucket = openByInstance[instance ?? ""] else { return nil }
        var found: SpanState?
        for span in bucket where span.function == function {
            if found != nil { return nil }
            found = span
        }
        return found
    }

    /// The span a line names whose End was read and whose Start was not (yet): in an input read newest first,
    /// its lines come between the two.
    private func endedAwaitingStart(function: String, instance: String?, requestID: UnsafeBufferPointer<UInt8>) -> SpanState? {
        let request = SpanState.key(requestID)
        for phase in Phase.allCases {
            if let found = awaitingStart[Key(function: function, phase: phase, request: request)]?
                .last(where: { $0.hasEnd && $0.hasRequestID(requestID) && $0.accepts(instance: instance) }) {
                return found
            }
        }
        return nil
    }

    /// The previous line's span, when its End was read and its Start was not: the span of a line that names no
    /// RequestId in an input read newest first.
    func endedAwaitingStart(previous: SpanState?, function: String, instance: String?) -> SpanState? {
        guard let previous, previous.hasEnd, !previous.hasStart, previous.function == function, previous.accepts(instance: instance) else { return nil }
        return previous
    }

    private func isOpen(_ span: SpanState) -> Bool {
        span.hasStart && !span.hasEnd && openByRequest[Fingerprint(span.requestKey)]?.contains(where: { $0 === span }) == true
    }

    /// Notes a line attached to `span`: its instance, and its time for spans whose markers have none.
    /// An instance a deploy tool named for a span that had none.
    func place(_ span: SpanState, instance: String) {
        guard span.instanceID.map({ SpanState.isCut($0, from: instance) }) ?? true else { return }
        adopt(instance: instance, service: nil, for: span)
        if span.isStored { dirty[ObjectIdentifier(span)] = span }
    }

    /// A record's alias and version for its span, where the span has none yet.
    func label(_ span: SpanState, qualifier: String?, versionID: String?) {
        var changed = false
        if span.qualifier == nil, let qualifier, !qualifier.isEmpty {
            span.qualifier = qualifier
            changed = true
        }
        if span.versionID == nil, let versionID, !versionID.isEmpty {
            span.versionID = versionID
            changed = true
        }
        if changed, span.isStored { dirty[ObjectIdentifier(span)] = span }
    }

    func attach(line instance: String?, time: Int64?, subsecond: Bool, to span: SpanState) {
        if let instance, span.instanceID.map({ SpanState.isCut($0, from: instance) }) ?? true {
            adopt(instance: instance, service: nil, for: span)
            if span.isStored { dirty[ObjectIdentifier(span)] = span }
        }
        if let time, subsecond {
            // The earliest and latest, whatever order the lines are read in.
            span.firstLineMicros = min(span.firstLineMicros ?? time, time)
            span.lastLineMicros = max(span.lastLineMicros ?? time, time)
        }
    }

    /// Before a commit: stores the open spans (as `unfinished`) and rewrites
    /// the rows that are behind their state; beyond `waitingCapacity`, leaves
    /// the oldest waiting spans to the store.
    func flush() throws {
        try leaveOldestToStore()
        for spans in awaitingEnd.values {
            for span in spans where !span.isStored {
                try store.insert(span)
            }
        }
        for span in dirty.values {
            try store.update(span)
        }
        dirty.removeAll()
    }

    /// The last span id given so far.
    var lastGivenID: Int64 { nextID - 1 }

    // MARK: - Waiting spans

    private func enterWaiting(_ span: SpanState) {
        guard !span.isWaiting else { return }
        span.isWaiting = true
        waitingCount += 1
        waitingOrder.append(span)
        // Entries of spans that stopped waiting go when they outnumber the waiting ones.
        if waitingOrder.count > 2 * max(waitingCount, 1024) {
            waitingOrder.removeAll { !$0.isWaiting }
        }
    }

    private func leaveWaiting(_ span: SpanState) {
        guard span.isWaiting else { return }
        span.isWaiting = false
        waitingCount -= 1
    }

    /// Drops the oldest waiting spans from memory down to half the capacity,
    /// writing them first; their marker looks them up in the store.
    private func leaveOldestToStore() throws {
        guard waitingCount > waitingCapacity else { return }
        var next = 0
        while waitingCount > waitingCapacity / 2, next < waitingOrder.count {
            let span = waitingOrder[next]
            next += 1
            guard span.isWaiting else { continue }
            if span.hasStart {
                removeOpen(span)
            } else {
                Self.remove(span, from: &awaitingStart, key: Key(function: span.function, phase: span.phase, request: span.requestKey))
                leaveWaiting(span)
            }
            if !span.isStored {
                try store.insert(span)
            } else if dirty.removeValue(forKey: ObjectIdentifier(span)) != nil {
                try store.update(span)
            }
            leftInStore.insert(span.phase, span.requestKey)
            readBack(span)
            // Read back once the commit that writes it is done.
            fetchedFromStore.remove(span.id)
            leftInStoreCommit = store.nextCommit
        }
        waitingOrder.removeFirst(next)
    }

    /// Brings back the spans of a RequestId left to the store that the marker
    /// at hand may complete: without a Start for a Start, without an End for an End.
    private func fetchLeftInStore(_ key: Key, requestID: UnsafeBufferPointer<UInt8>, for edge: Marker.Edge) throws {
        for span in try fetch(.awaiting(edge), key, requestID: requestID) {
            if span.hasStart {
                addOpen(span)
            } else {
                awaitingStart[key, default: []].append(span)
                enterWaiting(span)
            }
        }
    }

    // MARK: - Bookkeeping

    /// Executions counted so far in this ingest per instance (hooks) or
    /// RequestId, keyed by a hash of (function, phase, instance or RequestId):
    /// strings would make these the largest tables. Two generations keep each bounded.
    private var executions: [Fingerprint: Int] = [:]
    private var olderExecutions: [Fingerprint: Int] = [:]
    private let generationSize = 100_000

    /// `attempt` of a new span: one more than the executions already known. Executions stored by earlier
    /// ingests are counted in once at the end, in time order (StoreMaintenance.renumberAttempts).
    private func attempt(for span: SpanState) -> Int {
        var hasher = RecordHasher()
        hasher.add(span.function)
        hasher.add(span.phase.rawValue)
        if span.phase != .invoke, let instance = span.instanceID {
            hasher.add(instance)
        } else {
            hasher.add(separator: 0)
            hasher.add(span.requestID)
        }
        return executions.countOnce(Fingerprint(hasher.value), over: &olderExecutions, generation: generationSize)
    }

    /// The span of the candidates (those `include` keeps) a line of `instance` belongs to: the latest on that
    /// instance, else the latest that may be on it.
    private func preferred(_ candidates: some BidirectionalCollection<SpanState>, instance: String?, where include: (SpanState) -> Bool = { _ in true }) -> SpanState? {
        if let instance, let exact = candidates.last(where: { $0.instanceID == instance && include($0) }) {
            return exact
        }
        return candidates.last { $0.accepts(instance: instance) && include($0) }
    }

    /// The waiting span a Start completes: compatible instance, ending no earlier than it starts.
    private func bestStartCandidate(_ waiting: SpanList, requestID: UnsafeBufferPointer<UInt8>, instance: String?, time: Int64?) -> Int? {
        var best: Int?
        var bestGap = Int64.max
        for (index, span) in waiting.enumerated() where span.accepts(instance: instance) && span.hasRequestID(requestID) {
            var gap: Int64 = Int64.max - 1
            if let time, let end = span.endMicros {
                gap = end - time
                // Second-resolution times may put the End a second "before" its Start.
                if gap < -1_000_000 { continue }
                gap = abs(gap)
            }
            if gap < bestGap {
                best = index
                bestGap = gap
            }
        }
        return best
    }

    /// Gives the span the instance a line names, when it had none or only a cut copy of it.
    private func adopt(instance: String?, service: String?, for span: SpanState) {
        if span.service == nil, let service { span.service = service }
        guard let instance else { return }
        let before = span.instanceID
        if let before, !SpanState.isCut(before, from: instance) { return }
        let wasOpen = removeOpen(span)
        span.instanceID = instance
        store.noteAdoption(span, replacing: before)
        if wasOpen { addOpen(span) }
    }

    private func addOpen(_ span: SpanState) {
        enterWaiting(span)
        awaitingEnd[Key(function: span.function, phase: span.phase, request: span.requestKey), default: []].append(span)
        openByRequest[Fingerprint(span.requestKey), default: []].append(span)
        openByInstance[span.instanceID ?? "", default: []].append(span)
    }

    @discardableResult
    private func removeOpen(_ span: SpanState) -> Bool {
        guard Self.remove(span, from: &awaitingEnd, key: Key(function: span.function, phase: span.phase, request: span.requestKey))
        else { return false }
        leaveWaiting(span)
        Self.remove(span, from: &openByRequest, key: Fingerprint(span.requestKey))
        Self.remove(span, from: &openByInstance, key: span.instanceID ?? "")
        return true
    }

    /// Removes `span` from its list in place (a list copied out of the table would be copied again to change).
    @discardableResult
    private static func remove<K: Hashable>(_ span: SpanState, from index: inout [K: SpanList], key: K) -> Bool {
        guard let slot = index.index(forKey: key), let position = index.values[slot].firstIndex(where: { $0 === span })
        else { return false }
        index.values[slot].remove(at: position)
        if index.values[slot].isEmpty { index.remove(at: slot) }
        return true
    }

    /// The latest ended invocation of a RequestId in the store: what a summary
    /// line refers to when its End marker was stored by an earlier ingest.
    func storedEndedInvoke(function: String, requestID: [UInt8]) throws -> SpanState? {
        try store.latestEndedInvocation(function: function, requestID: String(decoding: requestID, as: UTF8.self))
    }

    /// Spans made from request metrics alone may be many (metrics exported without
    /// logs): they are looked up by RequestId when a marker comes, not held in memory.
    private var storeHasMetricsOnlySpans = false
    /// Spans read back from the store in this ingest: the committed state read may be older than theirs.
    private var fetchedFromStore: Set<Int64> = []

    private func fetchMetricsOnly(_ key: Key, function: String, requestID: UnsafeBufferPointer<UInt8>) throws {
        guard storeHasMetricsOnlySpans, key.phase == .invoke else { return }
        // Such spans come from earlier ingests (or are among the spans left to the store).
        for span in try fetch(.metricsOnly, key, requestID: requestID) {
            awaitingStart[key, default: []].append(span)
            enterWaiting(span)
        }
    }

    /// Reloads the spans an earlier ingest left waiting for a marker: open ones,
    /// and ones known from their End alone.
    /// The newest half of `waitingCapacity` come back into memory; the others stay in the store.
    private func loadPending() throws {
        storeHasMetricsOnlySpans = try store.holdsMetricsOnlySpans()
        let (newest, others) = try store.waitingSpans(limit: waitingCapacity / 2)
        for span in newest.reversed() {
            if span.hasStart {
                addOpen(span)
            } else {
                awaitingStart[Key(function: span.function, phase: span.phase, request: span.requestKey), default: []].append(span)
                enterWaiting(span)
            }
        }
        for other in others {
            leftInStore.insert(other.phase, SpanState.key(other.requestID))
        }
    }
}
