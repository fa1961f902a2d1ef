/// What the recognisers found in one line: envelope, runtime prefix and the
/// kind of message, all as byte ranges of the line so nothing is copied.
public struct RecognisedLine: Sendable {
    /// What the message is.
    public enum Kind: Equatable, Sendable {
        /// Only blanks.
        case blank
        /// A `===== FC invoke Logs begin/end =====` frame of a log tail.
        case banner
        /// A lifecycle marker.
        case marker
        /// A `Duration: …` summary of the invocation just ended.
        case summary
        /// A runtime's own line: `… runtime inited.`, `load code for handler:…`.
        case runtime
        /// What a deploy tool (`s invoke`, `fun invoke`) printed around a call, not the function's output:
        /// `FC Invoke instanceId: c-…` (in `instanceID`), `Qualifier: LATEST`, `FC Invoke Result:` …
        case tool
        /// Anything else: the function's output.
        case user
    }

    public var kind: Kind = .user
    /// The instance id that opened the row (console copies, `s logs`).
    public var instanceID: Range<Int>?
    /// A wall-clock timestamp with no zone (console, `s logs`), local time.
    public var envelopeTime: Timestamp?
    /// A runtime prefix's timestamp (UTC unless it wrote a zone).
    public var prefixTime: Timestamp?
    /// The RequestId of a marker or of a runtime prefix.
    public var requestID: Range<Int>?
    public var level: Range<Int>?
    /// The message without envelope and prefix.
    public var message: Range<Int> = 0..<0
    /// Everything after the envelope, prefix included: the text every route (console, `s logs`, SLS) carries alike.
    public var body: Range<Int> = 0..<0
    public var marker: Marker?
    public var summary: SummaryLine?
    /// A deploy tool's `Qualifier: …` (the alias of the call).
    public var toolQualifier: Range<Int>?
    /// A deploy tool's `Invoke Result:`: the call's result follows, up to a blank line.
    public var opensToolResult = false

    public init() {}
}
