/// A length of time as manifests write it (`15m`, `12h`, `90d`, `7y`, `1h30m`): whole calendar
/// years apart from the rest, which is held in seconds (a week is 7 days, a day 86,400 seconds).
///
/// Years are kept apart because a year is not a fixed number of days: retention rules say "at
/// least six years", and six calendar years are 2,190 to 2,192 days depending on the leap days
/// they cross. `seconds` (a year as 365 days) serves limits that are never written in years
/// (timeouts, execution times); comparisons that a rule decides use `isAtLeast(_:)`, which holds
/// only when one span is at least the other from every start date (docs/templates.md).
package struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole calendar years.
    package let years: Int64
    /// The part below years, in seconds (days, hours, minutes and seconds, never converted to years).
    package let rest: Int64

    /// The nominal length with a year as 365 days, for limits that are not calendar-bound.
    package var seconds: Int64 { years &* Self.day &* 365 &+ rest }

    package init(seconds: Int64) {
        years = 0
        rest = seconds
    }

    package init(years: Int64, rest: Int64 = 0) {
        self.years = years
        self.rest = rest
    }

    static let day: Int64 = 86_400
    static let units: [(suffix: Character, seconds: Int64)] = [
        ("w", 7 * 86_400), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]
    /// The largest count of years a span may hold: beyond it the calendar arithmetic of
    /// `CalendarYears` would overflow.
    static let maximumYears: Int64 = 1_000_000_000

    /// Parses `15m`, `1h30m`, `6y`; nil when malformed or too long to hold.
    package init?(_ text: String) {
        var text = text
        guard let (years, rest) = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.years = years
        self.rest = rest
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (years: Int64, rest: Int64)? {
        guard !bytes.isEmpty else { return nil }
        var years: Int64 = 0
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
            } else if c == UInt8(ascii: "y") {
                guard sawDigit else { return nil }
                let (sum, overflow) = years.addingReportingOverflow(digits)
                guard !overflow, sum <= maximumYears else { return nil }
                years = sum
                digits = 0
                sawDigit = false
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
        guard !sawDigit else { return nil }
        // The nominal length must fit too (`seconds`).
        let (yearSeconds, o1) = years.multipliedReportingOverflow(by: 365 * day)
        guard !o1, !yearSeconds.addingReportingOverflow(total).overflow else { return nil }
        return (years, total)
    }

    /// The canonical spelling: years as written, then the largest units first, `90d` rather than
    /// `2160h`, `0s` for zero. Days are never turned into years (`365d` is not `1y`).
    package var description: String {
        if years == 0 && rest == 0 { return "0s" }
        var out = years > 0 ? "\(years)y" : ""
        var rest = self.rest
        for unit in Self.units where rest >= unit.seconds {
            // Weeks are only used when they divide the rest exactly into days-free form.
            if unit.suffix == "w" && rest % unit.seconds != 0 { continue }
            out += "\(rest / unit.seconds)\(unit.suffix)"
            rest %= unit.seconds
        }
        return out
    }

    /// Whether this span is at least `other` however it is laid on the calendar: for every start
    /// date, the end of this span is not before the end of `other`. `2192d` is at least `6y`,
    /// `2191d` is not (six years may hold two leap days); `6y` is at least `2190d`, not `2191d`
    /// (six years across 2100 hold none).
    package func isAtLeast(_ other: TimeSpan) -> Bool {
        // this − other = (years − other.years) calendar years + (rest − other.rest) seconds.
        let years = self.years - other.years
        let seconds = rest - other.rest
        if years >= 0 {
            // The fewest days that many years can hold, against what the rest takes away.
            return CalendarYears.shortestDays(years) * Self.day + seconds >= 0
        }
        return seconds >= CalendarYears.longestDays(-years) * Self.day
    }

    /// Ordered by the nominal length, then by years (a sort order, not a rule's comparison).
    package static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool {
        (lhs.seconds, lhs.years) < (rhs.seconds, rhs.years)
    }
}

/// How many days a run of whole Gregorian calendar years can hold: 365 a year plus the leap days
/// it crosses, which depend on where it starts. Exact over the 400-year cycle (2100 is not a
/// leap year), so that a minimum stated in years is met by days only when it is met from any date.
enum CalendarYears {
    /// Leap years among the first `n` years of the cycle, for n in 0...400.
    private static let leapPrefix: [Int64] = {
        var prefix: [Int64] = [0]
        for year in 0..<400 {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            prefix.append(prefix[year] + (leap ? 1 : 0))
        }
        return prefix
    }()

    /// The fewest and the most leap days that `n` consecutive years hold, over every start year.
    /// A span from a date crosses the February 29ths of n consecutive years (those from its start
    /// year when it starts before March, from the next one otherwise).
    private static func leapDays(_ n: Int64) -> (fewest: Int64, most: Int64) {
        let cycles = n / 400, remainder = Int(n % 400)
        var fewest = Int64.max, most = Int64.min
        for start in 0..<400 {
            let end = start + remainder
            let count = end <= 400 ? leapPrefix[end] - leapPrefix[start]
                                   : (leapPrefix[400] - leapPrefix[start]) + leapPrefix[end - 400]
            fewest = min(fewest, count)
            most = max(most, count)
        }
        return (cycles * 97 + fewest, cycles * 97 + most)
    }

    static func shortestDays(_ years: Int64) -> Int64 { years * 365 + leapDays(years).fewest }
    static func longestDays(_ years: Int64) -> Int64 { years * 365 + leapDays(years).most }
}
