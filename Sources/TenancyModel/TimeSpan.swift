/// A length of time as manifests write it (`15m`, `12h`, `90d`, `7y`, `1h30m`), held in seconds.
/// A year is 365 days and a week 7 days: retention rules are written in these units and compared
/// exactly, never through calendars.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    static let units: [(suffix: Character, seconds: Int64)] = [
        ("y", 365 * 86_400), ("w", 7 * 86_400), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]

    /// Parses `15m`, `1h30m`; nil when malformed or beyond ~292 billion years.
    public init?(_ text: String) {
        var text = text
        guard let seconds = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.seconds = seconds
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var total: Int64 = 0
        var digits: Int64 = 0
        var sawDigit = false
        for c in bytes {
            if c >= 0x30 && c <= 0x39 {
                let (shifted, o1) = digits.multipliedReportingOverflow(by: 10)
                let (added, o2) = shifted.addingReportingOverflow(Int64(c - 0x30))
                guard !o1, !o2 else { return nil }
                digits = added
                sawDigit = true
            } else {
                guard sawDigit, let unit = units.first(where: { $0.suffix.asciiValue == c }) else { return nil }
                let (product, o1) = digits.multipliedReportingOverflow(by: unit.seconds)
                let (sum, o2) = total.addingReportingOverflow(product)
                guard !o1, !o2 else { return nil }
                total = sum
                digits = 0
                sawDigit = false
            }
        }
        return sawDigit ? nil : total
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

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }
}
