import Foundation

/// An amount of money, exact: a Decimal parsed from the quoted string the manifest writes
/// (`"199.99"`). Never a Double, so cents never drift. Printed with at least two decimals.
package struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let amount: Decimal

    package init(_ amount: Decimal) { self.amount = amount }

    package init?(_ text: String) {
        // Digits with at most four decimals (what the schema admits) read as an integer and a
        // power of ten: Decimal's text parser takes a locale and thousands of instructions, and a
        // state of ten thousand workspaces holds tens of thousands of prices.
        var significand: UInt64 = 0, digits = 0, decimals = 0, point = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "."), !point, digits > 0 {
                point = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 19 {
                significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
                digits += 1
                if point { decimals += 1 }
            } else {
                digits = 0
                break
            }
        }
        if digits > 0, !point || (1...4).contains(decimals) {
            amount = Decimal(sign: .plus, exponent: -decimals, significand: Decimal(significand))
            return
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.count == 1 || parts[1].count <= 4,
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        amount = value
    }

    /// Digits after the decimal point of `currency`'s minor unit (ISO 4217): 0 for currencies
    /// without one, 3 for those with thousandths, 4 for the units of account CLF and UYW, 2 for
    /// every other.
    package static func minorUnits(_ currency: String) -> Int {
        switch currency {
        case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF":
            return 0
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND":
            return 3
        case "CLF", "UYW":
            return 4
        default:
            return 2
        }
    }

    /// The decimals an amount's text needs: its fraction without trailing zeros (`100.10` needs 1,
    /// `1000.00` none).
    package static func neededDecimals(_ text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text[text.index(after: dot)...].reversed().drop { $0 == "0" }.count
    }

    package var description: String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 4, .plain)
        var text = NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))
        if !text.contains(".") { text += ".00" }
        else if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) == 2 { text += "0" }
        return text
    }

    /// The canonical text of an amount written as digits with an optional fraction of at most four
    /// digits (what the schema admits), by rewriting the text: what `Money(text)?.description`
    /// prints, without the thousands of instructions a Decimal costs. Leading zeros of the whole
    /// part and trailing zeros of the fraction go, and the fraction keeps at least two digits.
    /// Nil for any other text.
    package static func canonicalText(_ text: String) -> String? {
        var whole: [UInt8] = []
        var fraction: [UInt8] = []
        var inFraction = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                if inFraction { return nil }
                inFraction = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if inFraction { fraction.append(byte) } else { whole.append(byte) }
            } else {
                return nil
            }
        }
        guard !whole.isEmpty, !inFraction || (1...4).contains(fraction.count) else { return nil }
        while whole.count > 1, whole.first == UInt8(ascii: "0") { whole.removeFirst() }
        while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        while fraction.count < 2 { fraction.append(UInt8(ascii: "0")) }
        return String(decoding: whole + [UInt8(ascii: ".")] + fraction, as: UTF8.self)
    }

    package static func < (lhs: Money, rhs: Money) -> Bool { lhs.amount < rhs.amount }

    /// List prices of the fixed tiers, per month.
    package static let starterMonthly = Money(Decimal(2999) / 100)
    package static let enterpriseMonthly = Money(Decimal(19999) / 100)
}
