import TenancyDiagnostics

/// What the parser made of a command line: positional values, and option values by option. Read
/// through the option declarations themselves — `arguments[Options.dir]`, typed ones such as
/// `arguments[RuntimeOptions.asOf]` as their values (a `Day`) — never by spelling a name: the
/// values by name are private to this file.
struct ParsedArguments: Sendable {
    var positional: [String] = []
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// The option's value (the last, if given more than once).
    subscript(option: OptionSpec) -> String? { options[option.name]?.last }
    /// A typed option's value (checked when the command line was parsed).
    subscript<Value>(option: TypedOption<Value>) -> Value? { self[option.spec].flatMap(option.parse) }
    /// Every value of a repeatable option, in order.
    func values(_ option: OptionSpec) -> [String] { options[option.name] ?? [] }
    /// Whether a flag was given.
    func isSet(_ flag: OptionSpec) -> Bool { flags.contains(flag.name) }

    /// The `index`th positional argument, if given.
    func positional(_ index: Int) -> String? { index < positional.count ? positional[index] : nil }

    // MARK: Recorded by the parser

    /// Whether any option with a value was given.
    var hasOptions: Bool { !options.isEmpty }
    func has(_ option: OptionSpec) -> Bool { options[option.name] != nil }
    mutating func record(_ value: String, for option: OptionSpec) { options[option.name, default: []].append(value) }
    mutating func record(flag: OptionSpec) { flags.insert(flag.name) }
}

/// An option whose value is read as a `Value` (a day, a month, a format): declared once with how
/// its text is read, which is also its check when the command line is parsed, so a command gets
/// the value, never the text.
struct TypedOption<Value: Sendable>: Sendable {
    let spec: OptionSpec
    let parse: @Sendable (String) -> Value?

    /// `problem`: what to say when the text is not a value (an unknown one of `allowed` is said
    /// by the parser itself).
    init(_ name: String, _ valueName: String, _ help: String, allowed: [String]? = nil,
         parse: @escaping @Sendable (String) -> Value?, problem: (@Sendable (String) -> Diagnostic)? = nil) {
        self.parse = parse
        var check: (@Sendable (String) -> Diagnostic?)?
        if let problem {
            check = { text in parse(text) == nil ? problem(text) : nil }
        }
        spec = .option(name, valueName, help, allowed: allowed, check: check)
    }
}

extension TypedOption where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
    /// An option that takes one of `Value`'s cases by its raw value.
    init(_ name: String, _ valueName: String, _ help: String, cases: [Value] = Array(Value.allCases)) {
        self.init(name, valueName, help, allowed: cases.map(\.rawValue), parse: { Value(rawValue: $0) })
    }
}
