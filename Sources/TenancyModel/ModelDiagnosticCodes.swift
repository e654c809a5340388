import TenancyDiagnostics

/// Stable codes of the manifest language's problems. Schema violations use `schema.<keyword>`.
extension Diagnostic.Code {
    public static let manifestNotAnObject: Self = "manifest.not-an-object"
    public static let manifestEmptyFile: Self = "manifest.empty-file"
    public static let manifestLeftOut: Self = "manifest.left-out"
    public static let duplicateName: Self = "semantic.duplicate-name"
    public static let danglingReference: Self = "semantic.dangling-reference"
    public static let multipleOrganizations: Self = "semantic.multiple-organizations"
    public static let previousNameConflict: Self = "semantic.previous-name-conflict"
    public static let organizationCap: Self = "semantic.organization-cap"
    public static let retentionOrder: Self = "semantic.retention-order"
    public static let connectionsBelowUsers: Self = "semantic.connections-below-users"
    public static let tierLimit: Self = "semantic.tier-limit"
    public static let budgetAlertOrder: Self = "semantic.budget-alert-order"
    public static let moneyMinorUnit: Self = "semantic.money-minor-unit"
    public static let allowlistOverlap: Self = "semantic.allowlist-overlap"
    public static let invalidCIDR: Self = "value.cidr"
    public static let invalidValue: Self = "value.invalid"
    public static let literalSecret: Self = "semantic.literal-secret"
    public static let maintainerNotMember: Self = "semantic.maintainer-not-member"
    public static let memberRepeated: Self = "semantic.member-repeated"
    public static let builtInRoleRedefined: Self = "semantic.builtin-role-redefined"
    public static let templateOverride: Self = "template.overrides-built-in"
    public static let templateRule: Self = "template.rule-violated"
    /// A compliance framework catalog that cannot be read or names rules that do not exist.
    public static let invalidFramework: Self = "compliance.invalid-framework"
    /// A `security.geo` entry that is not an assigned ISO 3166-1 alpha-2 code.
    public static let unknownCountry: Self = "semantic.unknown-country"
    /// An advisory rule that fails: a warning.
    public static let templateAdvice: Self = "template.advice"
    /// Two rules of a workspace's template and profiles that no value satisfies together.
    public static let templateConflict: Self = "template.rules-conflict"
    /// A profile named as a template, or a template among the profiles.
    public static let templateKind: Self = "template.wrong-kind"
    public static let invalidTemplateRule: Self = "template.invalid-rule"

    static func schema(_ keyword: String) -> Self {
        var code = "schema."
        for character in keyword {
            if character.isUppercase { code += "-" + character.lowercased() } else { code.append(character) }
        }
        return Self(rawValue: code)
    }
}
