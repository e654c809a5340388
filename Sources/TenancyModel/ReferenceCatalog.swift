/// Names every layer needs to agree on.
public enum ReferenceCatalog {
    /// Roles that exist on the platform without a manifest.
    public static let builtInRoles = ["owner", "admin", "editor", "viewer", "billing-admin", "auditor"]
}
