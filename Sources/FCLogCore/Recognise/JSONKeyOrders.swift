/// The order of a record's fields by key, as `String` orders keys (the repeated in the order read), kept for
/// the few layouts of keys an export repeats (its log records, its request metrics): sorting every record's
/// keys took a tenth of an ingest of request metrics.
struct JSONKeyOrders {
    private var layouts: [(keys: [String], order: [Int])] = []
    private let capacity = 8

    /// The indices of `record`'s fields in key order.
    mutating func order(of record: JSONRecord) -> [Int] {
        let fields = record.fields
        if let index = layouts.firstIndex(where: { Self.matches($0.keys, fields) }) {
            // The layout last used is looked at first.
            if index != 0 { layouts.swapAt(0, index) }
            return layouts[0].order
        }
        let order = fields.indices.sorted { fields[$0].key < fields[$1].key }
        if layouts.count == capacity { layouts.removeLast() }
        layouts.insert((fields.map { $0.key }, order), at: 0)
        return order
    }

    private static func matches(_ keys: [String], _ fields: [(key: String, value: JSONRecord.Value)]) -> Bool {
        guard keys.count == fields.count else { return false }
        for index in keys.indices where keys[index] != fields[index].key { return false }
        return true
    }
}
