import TenancySupport
import TenancyDiagnostics

/// A named option of a command: `--format json`, `--format=json`, or a flag such as `--no-color`.
struct OptionSpec: Sendable {
    let name: String
    /// The placeholder shown in help (`FILE`); nil for a flag, which takes no value.
    let valueName: String?
    let help: String
    /// When set, the value must be one of these (checked at parse time, with a suggestion).
    let allowedValues: [String]?
    let repeatable: Bool
    /// Checks a value when the command line is parsed, so that a bad one is a usage error before
    /// anything runs: nil when it is fine, else what is wrong with it.
    let check: (@Sendable (String) -> Diagnostic?)?

    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, allowedValues: nil, repeatable: false, check: nil)
    }

    static func option(_ name: String, _ valueName: String, _ help: String,
                       allowed: [String]? = nil, repeatable: Bool = false,
                       check: (@Sendable (String) -> Diagnostic?)? = nil) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, allowedValues: allowed, repeatable: repeatable, check: check)
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
    /// The environment variables the command reads, for its help.
    let environment: [(name: String, help: String)]
    /// Example command lines, for its help.
    let examples: [String]
    let run: (@Sendable (ParsedArguments, CommandContext) -> ExitCode)?

    init(name: String, summary: String, discussion: String = "", arguments: [ArgumentSpec] = [],
         options: [OptionSpec] = [], subcommands: [CommandSpec] = [], environment: [(name: String, help: String)] = [],
         examples: [String] = [], run: (@Sendable (ParsedArguments, CommandContext) -> ExitCode)? = nil) {
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.subcommands = subcommands
        self.environment = environment
        self.examples = examples
        self.run = run
    }
}

/// Process exit codes: one table for every command (with several workspaces, the worst result
/// decides). 0 success, 1 error (usage errors too), 2 changes present (`plan --detailed-exitcode`),
/// 3 a warning threshold reached, 4 a limit exceeded, access denied or a control failing;
/// 130 / 143 stopped by SIGINT / SIGTERM (129 / 131 by SIGHUP / SIGQUIT).
package enum ExitCode: Int32, Sendable {
    case success = 0
    case failure = 1
    /// Success with changes present (only when a command is asked for detailed exit codes).
    case changes = 2
    /// A warning threshold was reached (a quota at its warning level).
    case warning = 3
    /// A limit was exceeded, access was denied, or a compliance control is failing.
    case exceeded = 4
    /// Stopped by SIGHUP (the terminal closed).
    case hungUp = 129
    /// Stopped by SIGINT (Ctrl-C).
    case interrupted = 130
    /// Stopped by SIGQUIT (Ctrl-\).
    case quit = 131
    /// Stopped by SIGTERM.
    case terminated = 143

    /// The status a run stopped for `reason` exits with: 128 and the signal's number.
    static func stopped(_ reason: Cancellation.Reason) -> ExitCode {
        switch reason {
        case .interrupt: return .interrupted
        case .hangup: return .hungUp
        case .quit: return .quit
        case .terminate, .outputFailed: return .terminated
        }
    }
}
