/// What the parser made of a command line: positional values, and option values by option. Read
/// through the option specs themselves (`arguments[Options.format]`), never by spelling a name.
struct ParsedArguments: Sendable {
    var positional: [String] = []
    var options: [String: [String]] = [:]
    var flags: Set<String> = []

    /// The option's value (the last, if given more than once).
    subscript(option: OptionSpec) -> String? { options[option.name]?.last }
    /// Every value of a repeatable option, in order.
    func values(_ option: OptionSpec) -> [String] { options[option.name] ?? [] }
    /// Whether a flag was given.
    func isSet(_ flag: OptionSpec) -> Bool { flags.contains(flag.name) }

    /// The `index`th positional argument, if given.
    func positional(_ index: Int) -> String? { index < positional.count ? positional[index] : nil }
}
