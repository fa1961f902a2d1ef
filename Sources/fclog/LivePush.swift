import Atomics
import FCLogCore

/// `ingest --push-to`: what the ingest commits is pushed while it runs, and all of it once it is done. The
/// pushing task has a connection of its own that nothing else uses; twice a second it looks whether the
/// ingest has committed since (`PRAGMA data_version`) and pushes if so. A push compares every row of the
/// store, so on a large store pushes are spaced by four times what the last took: they take at most a
/// fifth of a core from the ingest. The ingest holds the store's write lock, so until it ends the task
/// records what ClickHouse took in its connection's temporary tables.
struct LivePush: Sendable {
    let client: ClickHouseClient
    let storePath: String
    /// Set once the ingest has committed its last batch (or stopped): the task pushes once more and ends.
    let ingestEnded = ManagedAtomic<Bool>(false)

    /// The running task: the last push's outcome and how many pushes ran during the ingest.
    typealias Pushing = Task<(outcome: ClickHousePush.Outcome, during: Int), Error>

    /// Pushes until the ingest ends; returns the last push's outcome and how many pushes ran during the ingest.
    func run() async throws -> (outcome: ClickHousePush.Outcome, during: Int) {
        let db = try Store.openAlongside(path: storePath)
        try ClickHousePush.beginSession(db)
        var push = ClickHousePush(client: client)
        push.ledger = .session
        var seen = try version(db)
        var during = 0
        var lastProblem = ""
        var next = ContinuousClock.now
        while !ingestEnded.load(ordering: .acquiring) {
            try? await Task.sleep(for: .milliseconds(500))
            guard ContinuousClock.now >= next else { continue }
            let now = try version(db)
            guard now != seen, !ingestEnded.load(ordering: .acquiring) else { continue }
            seen = now
            let started = ContinuousClock.now
            defer { next = ContinuousClock.now + (ContinuousClock.now - started) * 4 }
            do {
                _ = try await push.run(db)
                during += 1
                lastProblem = ""
            } catch {
                // Said once while it lasts; the store keeps everything, and the next commit tries again.
                let problem = (error as? FCLogError)?.description ?? "\(error)"
                if problem != lastProblem { Terminal.printError("\(problem) (the next commit pushes again)") }
                lastProblem = problem
            }
        }
        try ClickHousePush.endSession(db)
        push.ledger = .store
        return (try await push.run(db), during)
    }

    private func version(_ db: SQLiteDatabase) throws -> Int64 {
        try db.scalarInt("PRAGMA data_version") ?? 0
    }
}
