extension Ingester {
    /// One input being read: its context while it is open, and its own counts,
    /// kept apart because followed inputs are read in turns.
    struct InputSlot {
        let name: String
        var context: InputContext?
        var counts = InputCounts()
        var bytesRead = 0
        var sawLines = false
        var failed = false

        init(name: String) {
            self.name = name
        }

        /// Registers the input in the store and opens its context.
        mutating func begin(_ ingester: Ingester) throws {
            context = InputContext(id: try ingester.registerInput(name: name), name: name)
        }

        /// After the input ended: the same path read again is a new input.
        mutating func reset() {
            self = InputSlot(name: name)
        }
    }

    /// What one input added to the store, recorded in `inputs`.
    struct InputCounts {
        var linesRead = 0
        var recordsNew = 0
        var recordsDuplicate = 0
        var skipped = 0

        mutating func add(from before: IngestSummary, to after: IngestSummary) {
            linesRead += after.linesRead - before.linesRead
            recordsNew += after.recordsNew - before.recordsNew
            recordsDuplicate += after.recordsDuplicate - before.recordsDuplicate
            skipped += after.skippedTotal - before.skippedTotal
        }
    }
}
