/// What an SLS export record is, by its `__topic__` or, without one, by its fields.
public enum SLSStream: String, Sendable {
    case functionLog
    case requestMetrics
    case instanceEvents
    case instanceMetrics
}

/// A record of a Log Service export, classified, with the fields every stream shares.
public struct SLSRecord: Sendable {
    public let fields: JSONRecord
    public let stream: SLSStream
    /// `functionName`, or the function named by the topic.
    public let function: String?
    /// FC 2.0's service, kept apart from the function.
    public let service: String?
    public let instanceID: String?
    /// `__time__` (with `__time_ns_part__` when present) in Unix microseconds.
    public let timeMicros: Int64?
    /// Whether `timeMicros` is finer than a second.
    public let timeIsSubsecond: Bool

    /// Classifies `fields`; nil when it is not an FC record at all (a user's own JSON line).
    public init?(_ fields: JSONRecord) {
        let topic = fields["__topic__"]
        let stream: SLSStream
        if let topic, topic.hasPrefix("FCRequestMetrics") {
            stream = .requestMetrics
        } else if let topic, topic.hasPrefix("FCInstanceEvents") {
            stream = .instanceEvents
        } else if let topic, topic.hasPrefix("FCInstanceMetrics") {
            stream = .instanceMetrics
        } else if let topic, topic.hasPrefix("FCLogs") {
            stream = .functionLog
        } else if fields["requestId"] != nil, fields["durationMs"] != nil || fields["invocationStartTimestamp"] != nil {
            stream = .requestMetrics
        } else if fields.fields.contains(where: { $0.value.text?.contains("fc:Instance:") == true }) {
            stream = .instanceEvents
        } else if fields["aggPeriodSeconds"] != nil || fields["cpuPercent"] != nil {
            stream = .instanceMetrics
        } else if fields["message"] != nil, topic != nil || fields["__time__"] != nil || fields["functionName"] != nil || fields["instanceID"] != nil {
            stream = .functionLog
        } else {
            return nil
        }
        self.fields = fields
        self.stream = stream
        function = Self.nonEmpty(fields["functionName"]) ?? topic.flatMap(Self.functionFromTopic)
        service = Self.nonEmpty(fields["serviceName"])
        instanceID = Self.nonEmpty(fields["instanceID"]) ?? Self.nonEmpty(fields["instanceId"])
        if let stamp = fields.int("__time__").flatMap(Plausible.micros(fromEpoch:)) {
            let nanos = fields.int("__time_ns_part__").flatMap { (0..<1_000_000_000).contains($0) ? $0 : nil }
            timeMicros = stamp + (nanos ?? 0) / 1000
            timeIsSubsecond = nanos != nil
        } else {
            timeMicros = nil
            timeIsSubsecond = false
        }
    }

    /// The figures of an instance-metrics record, in the order `instance_metrics` keeps them.
    public static let instanceMetricKeys = ["aggPeriodSeconds", "cpuPercent", "cpuQuotaPercent", "memoryLimitMB", "memoryUsageMB",
                                            "memoryUsagePercent", "concurrentRequests", "rxTotalBytes", "txTotalBytes"]

    /// `FCLogs:fn`, `FCRequestMetrics:/fn`: the part after the colon and slash.
    static func functionFromTopic(_ topic: String) -> String? {
        guard let colon = topic.firstIndex(of: ":") else { return nil }
        let name = topic[topic.index(after: colon)...].drop { $0 == "/" }
        return name.isEmpty ? nil : String(name)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// The `fc:Instance:<Name>` event in any field, as `<Name>`.
    public var instanceEvent: String? {
        for field in fields.fields {
            guard let text = field.value.text, let range = text.range(of: "fc:Instance:") else { continue }
            let name = text[range.upperBound...].prefix { $0.isLetter || $0.isNumber }
            if !name.isEmpty { return String(name) }
        }
        return nil
    }
}
