import TenancyYAML

/// `tenancy version`: the tool's version and the libyaml it was built against.
enum VersionCommand {
    static let spec = CommandSpec(
        name: "version",
        summary: "Print the version of Tenancy and of libyaml.",
        options: [.option("format", "FORMAT", "Output format.", allowed: ["text", "json"])],
        run: { arguments, context in
            let libyaml = LibYAMLVersion.string
            if arguments.value("format") == "json" {
                context.console.writeOut("{\n  \"libyaml\": \"\(libyaml)\",\n  \"version\": \"\(Tenancy.version)\"\n}\n")
            } else {
                context.console.writeOut("tenancy \(Tenancy.version) (libyaml \(libyaml))\n")
            }
            return .success
        }
    )
}
