import TenancySupport
import XCTest

final class PathsAndFormatTests: XCTestCase {
    func testJoinAndRelative() {
        XCTAssertEqual(Paths.join(".", "tenancy.yaml"), "tenancy.yaml")
        XCTAssertEqual(Paths.join("", "a"), "a")
        XCTAssertEqual(Paths.join("examples", "tenancy.yaml"), "examples/tenancy.yaml")
        XCTAssertEqual(Paths.join("examples/", "a/b"), "examples/a/b")
        XCTAssertEqual(Paths.join("examples", "/abs"), "/abs")
        XCTAssertEqual(Paths.relative("examples/teams/a.yaml", to: "examples"), "teams/a.yaml")
        XCTAssertEqual(Paths.relative("examples/teams/a.yaml", to: "examples/"), "teams/a.yaml")
        XCTAssertEqual(Paths.relative("teams/a.yaml", to: "."), "teams/a.yaml")
        XCTAssertEqual(Paths.relative("other/a.yaml", to: "examples"), "other/a.yaml")
        XCTAssertEqual(Paths.folder(of: "a/b/c.json"), "a/b")
        XCTAssertEqual(Paths.folder(of: "c.json"), ".")
        XCTAssertEqual(Paths.folder(of: "/c.json"), "/")
        XCTAssertEqual(Paths.name(of: "a/b/c.json"), "c.json")
    }

    func testNormalizedAndEscapes() {
        XCTAssertEqual(Paths.normalized("a/./b/../c"), "a/c")
        XCTAssertEqual(Paths.normalized("a//b/"), "a/b")
        XCTAssertEqual(Paths.normalized("../a"), "../a")
        XCTAssertEqual(Paths.normalized("a/../.."), "..")
        XCTAssertEqual(Paths.normalized("/../a"), "/a")
        XCTAssertEqual(Paths.normalized("./"), ".")
        XCTAssertTrue(Paths.staysInside("secrets/key"))
        XCTAssertTrue(Paths.staysInside("a/../secrets/key"))
        XCTAssertFalse(Paths.staysInside("../outside"))
        XCTAssertFalse(Paths.staysInside("a/../../outside"))
        XCTAssertFalse(Paths.staysInside("/etc/passwd"))
    }

    func testFormats() {
        XCTAssertEqual(Format.count(1, "record"), "1 record")
        XCTAssertEqual(Format.count(0, "record"), "0 records")
        XCTAssertEqual(Format.count(2, "policy", plural: "policies"), "2 policies")
        XCTAssertEqual(Format.grouped(0), "0")
        XCTAssertEqual(Format.grouped(999), "999")
        XCTAssertEqual(Format.grouped(1000), "1,000")
        XCTAssertEqual(Format.grouped(-1234567), "-1,234,567")
        XCTAssertEqual(Format.fixed(1.25, digits: 1), "1.3")
        XCTAssertEqual(Format.fixed(-0.04, digits: 1), "0.0")
        XCTAssertEqual(Format.fixed(2, digits: 2), "2.00")
        XCTAssertEqual(Format.fixed(0.005, digits: 0), "0")
        XCTAssertEqual(Format.bytes(512), "512 B")
        XCTAssertEqual(Format.bytes(1536), "1.5 KiB")
        XCTAssertEqual(Format.bytes(16 << 20), "16.0 MiB")
        XCTAssertEqual(Format.padded(42, width: 5), "00042")
    }
}
