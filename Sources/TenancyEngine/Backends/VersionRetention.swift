import Foundation

/// Which kept versions a commit may remove: the same rule for every backend.
///
/// `keepVersions` alone is not enough, because bills read the history: a day is billed at the
/// version that was in force on it (`BillingTimeline`). Were a busy month's early versions pruned
/// after ten applies, the bill for its first days would change depending on when it is asked. So
/// a version is also kept while it was in force on any day since the first day of the previous
/// calendar month (UTC): this month's bill and the last one (asked for at the start of a month)
/// never change. Older versions go by count as before.
package struct VersionRetention: Sendable {
    /// How many versions are kept at least, the current one included (`keepVersions`, at least 1).
    package let keepVersions: Int
    /// Today, for the billing window; tests set another.
    private let clock: @Sendable () -> Date

    package init(keepVersions: Int, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.keepVersions = max(1, keepVersions)
        self.clock = clock
    }

    /// The first day of the calendar month before the one `now` falls in, as `YYYY-MM-DD` (UTC),
    /// to compare with the first ten characters of an ISO 8601 time.
    package static func firstDayOfPreviousMonth(_ now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month], from: now)
        var year = parts.year ?? 1970, month = (parts.month ?? 1) - 1
        if month == 0 { year -= 1; month = 12 }
        let yearText = String(year), monthText = String(month)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-"
            + (month < 10 ? "0" : "") + monthText + "-01"
    }

    /// The serials to remove. `superseded`: the versions kept before this commit that it
    /// supersedes, oldest first, each with the time it was made (ISO 8601; nil when unknown);
    /// `currentMade`: when the version this commit writes was made. A version was in force until
    /// its successor was made; one whose successor came on or after the window's first day stays,
    /// and so do all after it (only the oldest are ever removed, as a prefix).
    package func removable(_ superseded: [(serial: Int, made: String?)], currentMade: String?) -> [Int] {
        let beyondCount = max(0, superseded.count - (keepVersions - 1))
        guard beyondCount > 0 else { return [] }
        let windowStart = Self.firstDayOfPreviousMonth(clock())
        var removed: [Int] = []
        for index in 0..<beyondCount {
            let successorMade = index + 1 < superseded.count ? superseded[index + 1].made : currentMade
            if let successorMade, String(successorMade.prefix(10)) >= windowStart { break }
            removed.append(superseded[index].serial)
        }
        return removed
    }
}
