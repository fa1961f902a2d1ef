/// Text written in pieces and handed on in chunks (of a megabyte by default), so output of any size holds little.
public struct TextOutput {
    private var buffer = ""
    private let chunk: Int
    private let sink: (String) throws -> Void

    public init(chunk: Int = 1 << 20, sink: @escaping (String) throws -> Void) {
        self.chunk = chunk
        self.sink = sink
        buffer.reserveCapacity(chunk)
    }

    public mutating func write(_ text: String) throws {
        buffer += text
        if buffer.utf8.count >= chunk { try flush() }
    }

    public mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
