import TenancyDiagnostics

/// Codes of the manifest language: manifests and their kinds' schemas, cross-references, semantic rules, values, secrets, templates and compliance catalogs.
///
/// Every code is declared here, once, with its meaning: docs/diagnostics.md is generated from
/// these files (DiagnosticCodesTests), and codes are never written as literals where they are raised.
extension Diagnostic.Code {
    // MARK: Manifests

    /// A document that is not a mapping (a list or a scalar where a manifest belongs).
    package static let manifestNotAnObject: Self = "manifest.not-an-object"
    /// A manifest file with no document in it (empty, or only comments).
    package static let manifestEmptyFile: Self = "manifest.empty-file"
    /// A Tenancy manifest the configuration's `spec.paths` leave out: a warning, since nothing in it is applied.
    package static let manifestLeftOut: Self = "manifest.left-out"

    // MARK: References and names

    /// Two manifests of one kind with the same name.
    package static let duplicateName: Self = "semantic.duplicate-name"
    /// A reference to a resource no manifest declares (a team's workspace, a notification's integration).
    package static let danglingReference: Self = "semantic.dangling-reference"
    /// More than one Organization manifest.
    package static let multipleOrganizations: Self = "semantic.multiple-organizations"
    /// A `previousName` that names the manifest itself, or a name another manifest still defines.
    package static let previousNameConflict: Self = "semantic.previous-name-conflict"
    /// A team maintainer who is not among the team's members.
    package static let maintainerNotMember: Self = "semantic.maintainer-not-member"
    /// A member listed twice in a team (also in another letter case): a warning.
    package static let memberRepeated: Self = "semantic.member-repeated"
    /// A Role manifest that redefines a built-in role.
    package static let builtInRoleRedefined: Self = "semantic.builtin-role-redefined"

    // MARK: Semantic rules

    /// More workspaces, or workspaces' quotas adding up to more, than the organization's limits.
    package static let organizationCap: Self = "semantic.organization-cap"
    /// Retention periods out of order: archives kept less long than the active retention.
    package static let retentionOrder: Self = "semantic.retention-order"
    /// Fewer concurrent connections allowed than users: some users could never connect.
    package static let connectionsBelowUsers: Self = "semantic.connections-below-users"
    /// A setting beyond what the workspace's billing tier allows (`maxExecutionTime`).
    package static let tierLimit: Self = "semantic.tier-limit"
    /// Budget alert thresholds that do not ascend.
    package static let budgetAlertOrder: Self = "semantic.budget-alert-order"
    /// A budget notification that can never fire (a `billing.threshold` percent not among `budgetAlerts`, no budget): a warning.
    package static let notificationNeverFires: Self = "semantic.notification-never-fires"
    /// An amount with more decimals than its currency's minor unit (ISO 4217: ¥ has none, BHD three).
    package static let moneyMinorUnit: Self = "semantic.money-minor-unit"
    /// IP allowlist entries that overlap (one contains the other): a warning.
    package static let allowlistOverlap: Self = "semantic.allowlist-overlap"

    // MARK: Values

    /// Not a CIDR block (`10.0.0.0/8`, `2001:db8::/32`), or one with host bits set.
    package static let invalidCIDR: Self = "value.cidr"
    /// A value out of its setting's range (a duration, size or amount it cannot take).
    package static let invalidValue: Self = "value.invalid"

    // MARK: Secrets

    /// A secret written in a manifest (a token, a key, credentials in a URL) instead of a `secretRef`.
    package static let literalSecret: Self = "semantic.literal-secret"

    // MARK: Templates and compliance

    /// A template file with the name of a built-in template, which it replaces: a warning.
    package static let templateOverride: Self = "template.overrides-built-in"
    /// A workspace breaks a required rule of its template or profiles.
    package static let templateRule: Self = "template.rule-violated"
    /// A workspace breaks an advisory rule of its template or profiles: a warning.
    package static let templateAdvice: Self = "template.advice"
    /// Two rules of a workspace's template and profiles that no value satisfies together.
    package static let templateConflict: Self = "template.rules-conflict"
    /// A profile named as a template, or a template among the profiles.
    package static let templateKind: Self = "template.wrong-kind"
    /// A template rule that cannot be evaluated (an unknown field or operator, a value of the wrong type).
    package static let invalidTemplateRule: Self = "template.invalid-rule"
    /// A compliance framework catalog that cannot be read or names rules that do not exist.
    package static let invalidFramework: Self = "compliance.invalid-framework"

    // MARK: Schemas of the kinds

    /// A manifest breaks its kind's JSON Schema at that keyword (`schema.type`,
    /// `schema.required`, `schema.additional-properties`, `schema.enum`, `schema.pattern`,
    /// `schema.format`, `schema.minimum`, …; the keyword's capitals become dashes).
    static func schema(_ keyword: String) -> Self {
        var code = "schema."
        for character in keyword {
            if character.isUppercase { code += "-" + character.lowercased() } else { code.append(character) }
        }
        return Self(rawValue: code)
    }
}
