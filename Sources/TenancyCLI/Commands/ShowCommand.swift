import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// `tenancy show [PLANFILE]`: a saved plan, or the state when no file is given.
enum ShowCommand {
    static let spec = CommandSpec(
        name: "show",
        summary: "Show a saved plan, or the stored state.",
        arguments: [ArgumentSpec(name: "PLANFILE", help: "A plan saved with `tenancy plan --out`.", variadic: false, optional: true)],
        options: [Options.format([.text, .json, .markdown], help: "Output format (markdown: for pull-request comments)."), Options.dir, PlanComment.commentLimit, PlanComment.split, Options.pretty],
        examples: ["tenancy show plan.tfplan --format json", "tenancy show --dir examples"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                if let path = arguments.positional(0) { return try showPlan(path, arguments, context) }
                return try showState(arguments, context)
            }
        }
    )

    static func showPlan(_ path: String, _ arguments: ParsedArguments, _ context: CommandContext) throws(RunFailure) -> ExitCode {
        let file: PlanFile
        do { file = try PlanFile(contentsOf: path) } catch { throw RunFailure(error) }
        switch arguments.format {
        case .markdown: try PlanComment.emit(PlanMarkdownRenderer().render(file.plan), plan: file.plan, arguments: arguments, context: context)
        case .json: PlanJSONRenderer(timestamp: context.timestamp(), toolVersion: Tenancy.version, layout: arguments.isSet(Options.pretty) ? .pretty : .compact).write(file.plan) { (piece: UnsafeRawBufferPointer) in context.console.writeOut(bytes: piece) }
        default: // text (show offers text, json and markdown, checked when parsed)
            PlanTextRenderer(useColor: context.useColor(forStderr: false)).text(file.plan) { context.console.writeOut($0) }
        }
        return .success
    }

    static func showState(_ arguments: ParsedArguments, _ context: CommandContext) throws(RunFailure) -> ExitCode {
        let session = try context.session(arguments.dir)
        guard let state = try session.readState() else {
            context.console.writeOut(arguments.format == .json ? "null\n" : "No state yet: nothing has been applied from \(session.root).\n")
            return .success
        }
        if arguments.format == .json {
            // Without the state's digest key: with it, anyone who reads a CI log could test
            // guesses of every secret offline against the digests printed beside it (`state pull`,
            // a backup meant to be kept like the state itself, keeps it).
            var shown = state
            shown.secretKey = nil
            // In pieces (they end between resources): a state of any size is printed without a
            // second copy of it in memory.
            StateFile.write(shown) { (piece: UnsafeRawBufferPointer) in context.console.writeOut(bytes: piece) }
        } else {
            let e = Terminal.escaped
            context.console.writeOut("State \(e(state.lineage)), serial \(state.serial), \(state.resources.count) resources:\n")
            for (address, entry) in state.resources.sorted(by: { $0.key < $1.key }) {
                context.console.writeOut("  \(e(address.description))  (id \(e(entry.id)), updated \(e(entry.updated)))\n")
            }
        }
        return .success
    }
}
