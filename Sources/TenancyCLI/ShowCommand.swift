import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// `tenancy show [PLANFILE]`: a saved plan, or the state when no file is given.
enum ShowCommand {
    static let spec = CommandSpec(
        name: "show",
        summary: "Show a saved plan, or the stored state.",
        arguments: [ArgumentSpec(name: "PLANFILE", help: "A plan saved with `tenancy plan --out`.", variadic: false, optional: true)],
        options: [.option("format", "FORMAT", "Output format (markdown: for pull-request comments).", allowed: ["text", "json", "markdown"]), StateCommand.dirOption],
        run: { arguments, context in
            let json = arguments.value("format") == "json"
            if let path = arguments.positional.first {
                let file: PlanFile
                do {
                    file = try PlanFile(contentsOf: path)
                } catch {
                    context.report(Diagnostics([.error("plan.read", "cannot use \(path): \(error)")]))
                    return .failure
                }
                let renderer = PlanRenderer(useColor: context.useColor(forStderr: false))
                if arguments.value("format") == "markdown" {
                    context.console.writeOut(MarkdownPlanRenderer().render(file.plan))
                } else {
                    if json { renderer.json(file.plan) { context.console.writeOut($0) } } else { renderer.text(file.plan) { context.console.writeOut($0) } }
                }
                return .success
            }
            return StateCommand.withState(arguments, context) { run, state in
                guard let state else {
                    context.console.writeOut(json ? "null\n" : "No state yet: nothing has been applied from \(run.root).\n")
                    return .success
                }
                if json {
                    // In pieces (they end between resources, never inside a character): a state of any size
                    // is printed without a second copy of it in memory.
                    state.writeCanonical { (piece: UnsafeBufferPointer<UInt8>) in context.console.writeOut(String(decoding: piece, as: UTF8.self)) }
                } else {
                    context.console.writeOut("State \(state.lineage), serial \(state.serial), \(state.resources.count) resources:\n")
                    for (address, entry) in state.resources.sorted(by: { $0.key < $1.key }) {
                        context.console.writeOut("  \(address)  (id \(entry.id), updated \(entry.updated))\n")
                    }
                }
                return .success
            }
        }
    )
}
