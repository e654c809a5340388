import Foundation
import TenancyModel
import TenancyJSON

/// One object the platform holds, as Tenancy wants it (desired) or last applied it (state):
/// canonical attributes, the addresses it depends on, and digests of its secrets.
package struct Resource: Sendable, Hashable {
    package let address: Address
    /// Addresses of the resources this one refers to, sorted; they are created before it and
    /// deleted after it.
    package var dependencies: [String]
    /// SHA-256 of each secret's value, by attribute path (`spec.slack.webhook`). A rotated secret
    /// changes its digest, and so shows as a change, without the value ever being stored.
    package var secretDigests: [String: String]
    /// For a desired resource whose stored self holds plain SHA-256 digests (a state from before
    /// keyed digests): the plain digests of the same values, by path, to compare with those. Not
    /// stored anywhere.
    var plainSecretDigests: [String: String] = [:]
    /// Secrets not digested yet: the resource was converted before the state (and its digest key)
    /// was read. Resolved when it arrives (`DesiredStateCollector`).
    var pendingSecrets: [SecretReference] = []
    /// The paths of secrets that could not be read and were let through (`plan
    /// --secrets=unavailable-ok`): the planner lists them in the plan (`Plan.uncheckedSecrets`).
    var uncheckedSecrets: [String] = []

    private var storage: Storage
    /// `metadata.previousNames` as the manifest declares them (desired resources), so that the
    /// planner's search for renames does not parse every resource's attributes.
    private var declaredPreviousNames: [String]?

    private enum Storage: Sendable {
        case parsed(JSON)
        /// As read from a state file and not needed yet: most stored resources are only compared
        /// with their desired selves, which needs their text, not their tree.
        case stored(StoredAttributes)
    }

    package init(address: Address, attributes: JSON, dependencies: [String] = [], secretDigests: [String: String] = [:]) {
        self.address = address
        self.storage = .parsed(attributes)
        self.dependencies = dependencies
        self.secretDigests = secretDigests
    }

    init(address: Address, stored: StoredAttributes, dependencies: [String], secretDigests: [String: String],
         previousNames: [String]? = nil) {
        self.address = address
        self.storage = .stored(stored)
        self.dependencies = dependencies
        self.secretDigests = secretDigests
        self.declaredPreviousNames = previousNames
    }

    /// `{"metadata": {…}, "spec": {…}}`, canonical: units printed canonically, sets sorted,
    /// template defaults merged in, secrets as references only.
    package var attributes: JSON {
        get {
            switch storage {
            case let .parsed(json): return json
            case let .stored(stored): return stored.json
            }
        }
        set {
            storage = .parsed(newValue)
            declaredPreviousNames = nil
        }
    }

    /// The attributes' canonical text as they stand in a state file (nested at `StoredAttributes.indent`).
    func stateText() -> ArraySlice<UInt8> {
        switch storage {
        case let .stored(stored): return stored.text
        case let .parsed(json): return json.canonicalBytes(indent: StoredAttributes.indent)[...]
        }
    }

    /// The attributes written where `writer` stands: their stored text copied as it is when they
    /// are held as text, else printed from the tree. Either way the same bytes.
    func writeAttributes(to writer: inout JSONWriter) {
        switch storage {
        case let .stored(stored): stored.write(to: &writer)
        case let .parsed(json): writer.json(json)
        }
    }

    /// Whether the attributes are known equal without building both trees: two stored texts or a
    /// stored text and a tree compare as text.
    func attributesEqual(_ other: Resource) -> Bool {
        switch (storage, other.storage) {
        case let (.parsed(a), .parsed(b)): return a == b
        default: return Self.sameBytes(stateText(), other.stateText())
        }
    }

    /// Byte equality with memcmp (Array's `==` compares element by element).
    static func sameBytes(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        if a.withUnsafeBufferPointer({ x in b.withUnsafeBufferPointer { $0.baseAddress == x.baseAddress } }) {
            return true // the same text, shared
        }
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }

    /// The stored text, when this resource holds one (rather than a tree).
    var storedAttributes: StoredAttributes? {
        if case let .stored(stored) = storage { return stored }
        return nil
    }

    /// This resource, holding `stored`'s text instead of its own when the two are the same bytes:
    /// a desired resource that matches the state then costs no memory for its attributes.
    func sharingText(with stored: Resource?) -> Resource {
        guard let stored, case let .stored(theirs) = stored.storage, case let .stored(mine) = storage, theirs !== mine,
              Self.sameBytes(mine.text, theirs.text) else { return self }
        var shared = self
        shared.storage = .stored(theirs)
        return shared
    }

    /// `metadata.previousNames`: names under which this resource may already exist in state.
    package var previousNames: [String] {
        declaredPreviousNames ?? attributes["metadata"]?["previousNames"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// A workspace with `spec.protected: true` is never deleted by Tenancy.
    package var isProtected: Bool { attributes["spec"]?["protected"]?.boolValue == true }

    package static func == (lhs: Resource, rhs: Resource) -> Bool {
        lhs.address == rhs.address && lhs.dependencies == rhs.dependencies && lhs.secretDigests == rhs.secretDigests
            && lhs.attributesEqual(rhs)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(dependencies)
    }
}

/// A resource's attributes as they stand in a state file: their exact canonical text, parsed into
/// a tree each time one is asked for. Trees are wanted for the few resources that changed (to
/// list their fields, once) and for JSON renders; keeping them would hold a changed resource's
/// attributes three times over (text, tree before, tree after) until the run ends.
final class StoredAttributes: Sendable {
    /// The depth at which a state file nests each resource's attributes.
    static let indent = 3

    /// A slice of the state file's bytes as read (shared, not copied: a state file is one buffer
    /// for all its resources), or the text the desired state wrote.
    let text: ArraySlice<UInt8>

    init(text: ArraySlice<UInt8>) { self.text = text }
    convenience init(text: [UInt8]) { self.init(text: text[...]) }

    var json: JSON {
        // The text was syntax-checked when the state was read (or written by the canonical
        // writer), so this cannot fail.
        (try? JSONParser.parse(Array(text))) ?? .object([:])
    }

    /// The text written at another nesting level of a pretty document, or compact.
    func write(to writer: inout JSONWriter) {
        writer.raw(text, standingAt: Self.indent)
    }
}
