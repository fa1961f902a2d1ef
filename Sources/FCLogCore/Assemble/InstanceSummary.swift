/// What the report needs of one instance's spans, kept in `fclog_instance_summaries`
/// and rebuilt whenever an ingest touches the instance, so that a report of the
/// whole store reads one row per instance instead of every span.
struct InstanceSummary {
    /// The billing step `busyBilledMillis` is computed at; reports at other steps read spans.
    static let stepMillis: Int64 = 1

    var function: String
    var instance: String
    var spans = 0
    /// The first span (by id) naming a service, and that service.
    var service: String?
    var serviceSpanID: Int64?
    var firstSeen: Int64?
    var lastSeen: Int64?
    var invocations = 0
    var firstInvoke: (time: Int64, id: Int64, flagged: Bool, requestKey: Int64)?
    /// RequestId keys of the invocations request metrics flagged as cold starts.
    var coldFlaggedRequestKeys: [Int64] = []
    var initializerAttempts = 0
    var initializerOK = 0
    var lastInitializerOK: Int64?
    var memorySum = 0.0
    var memoryCount = 0
    var busyBilledMillis: Int64 = 0
    var peakConcurrency = 0
    /// Its `instances` row: created (or first seen), destroyed (or last seen).
    var facts: InstanceFacts?

    init(function: String, instance: String) {
        self.function = function
        self.instance = instance
    }

    /// Builds the summary of an instance from its spans, given in order of
    /// start: in constant memory, however many spans the instance ran.
    struct Builder {
        private var summary: InstanceSummary
        private let state = InstanceState(sweepingAt: InstanceSummary.stepMillis)
        private var coldFlagged: [(id: Int64, requestKey: Int64)] = []

        init(function: String, instance: String) {
            summary = InstanceSummary(function: function, instance: instance)
        }

        mutating func add(service: String?, _ row: SpanFacts) {
            summary.spans += 1
            // The service of the first span (by id) that names one.
            if let service, row.id < summary.serviceSpanID ?? .max {
                summary.service = service
                summary.serviceSpanID = row.id
            }
            if let memory = row.memoryMB {
                summary.memorySum += memory
                summary.memoryCount += 1
            }
            if row.phase == .invoke, row.coldStart == true { coldFlagged.append((row.id, row.requestKey)) }
            state.add(row)
        }

        func finish() -> InstanceSummary {
            var result = summary
            result.coldFlaggedRequestKeys = coldFlagged.sorted { $0.id < $1.id }.map(\.requestKey)
            result.firstSeen = state.firstSeen == .max ? nil : state.firstSeen
            result.lastSeen = state.lastSeen == .min ? nil : state.lastSeen
            result.invocations = state.invocations
            result.firstInvoke = state.firstInvoke
            result.initializerAttempts = state.initializerAttempts
            result.initializerOK = state.initializerOK
            result.lastInitializerOK = state.lastInitializerOK
            result.busyBilledMillis = state.billedMillis(stepMillis: InstanceSummary.stepMillis)
            result.peakConcurrency = state.peakConcurrency
            return result
        }
    }
}
