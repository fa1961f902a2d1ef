/// FC's billing arithmetic, in integer microseconds.
public enum Billing {
    /// A duration rounded up to the billing step: 87.02 ms bills 88 ms at a
    /// 1 ms step and 100 ms at the pre-2021 100 ms step.
    public static func billedMillis(durationMicros: Int64, stepMillis: Int64) -> Int64 {
        let stepMillis = min(max(1, stepMillis), maxStepMillis)
        let step = stepMillis * 1000
        let duration = min(max(0, durationMicros), Plausible.maxSeconds * 1_000_000)
        return (duration / step + (duration % step == 0 ? 0 : 1)) * stepMillis
    }

    /// The largest billing step accepted: an hour.
    public static let maxStepMillis: Int64 = 3_600_000
}
