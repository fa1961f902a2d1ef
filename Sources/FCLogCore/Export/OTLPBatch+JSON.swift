extension OTLPBatch {
    /// One `TracesData` object in OTLP/JSON: camelCase keys, ids in hex, enums as numbers, 64-bit integers as strings.
    func json() -> String {
        let scope: JSONValue = .object([("name", .string("fclog")), ("version", .string(fclogVersion))])
        let resourceSpans: JSONValue = .object([
            ("resource", .object([("attributes", Self.attributes(resource))])),
            ("scopeSpans", .array([.object([("scope", scope), ("spans", .array(spans.map(Self.span)))])])),
        ])
        return JSONValue.object([("resourceSpans", .array([resourceSpans]))]).rendered(indent: nil)
    }

    static func span(_ span: OTLPSpan) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("traceId", .string(StableID.hex(span.traceID))),
            ("spanId", .string(StableID.hex(span.spanID))),
            ("name", .string(span.name)),
            ("kind", .integer(Int64(span.kind.rawValue))),
            ("startTimeUnixNano", .string(String(span.startNanos))),
            ("endTimeUnixNano", .string(String(span.endNanos))),
            ("attributes", attributes(span.attributes)),
        ]
        if !span.links.isEmpty {
            fields.append(("links", .array(span.links.map { link in
                .object([("traceId", .string(StableID.hex(link.traceID))), ("spanId", .string(StableID.hex(link.spanID))),
                         ("attributes", attributes(link.attributes))])
            })))
        }
        if span.status != .unset {
            var status: [(String, JSONValue)] = [("code", .integer(Int64(span.status.rawValue)))]
            if let message = span.statusMessage { status.append(("message", .string(message))) }
            fields.append(("status", .object(status)))
        }
        return .object(fields)
    }

    static func attributes(_ attributes: OTLPAttributes) -> JSONValue {
        .array(attributes.map { attribute in
            let value: JSONValue = switch attribute.value {
            case let .string(text): .object([("stringValue", .string(text))])
            case let .int(number): .object([("intValue", .string(String(number)))])
            case let .bool(flag): .object([("boolValue", .bool(flag))])
            case let .double(number): .object([("doubleValue", .number(number))])
            }
            return .object([("key", .string(attribute.key)), ("value", value)])
        })
    }
}
