/// One function's figures as logged, as replayed at the observed settings,
/// and as replayed under the settings a user asks about.
public struct WhatIf: Sendable {
    public var function: String
    public var start: Int64
    public var end: Int64
    public var observed: ReplayOutcome
    public var baseline: ReplayOutcome
    public var scenario: ReplayOutcome
}
