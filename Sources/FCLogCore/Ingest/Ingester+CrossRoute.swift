extension Ingester {
    // MARK: - Lines and records other routes stored

    /// Whether the line was stored already by another route (a console copy and an SLS export of the same
    /// hour): the same function, second and text, the n-th copy of it. A line that names its RequestId is stored
    /// when such a line was. Of the others, a line naming instance I is stored when
    /// a line of I was, or a line naming none in the same request's context; a line naming none when any line
    /// of that context was. The context (the last RequestId read before it, on its instance or in the input)
    /// tells apart the same text logged by requests of other copies. Identities are claimed whatever the
    /// answer, so that a later route finds them. A raw tail's marker (`s invoke` output) shows no second: it is
    /// known by its request too, and takes the second of the execution another route stored; so is a plain line
    /// whose route `showsNoTime` for it (`second` is then its previous line's, if any).
    func isStoredByAnotherRoute(_ line: RecognisedLine, _ bytes: UnsafeBufferPointer<UInt8>, function: String,
                                instance: String?, second: Int64?, showsNoTime: Bool, recordIsNew: Bool,
                                _ context: inout InputContext) throws -> Bool {
        guard !line.body.isEmpty else { return false }
        let id = line.requestID.map { UnsafeBufferPointer(rebasing: bytes[$0]) }
        let own = id.map { id -> UInt64 in
            var hasher = RecordHasher()
            hasher.add(id)
            return hasher.value
        }
        let base = Self.lineHasher(UnsafeBufferPointer(rebasing: bytes[line.body]), function: function)
        // A marker as a raw tail shows it, in a bucket of its request's: an FC 3.0 id's second, another id's hash.
        func tailMarker() -> (marker: Marker, bucket: Int64, hasher: RecordHasher)? {
            guard let marker = line.marker, let id, let own else { return nil }
            return (marker, Self.requestBucket(id, own), Self.family(base, Self.tailTag, own))
        }
        let plainTailLine = showsNoTime && line.marker == nil && (line.kind == .user || line.kind == .runtime)
        var stored = false
        if let second {
            // Where a raw tail would have put the plain lines of this request, for the lines after it.
            if rawTailMarkers, let id, let own {
                context.requestBuckets.startGeneration(over: &context.olderRequestBuckets, at: 10_000)
                context.requestBuckets[Fingerprint(own)] = Self.requestBucket(id, own)
            }
            stored = try isStored(base, own: own, instance: instance, second: second, plainTailLine: plainTailLine, &context)
            // Only a store that was given a raw tail's markers can hold this one so.
            if !stored, rawTailMarkers, let tail = tailMarker() {
                let occurrence = Self.occurrence(of: tail.hasher.value, in: tail.bucket, &context)
                stored = try writer.holds(bucket: tail.bucket, key: tail.hasher.key(occurrence: occurrence))
            }
        } else if let tail = tailMarker(), let id, let own {
            context.tailRequest = TailRequest(id: Array(id), hash: own, bucket: tail.bucket, phase: tail.marker.phase,
                                              ended: tail.marker.edge == .end)
            context.plainTailLines = 0
            let occurrence = Self.occurrence(of: tail.hasher.value, in: tail.bucket, &context)
            _ = try writer.claim(bucket: tail.bucket, key: tail.hasher.key(occurrence: occurrence))
            if !rawTailMarkers {
                rawTailMarkers = true
                try writer.noteRawTailMarkers()
            }
            // Which execution of the request's phase it is, by the markers of its edge this input has shown.
            var edgeHasher = RecordHasher()
            edgeHasher.add(separator: 0x45)
            edgeHasher.add(id)
            edgeHasher.add(tail.marker.phase.rawValue)
            edgeHasher.add(separator: tail.marker.edge == .start ? 0x53 : 0x45)
            let nth = Self.occurrence(of: edgeHasher.value, in: tail.bucket, &context)
            // The store is read only where a route that shows seconds may have put spans in it.
            if let time = try assembler.timedEdge(function: function, phase: tail.marker.phase, requestID: id,
                                                  edge: tail.marker.edge, nth: Int(nth), stored: storeHadSpans || secondsShown) {
                // The marker as the route that timed it stored it: in that second, or (a time moved by an exact
                // duration) the one after or before.
                let any = Self.family(base, Self.anyTag, own)
                let shown = Self.bucket(time, context)
                for candidate in [shown, shown + 1, shown - 1] where !stored {
                    stored = try writer.holds(bucket: candidate, key: any.key(occurrence: Self.occurrence(of: any.value, in: candidate, &context)))
                }
            }
        }
        // A line after a runtime line shares its second only if it is that line's (a stack trace): looked for by request too.
        if plainTailLine, let request = context.tailRequest {
            let found = try isStored(plainTailLine: base, request: request, function: function, &context)
            stored = stored || found
        }
        // A record this route stored already (an interrupted ingest run again) is no other route's.
        if stored && recordIsNew { summary.linesFromAnotherRoute += 1 }
        return stored
    }

    /// The hash every route's copy of a line starts from: its text after the envelope, and its function.
    static func lineHasher(_ body: UnsafeBufferPointer<UInt8>, function: String) -> RecordHasher {
        var base = RecordHasher()
        base.add(separator: 0x1D)
        base.add(body)
        base.add(function)
        return base
    }

    /// A line's hash of one family (`anyTag`: known with any instance; `noneTag`: read without one; `tailTag`:
    /// a raw tail's marker) in the context of a request.
    static func family(_ base: RecordHasher, _ tag: UInt8, _ request: UInt64) -> RecordHasher {
        var hasher = base
        hasher.add(separator: tag)
        withUnsafeBytes(of: request.littleEndian) { hasher.add($0.bindMemory(to: UInt8.self)) }
        return hasher
    }

    static let (anyTag, noneTag, tailTag, plainTag): (UInt8, UInt8, UInt8, UInt8) = (0x2A, 0x3F, 0x54, 0x50)

    /// The bucket of what a raw tail shows of a request without a time (its markers, its plain lines): an FC 3.0
    /// id's second, another id's hash (`hash`).
    static func requestBucket(_ id: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> Int64 {
        RequestKey.second(of: id) ?? requestBucket(hash: hash)
    }

    /// The bucket of a request known by a hash alone, apart from seconds.
    static func requestBucket(hash: UInt64) -> Int64 { Int64(bitPattern: (hash >> 1) | (1 << 63)) }

    /// The longest execution, in seconds, whose seconds a raw tail's plain line is looked for in; and how long
    /// after an execution's End a line the tail shows after it (a runtime's own, between calls) is looked for.
    static let (plainLineSeconds, afterEndSeconds): (Int64, Int64) = (3_600, 60)

    /// The plain lines of one request a raw tail makes known by it: a bucket is held whole, so a run of lines
    /// with no time must not make one without bound (those after are known as records only).
    static let plainLinesPerRequest = 32_768

    /// A plain line of a raw tail (no second of its own, after a marker): known by its request, the n-th of its
    /// text there, for a later route to find; found where a route that shows seconds stored it first, in the
    /// first second of the request's execution (and one either side; for a line after its End, the minute after
    /// too) that holds one more copy of it than this input has matched there.
    private func isStored(plainTailLine base: RecordHasher, request: TailRequest, function: String,
                          _ context: inout InputContext) throws -> Bool {
        context.plainTailLines += 1
        guard context.plainTailLines <= Self.plainLinesPerRequest else { return false }
        let plain = Self.family(base, Self.plainTag, request.hash)
        let occurrence = Self.occurrence(of: plain.value, in: request.bucket, &context)
        _ = try writer.claim(bucket: request.bucket, key: plain.key(occurrence: occurrence))
        // The store is read only where a route that shows seconds may have put spans in it.
        let mayHoldSpans = storeHadSpans || secondsShown
        guard let range = try request.id.withUnsafeBufferPointer({
            try assembler.timedRange(function: function, phase: request.phase, requestID: $0, stored: mayHoldSpans)
        }) else { return false }
        let any = Self.family(base, Self.anyTag, request.hash)
        // A second either side, as for a marker: the route's seconds and the span's exact times may disagree.
        let first = Self.bucket(range.lowerBound, context) - 1
        let end = Self.bucket(range.upperBound, context) + (request.ended ? Self.afterEndSeconds : 1)
        for second in first...min(end, first + Self.plainLineSeconds) {
            let matched = Self.occurrences(of: any.value, in: second, context)
            if try writer.holds(bucket: second, key: any.key(occurrence: matched + 1)) {
                _ = Self.occurrence(of: any.value, in: second, &context)
                return true
            }
        }
        return false
    }

    /// `isStoredByAnotherRoute` for a line's hash (`lineHasher`) and a hash of the RequestId it names.
    private func isStored(_ base: RecordHasher, own: UInt64?, instance: String?,
                          second: Int64, plainTailLine: Bool, _ context: inout InputContext) throws -> Bool {
        // The instance by a hash of its id: hashing the string with SipHash cost more than the lookup.
        let instanceKey = instance.map { Fingerprint(SpanState.key($0)) }
        if let own {
            context.lastRequest = own
            if let instanceKey {
                context.lastRequestByInstance.startGeneration(over: &context.olderLastRequestByInstance, at: 10_000)
                context.lastRequestByInstance[instanceKey] = own
            }
        }
        let inInput = own ?? context.lastRequest
        func family(_ tag: UInt8, _ request: UInt64) -> RecordHasher { Self.family(base, tag, request) }
        let (anyTag, noneTag) = (Self.anyTag, Self.noneTag)
        // A line that names its RequestId (a marker, a runtime prefix) names its request, hence its instance: one key.
        guard own == nil, let instance, let instanceKey else {
            let any = family(anyTag, inInput)
            var stored = !(try writer.claim(bucket: second, key: any.key(occurrence: Self.occurrence(of: any.value, in: second, &context))))
            if own == nil {
                let none = family(noneTag, inInput)
                _ = try writer.claim(bucket: second, key: none.key(occurrence: Self.occurrence(of: none.value, in: second, &context)))
                if !plainTailLine, try isStoredByATail(base, requests: [inInput], &context) { stored = true }
            }
            return stored
        }
        var ofInstance = base
        ofInstance.add(instance)
        var stored = !(try writer.claim(bucket: second, key: ofInstance.key(occurrence: Self.occurrence(of: ofInstance.value, in: second, &context))))
        let onInstance = context.lastRequestByInstance[instanceKey] ?? context.olderLastRequestByInstance[instanceKey] ?? 0
        let requests = onInstance == inInput ? [inInput] : [onInstance, inInput]
        for request in requests {
            let any = family(anyTag, request)
            let occurrence = Self.occurrence(of: any.value, in: second, &context)
            if !stored { stored = try writer.holds(bucket: second, key: family(noneTag, request).key(occurrence: occurrence)) }
            _ = try writer.claim(bucket: second, key: any.key(occurrence: occurrence))
        }
        if !plainTailLine, try isStoredByATail(base, requests: requests, &context) { stored = true }
        return stored
    }

    /// Whether a raw tail stored this line, which names no RequestId, as a plain line of one of these requests
    /// (`isStored(plainTailLine:)`): looked for only in a store that was given a raw tail's markers, and counted
    /// in each request whatever the answer, so that the n-th copy here is the n-th there.
    private func isStoredByATail(_ base: RecordHasher, requests: [UInt64], _ context: inout InputContext) throws -> Bool {
        guard rawTailMarkers else { return false }
        var stored = false
        for request in requests where request != 0 {
            let plain = Self.family(base, Self.plainTag, request)
            let known = Fingerprint(request)
            let bucket = context.requestBuckets[known] ?? context.olderRequestBuckets[known]
                ?? Self.requestBucket(hash: request)
            let occurrence = Self.occurrence(of: plain.value, in: bucket, &context)
            if !stored { stored = try writer.holds(bucket: bucket, key: plain.key(occurrence: occurrence)) }
        }
        return stored
    }

    /// Whether another route stored the request-metrics record of this invocation (its function, RequestId and
    /// start) with other fields: the console's field view shows an export's record without `__time__`. Claimed
    /// whatever the answer; a record without a start is known by its fields alone.
    func isStoredByAnotherRoute(_ metrics: RequestMetrics, _ context: inout InputContext) throws -> Bool {
        guard let start = metrics.startMicros, !metrics.requestID.isEmpty else { return false }
        var hasher = RecordHasher()
        hasher.add(separator: 0x4D)
        hasher.add(metrics.function)
        hasher.add(metrics.requestID)
        withUnsafeBytes(of: start.littleEndian) { hasher.add($0.bindMemory(to: UInt8.self)) }
        let occurrence = Self.occurrence(of: hasher.value, &context)
        return !(try writer.claim(bucket: Self.bucket(start, context), key: hasher.key(occurrence: occurrence)))
    }

    /// Whether another route stored this record of an instance with other fields, as the console's field view
    /// shows an export's without `__time__`: an event by its name (the n-th of it in this input), instance
    /// metrics by their figures. Claimed whatever the answer, in a bucket of the instance's own, since a route may
    /// not know the record's time.
    func isStoredByAnotherRoute(_ record: SLSRecord, event: String?, function: String, _ context: inout InputContext) throws -> Bool {
        guard let instance = record.instanceID else { return false }
        var hasher = RecordHasher()
        hasher.add(separator: event == nil ? 0x49 : 0x45)
        hasher.add(function)
        hasher.add(instance)
        let bucket = Int64(bitPattern: (hasher.value >> 1) | (1 << 63))
        if let event {
            hasher.add(event)
        } else {
            for key in SLSRecord.instanceMetricKeys {
                // As numbers: `"12.5"` and `12.5` are one figure.
                let value = record.fields.double(key)?.bitPattern ?? UInt64.max
                withUnsafeBytes(of: value.littleEndian) { hasher.add($0.bindMemory(to: UInt8.self)) }
            }
        }
        let occurrence = Self.occurrence(of: hasher.value, &context)
        return !(try writer.claim(bucket: bucket, key: hasher.key(occurrence: occurrence)))
    }

    /// The n-th time this input shows a content, counting this one.
    static func occurrence(of value: UInt64, _ context: inout InputContext) -> UInt32 {
        context.occurrences.countOnce(Fingerprint(value), over: &context.olderOccurrences, generation: occurrenceGeneration)
    }

    /// The n-th time this input shows a content in one second, counting this one: the same text in another
    /// second is another line, which a route holding only that second must find as its first copy.
    static func occurrence(of value: UInt64, in second: Int64, _ context: inout InputContext) -> UInt32 {
        occurrence(of: inSecond(value, second), &context)
    }

    /// How many times `occurrence(of:in:)` counted a content in one second so far.
    static func occurrences(of value: UInt64, in second: Int64, _ context: InputContext) -> UInt32 {
        let key = Fingerprint(inSecond(value, second))
        return context.occurrences[key] ?? context.olderOccurrences[key] ?? 0
    }

    /// A content's hash within one second, which its copy number is counted under.
    private static func inSecond(_ value: UInt64, _ second: Int64) -> UInt64 {
        value ^ (UInt64(bitPattern: second) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Contents counted per generation of the table of copy numbers.
    static let occurrenceGeneration = 100_000

    /// A marker another route stored gives its span the facts this route adds: instance, service, alias, version,
    /// and its time where the span had none (a raw tail's markers show none).
    func enrich(_ line: RecognisedLine, _ bytes: UnsafeBufferPointer<UInt8>, origin: Origin, time: Int64?, subsecond: Bool) throws {
        guard let marker = line.marker, marker.phase.isSpan, let range = line.requestID,
              origin.instance != nil || origin.service != nil || origin.qualifier != nil || origin.versionID != nil || time != nil
        else { return }
        try assembler.enrich(function: origin.function, phase: marker.phase, requestID: UnsafeBufferPointer(rebasing: bytes[range]),
                             instance: origin.instance, service: origin.service,
                             qualifier: origin.qualifier, versionID: origin.versionID,
                             time: time.map { (marker.edge, $0, subsecond) })
    }
}
