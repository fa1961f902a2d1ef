/// A value of an OpenTelemetry attribute.
enum OTLPValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case double(Double)
}

typealias OTLPAttributes = [(key: String, value: OTLPValue)]

/// One span as OTLP carries it, before it is written as JSON or protobuf.
struct OTLPSpan: Sendable {
    enum Kind: Int {
        case `internal` = 1
        case server = 2
    }

    enum StatusCode: Int {
        case unset = 0
        case ok = 1
        case error = 2
    }

    struct Link: Sendable {
        var traceID: [UInt8]
        var spanID: [UInt8]
        var attributes: OTLPAttributes
    }

    var traceID: [UInt8]
    var spanID: [UInt8]
    var name: String
    var kind: Kind
    var startNanos: UInt64
    var endNanos: UInt64
    var attributes: OTLPAttributes
    var links: [Link] = []
    var status: StatusCode = .unset
    var statusMessage: String?
}

/// The spans of one resource (a function's instance), as one `ResourceSpans`.
struct OTLPBatch: Sendable {
    var resource: OTLPAttributes
    var spans: [OTLPSpan]
}
