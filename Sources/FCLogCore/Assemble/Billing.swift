/// FC's billing arithmetic, in integer microseconds.
public enum Billing {
    /// A duration rounded up to the billing step: 87.02 ms bills 88 ms at a
    /// 1 ms step and 100 ms at the pre-2021 100 ms step.
    public static func billedMillis(durationMicros: Int64, stepMillis: Int64) -> Int64 {
        let step = max(1, stepMillis) * 1000
        let steps = (max(0, durationMicros) + step - 1) / step
        return steps * max(1, stepMillis)
    }
}
