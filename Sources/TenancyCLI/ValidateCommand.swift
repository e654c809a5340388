import Dispatch
import Foundation
import Synchronization
import TenancyDiagnostics
import TenancyYAML

/// `tenancy validate [PATH…]`: load every manifest and report every problem, text or JSON.
enum ValidateCommand {
    static let spec = CommandSpec(
        name: "validate",
        summary: "Check manifests and report every problem found.",
        discussion: """
        Loads the given files and every *.yaml / *.yml file under the given folders (default: the \
        current folder; .tenancy/ and hidden folders are skipped) and reports all problems at once. \
        Exit status: 0 when valid (warnings allowed), 1 when any error was found.
        """,
        arguments: [ArgumentSpec(name: "PATH", help: "Files or folders to check (default: .).", variadic: true, optional: true)],
        options: [.option("format", "FORMAT", "Output format.", allowed: ["text", "json"])],
        run: { arguments, context in run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) -> ExitCode {
        let targets = arguments.positional.isEmpty ? ["."] : arguments.positional
        let (paths, findDiagnostics) = ManifestFiles().find(targets)
        var diagnostics = findDiagnostics
        var sources: [SourceFile] = []
        for path in paths {
            do {
                sources.append(try SourceFile(contentsOf: URL(fileURLWithPath: path), displayPath: path))
            } catch {
                diagnostics.append(.error(.ioRead, "cannot read \(path)", detail: error.localizedDescription))
            }
        }
        // Documents are checked as they stream by, so that validating a 100 MB file does not hold
        // its whole tree in memory.
        let loader = YAMLLoader()
        let counts = Mutex<(documents: Int, diagnostics: Diagnostics)>((0, Diagnostics()))
        let files = sources
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            var documents = 0
            let found = loader.forEachDocument(in: files[i]) { _ in documents += 1 }
            counts.withLock {
                $0.documents += documents
                $0.diagnostics.append(contentsOf: found)
            }
        }
        let documentCount = counts.withLock { $0.documents }
        diagnostics.append(contentsOf: counts.withLock { $0.diagnostics })
        diagnostics = diagnostics.sorted()

        if arguments.value("format") == "json" {
            context.console.writeOut(JSONDiagnosticRenderer().render(diagnostics))
        } else {
            let sourceMap = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
            context.report(diagnostics, sources: sourceMap)
            let renderer = TextDiagnosticRenderer(useColor: context.useColor(forStderr: false))
            if diagnostics.hasErrors {
                context.console.writeOut(renderer.summary(diagnostics) + "\n")
            } else {
                let files = "\(sources.count) file\(sources.count == 1 ? "" : "s")"
                let documents = "\(documentCount) document\(documentCount == 1 ? "" : "s")"
                let warnings = diagnostics.isEmpty ? "" : " (\(renderer.summary(diagnostics).dropLast()))"
                context.console.writeOut("Success! \(files), \(documents) valid\(warnings).\n")
            }
        }
        return diagnostics.hasErrors ? .failure : .success
    }
}
