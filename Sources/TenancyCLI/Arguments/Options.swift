import TenancyDiagnostics
import TenancyModel

/// The options several commands share, each declared once with its check, and the typed values
/// commands read from them. One rule for the configuration's folder: `--dir DIR` on every command
/// that works on a configuration (default: the current folder); positional arguments are always
/// the command's own operands (files, addresses, serials, lock IDs).
enum Options {
    static let dir = OptionSpec.option("dir", "DIR", "The configuration's folder (default: the current folder).")
    static let lockTimeout = OptionSpec.option("lock-timeout", "DUR", "How long to wait for the state lock (default 0s).",
                                               check: { text in
        TimeSpan(text) == nil && text != "0" ? .error(.cliUsage, "`\(text)` is not a duration", hint: "for example 30s, 5m") : nil
    })
    static let target = OptionSpec.option("target", "ADDRESS", "Plan only this resource and what it depends on.",
                                          repeatable: true, check: checkAddress)
    static let exclude = OptionSpec.option("exclude", "ADDRESS", "Leave this resource, and what depends on it, out.",
                                           repeatable: true, check: checkAddress)
    static let allowDestroy = OptionSpec.flag("allow-destroy", "Allow deleting workspaces (never protected ones).")
    static let autoApprove = OptionSpec.flag("auto-approve", "Apply without asking.")
    static let detailedExitCode = OptionSpec.flag("detailed-exitcode", "Exit 2 when there are changes, 0 when none.")
    static let pretty = OptionSpec.flag("pretty", "With --format json: indent the JSON plan for people (by default it is one line, as terraform show -json prints it).")
    static let out = OptionSpec.option("out", "FILE", "Save the plan for `tenancy apply FILE` (which then applies exactly it).")
    static let force = OptionSpec.flag("force", "Replace even a state of another lineage or a newer serial.")

    /// What commands that open the state's backend read from the environment (their help lists it).
    static let backendEnvironment: [(name: String, help: String)] = [
        ("TENANCY_ETCD_ENDPOINTS", "etcd client URLs, comma-separated (replaces spec.backend.etcd.endpoints)."),
        ("TENANCY_ETCD_USERNAME/PASSWORD", "etcd credentials."),
        ("TENANCY_ETCD_CA_FILE/CERT_FILE/KEY_FILE", "etcd over TLS: the CA, and a client certificate and key."),
        ("TENANCY_ACTOR", "Who runs it, for the audit log (default: the CI's actor, else user@host)."),
    ]

    /// What commands that write SARIF read from the environment.
    static let docsEnvironment: [(name: String, help: String)] = [
        ("TENANCY_DOCS_URL", "With --format sarif: the URL of the folder where your organization publishes Tenancy's docs/; each rule then links to its help there (helpUri)."),
    ]

    /// `--format`, with the formats a command offers (read back as `arguments.format`).
    static func format(_ formats: [OutputFormat], help: String = "Output format.") -> OptionSpec {
        TypedOption<OutputFormat>("format", "FORMAT", help, cases: formats).spec
    }
    /// What every command's `--format` is read as: the formats differ by command, the name not.
    static let anyFormat = TypedOption<OutputFormat>("format", "FORMAT", "Output format.")

    @Sendable static func checkAddress(_ text: String) -> Diagnostic? {
        Address(text) == nil ? .error(.cliUsage, "`\(text)` is not an address", hint: "write Kind/name, e.g. Workspace/engineering") : nil
    }
}

/// The output formats commands offer.
enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, markdown, sarif, junit, github, gitlab
}

extension ParsedArguments {
    /// `--dir`, or the current folder.
    var dir: String { self[Options.dir] ?? "." }

    /// `--lock-timeout`, in seconds (checked when parsed).
    var lockTimeout: Double { self[Options.lockTimeout].flatMap(TimeSpan.init).map { Double($0.seconds) } ?? 0 }

    /// The addresses of a repeatable address option (checked when parsed).
    func addresses(_ option: OptionSpec) -> [Address] { values(option).compactMap(Address.init) }

    /// `--format` (checked against the command's formats when parsed), text by default.
    var format: OutputFormat { self[Options.anyFormat] ?? .text }
}
