import TenancyDiagnostics
import XCTest

final class SuggestionTests: XCTestCase {
    func testClosestCandidateWithinATypoDistance() {
        let fields = ["sessionTimeout", "mfa", "apiKeys", "approvals"]
        XCTAssertEqual(Suggestion.closest(to: "sesionTimeout", in: fields), "sessionTimeout")
        XCTAssertEqual(Suggestion.closest(to: "sessionTiemout", in: fields), "sessionTimeout", "a swap is one edit")
        XCTAssertEqual(Suggestion.closest(to: "SessionTimeout", in: fields), "sessionTimeout")
        XCTAssertEqual(Suggestion.closest(to: "mfe", in: fields), "mfa")
        XCTAssertNil(Suggestion.closest(to: "billing", in: fields))
    }

    func testEditDistance() {
        XCTAssertEqual(Suggestion.editDistance("", "abc"), 3)
        XCTAssertEqual(Suggestion.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(Suggestion.editDistance("ab", "ba"), 1)
    }
}
