import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancySupport

/// `tenancy validate [PATH…]`: load every manifest and report every problem, text or JSON.
enum ValidateCommand {
    static let spec = CommandSpec(
        name: "validate",
        summary: "Check manifests and report every problem found.",
        discussion: """
        Loads the given files and every *.yaml / *.yml file under the given folders (default: the \
        current folder; .tenancy/ and hidden folders are skipped), checks YAML, the schema of each \
        kind, references between manifests, the semantic rules and the templates' enforced rules, \
        and reports all problems at once. Exit status: 0 when valid (warnings allowed), 1 when any \
        error was found.
        """,
        arguments: [ArgumentSpec(name: "PATH", help: "Files or folders to check (default: the --dir folder, else the current one); - reads a manifest from standard input, checked in the context of the --dir configuration.", variadic: true, optional: true)],
        options: [Options.dir, Options.format([.text, .json, .github, .sarif, .gitlab],
                                              help: "Output format: text, json (terraform validate -json), github (workflow annotations), sarif (code scanning), gitlab (code quality).")],
        environment: Options.docsEnvironment,
        examples: ["tenancy validate", "tenancy validate workspaces/payments.yaml   # in the context of its configuration",
                   "cat workspace.yaml | tenancy validate -", "tenancy validate --format sarif > validate.sarif"],
        run: { arguments, context in run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) -> ExitCode {
        var docs: DocsLink?
        if arguments.format == .sarif {
            do { docs = try context.docsLink() } catch { return context.report(error) }
        }
        let targets = arguments.positional.isEmpty ? [arguments.dir] : arguments.positional
        var stdin: SourceFile?
        if targets.contains("-") {
            do {
                stdin = SourceFile(path: "<stdin>", bytes: try FileIO.readAll(0, path: "<stdin>", expected: 64 << 10,
                                                                              limit: ConfigurationLoader.maximumFileSize))
            } catch {
                context.report(Diagnostics([error.diagnostic]))
                return .failure
            }
        }
        let result = Session.validate(targets, stdin: stdin, context: arguments.dir, environment: context.runEnvironment,
                                      openers: CommandContext.openers)
        // Machine formats name files relative to the repository's top level, whatever the working
        // folder or --dir; text keeps the names as the user gave them.
        let root = ReportRoot.find(from: result.roots.first ?? arguments.dir)
        let diagnostics = arguments.format == .text ? result.diagnostics : result.diagnostics.relative(to: root)
        let sources = arguments.format == .text ? result.sources : result.sources.relative(to: root)
        // Said on standard error in every format: the machine formats stay documents.
        for (path, root) in result.skipped {
            if root.isEmpty {
                context.console.writeError("Skipped \(Terminal.escaped(path)): in no configuration (no tenancy.yaml in its folder or above) "
                                           + "and not a manifest (it declares no apiVersion: tenancy/… and no Tenancy kind).\n")
                continue
            }
            context.console.writeError("Skipped \(Terminal.escaped(path)): not a manifest of the configuration in \(Terminal.escaped(root)) "
                                       + "(the configuration does not load it: outside its spec.paths, or hidden; and it declares no apiVersion: tenancy/…).\n")
        }
        switch arguments.format {
        case .json:
            context.console.writeOut(JSONDiagnosticRenderer().render(diagnostics, sources: sources))
        case .sarif:
            // Relative to the root by the renderer itself, against `%SRCROOT%`.
            context.console.writeOut(SARIFDiagnosticRenderer(toolVersion: Tenancy.version, root: root, docs: docs).render(result.diagnostics))
        case .gitlab:
            context.console.writeOut(GitLabCodeQualityRenderer().render(diagnostics))
        case .github:
            // Annotations on standard output, the full diagnostics in the job's log.
            context.console.writeOut(GitHubAnnotationRenderer().render(diagnostics))
            context.report(result.diagnostics, sources: result.sources)
            context.console.writeError(summary(result, useColor: context.useColor(forStderr: true)) + "\n")
        default:
            context.report(diagnostics, sources: result.sources)
            context.console.writeOut(summary(result, useColor: context.useColor(forStderr: false)) + "\n")
        }
        return diagnostics.hasErrors ? .failure : .success
    }

    /// `Success! 14 files, 22 documents valid in /work/acme.`, or the count of problems; the
    /// configurations checked are named (as absolute paths), so that an unexpected root shows.
    static func summary(_ result: ValidationResult, useColor: Bool = false) -> String {
        let renderer = TextDiagnosticRenderer(useColor: useColor)
        let diagnostics = result.diagnostics
        let files = result.fileCount
        let counted = "\(files) file\(files == 1 ? "" : "s")"
        let place = result.roots.isEmpty ? "" : " in " + result.roots.map(Terminal.escaped).joined(separator: ", ")
        if diagnostics.hasErrors { return renderer.summary(diagnostics).dropLast() + " (\(counted) checked\(place))." }
        let documents = "\(result.documentCount) document\(result.documentCount == 1 ? "" : "s")"
        let warnings = diagnostics.isEmpty ? "" : " (\(renderer.summary(diagnostics).dropLast()))"
        return "Success! \(counted), \(documents) valid\(place)\(warnings)."
    }
}
