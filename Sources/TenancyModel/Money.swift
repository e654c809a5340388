import Foundation

/// An amount of money, exact: a Decimal parsed from the quoted string the manifest writes
/// (`"199.99"`). Never a Double, so cents never drift. Printed with at least two decimals.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let amount: Decimal

    public init(_ amount: Decimal) { self.amount = amount }

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.count == 1 || parts[1].count <= 4,
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        amount = value
    }

    public var description: String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 4, .plain)
        var text = NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))
        if !text.contains(".") { text += ".00" }
        else if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) == 2 { text += "0" }
        return text
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.amount < rhs.amount }

    /// List prices of the fixed tiers, per month.
    public static let starterMonthly = Money(Decimal(2999) / 100)
    public static let enterpriseMonthly = Money(Decimal(19999) / 100)
}
