import TenancyYAML

/// `tenancy version`: the tool's version and the libyaml it was built against.
enum VersionCommand {
    static let spec = CommandSpec(
        name: "version",
        summary: "Print the version of Tenancy and of libyaml.",
        options: [Options.format([.text, .json])],
        examples: ["tenancy version", "tenancy version --format json"],
        run: { arguments, context in
            let libyaml = LibYAMLVersion.string
            if arguments.format == .json {
                context.console.writeOut("{\n  \"libyaml\": \"\(libyaml)\",\n  \"version\": \"\(Tenancy.version)\"\n}\n")
            } else {
                context.console.writeOut("tenancy \(Tenancy.version) (libyaml \(libyaml))\n")
            }
            return .success
        }
    )
}
