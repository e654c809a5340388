import Foundation
import TenancyDiagnostics
import XCTest

final class SourceFileTests: XCTestCase {
    func testLinesColumnsAndBytesAgree() {
        let file = SourceFile(path: "f.yaml", bytes: Data("ab\r\nçd\né😀x\rlast".utf8))
        XCTAssertEqual(file.lineStartOffsets(), [0, 4, 8, 16])
        XCTAssertEqual(file.lineText(1), "ab")
        XCTAssertEqual(file.lineText(2), "çd")
        XCTAssertEqual(file.lineText(3), "é😀x")
        XCTAssertEqual(file.lineText(4), "last")
        XCTAssertNil(file.lineText(5))
        XCTAssertEqual(file.byteOffset(line: 3, column: 3), 8 + 2 + 4, "columns count characters")
        XCTAssertEqual(file.location(ofByte: 14), SourceLocation(line: 3, column: 3, byte: 14))
        XCTAssertEqual(file.location(ofByte: 6), SourceLocation(line: 2, column: 2, byte: 6))
    }

    func testUnicodeLineSeparatorsCountAsLibyamlCountsThem() {
        let file = SourceFile(path: "f.yaml", bytes: Data("a\u{85}b\u{2028}c".utf8))
        XCTAssertEqual(file.lineStartOffsets().count, 3)
        XCTAssertEqual(file.lineText(1), "a")
        XCTAssertEqual(file.lineText(3), "c")
    }

    func testOutOfRangePositionsClampInsteadOfTrapping() {
        let file = SourceFile(path: "f.yaml", bytes: Data("abc".utf8))
        XCTAssertEqual(file.byteOffset(line: 9, column: 9), 3)
        XCTAssertEqual(file.byteOffset(line: 1, column: 99), 3)
        XCTAssertEqual(file.location(ofByte: 99).byte, 3)
        XCTAssertEqual(SourceFile(path: "e", bytes: Data()).location(ofByte: 0), SourceLocation(line: 1, column: 1, byte: 0))
    }
}
