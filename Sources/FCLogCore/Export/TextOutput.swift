/// Text written in pieces and handed on in chunks of about a megabyte, so an export of any size holds little.
public struct TextOutput {
    private var buffer = ""
    private let sink: (String) throws -> Void

    public init(sink: @escaping (String) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(1 << 20)
    }

    public mutating func write(_ text: String) throws {
        buffer += text
        if buffer.utf8.count >= 1 << 20 { try flush() }
    }

    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
