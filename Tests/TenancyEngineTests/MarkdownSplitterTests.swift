@testable import TenancyEngine
import XCTest

/// The splitter on the shapes a comment has: fences and nested blocks open at a split, a line
/// longer than a part, text that fits, and characters that count twice in UTF-16.
final class MarkdownSplitterTests: XCTestCase {
    func heading(_ k: Int, _ n: Int) -> String { "### part \(k) of \(n)" }

    func testTextThatFitsIsOnePart() {
        let parts = MarkdownSplitter(limit: 65_536).split("# title\n\nbody\n", heading: heading)
        XCTAssertEqual(parts, ["# title\n\nbody\n"])
    }

    func testFencesAndNestedBlocksAreClosedAndReopened() {
        var text = "# title\n\n<details><summary>outer</summary>\n\n<details><summary>inner</summary>\n\n````diff\n"
        for i in 0..<400 { text += "+ line \(i) with ``` inside it\n" }
        text += "````\n\n</details>\n\n</details>\n"
        let parts = MarkdownSplitter(limit: 2_000).split(text, heading: heading, marker: { k, n in "<!-- \(k)/\(n) -->" })
        XCTAssertGreaterThan(parts.count, 3)
        for (i, part) in parts.enumerated() {
            XCTAssertLessThanOrEqual(part.utf16.count, 2_000, "part \(i + 1)")
            XCTAssertTrue(part.hasPrefix("<!-- \(i + 1)/\(parts.count) -->\n"))
            XCTAssertEqual(part.components(separatedBy: "\n````").count % 2, 1, "part \(i + 1): the four-backtick fence is closed")
            XCTAssertEqual(part.components(separatedBy: "<details>").count, part.components(separatedBy: "</details>").count)
            if i > 0 {
                XCTAssertTrue(part.contains("### part \(i + 1) of \(parts.count)\n\n<details><summary>outer (continued)</summary>\n\n<details><summary>inner (continued)</summary>\n\n````diff\n"), part)
            }
        }
        // Nothing lost: every line is in exactly one part.
        let all = parts.joined()
        for i in 0..<400 { XCTAssertEqual(all.components(separatedBy: "+ line \(i) with").count, 2, "line \(i)") }
    }

    func testALineLongerThanAPartIsCutAndNothingIsLost() {
        let long = String(repeating: "ab😀", count: 3_000)
        let parts = MarkdownSplitter(limit: 1_000).split("start\n" + long + "\nend\n", heading: heading)
        for part in parts { XCTAssertLessThanOrEqual(part.utf16.count, 1_000) }
        let rebuilt = parts.map { part -> String in
            part.replacingOccurrences(of: #"### part \d+ of \d+\n\n"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: "\n_Continued in the next part._\n", with: "")
                .replacingOccurrences(of: "\n", with: "")
        }.joined()
        XCTAssertEqual(rebuilt, "start" + long + "end", "the cut never splits a character, and loses none")
    }

    func testTheLimitHasAFloor() {
        XCTAssertEqual(MarkdownSplitter(limit: 10).limit, MarkdownSplitter.minimumLimit)
    }
}
