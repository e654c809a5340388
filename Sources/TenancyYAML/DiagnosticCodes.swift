import TenancyDiagnostics

/// Codes of reading YAML: libyaml's refusals and the loader's limits.
///
/// Every code is declared here, once, with its meaning: docs/diagnostics.md is generated from
/// these files (DiagnosticCodesTests), and codes are never written as literals where they are raised.
extension Diagnostic.Code {
    // MARK: YAML

    /// libyaml's scanner or parser refused the text.
    public static let yamlSyntax: Self = "yaml.syntax"
    /// Not UTF-8 (or UTF-16 with a byte-order mark), or a control character such as NUL.
    public static let yamlEncoding: Self = "yaml.encoding"
    /// A mapping names one key twice (YAML 1.2 forbids it; a silent last-wins hides edits).
    public static let yamlDuplicateKey: Self = "yaml.duplicate-key"
    /// A tag outside the YAML 1.2 core schema (`!!python/object`, `!custom`).
    public static let yamlUnknownTag: Self = "yaml.unknown-tag"
    /// A value that does not fit its explicit tag (`!!int abc`) or a tag on the wrong kind of node.
    public static let yamlTagMismatch: Self = "yaml.tag-mismatch"
    /// An alias (`*name`) with no anchor of that name before it.
    public static let yamlUndefinedAlias: Self = "yaml.undefined-alias"
    /// An alias inside the node its anchor names (a structure that contains itself).
    public static let yamlRecursiveAlias: Self = "yaml.recursive-alias"
    /// Aliases that expand beyond the loader's budget (a billion-laughs document).
    public static let yamlAliasBudget: Self = "yaml.alias-budget"
    /// A merge key (`<<`) whose value is not a mapping or a list of mappings.
    public static let yamlMerge: Self = "yaml.merge"
    /// Nesting deeper than the loader's limit.
    public static let yamlTooDeep: Self = "yaml.too-deep"
    /// A file larger than the loader's limit.
    public static let yamlTooLarge: Self = "yaml.too-large"
}
