import TenancyDiagnostics
import TenancySupport


/// Parses a command line against the command table. Hand-written and small: GNU-style long options
/// (`--name value`, `--name=value`), `-h`, and `--` to end options.
struct ArgumentParser {
    enum Outcome {
        case run(CommandSpec, path: [String], ParsedArguments)
        case help(CommandSpec, path: [String])
        case failure(Diagnostic, path: [String])
    }

    /// Options every command accepts.
    static let help = OptionSpec.flag("help", "Show help for this command.")
    static let noColor = OptionSpec.flag("no-color", "Never colour the output (also when NO_COLOR is set).")
    static let globalOptions: [OptionSpec] = [help, noColor]

    let root: CommandSpec

    func parse(_ arguments: [String]) -> Outcome {
        var command = root
        var path = [root.name]
        var rest = arguments[...]

        // Walk down the command words.
        while !command.subcommands.isEmpty, let word = rest.first, !word.hasPrefix("-") {
            guard let next = command.subcommands.first(where: { $0.name == word }) else {
                let suggestion = Suggestion.closest(to: word, in: command.subcommands.map(\.name))
                return .failure(usage("unknown command `\(word)` for `\(path.joined(separator: " "))`",
                                      hint: suggestion.map { "did you mean `\($0)`?" },
                                      path: path), path: path)
            }
            command = next
            path.append(word)
            rest = rest.dropFirst()
        }

        var parsed = ParsedArguments()
        let options = command.options + Self.globalOptions
        var optionsEnded = false
        while let token = rest.first {
            rest = rest.dropFirst()
            if optionsEnded || token == "-" || !token.hasPrefix("-") {
                parsed.positional.append(token)
                continue
            }
            if token == "--" { optionsEnded = true; continue }
            if token == "-h" { return .help(command, path: path) }
            guard token.hasPrefix("--") else {
                return .failure(usage("unknown option `\(token)`", hint: "options are spelt with two dashes, e.g. `-\(token)`",
                                      path: path), path: path)
            }
            var name = String(token.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = options.first(where: { $0.name == name }) else {
                let suggestion = Suggestion.closest(to: name, in: options.map(\.name))
                return .failure(usage("unknown option `--\(name)` for `\(path.joined(separator: " "))`",
                                      hint: suggestion.map { "did you mean `--\($0)`?" }, path: path), path: path)
            }
            if spec.name == "help" { return .help(command, path: path) }
            guard let valueName = spec.valueName else {
                if inlineValue != nil {
                    return .failure(usage("option `--\(name)` takes no value", path: path), path: path)
                }
                parsed.record(flag: spec)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if let next = rest.first, !(next.hasPrefix("--") && next.count > 2) {
                value = next
                rest = rest.dropFirst()
            } else {
                return .failure(usage("option `--\(name)` needs a value (\(valueName))", path: path), path: path)
            }
            if let problem = spec.check?(value) {
                var problem = problem
                problem.detail = "Run `\(path.joined(separator: " ")) --help` for usage."
                return .failure(problem, path: path)
            }
            if let allowed = spec.allowedValues, !allowed.contains(value) {
                let suggestion = Suggestion.closest(to: value, in: allowed)
                return .failure(usage("`\(value)` is not a valid value for `--\(name)`",
                                      hint: (suggestion.map { "did you mean `\($0)`? " } ?? "")
                                          + "Valid values: \(allowed.joined(separator: ", ")).", path: path), path: path)
            }
            if !spec.repeatable, parsed.has(spec) {
                return .failure(usage("option `--\(name)` is given more than once", path: path), path: path)
            }
            parsed.record(value, for: spec)
        }

        guard command.run != nil else {
            if parsed.positional.isEmpty && !parsed.hasOptions { return .help(command, path: path) }
            return .failure(usage("`\(path.joined(separator: " "))` needs a subcommand", hint: "one of: "
                                  + command.subcommands.map(\.name).joined(separator: ", "), path: path), path: path)
        }
        let required = command.arguments.filter { !$0.optional }.count
        if parsed.positional.count < required {
            let missing = command.arguments[parsed.positional.count].name
            return .failure(usage("missing argument \(missing)", path: path), path: path)
        }
        if !command.arguments.contains(where: \.variadic), parsed.positional.count > command.arguments.count {
            let extra = parsed.positional[command.arguments.count]
            // Earlier versions (and `report`'s first) took the configuration's folder as an operand:
            // a command that has --dir names it, whether or not the folder exists.
            let folderHint = command.options.contains { $0.name == Options.dir.name }
                ? "the configuration's folder is given with --dir: `\(path.joined(separator: " ")) --dir \(extra)`" : nil
            return .failure(usage("unexpected argument `\(extra)`", hint: folderHint, path: path), path: path)
        }
        return .run(command, path: path, parsed)
    }

    private func usage(_ summary: String, hint: String? = nil, path: [String]) -> Diagnostic {
        .error(.cliUsage, summary, detail: "Run `\(path.joined(separator: " ")) --help` for usage.", hint: hint)
    }
}
