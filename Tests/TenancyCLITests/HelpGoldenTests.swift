import Foundation
import TenancyCLI
import TenancyTestSupport
import XCTest

/// Every command's `--help` is kept as a golden file, and README's command table agrees with it:
/// each command has a row, each option a row shows is one the command takes, and the operands a
/// row shows are the command's, in its order, optional and repeated alike.
final class HelpGoldenTests: XCTestCase {
    private func help(_ words: [String]) -> String {
        TenancyRun.inProcess(words + ["--help"]).out
    }

    /// The names under a help text's `Commands:`.
    private func subcommands(of help: String) -> [String] {
        guard let section = help.components(separatedBy: "\nCommands:\n").dropFirst().first else { return [] }
        return section.components(separatedBy: "\n\n")[0].split(separator: "\n").compactMap { line in
            line.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
        }
    }

    /// Every command path, groups included (`[]` is the root).
    private var commands: [[String]] {
        var all: [[String]] = [[]]
        var queue: [[String]] = [[]]
        while let words = queue.popLast() {
            for name in subcommands(of: help(words)) {
                all.append(words + [name])
                queue.append(words + [name])
            }
        }
        return all.sorted { $0.joined(separator: " ") < $1.joined(separator: " ") }
    }

    func testEveryHelpIsKeptAsAGolden() throws {
        let folder = Golden.fixtures.appendingPathComponent("help")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var names: Set<String> = []
        for words in commands {
            let name = (["tenancy"] + words).joined(separator: "-") + ".txt"
            names.insert(name)
            Golden.check(help(words), against: folder.appendingPathComponent(name))
        }
        XCTAssertGreaterThanOrEqual(names.count, 35, "the root, the groups and every command")
        let stale = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)).subtracting(names)
        XCTAssertTrue(stale.isEmpty, "golden files of commands that no longer exist: \(stale.sorted())")
    }

    /// A leaf command's usage: its operands as the usage line shows them (`[PATH…]`, `FROM`), and
    /// the options it takes.
    private struct Usage {
        let operands: [String]
        let options: Set<String>
    }

    private func usage(_ words: [String]) -> Usage {
        let text = help(words)
        let line = text.split(separator: "\n").first { $0.hasPrefix("Usage: ") } ?? ""
        let operands = line.dropFirst("Usage: tenancy ".count).split(separator: " ").dropFirst(words.count)
            .map(String.init).filter { $0 != "[options]" && $0 != "<command>" }
        var options: Set<String> = []
        if let section = text.components(separatedBy: "\nOptions:\n").dropFirst().first {
            for row in section.components(separatedBy: "\n\n")[0].split(separator: "\n") {
                if let name = row.trimmingCharacters(in: .whitespaces).split(separator: " ").first, name.hasPrefix("--") {
                    options.insert(String(name))
                }
            }
        }
        return Usage(operands: operands, options: options)
    }

    /// README's rows as invocations: each code span of the first column (`tenancy state list \|
    /// show ADDRESS` stands for two), split into the command's words, its operands and options.
    private struct Invocation {
        let words: [String]
        let operands: [String]
        let options: [String]
        let text: String
    }

    private func readmeInvocations(leaves: Set<[String]>) throws -> [Invocation] {
        let readme = try String(contentsOf: Golden.fixtures.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        let section = try XCTUnwrap(readme.components(separatedBy: "\n## Commands\n").dropFirst().first?
            .components(separatedBy: "\n## ").first)
        var invocations: [Invocation] = []
        for row in section.split(separator: "\n") where row.hasPrefix("| `tenancy ") {
            let cell = row.dropFirst(2).components(separatedBy: "` |")[0]
            for span in cell.components(separatedBy: "` / `") {
                let text = span.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                let tokens = text.replacingOccurrences(of: "\\|", with: "|").split(separator: " ").map(String.init).dropFirst()
                // `state list | show ADDRESS | rm ADDRESS`: alternatives after the group's word.
                var alternatives: [[String]] = [[]]
                for token in tokens {
                    if token == "|", alternatives.last?.isEmpty == false, leaves.contains(where: { $0.count > 1 }) {
                        alternatives.append([])
                    } else {
                        alternatives[alternatives.count - 1].append(token)
                    }
                }
                let group = alternatives[0].first.map { [$0] } ?? []
                for (i, alternative) in alternatives.enumerated() {
                    let tokens = i == 0 ? alternative : group + alternative
                    var words: [String] = []
                    var rest = tokens[...]
                    while let next = rest.first, let _ = next.first?.isLowercase == true ? next : nil,
                          leaves.contains(where: { Array($0.prefix(words.count + 1)) == words + [next] }) {
                        words.append(next)
                        rest = rest.dropFirst()
                    }
                    var operands: [String] = []
                    var options: [String] = []
                    var afterOption = false
                    for token in rest {
                        let bare = token.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                        if bare.hasPrefix("--") {
                            options.append(String(bare.prefix { $0 != "=" }))
                            afterOption = !token.hasSuffix("]") && !bare.contains("=")
                        } else if afterOption {
                            afterOption = !token.hasSuffix("]")
                        } else if token == "|" || token.hasPrefix("<") {
                            continue
                        } else {
                            operands.append(token)
                        }
                    }
                    invocations.append(Invocation(words: words, operands: operands, options: options, text: text))
                }
            }
        }
        return invocations
    }

    func testReadmesCommandTableAgreesWithEachHelp() throws {
        let all = commands
        let leaves = Set(all.filter { subcommands(of: help($0)).isEmpty && !$0.isEmpty })
        let invocations = try readmeInvocations(leaves: leaves)
        for leaf in leaves.sorted(by: { $0.joined(separator: " ") < $1.joined(separator: " ") }) {
            let rows = invocations.filter { $0.words == leaf }
            XCTAssertFalse(rows.isEmpty, "README's command table has no row for `tenancy \(leaf.joined(separator: " "))`")
            let usage = usage(leaf)
            for row in rows {
                for option in row.options where option != "--help" {
                    XCTAssertTrue(usage.options.contains(option), "README shows `\(row.text)`, but `\(leaf.joined(separator: " "))` has no \(option)")
                }
                if !row.operands.isEmpty {
                    XCTAssertEqual(row.operands, usage.operands, "README's `\(row.text)` and the usage line of `\(leaf.joined(separator: " ")) --help` name other operands")
                }
            }
        }
        let unknown = invocations.filter { !$0.words.isEmpty && !leaves.contains($0.words) && $0.words != ["<command>"] }
        XCTAssertTrue(unknown.filter { !all.contains($0.words) }.isEmpty, "README rows for commands that do not exist: \(unknown.map(\.text))")
    }
}
