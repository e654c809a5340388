/// Names every layer needs to agree on.
package enum ReferenceCatalog {
    /// Roles that exist on the platform without a manifest.
    package static let builtInRoles = ["owner", "admin", "editor", "viewer", "billing-admin", "auditor"]
}
