/// Numbers in messages and renders: counts with their noun, byte sizes, fixed decimals. One place,
/// so that `1 record` / `2 records` and `1.5 MB` read the same in every command.
package enum Format {
    /// `1 record`, `2 records`; `plural` for irregular nouns.
    package static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(n) \(n == 1 ? noun : (plural ?? noun + "s"))"
    }

    /// `12,345,678` (grouped by thousands, for tables people read).
    package static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// `x` rounded to a whole number and grouped (`12,345`); past what an Int holds (a saturated
    /// sum), as Swift prints the Double. Never traps.
    package static func grouped(_ x: Double) -> String {
        let whole = x.rounded()
        guard whole.isFinite, abs(whole) < 9.0e18 else { return x.isNaN ? "nan" : String(x) }
        return grouped(Int(whole))
    }

    /// `x` with exactly `digits` decimals, rounded half away from zero (no locale, no Foundation).
    package static func fixed(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<max(0, digits) { scale *= 10 }
        let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return String(x) }
        let whole = UInt64(scaled)
        let unit = UInt64(scale)
        var text = String(whole / unit)
        if digits > 0 {
            let fraction = String(whole % unit)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return (x < 0 && scaled != 0 ? "-" : "") + text
    }

    /// `512 B`, `1.5 KiB`, `47.5 MiB`: binary units, one decimal above a kibibyte.
    package static func bytes(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(n)
        var unit = 0
        while abs(value) >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) B" : fixed(value, digits: 1) + " " + units[unit]
    }

    /// `n` zero-padded to `width` digits (keys that sort in numeric order).
    package static func padded(_ n: Int, width: Int) -> String {
        let digits = String(n.magnitude)
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// A number for a message: whole numbers up to 2^53 without a fraction (`9007199254740991`,
    /// not `9.007199254740991e+15`), anything else as Swift prints a Double.
    package static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) <= 9_007_199_254_740_992 ? String(Int64(value)) : String(value)
    }

    /// `n` in upper-case hexadecimal, zero-padded to `width` digits (`U+001B`).
    package static func hex(_ n: Int, width: Int) -> String {
        let digits = String(n, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
