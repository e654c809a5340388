import Foundation
import TenancyModel
import XCTest

final class UnitTests: XCTestCase {
    func testDurations() {
        XCTAssertEqual(TimeSpan("15m")?.seconds, 900)
        XCTAssertEqual(TimeSpan("1h30m")?.seconds, 5400)
        XCTAssertEqual(TimeSpan("7y")?.seconds, 7 * 365 * 86_400)
        XCTAssertEqual(TimeSpan("2w")?.seconds, 14 * 86_400)
        XCTAssertEqual(TimeSpan("90d")?.description, "90d")
        XCTAssertEqual(TimeSpan("2160h")?.description, "90d", "printed back canonically")
        XCTAssertEqual(TimeSpan("14d")?.description, "2w")
        XCTAssertEqual(TimeSpan("90m")?.description, "1h30m")
        XCTAssertEqual(TimeSpan("0s")?.description, "0s")
        XCTAssertEqual(TimeSpan("365d")?.description, "365d", "days are never turned into calendar years")
        XCTAssertEqual(TimeSpan("1y30d")?.description, "1y30d")
        XCTAssertEqual(TimeSpan("2y")?.years, 2)
        for bad in ["", "15", "m", "15 m", "1.5h", "15min", "-5m", "99999999999999999999y", "9999999999999999y"] {
            XCTAssertNil(TimeSpan(bad), bad)
        }
        XCTAssertLessThan(TimeSpan("59m")!, TimeSpan("1h")!)
    }

    func testSizes() {
        XCTAssertEqual(ByteSize("500GiB")?.bytes, 500 << 30)
        XCTAssertEqual(ByteSize("2TiB")?.description, "2TiB")
        XCTAssertEqual(ByteSize("2048GiB")?.description, "2TiB")
        XCTAssertEqual(ByteSize("1.5GiB")?.description, "1536MiB")
        XCTAssertEqual(ByteSize("50MB")?.bytes, 50_000_000)
        XCTAssertEqual(ByteSize("50MB")?.description, "50MB")
        XCTAssertEqual(ByteSize("1000MB")?.description, "1GB")
        XCTAssertEqual(ByteSize("1.5B"), nil, "a fraction must come out in whole bytes")
        for bad in ["", "GiB", "5 GiB", "5gb", "-1GiB", "99999999999PiB"] { XCTAssertNil(ByteSize(bad), bad) }
    }

    func testMoneyIsExactDecimal() {
        XCTAssertEqual(Money("199.99")?.description, "199.99")
        XCTAssertEqual(Money("29.9")?.description, "29.90")
        XCTAssertEqual(Money("1500")?.description, "1500.00")
        XCTAssertEqual(Money("0.0015")?.description, "0.0015")
        XCTAssertEqual(Money("0.1")!.amount + Money("0.2")!.amount, Money("0.3")!.amount, "no binary floating point")
        XCTAssertEqual(Money.enterpriseMonthly.description, "199.99")
        XCTAssertEqual(Money.starterMonthly.description, "29.99")
        for bad in ["", "1.23456", "1e3", "-5", "1,000.00", ".5", "5.", "1..2", "1.2.3", "+1", " 1"] { XCTAssertNil(Money(bad), bad) }
    }

    /// The digits read as an integer and a power of ten give the amount Decimal's own text
    /// parser gives, equal and hashing alike, on both sides of the fast path's 19 digits.
    func testMoneyReadsAsDecimalsTextParserDoes() {
        let texts = ["0", "0.00", "007.10", "1.50", "1.5", "199.99", "0.0015", "9999999999999999999", "99999999999999999999",
                     "1234567890123456.7891", "18446744073709551615", "18446744073709551616.5"]
        for text in texts {
            guard let money = Money(text), let expected = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                XCTFail("\(text) did not read"); continue
            }
            XCTAssertEqual(money.amount, expected, text)
            XCTAssertEqual(money, Money(expected), text)
            XCTAssertEqual(money.hashValue, Money(expected).hashValue, text)
            XCTAssertEqual(money.description, Money(expected).description, text)
        }
    }

    /// The text rewrite that the desired state uses prints what the Decimal path prints.
    func testMoneyCanonicalTextMatchesDecimal() {
        var texts = ["0", "0.0", "0.00", "00", "007.10", "1450.00", "1450.5", "0.0015", "0.35", "0.350", "10", "10.1234",
                     "99999999999.9999", "1000000", "0.0001", "5.0000"]
        for whole in [0, 1, 7, 10, 99, 100, 1234, 900, 5499] {
            for fraction in ["", ".0", ".00", ".5", ".50", ".05", ".123", ".1230", ".0001", ".9999"] { texts.append("\(whole)\(fraction)") }
        }
        for text in texts {
            XCTAssertEqual(Money.canonicalText(text), Money(text)?.description, text)
        }
        for text in ["", ".5", "1.", "1.23456", "1,5", "-1", "1.2.3", "1e3", " 1"] {
            XCTAssertNil(Money.canonicalText(text), text)
        }
    }

    func testCanonicalIPv4CheckAgreesWithParse() {
        let texts = ["10.0.0.0/8", "10.1.0.0/16", "10.1.0.0/15", "0.0.0.0/0", "255.255.255.255/32", "192.168.1.0/24", "192.168.1.1/24",
                     "010.1.0.0/16", "10.1.0.0/016", "10.1.0/16", "10.1.0.0.0/16", "256.0.0.0/8", "10.0.0.0/33", "10.0.0.0",
                     "10.0.0.0/", "/8", "10..0.0/8", "1.2.3.4/32", "1.2.3.4/31", "fe80::/10", "10.240.0.0/12"]
        for text in texts {
            let viaParse = (try? CIDR.parse(text).get()).map { $0.description == text } ?? false
            XCTAssertEqual(CIDR.isCanonicalIPv4(text), viaParse && !text.contains(":"), text)
        }
    }

    func testCIDR() throws {
        XCTAssertEqual(try CIDR.parse("10.0.0.0/8").get().description, "10.0.0.0/8")
        XCTAssertEqual(CIDR.parse("10.0.0.1/8"), .failure(.notCanonical(canonical: "10.0.0.0/8")))
        XCTAssertEqual(CIDR.parse("10.0.0.0/33"), .failure(.prefixTooLong(maximum: 32)))
        XCTAssertEqual(CIDR.parse("10.0.0/8"), .failure(.malformed))
        XCTAssertEqual(CIDR.parse("010.0.0.0/8"), .failure(.malformed))
        XCTAssertEqual(CIDR.parse("10.0.0.0"), .failure(.malformed))
        XCTAssertEqual(try CIDR.parse("2001:DB8:0:0::/32").get().description, "2001:db8::/32")
        XCTAssertEqual(try CIDR.parse("::/0").get().description, "::/0")
        XCTAssertEqual(try CIDR.parse("2001:db8:0:1:0:0:0:0/64").get().description, "2001:db8:0:1::/64")
        XCTAssertEqual(CIDR.parse("2001:db8::1/32"), .failure(.notCanonical(canonical: "2001:db8::/32")))
        XCTAssertEqual(CIDR.parse("2001:db8::/129"), .failure(.prefixTooLong(maximum: 128)))
        XCTAssertEqual(try CIDR.parse("192.168.1.0/24").get().description, "192.168.1.0/24")
        let wide = try CIDR.parse("10.0.0.0/8").get()
        XCTAssertTrue(wide.contains(try CIDR.parse("10.20.0.0/16").get()))
        XCTAssertFalse(wide.contains(try CIDR.parse("11.0.0.0/16").get()))
        XCTAssertFalse(try CIDR.parse("10.20.0.0/16").get().contains(wide))
        XCTAssertFalse(wide.contains(try CIDR.parse("::/0").get()))
    }

    func testAddresses() {
        XCTAssertEqual(Address("Workspace/engineering"), Address(.workspace, "engineering"))
        XCTAssertEqual(Address(.team, "platform").description, "Team/platform")
        XCTAssertNil(Address("Workspace"))
        XCTAssertNil(Address("Nope/x"))
    }

    /// A minimum in years is met only from every start date: six calendar years hold 2,190 (across
    /// 2100, which is not a leap year) to 2,192 days; a year 365 or 366; 400 years exactly 146,097.
    func testCalendarYearsAreMetFromEveryStartDate() throws {
        func span(_ text: String) throws -> TimeSpan { try XCTUnwrap(TimeSpan(text), text) }
        XCTAssertTrue(try span("6y").isAtLeast(span("6y")))
        XCTAssertTrue(try span("2192d").isAtLeast(span("6y")))
        XCTAssertFalse(try span("2191d").isAtLeast(span("6y")), "six years can hold two leap days")
        XCTAssertTrue(try span("6y").isAtLeast(span("2190d")), "six years are at least 2,190 days")
        XCTAssertFalse(try span("6y").isAtLeast(span("2191d")), "six years across 2100 are only 2,190 days")
        XCTAssertFalse(try span("6y").isAtLeast(span("2192d")))
        XCTAssertFalse(try span("365d").isAtLeast(span("1y")))
        XCTAssertTrue(try span("366d").isAtLeast(span("1y")))
        XCTAssertFalse(try span("1y").isAtLeast(span("366d")), "a year may be 365 days")
        XCTAssertTrue(try span("1y").isAtLeast(span("365d")))
        XCTAssertTrue(try span("146097d").isAtLeast(span("400y")))
        XCTAssertFalse(try span("146096d").isAtLeast(span("400y")))
        XCTAssertTrue(try span("400y").isAtLeast(span("146097d")))
        // Eight years around 2100 hold only one leap day: 2921 days can be eight years.
        XCTAssertTrue(try span("8y").isAtLeast(span("2921d")))
        XCTAssertFalse(try span("8y").isAtLeast(span("2922d")))
        XCTAssertTrue(try span("2y1d").isAtLeast(span("1y366d")))
        XCTAssertFalse(try span("1y364d").isAtLeast(span("2y")))
        XCTAssertTrue(try span("15m").isAtLeast(span("15m")))
        XCTAssertFalse(try span("14m").isAtLeast(span("15m")))
        XCTAssertNil(TimeSpan("9999999999y"), "beyond a billion years")
    }
}
