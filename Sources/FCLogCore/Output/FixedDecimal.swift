/// Numbers written with a fixed count of decimals, the same on every platform and locale.
public enum FixedDecimal {
    /// A number with `digits` decimals, without Foundation's locale rules.
    public static func string(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "0" }
        guard abs(value) < 1e15 else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int64(scaled / scale)
        var text = (value < 0 && scaled > 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let fraction = String(Int64(scaled) - whole * Int64(scale))
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }
}
