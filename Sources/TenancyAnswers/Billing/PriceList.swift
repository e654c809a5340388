import Foundation
import TenancyModel
import TenancySupport

/// The platform's list prices (docs/billing.md): a monthly base per tier and unit prices for
/// metered usage. A workspace's `billing.usagePricing` replaces a unit price (a negotiated rate);
/// a custom tier has no list unit prices, so what its contract does not name costs nothing.
package struct UnitPrices: Sendable, Equatable {
    package var perExecution: Decimal
    package var perGiBMonth: Decimal
    package var perThousandApiCalls: Decimal

    package init(perExecution: Decimal, perGiBMonth: Decimal, perThousandApiCalls: Decimal) {
        self.perExecution = perExecution
        self.perGiBMonth = perGiBMonth
        self.perThousandApiCalls = perThousandApiCalls
    }

    package static let zero = UnitPrices(perExecution: 0, perGiBMonth: 0, perThousandApiCalls: 0)
}

package enum PriceList {
    /// Exact decimal literals: `Decimal(string:)` of a constant, never a Double.
    static func amount(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? 0 }

    /// The monthly base of a tier; a custom tier's is its `price`. No tier, no base.
    package static func base(_ billing: BillingSettings) -> Decimal {
        switch billing.tier {
        case .starter: return Money.starterMonthly.amount
        case .enterprise: return Money.enterpriseMonthly.amount
        case .custom: return billing.price?.amount ?? 0
        case nil: return 0
        }
    }

    /// The list unit prices of a tier.
    package static func listPrices(_ tier: BillingSettings.Tier?) -> UnitPrices {
        switch tier {
        case .starter: return UnitPrices(perExecution: amount("0.0010"), perGiBMonth: amount("0.10"), perThousandApiCalls: amount("0.05"))
        case .enterprise: return UnitPrices(perExecution: amount("0.0004"), perGiBMonth: amount("0.08"), perThousandApiCalls: amount("0.02"))
        case .custom, nil: return .zero
        }
    }

    /// The unit prices a workspace pays: its own where it names them, else its tier's list prices.
    package static func unitPrices(_ billing: BillingSettings) -> UnitPrices {
        let list = listPrices(billing.tier)
        return UnitPrices(perExecution: billing.perExecution?.amount ?? list.perExecution,
                          perGiBMonth: billing.perGiBMonth?.amount ?? list.perGiBMonth,
                          perThousandApiCalls: billing.perThousandApiCalls?.amount ?? list.perThousandApiCalls)
    }
}

/// Currencies' minor units (ISO 4217): amounts are rounded to them.
package enum Currency {
    /// Digits after the decimal point: 0 for currencies without a minor unit, 3 for those with
    /// thousandths, 2 for every other.
    package static func minorUnits(_ code: String) -> Int { Money.minorUnits(code) }

    /// `amount` rounded to `digits` decimals, half away from zero (a half cent goes up).
    package static func rounded(_ amount: Decimal, digits: Int) -> Decimal {
        var value = amount
        var result = Decimal()
        NSDecimalRound(&result, &value, digits, .plain)
        return result
    }

    /// `1,234.50` with exactly `digits` decimals (rounded as `rounded` does); no currency sign.
    package static func text(_ amount: Decimal, digits: Int, grouped: Bool = true) -> String {
        let value = rounded(amount, digits: digits)
        if let text = integerText(value, digits: digits, grouped: grouped) { return text }
        return decimalText(value, digits: digits, grouped: grouped)
    }

    /// `text` of an amount already rounded, by its digits as an integer: Decimal's own printing
    /// divides by ten digit by digit (a microsecond an amount, and a bill of ten thousand
    /// workspaces prints hundreds of thousands). Nil past 18 digits (`decimalText` prints those).
    static func integerText(_ value: Decimal, digits: Int, grouped: Bool) -> String? {
        guard (0...6).contains(digits) else { return nil }
        let magnitude = value.magnitude
        let significand = magnitude.significand
        guard significand < 1_000_000_000_000_000_000 else { return nil }
        let integer = Int(truncating: significand as NSDecimalNumber)
        guard integer >= 0, Decimal(integer) == significand else { return nil }
        // magnitude = integer × 10^exponent; scaled = magnitude × 10^digits, a whole number.
        var scaled = integer
        let shift = magnitude.exponent + digits
        if shift >= 0 {
            for _ in 0..<shift {
                let (next, overflow) = scaled.multipliedReportingOverflow(by: 10)
                guard !overflow, next < 1_000_000_000_000_000_000 else { return nil }
                scaled = next
            }
        } else {
            for _ in 0..<(-shift) {
                guard scaled % 10 == 0 else { return nil }
                scaled /= 10
            }
        }
        var power = 1
        for _ in 0..<digits { power *= 10 }
        let whole = grouped ? Format.grouped(scaled / power) : String(scaled / power)
        var text = value < 0 ? "-" + whole : whole
        if digits > 0 {
            let fraction = String(scaled % power)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    /// `text` through Decimal's own printing: any amount.
    static func decimalText(_ value: Decimal, digits: Int, grouped: Bool) -> String {
        var text = value.magnitude.description // Decimal prints "." and no grouping, whatever the locale
        var whole = text, fraction = ""
        if let dot = text.firstIndex(of: ".") {
            whole = String(text[..<dot])
            fraction = String(text[text.index(after: dot)...])
        }
        while fraction.count < digits { fraction += "0" }
        if grouped {
            var out = ""
            for (i, c) in whole.enumerated() {
                if i > 0, (whole.count - i) % 3 == 0 { out.append(",") }
                out.append(c)
            }
            whole = out
        }
        text = whole + (digits > 0 ? "." + fraction : "")
        return (value < 0 ? "-" : "") + text
    }

    /// The amount as a JSON number's text: plain digits, exactly the currency's decimals.
    package static func jsonText(_ amount: Decimal, digits: Int) -> String { text(amount, digits: digits, grouped: false) }
}
