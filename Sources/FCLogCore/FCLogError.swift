/// Every error fclog reports to a user, worded to be read on a terminal.
public enum FCLogError: Error, Equatable, CustomStringConvertible {
    /// An input file could not be opened or read.
    case unreadableInput(path: String, reason: String)
    /// A gzip stream ended early or is corrupt.
    case corruptGzip(path: String, reason: String)
    /// The store could not be opened or is not an fclog store.
    case unusableStore(path: String, reason: String)
    /// The store was written by a newer fclog that knows migrations this one does not.
    case newerStore(path: String, unknownMigrations: [String])
    /// There is no store at the path yet.
    case missingStore(path: String)
    /// SQLite refused a statement; the message is SQLite's own.
    case sqlite(message: String)
    /// A query statement would modify the store.
    case writeRefused(statement: String)
    /// A command-line value is not acceptable.
    case invalidArgument(String)
    /// The disk is full; what was committed before stays.
    case diskFull(path: String)
    /// The user interrupted a long operation.
    case interrupted
    /// A query ran past its `--timeout`.
    case queryTimedOut(seconds: Double)
    /// An ingest stopped at the user's request after committing this many lines.
    case interruptedAfter(lines: Int)
    /// `fclog forget` would leave the store other than if the data had never been ingested; nothing was changed.
    case forgetRefused(reason: String)
    /// A ClickHouse server could not be reached, refused a statement, or holds tables of another shape.
    case clickHouse(String)

    /// Whether the error concerns one input (the others can still be read), not the store.
    public var isInputError: Bool {
        switch self {
        case .unreadableInput, .corruptGzip: true
        default: false
        }
    }

    /// The message shown to the user, after `fclog: `.
    public var description: String {
        switch self {
        case let .unreadableInput(path, reason):
            return "cannot read \(path): \(reason)"
        case let .corruptGzip(path, reason):
            return "\(path): gzip data is damaged (\(reason))"
        case let .unusableStore(path, reason):
            return "cannot use store \(path): \(reason)"
        case let .newerStore(path, unknown):
            return "store \(path) was written by a newer fclog (unknown migrations: \(unknown.joined(separator: ", "))); upgrade fclog to read it"
        case let .missingStore(path):
            return "no store at \(path); run 'fclog ingest FILE' first or pass --db"
        case let .sqlite(message):
            return message
        case let .writeRefused(statement):
            return "refused: fclog query is read-only and this statement would modify the store: \(statement)"
        case let .invalidArgument(message):
            return message
        case let .diskFull(path):
            return "the disk holding \(path) is full; the store keeps everything committed before this batch"
        case .interrupted:
            return "interrupted"
        case let .queryTimedOut(seconds):
            return "the query ran past its time limit of \(seconds) s and was stopped; narrow it, or raise --timeout"
        case let .forgetRefused(reason):
            return "nothing was forgotten: \(reason)"
        case let .clickHouse(message):
            return message
        case let .interruptedAfter(lines):
            return "interrupted after \(lines) lines; what was read is stored; run the same ingest again to finish"
        }
    }
}
