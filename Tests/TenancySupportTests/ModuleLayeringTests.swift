import Foundation
import XCTest

/// The dependency rule of `../shared/DESIGN.md`: the modules stack in the order of the data flow,
/// and each imports only modules below it. Read from the sources themselves (every `import` line
/// of every file), so that a file that reaches upward fails here even where the package manifest
/// would have let it build.
final class ModuleLayeringTests: XCTestCase {
    /// Bottom first. Modules on one level may not import each other.
    static let levels: [[String]] = [
        ["CTenancySystem", "CTenancyCurl", "CYAML"],
        ["TenancySupport"],
        ["TenancyTransport"],
        ["TenancyJSON"],
        ["TenancyDiagnostics"],
        ["TenancyYAML"],
        ["TenancySchema"],
        ["TenancyModel"],
        ["TenancyEngine"],
        ["TenancyAnswers"],
        ["TenancyNotify"],
        ["TenancyReport", "TenancyEtcd"],
        ["TenancyEtcdCluster", "TenancyCLI"],
        ["tenancy", "tenancy-bench"],
    ]
    /// What the platform provides; any module may import these.
    static let system: Set<String> = ["Foundation", "Dispatch", "Glibc", "Darwin", "XCTest"]

    func testNoModuleImportsOneAboveIt() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var level: [String: Int] = [:]
        for (i, names) in Self.levels.enumerated() { for name in names { level[name] = i } }
        let modules = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { !$0.hasPrefix(".") }
        XCTAssertEqual(Set(modules), Set(level.keys), "every module in Sources has a level here, and every level names a module")
        var checked = 0
        for module in modules {
            guard let own = level[module],
                  let files = FileManager.default.enumerator(atPath: sources.appendingPathComponent(module).path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: sources.appendingPathComponent(module).appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let at = words.firstIndex(of: "import"), at + 1 < words.count,
                          words[..<at].allSatisfy({ $0.hasPrefix("@") }) else { continue }
                    let imported = String(words[at + 1])
                    checked += 1
                    if Self.system.contains(imported) { continue }
                    guard let other = level[imported] else {
                        XCTFail("\(module)/\(file) imports \(imported), which is neither a module of the package nor the platform's")
                        continue
                    }
                    XCTAssertLessThan(other, own, "\(module)/\(file) imports \(imported), which is not below it")
                }
            }
        }
        XCTAssertGreaterThan(checked, 300, "the import lines were found")
    }
}
