import TenancyDiagnostics
import TenancyYAML

/// One way an instance breaks its schema, with what a person needs to fix it.
public struct SchemaViolation: Sendable {
    /// The JSON Schema keyword that failed (`type`, `required`, `additionalProperties`, …).
    public let keyword: String
    public let message: String
    public let hint: String?
    /// The schema's `description` of the value, when it has one: what the field means.
    public let detail: String?
    /// The value that is wrong, or the mapping that lacks a required field.
    public let instance: Node
    /// The key to point at instead of the value: an unknown field's key, or the key under which a
    /// mapping lacks a required field.
    public let key: Node?
    /// Where in the document, as people write it: `spec.notifications[2].event`.
    public let path: String
    /// How deep `path` is; the best-match heuristics prefer deeper errors.
    let depth: Int

    /// The span a diagnostic should underline.
    public var range: SourceRange { (key ?? instance).range }
}
