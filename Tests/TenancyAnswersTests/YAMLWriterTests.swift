import Foundation
import TenancyYAML
import TenancyDiagnostics
import XCTest

@testable import TenancyAnswers

/// `export --format yaml` writes strings a YAML reader reads back unchanged: controls YAML does not
/// print (DEL, C1) and the line breaks it would fold (NEL, U+2028, U+2029) are escaped.
final class YAMLWriterTests: XCTestCase {
    func testEveryStringReadsBackAsWritten() throws {
        for text in ["plain", "yes", "a: b", "tab\there", "nel\u{85}here", "ls\u{2028}ps\u{2029}", "csi\u{9B}31m", "del\u{7F}",
                     "bom\u{FEFF}", "line\nbreak", "quote\"back\\slash", "é ü 日本"] {
            let written = YAMLWriter.scalar(text)
            XCTAssertFalse(written.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029 },
                           "\(written) holds a character a YAML reader folds or refuses")
            let document = "value: \(written)\n"
            let loaded = YAMLLoader().load(SourceFile(path: "t.yaml", bytes: Array(document.utf8)))
            XCTAssertEqual(loaded.diagnostics.errorCount, 0, "\(text.debugDescription): \(loaded.diagnostics.map(\.summary))")
            XCTAssertEqual(loaded.documents.first?.root["value"]?.string, text, "\(text.debugDescription) written as \(written)")
        }
    }
}
