/// The spans under one key of the assembler's tables, oldest first. A key mostly has one, held without an
/// array: an array for each entry was an allocation and a free per span in each of the tables it enters.
struct SpanList: RandomAccessCollection, ExpressibleByArrayLiteral {
    /// The first span; nil only when the list is empty.
    private var head: SpanState?
    private var tail: [SpanState] = []

    init(arrayLiteral spans: SpanState...) {
        for span in spans { append(span) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { head == nil ? 0 : tail.count + 1 }

    subscript(position: Int) -> SpanState {
        position == 0 ? head! : tail[position - 1]
    }

    mutating func append(_ span: SpanState) {
        if head == nil { head = span } else { tail.append(span) }
    }

    @discardableResult
    mutating func remove(at position: Int) -> SpanState {
        precondition(position >= 0 && position < endIndex, "a span of the list")
        if position > 0 { return tail.remove(at: position - 1) }
        let first = head!
        head = tail.isEmpty ? nil : tail.removeFirst()
        return first
    }
}
