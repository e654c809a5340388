/// `--help` for any command, generated from the command table.
enum HelpText {
    static func render(_ command: CommandSpec, path: [String]) -> String {
        let invocation = path.joined(separator: " ")
        var out = "\(command.summary)\n\nUsage: \(invocation)"
        if !command.subcommands.isEmpty && command.run == nil {
            out += " <command>"
        }
        for argument in command.arguments {
            let name = argument.variadic ? "\(argument.name)…" : argument.name
            out += argument.optional ? " [\(name)]" : " \(name)"
        }
        if !command.options.isEmpty { out += " [options]" }
        out += "\n"
        if !command.discussion.isEmpty { out += "\n\(command.discussion)\n" }
        if !command.subcommands.isEmpty {
            out += "\nCommands:\n"
            let width = (command.subcommands.map(\.name.count).max() ?? 0) + 2
            for sub in command.subcommands {
                out += "  " + sub.name.padding(toLength: width, withPad: " ", startingAt: 0) + sub.summary + "\n"
            }
        }
        if !command.arguments.isEmpty {
            out += "\nArguments:\n"
            for argument in command.arguments { out += "  \(argument.name)  \(argument.help)\n" }
        }
        let options = command.options + ArgumentParser.globalOptions
        out += "\nOptions:\n"
        let labels = options.map { option -> String in
            "--\(option.name)" + (option.valueName.map { " \($0)" } ?? "")
        }
        let width = (labels.map(\.count).max() ?? 0) + 2
        for (label, option) in zip(labels, options) {
            var help = option.help
            if let allowed = option.allowedValues { help += " (\(allowed.joined(separator: "|")))" }
            if option.repeatable { help += " Repeatable." }
            out += "  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + help + "\n"
        }
        if !command.environment.isEmpty {
            out += "\nEnvironment:\n"
            let width = (command.environment.map(\.name.count).max() ?? 0) + 2
            for variable in command.environment {
                out += "  " + variable.name.padding(toLength: width, withPad: " ", startingAt: 0) + variable.help + "\n"
            }
        }
        if !command.examples.isEmpty {
            out += "\nExamples:\n"
            for example in command.examples { out += "  \(example)\n" }
        }
        if !command.subcommands.isEmpty {
            out += "\nRun `\(invocation) <command> --help` for a command's options.\n"
        }
        return out
    }
}
