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
            out += "\nCommands:\n" + table(command.subcommands.map { ($0.name, $0.summary) })
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
            out += "\nEnvironment:\n" + table(command.environment.map { ($0.name, $0.help) })
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

    /// Two columns: names padded to the longest, then their help.
    static func table(_ rows: [(String, String)]) -> String {
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        return rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + $0.1 + "\n" }.joined()
    }
}
