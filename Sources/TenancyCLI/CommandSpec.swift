/// A named option of a command: `--format json`, `--format=json`, or a flag such as `--no-color`.
struct OptionSpec: Sendable {
    let name: String
    /// The placeholder shown in help (`FILE`); nil for a flag, which takes no value.
    let valueName: String?
    let help: String
    /// When set, the value must be one of these (checked at parse time, with a suggestion).
    let allowedValues: [String]?
    let repeatable: Bool

    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, allowedValues: nil, repeatable: false)
    }

    static func option(_ name: String, _ valueName: String, _ help: String,
                       allowed: [String]? = nil, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, allowedValues: allowed, repeatable: repeatable)
    }
}

/// A positional argument.
struct ArgumentSpec: Sendable {
    let name: String
    let help: String
    let variadic: Bool
    let optional: Bool
}

/// One command of the table: its words, what it accepts, and what runs it. The table drives parsing,
/// help and suggestions alike, so they cannot disagree.
struct CommandSpec: Sendable {
    let name: String
    let summary: String
    let discussion: String
    let arguments: [ArgumentSpec]
    let options: [OptionSpec]
    let subcommands: [CommandSpec]
    let run: (@Sendable (ParsedArguments, CommandContext) -> ExitCode)?

    init(name: String, summary: String, discussion: String = "", arguments: [ArgumentSpec] = [],
         options: [OptionSpec] = [], subcommands: [CommandSpec] = [],
         run: (@Sendable (ParsedArguments, CommandContext) -> ExitCode)? = nil) {
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.subcommands = subcommands
        self.run = run
    }
}

/// Process exit codes, as Terraform's `-detailed-exitcode` defines them.
public enum ExitCode: Int32, Sendable {
    case success = 0
    case failure = 1
    /// Success with changes present (only when a command is asked for detailed exit codes).
    case changes = 2
}
