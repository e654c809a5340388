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

    /// Ties go to the first candidate in code-point order, whatever order the candidates come in
    /// (a set's order changes from run to run, and a hint in a golden file must not).
    func testTiesAreBrokenTheSameWayInAnyOrder() {
        let candidates = ["IQ", "BQ", "AQ", "QA"]
        for order in [candidates, candidates.reversed(), candidates.shuffled()] {
            XCTAssertEqual(Suggestion.closest(to: "QQ", in: order), "AQ")
        }
        XCTAssertEqual(Suggestion.closest(to: "QQ", in: Set(candidates)), "AQ")
    }
}
