extension OTLPBatch {
    /// An `ExportTraceServiceRequest` (the same fields as `TracesData`) in protobuf's wire format, as
    /// OTLP/HTTP sends it with `Content-Type: application/x-protobuf`.
    func protobuf() -> [UInt8] {
        var scope = ProtobufWriter()
        scope.string(1, "fclog")
        scope.string(2, fclogVersion)
        var scopeSpans = ProtobufWriter()
        scopeSpans.message(1, scope)
        for span in spans { scopeSpans.message(2, Self.span(span)) }
        var resourceMessage = ProtobufWriter()
        for attribute in resource { resourceMessage.message(1, Self.keyValue(attribute)) }
        var resourceSpans = ProtobufWriter()
        resourceSpans.message(1, resourceMessage)
        resourceSpans.message(2, scopeSpans)
        var request = ProtobufWriter()
        request.message(1, resourceSpans)
        return request.bytes
    }

    static func span(_ span: OTLPSpan) -> ProtobufWriter {
        var out = ProtobufWriter()
        out.bytes(1, span.traceID)
        out.bytes(2, span.spanID)
        out.string(5, span.name)
        out.varint(6, UInt64(span.kind.rawValue))
        out.fixed64(7, span.startNanos)
        out.fixed64(8, span.endNanos)
        for attribute in span.attributes { out.message(9, keyValue(attribute)) }
        for link in span.links {
            var message = ProtobufWriter()
            message.bytes(1, link.traceID)
            message.bytes(2, link.spanID)
            for attribute in link.attributes { message.message(4, keyValue(attribute)) }
            out.message(13, message)
        }
        if span.status != .unset {
            var status = ProtobufWriter()
            if let message = span.statusMessage { status.string(2, message) }
            status.varint(3, UInt64(span.status.rawValue))
            out.message(15, status)
        }
        return out
    }

    static func keyValue(_ attribute: (key: String, value: OTLPValue)) -> ProtobufWriter {
        var value = ProtobufWriter()
        switch attribute.value {
        case let .string(text): value.string(1, text, always: true)
        case let .bool(flag): value.varint(2, flag ? 1 : 0, always: true)
        case let .int(number): value.varint(3, UInt64(bitPattern: number), always: true)
        case let .double(number): value.fixed64(4, number.bitPattern, always: true)
        }
        var out = ProtobufWriter()
        out.string(1, attribute.key)
        out.message(2, value)
        return out
    }
}

/// Protobuf's wire format, for the few message shapes OTLP needs.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    private mutating func raw(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private mutating func tag(_ field: Int, _ wireType: UInt64) {
        raw(UInt64(field) << 3 | wireType)
    }

    /// proto3 leaves default values out; a oneof member is written even when it is the default (`always`).
    mutating func varint(_ field: Int, _ value: UInt64, always: Bool = false) {
        guard value != 0 || always else { return }
        tag(field, 0)
        raw(value)
    }

    mutating func fixed64(_ field: Int, _ value: UInt64, always: Bool = false) {
        guard value != 0 || always else { return }
        tag(field, 1)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        guard !value.isEmpty else { return }
        tag(field, 2)
        raw(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ field: Int, _ value: String, always: Bool = false) {
        guard !value.isEmpty || always else { return }
        tag(field, 2)
        raw(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func message(_ field: Int, _ value: ProtobufWriter) {
        tag(field, 2)
        raw(UInt64(value.bytes.count))
        bytes.append(contentsOf: value.bytes)
    }
}
