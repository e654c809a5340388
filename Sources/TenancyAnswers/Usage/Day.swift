/// A UTC calendar day, held as days since 1970-01-01 (proleptic Gregorian), so that days compare,
/// count and step without a calendar object or a time zone. Usage records, billing periods and
/// "now" are days: answers never depend on the clock or the machine's zone.
package struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    package let ordinal: Int

    package init(ordinal: Int) { self.ordinal = ordinal }

    /// A valid date only (`2026-02-30` is nil), years 1 to 9999.
    package init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysIn(year: year, month: month) else {
            return nil
        }
        ordinal = Self.ordinal(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`, exactly (RFC 3339 full-date).
    package init?(_ text: String) {
        var text = text
        guard let day = text.withUTF8(Day.init(utf8:)) else { return nil }
        self = day
    }

    /// `YYYY-MM-DD` from its bytes (a usage line's).
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in UnsafeBufferPointer(rebasing: bytes[range]) {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    package var description: String {
        let (y, m, d) = components
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Year, month, day (Howard Hinnant's civil_from_days).
    package var components: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The first day of this day's month.
    package var monthStart: Day {
        let (y, m, _) = components
        return Day(ordinal: Self.ordinal(year: y, month: m, day: 1))
    }

    /// How many days this day's month has.
    package var daysInMonth: Int {
        let (y, m, _) = components
        return Self.daysIn(year: y, month: m)
    }

    /// The month as `YYYY-MM`.
    package var month: Month { Month(year: components.year, month: components.month) }

    package func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    package static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }
    package static func - (lhs: Day, rhs: Day) -> Int { lhs.ordinal - rhs.ordinal }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// A calendar month (`YYYY-MM`): a billing period.
package struct Month: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let year: Int
    package let month: Int

    package init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// `YYYY-MM`, exactly.
    package init?(_ text: String) {
        guard text.utf8.count == 7, let first = Day(text + "-01") else { return nil }
        (year, month) = (first.components.year, first.components.month)
    }

    package var first: Day { Day(ordinal: Day.ordinal(year: year, month: month, day: 1)) }
    package var days: Int { Day.daysIn(year: year, month: month) }
    package var last: Day { first.adding(days: days - 1) }

    package var description: String {
        (year < 1000 ? String(repeating: "0", count: 4 - String(year).count) : "") + "\(year)-" + (month < 10 ? "0" : "") + "\(month)"
    }

    package static func < (lhs: Month, rhs: Month) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}
