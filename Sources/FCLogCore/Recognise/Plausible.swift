/// Conversions of numbers read from logs that never trap: values out of any
/// plausible range become nil instead of overflowing.
public enum Plausible {
    /// The latest instant fclog accepts: 9999-12-31T23:59:59Z.
    public static let maxSeconds: Int64 = 253_402_300_799

    /// Unix microseconds of a Unix time given in seconds, or in milliseconds or
    /// microseconds when the number is too large to be seconds.
    public static func micros(fromEpoch value: Int64) -> Int64? {
        switch value {
        case 0...maxSeconds: value * 1_000_000
        case 0...(maxSeconds * 1000): value * 1000
        case 0...(maxSeconds * 1_000_000): value
        default: nil
        }
    }

    /// Microseconds of a duration or instant given in (fractional) milliseconds.
    public static func micros(fromMillis value: Double) -> Int64? {
        let micros = (value * 1000).rounded()
        guard micros.isFinite, abs(micros) < Double(maxSeconds) * 1_000_000 else { return nil }
        return Int64(micros)
    }
}
