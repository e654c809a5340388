/// A length of time as manifests write it (`15m`, `12h`, `90d`, `7y`, `1h30m`), held in seconds.
/// A year is 365 days and a week 7 days: retention rules are written in these units and compared
/// exactly, never through calendars.
public struct Duration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    static let units: [(suffix: Character, seconds: Int64)] = [
        ("y", 365 * 86_400), ("w", 7 * 86_400), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]

    /// Parses `15m`, `1h30m`; nil when malformed or beyond ~292 billion years.
    public init?(_ text: String) {
        guard !text.isEmpty else { return nil }
        var total: Int64 = 0
        var digits: Int64 = 0
        var sawDigit = false
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (shifted, o1) = digits.multipliedReportingOverflow(by: 10)
                let (added, o2) = shifted.addingReportingOverflow(Int64(digit))
                guard !o1, !o2 else { return nil }
                digits = added
                sawDigit = true
            } else if let unit = Self.units.first(where: { $0.suffix == character }), sawDigit {
                let (product, o1) = digits.multipliedReportingOverflow(by: unit.seconds)
                let (sum, o2) = total.addingReportingOverflow(product)
                guard !o1, !o2 else { return nil }
                total = sum
                digits = 0
                sawDigit = false
            } else {
                return nil
            }
        }
        guard !sawDigit else { return nil }
        self.seconds = total
    }

    /// The canonical spelling: the largest units first, `90d` rather than `2160h`, `0s` for zero.
    public var description: String {
        if seconds == 0 { return "0s" }
        var rest = seconds
        var out = ""
        for unit in Self.units where rest >= unit.seconds {
            // Weeks are only used when they divide the rest exactly into days-free form.
            if unit.suffix == "w" && rest % unit.seconds != 0 { continue }
            out += "\(rest / unit.seconds)\(unit.suffix)"
            rest %= unit.seconds
        }
        return out
    }

    public static func < (lhs: Duration, rhs: Duration) -> Bool { lhs.seconds < rhs.seconds }
}
