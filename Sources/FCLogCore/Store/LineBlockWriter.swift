import CFCLogLines

/// Writes log lines as the store keeps them: in zstd-compressed blocks of about 256 KiB of one input's
/// lines (`fclog_line_blocks`), each named by its first line's id, with a row for every span that has
/// lines in a block (`fclog_line_spans`). The `lines` view reads them back through `fclog_lines`.
/// Used on the writing thread alone; a block in the making is written before its batch commits.
final class LineBlockWriter {
    /// Lines gather until their encoded size reaches this, then go as one block.
    static let blockBytes = 256 << 10

    private let builder: OpaquePointer
    private let insertBlock: SQLiteStatement
    private let insertSpan: SQLiteStatement
    private var nextID: Int64
    private var inputID: Int64 = 0
    private var scratch: [UInt8] = []

    init(database: SQLiteDatabase) throws {
        guard let builder = fclog_block_builder_new() else { throw FCLogError.sqlite(message: "out of memory") }
        self.builder = builder
        insertBlock = try database.prepare("INSERT INTO fclog_line_blocks(id, last_id, input_id, lines, data) VALUES (?1, ?2, ?3, ?4, ?5)")
        insertSpan = try database.prepare("INSERT OR IGNORE INTO fclog_line_spans(span_id, block_id) VALUES (?1, ?2)")
        nextID = (try database.scalarInt("SELECT last_id FROM fclog_line_blocks ORDER BY id DESC LIMIT 1") ?? 0) + 1
    }

    deinit {
        fclog_block_builder_free(builder)
    }

    /// Adds a line to the block in the making, writing the block once it is full or the input changes.
    func append(_ row: StoreWriter.LineRow, message: UnsafeBufferPointer<UInt8>?) throws {
        if row.inputID != inputID, fclog_block_count(builder) > 0 { try flush() }
        inputID = row.inputID
        let millis = row.timeMicros.map { $0 >= 0 ? $0 / 1000 : ($0 - 999) / 1000 }
        // The short texts (mostly nil: they are the span's) go through one scratch buffer.
        scratch.removeAll(keepingCapacity: true)
        func add(_ text: String?) -> Range<Int>? {
            guard let text else { return nil }
            let start = scratch.count
            scratch.append(contentsOf: text.utf8)
            return start..<scratch.count
        }
        let ranges = (add(row.function), add(row.instanceID), add(row.requestID), add(row.level))
        scratch.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self)
            func text(_ range: Range<Int>?) -> fclog_text {
                guard let range else { return fclog_text(bytes: nil, length: -1) }
                return fclog_text(bytes: base.map { $0 + range.lowerBound }, length: Int64(range.count))
            }
            let body = message.map {
                fclog_text(bytes: UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self), length: Int64($0.count))
            } ?? fclog_text(bytes: nil, length: -1)
            var texts = (text(ranges.0), text(ranges.1), text(ranges.2), text(ranges.3), body)
            withUnsafePointer(to: &texts) { tuple in
                tuple.withMemoryRebound(to: fclog_text.self, capacity: 5) { pointer in
                    fclog_block_add(builder, nextID, Int64(row.lineNumber), millis == nil ? 0 : 1, millis ?? 0,
                                    row.spanID == nil ? 0 : 1, row.spanID ?? 0, Int32(row.kind.rawValue), pointer)
                }
            }
        }
        nextID += 1
        if fclog_block_raw_size(builder) >= Self.blockBytes { try flush() }
    }

    /// Writes the block in the making, if it holds any line.
    func flush() throws {
        let count = fclog_block_count(builder)
        guard count > 0 else { return }
        var length = 0
        guard let data = fclog_block_compress(builder, &length) else {
            throw FCLogError.sqlite(message: "out of memory compressing a block of \(count) lines")
        }
        let first = fclog_block_first_id(builder)
        insertBlock.bind(1, first)
        insertBlock.bind(2, fclog_block_last_id(builder))
        insertBlock.bind(3, inputID)
        insertBlock.bind(4, Int64(count))
        insertBlock.bindBlob(5, UnsafeRawBufferPointer(start: data, count: length))
        try insertBlock.run()
        var spanCount = 0
        if let spans = fclog_block_spans(builder, &spanCount) {
            for index in 0..<spanCount {
                insertSpan.bind(1, spans[index])
                insertSpan.bind(2, first)
                try insertSpan.run()
            }
        }
        fclog_block_builder_reset(builder)
    }

    /// Drops the block in the making (its batch was rolled back); ids go on from where they were.
    func discard() {
        fclog_block_builder_reset(builder)
    }
}
