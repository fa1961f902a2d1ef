extension Ingester {
    /// `key: value` lines held while they may be the console's field view of one record.
    struct FieldViewBlock {
        var lines: [(bytes: [UInt8], number: Int)] = []
        var fields = JSONRecord()
        private var lastKey: [UInt8] = []

        var isEmpty: Bool { lines.isEmpty }

        /// The field view lists a record's keys in alphabetical order: a key at or before the last begins another record.
        func continues(with key: UnsafeBufferPointer<UInt8>) -> Bool {
            lines.isEmpty || lastKey.lexicographicallyPrecedes(key.map(Self.folded))
        }

        /// Letters compare without case; `_` keeps its place before them.
        private static func folded(_ byte: UInt8) -> UInt8 {
            byte &- 0x41 < 26 ? byte | 0x20 : byte
        }

        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, _ field: FieldViewLine, number: Int) {
            lines.append((Array(bytes), number))
            lastKey = bytes[field.key].map(Self.folded)
            fields.append(bytes.string(field.key), .string(bytes.string(field.value)))
        }
    }

    /// A record's field view holds a few dozen fields at most; beyond, the lines are text.
    static let fieldViewLimit = 256

    /// Takes a raw `key: value` line into the held block, ending the block first when the line
    /// cannot continue it; true when the line was taken.
    func holdFieldView(_ bytes: UnsafeBufferPointer<UInt8>, _ line: RecognisedLine, _ context: inout InputContext) throws -> Bool {
        let field = line.kind == .user && line.envelopeTime == nil && line.prefixTime == nil && line.instanceID == nil
            ? FieldViewLine.parse(bytes) : nil
        if !context.fieldView.isEmpty,
           field.map({ !context.fieldView.continues(with: UnsafeBufferPointer(rebasing: bytes[$0.key])) }) ?? true {
            try endFieldView(&context)
        }
        guard let field else { return false }
        context.fieldView.add(bytes, field, number: context.lineNumber)
        if context.fieldView.lines.count >= Self.fieldViewLimit { try endFieldView(&context) }
        return true
    }

    /// Ends the held block: the record it shows (three fields or more that make an FC record), else its lines as text.
    func endFieldView(_ context: inout InputContext) throws {
        let block = context.fieldView
        context.fieldView = FieldViewBlock()
        guard !block.isEmpty else { return }
        let number = context.lineNumber
        defer { context.lineNumber = number }
        if block.lines.count >= 3, let record = SLSRecord(block.fields) {
            context.lineNumber = block.lines[0].number
            try processRecord(record, &context)
            return
        }
        for line in block.lines {
            context.lineNumber = line.number
            try line.bytes.withUnsafeBufferPointer { bytes in
                try processTextLine(bytes, LineRecogniser.recognise(bytes), &context, fieldViewChecked: true)
            }
        }
    }
}
