/// What the parser made of a command line: positional values and option values by name.
struct ParsedArguments: Sendable {
    var positional: [String] = []
    var options: [String: [String]] = [:]
    var flags: Set<String> = []

    func value(_ name: String) -> String? { options[name]?.last }
    func values(_ name: String) -> [String] { options[name] ?? [] }
    func flag(_ name: String) -> Bool { flags.contains(name) }
}
