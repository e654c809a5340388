import TenancyDiagnostics
import TenancyEngine
import TenancyAnswers

/// `tenancy export [WORKSPACE…] [--format json|yaml]`: the effective settings of every applied
/// resource (or of the named workspaces), in the documented shape platform services read
/// (schema/export.schema.json), never Tenancy's state file.
enum ExportCommand {
    static let format = TypedOption<EffectiveSettings.Format>("format", "FORMAT", "Output format (default json).")

    static let spec = CommandSpec(
        name: "export", summary: "The effective settings of the applied resources, for the platform's services.",
        discussion: """
        Reads the applied state (any backend): template defaults merged, units canonical, secrets as \
        references with their versions. The shape is documented in docs/export-format.md and checked by \
        schema/export.schema.json; keys are sorted, so two exports of one serial are the same bytes.
        """,
        arguments: [RuntimeOptions.workspaces],
        options: [format.spec, Options.dir],
        examples: ["tenancy export --dir examples", "tenancy export engineering --format yaml"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let session = try context.session(arguments.dir)
                let inputs = try RuntimeInputs.gather(AppliedState(session), workspaces: arguments.positional, usagePath: nil, asOf: nil,
                                                      cancellation: context.cancellation)
                context.console.writeOut(EffectiveSettings.text(inputs.state, workspaces: arguments.positional,
                                                                format: arguments[format] ?? .json))
                return .success
            }
        }
    )
}
