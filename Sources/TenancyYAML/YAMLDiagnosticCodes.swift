import TenancyDiagnostics

/// The stable codes of everything the loader reports.
extension Diagnostic.Code {
    /// libyaml's scanner or parser refused the text.
    public static let yamlSyntax: Self = "yaml.syntax"
    /// Not UTF-8 (or UTF-16 with a BOM), or a control character such as NUL.
    public static let yamlEncoding: Self = "yaml.encoding"
    public static let yamlDuplicateKey: Self = "yaml.duplicate-key"
    public static let yamlUnknownTag: Self = "yaml.unknown-tag"
    /// A value that does not fit its explicit tag (`!!int abc`) or a tag on the wrong kind of node.
    public static let yamlTagMismatch: Self = "yaml.tag-mismatch"
    public static let yamlUndefinedAlias: Self = "yaml.undefined-alias"
    public static let yamlRecursiveAlias: Self = "yaml.recursive-alias"
    public static let yamlAliasBudget: Self = "yaml.alias-budget"
    public static let yamlMerge: Self = "yaml.merge"
    public static let yamlTooDeep: Self = "yaml.too-deep"
    public static let yamlTooLarge: Self = "yaml.too-large"
}
