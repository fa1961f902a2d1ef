/// The numbers by which spans refer to their instance (`instances.id`),
/// allocated on first sight inside the writing transaction.
final class InstanceNumbers {
    private let find: SQLiteStatement
    private let create: SQLiteStatement
    private var known: [InstanceRef: Int64] = [:]
    /// The last instance asked for: consecutive spans mostly share it.
    private var last: (ref: InstanceRef, number: Int64)?
    /// Bounds memory for stores with very many instances; a miss costs one indexed read.
    private static let capacity = 16_384

    init(database: SQLiteDatabase) throws {
        find = try database.prepare("SELECT id FROM instances WHERE function = ?1 AND instance_id = ?2")
        create = try database.prepare("INSERT INTO instances(function, instance_id) VALUES (?1, ?2)")
    }

    /// The instance's number, creating its row in `instances` if it has none;
    /// nil for no instance.
    func number(function: String, instance: String?) throws -> Int64? {
        guard let instance else { return nil }
        if let last, last.ref.instance == instance, last.ref.function == function { return last.number }
        let ref = InstanceRef(function: function, instance: instance)
        let number = try known[ref] ?? lookUp(ref)
        last = (ref, number)
        return number
    }

    private func lookUp(_ ref: InstanceRef) throws -> Int64 {
        find.bind(1, ref.function)
        find.bind(2, ref.instance)
        let found = try find.step() ? find.int64(0) : nil
        find.reset()
        let number: Int64
        if let found {
            number = found
        } else {
            create.bind(1, ref.function)
            create.bind(2, ref.instance)
            try create.run()
            number = create.database.lastInsertRowID
        }
        if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
        known[ref] = number
        return number
    }

    /// Forgets numbers allocated in a transaction that was rolled back.
    func forget() {
        known.removeAll()
        last = nil
    }
}
