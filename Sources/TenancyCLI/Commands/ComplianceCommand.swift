import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancyAnswers

/// `tenancy compliance [--framework F]… [WORKSPACE…] [--format text|json|markdown|sarif|junit]`:
/// per framework and control, each in-scope workspace's status with its evidence
/// (docs/compliance.md). Exit 0 nothing fails, 3 only advisory rules fail, 4 a mandatory rule
/// fails, 1 an error.
enum ComplianceCommand {
    static var frameworkIDs: [String] { (try? ComplianceFramework.builtIn.get())?.map(\.id) ?? [] }

    static let framework = OptionSpec.option("framework", "FRAMEWORK", "Report this framework only: hipaa, pci-dss, sec-17a-4, fedramp-moderate, soc2, gdpr.",
                                             repeatable: true, check: { text in
        let known = ComplianceCommand.frameworkIDs
        return known.contains(text) ? nil
            : .error(.cliUsage, "`\(text)` is not a framework",
                     hint: Suggestion.closest(to: text, in: known).map { "did you mean `\($0)`?" } ?? "one of \(known.joined(separator: ", "))")
    })

    static let spec = CommandSpec(
        name: "compliance", summary: "Per framework and control: pass, fail, manual or not applicable, with evidence.",
        discussion: """
        Evaluates the checkout's configuration with the rules validate and plan enforce, and says \
        whether it is what the state's serial was applied from (then the serial and the audit \
        chain's head tie the report to what was applied). A framework applies to the workspaces \
        whose template or profiles it names. Exit codes: 0 nothing fails, 3 only advisory rules \
        fail, 4 a control fails, 1 an error.
        """,
        arguments: [ArgumentSpec(name: "WORKSPACE", help: "Workspaces to report on (default: every one).", variadic: true, optional: true)],
        options: [framework, Options.format([.text, .json, .markdown, .sarif, .junit]), Options.dir],
        environment: Options.backendEnvironment + Options.docsEnvironment,
        examples: ["tenancy compliance", "tenancy compliance --framework hipaa --format markdown",
                   "tenancy compliance --format sarif > compliance.sarif"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let frameworks: [ComplianceFramework]
                switch ComplianceFramework.builtIn {
                case let .success(all): frameworks = all
                case let .failure(error): throw RunFailure(error.diagnostic)
                }
                let wanted = Set(arguments.values(framework))
                let docs = arguments.format == .sarif ? try context.docsLink() : nil
                let inputs: ComplianceInputs
                do throws(RunFailure) {
                    inputs = try ComplianceInputs.gather(AppliedState(try context.session(arguments.dir)), workspaces: arguments.positional)
                } catch {
                    // Machine formats stay documents on error: what reads them shows the failure.
                    if case .problems = error.kind {
                        let root = ReportRoot.find(from: arguments.dir)
                        let problems = error.diagnostics.filter { $0.severity == .error }.map { d in
                            (d.range.map { "\(root.relative($0.filename)):\($0.start.line):\($0.start.column): " } ?? "") + d.summary + " [\(d.code.rawValue)]"
                        }
                        let selected = frameworks.map(\.id).filter { wanted.isEmpty || wanted.contains($0) }
                        if arguments.format == .sarif {
                            context.console.writeOut(ComplianceSARIFRenderer.error(problems, frameworks: selected, toolVersion: Tenancy.version))
                        } else if arguments.format == .junit {
                            context.console.writeOut(ComplianceJUnitRenderer.error(problems))
                        }
                    }
                    throw error
                }
                context.report(inputs.warnings)
                let evaluated = ComplianceEvaluation.report(inputs.configuration,
                                                            frameworks: frameworks.filter { wanted.isEmpty || wanted.contains($0.id) },
                                                            workspaces: arguments.positional, basis: inputs.basis)
                // Every format but text names files relative to the repository's top level (the
                // configuration's root outside git), whatever the working directory or --dir.
                let root = ReportRoot.find(from: arguments.dir)
                let report = arguments.format == .text || arguments.format == .sarif ? evaluated : evaluated.relative(to: root)
                switch arguments.format {
                case .json: context.console.writeOut(ComplianceJSONRenderer.render(report).canonicalText())
                case .markdown: context.console.writeOut(ComplianceMarkdownRenderer.render(report))
                case .sarif:
                    // Relative by the renderer itself, against `%SRCROOT%`.
                    context.console.writeOut(ComplianceSARIFRenderer.render(report, toolVersion: Tenancy.version, root: root, docs: docs).canonicalText())
                case .junit: context.console.writeOut(ComplianceJUnitRenderer.render(report))
                default: context.console.writeOut(ComplianceTextRenderer.render(report))
                }
                switch report.worst {
                case .clean: return .success
                case .advisory: return .warning
                case .failing: return .exceeded
                }
            }
        }
    )
}
