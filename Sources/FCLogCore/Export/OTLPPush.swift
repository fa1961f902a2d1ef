import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends spans to an OTLP/HTTP receiver (`POST /v1/traces`) in batches, one request at a time so that no
/// more than one batch is held, retrying what the receiver asks to be retried (429, 502, 503, 504, or no
/// answer) with exponential backoff that honours `Retry-After`.
public struct OTLPPush: Sendable {
    public enum Encoding: String, Sendable, CaseIterable {
        case protobuf
        case json
    }

    public struct Outcome: Sendable, Equatable {
        public var export = ExportSummary()
        public var requests = 0
        public var spansSent = 0
        /// Spans the receiver refused (a 4xx answer, or `partialSuccess.rejectedSpans`).
        public var spansRefused = 0
        public var retries = 0
        /// What the receiver said when it refused spans, once per different text.
        public var refusals: [String] = []

        public var text: String {
            var text = "sent \(spansSent) span\(spansSent == 1 ? "" : "s") in \(requests) request\(requests == 1 ? "" : "s")"
            if retries > 0 { text += " (\(retries) retr\(retries == 1 ? "y" : "ies"))" }
            if spansRefused > 0 { text += "; the receiver refused \(spansRefused): " + refusals.joined(separator: "; ") }
            if export.untimedSpans > 0 { text += "; \(export.untimedSpans) span\(export.untimedSpans == 1 ? "" : "s") with no time left out" }
            return text
        }
    }

    public var endpoint: URL
    public var encoding: Encoding = .protobuf
    public var headers: [String: String] = [:]
    public var batchSize = 512
    /// Tries per batch before giving up on the receiver.
    public var attempts = 6
    public var firstBackoff: Duration = .milliseconds(500)
    public var maxBackoff: Duration = .seconds(30)
    public var timeout: TimeInterval = 30
    /// The answers OTLP/HTTP says to retry: too many requests, and a gateway or server that is unavailable.
    static let retried: Set<Int> = [429, 502, 503, 504]

    /// `http://host:4318` gets the standard `/v1/traces` path; a URL with a path is used as it is.
    public init(url text: String) throws {
        guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false else {
            throw FCLogError.invalidArgument("'\(text)' is not an OTLP/HTTP endpoint: give http://host:4318 or https://…/v1/traces")
        }
        if components.path.isEmpty || components.path == "/" { components.path = "/v1/traces" }
        guard let url = components.url else { throw FCLogError.invalidArgument("'\(text)' is not a URL") }
        endpoint = url
    }

    public func send(_ db: SQLiteDatabase, options: ReportOptions) async throws -> Outcome {
        var outcome = Outcome()
        try db.execute("BEGIN")
        defer { try? db.execute("COMMIT") }
        var builder = OTLPBuilder(batchSize: batchSize)
        let cursor = try TraceReader.SpanCursor(db, selection: options.selection)
        while let span = try cursor.next() {
            if let batch = builder.add(span) { try await post(batch, &outcome) }
        }
        if let batch = builder.finish() { try await post(batch, &outcome) }
        outcome.export = builder.summary
        return outcome
    }

    private func post(_ batch: OTLPBatch, _ outcome: inout Outcome) async throws {
        var request = URLRequest(url: endpoint, timeoutInterval: timeout)
        request.httpMethod = "POST"
        switch encoding {
        case .protobuf:
            request.setValue("application/x-protobuf", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(batch.protobuf())
        case .json:
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(batch.json().utf8)
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        var backoff = firstBackoff
        for attempt in 1...attempts {
            let answer: (Data, HTTPURLResponse)
            do {
                let (data, response) = try await URLSession.shared.data(for: request)
                guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
                answer = (data, http)
            } catch let error as URLError {
                guard attempt < attempts else {
                    throw FCLogError.invalidArgument("cannot reach \(endpoint.absoluteString): \(error.localizedDescription) (after \(attempts) tr\(attempts == 1 ? "y" : "ies"))")
                }
                outcome.retries += 1
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, maxBackoff)
                continue
            }
            outcome.requests += 1
            let (data, http) = answer
            switch http.statusCode {
            case 200..<300:
                let rejected = Self.rejectedSpans(data, protobuf: encoding == .protobuf && http.mimeType != "application/json")
                outcome.spansSent += batch.spans.count - rejected
                if rejected > 0 { refuse(rejected, "partial success: \(rejected) rejected", &outcome) }
                return
            case _ where Self.retried.contains(http.statusCode) && attempt < attempts:
                outcome.retries += 1
                let asked = (http.value(forHTTPHeaderField: "Retry-After").flatMap(Double.init)).map { Duration.milliseconds(Int64($0 * 1000)) }
                try await Task.sleep(for: min(asked ?? backoff, maxBackoff))
                backoff = min(backoff * 2, maxBackoff)
            default:
                let body = String(decoding: data.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                refuse(batch.spans.count, "HTTP \(http.statusCode)" + (body.isEmpty || !body.allSatisfy(\.isPrintableText) ? "" : " \(body)"), &outcome)
                return
            }
        }
    }

    private func refuse(_ count: Int, _ reason: String, _ outcome: inout Outcome) {
        outcome.spansRefused += count
        if !outcome.refusals.contains(reason), outcome.refusals.count < 5 { outcome.refusals.append(reason) }
    }

    /// `partial_success.rejected_spans` of an `ExportTraceServiceResponse`, in protobuf or JSON.
    static func rejectedSpans(_ data: Data, protobuf: Bool) -> Int {
        guard !data.isEmpty else { return 0 }
        if !protobuf {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let partial = object["partialSuccess"] as? [String: Any] else { return 0 }
            if let text = partial["rejectedSpans"] as? String { return Int(text) ?? 0 }
            return (partial["rejectedSpans"] as? NSNumber)?.intValue ?? 0
        }
        var reader = ProtobufReader(Array(data))
        while let (field, value) = reader.next() {
            guard field == 1, case let .bytes(inner) = value else { continue }
            var partial = ProtobufReader(inner)
            while let (innerField, innerValue) = partial.next() {
                if innerField == 1, case let .varint(count) = innerValue { return Int(truncatingIfNeeded: count) }
            }
        }
        return 0
    }
}

private extension Character {
    var isPrintableText: Bool { !(isASCII && (asciiValue! < 0x20 && self != "\n" && self != "\t")) }
}
