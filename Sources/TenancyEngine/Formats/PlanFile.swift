import TenancyDiagnostics
import TenancyModel
import TenancySupport
import TenancyJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A saved plan (`tenancy plan --out FILE`): the changes with everything apply needs, the state
/// they were planned against, and a digest of the manifests they were planned from. Secrets are
/// in it only as digests, like in state.
package struct PlanFile: Sendable {
    package static let formatName = "tenancy-plan"
    /// 3: `plan_digest` (SHA-256 over the whole file, so that any change to it is refused before
    /// anything else is read), `configuration_root` relative to the plan file's folder, and the
    /// digest key of a plan made against a state without one (`secret_key`).
    /// 2: creates and deletes carry no `fields` (they are all of the resource's leaves, listed
    /// from its attributes when asked) and no-ops no `after` (it is their `before`): a saved plan of
    /// 10,000 creates went from 202 MB to the size of the state it would write. Versions 1 and 2
    /// are read.
    package static let formatVersion = 3

    package let plan: Plan
    /// SHA-256 over the configuration's files (path and content): apply refuses when they changed.
    package let configurationDigest: String
    /// The configuration's folder, relative to the plan file's own folder (format 3: so that the
    /// plan applies from another checkout of the same configuration), or absolute (formats 1, 2).
    package let configurationRoot: String

    /// The format version the file was written in (`formatVersion` for a plan made here): it says
    /// which kind of configuration digest it carries.
    package let sourceFormatVersion: Int

    /// `configurationDigest`: `ConfigurationLoader.Result.filesDigest` (format 2).
    package init(plan: Plan, configurationDigest: String, configurationRoot: String) {
        self.plan = plan
        self.configurationDigest = configurationDigest
        self.configurationRoot = configurationRoot
        sourceFormatVersion = Self.formatVersion
    }

    /// Why a plan file cannot be used.
    package struct Error: Swift.Error, Sendable, CustomStringConvertible {
        package enum Reason: Sendable, Equatable {
            case invalid(String)
            case newerFormat(Int)
            case unreadable(FileError)
            /// The file is not the bytes that were written: its digest does not match.
            case tampered
        }

        package let reason: Reason
        /// The file, once known (the decoder works on bytes).
        package internal(set) var path: String

        static func invalid(_ reason: String) -> Error { Error(reason: .invalid(reason), path: "the plan file") }
        static func newerFormat(_ version: Int) -> Error { Error(reason: .newerFormat(version), path: "the plan file") }
        static func unreadable(_ error: FileError) -> Error { Error(reason: .unreadable(error), path: error.path) }
        static func tampered() -> Error { Error(reason: .tampered, path: "the plan file") }

        package var description: String { summary }
    }

    // MARK: Encoding

    /// The file as a tree, for tests and tools: the parse of what `write` prints (the file's one
    /// encoding).
    package var json: JSON {
        var bytes: [UInt8] = []
        write { bytes.append(contentsOf: $0) }
        return (try? JSONParser.parse(bytes)) ?? .null
    }

    /// The file's canonical text handed to `emit` piece by piece: entries written on all cores,
    /// resources' attributes copied from their canonical text, neither the tree nor the text
    /// ever held whole.
    package func write<Failure: Swift.Error>(_ emit: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        // Everything before `plan_digest` is hashed as it is written; the rest is small, written
        // with the digest empty, hashed, then given its digest.
        var hasher = SHA256()
        let hashing = { (piece: UnsafeRawBufferPointer) throws(Failure) in
            hasher.update(piece)
            try emit(piece)
        }
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("changes")
        writer.beginArray()
        let changes = plan.changes
        try writer.elements(changes.count, draining: hashing) { i, entry in Self.write(changes[i], to: &entry) }
        writer.endArray()
        writer.key("configuration_digest")
        writer.string(configurationDigest)
        writer.key("configuration_root")
        writer.string(configurationRoot)
        writer.key("format")
        writer.string(Self.formatName)
        writer.key("format_version")
        writer.int(Self.formatVersion)
        try writer.drain(into: hashing)
        writer.key("plan_digest")
        writer.string("")
        writer.key("prior_state")
        writePrior(to: &writer)
        if let key = plan.secretKey {
            writer.key("secret_key")
            writer.string(SHA256.hexString(key))
        }
        if !plan.uncheckedSecrets.isEmpty {
            writer.key("unchecked_secrets")
            writer.beginArray()
            for secret in plan.uncheckedSecrets {
                // `{"address": "Integration/slack-eng", "path": "spec.slack.webhook"}`
                writer.beginObject()
                writer.member("address", secret.address.description)
                writer.member("path", secret.path)
                writer.endObject()
            }
            writer.endArray()
        }
        writer.endObject()
        writer.finishDocument()
        var tail = writer.take()
        hasher.update(tail)
        let digest = SHA256.hexString(hasher.finalize())
        let empty = Array(Self.digestMarker.utf8) + [UInt8(ascii: "\"")]
        if let at = tail.firstRange(of: empty) {
            tail.insert(contentsOf: Array(digest.utf8), at: at.lowerBound + Self.digestMarker.utf8.count)
        }
        try tail.withUnsafeBytes { raw in Result { () throws(Failure) in try emit(raw) } }.get()
    }

    /// How `plan_digest` stands in the file (a member of the top-level object).
    static let digestMarker = "\n  \"plan_digest\": \""

    /// Whether the file's bytes are exactly as written: the digest it carries is the SHA-256 of
    /// the file with that digest left empty. Nil for a file without one (formats 1 and 2).
    static func verifyDigest(_ bytes: [UInt8]) -> Bool? {
        let marker = Array(digestMarker.utf8)
        guard let at = bytes.lastRange(of: marker) else { return nil }
        let start = at.upperBound
        guard start + 65 <= bytes.count, bytes[start + 64] == UInt8(ascii: "\"") else { return false }
        let stored = String(decoding: bytes[start..<(start + 64)], as: UTF8.self)
        var hasher = SHA256()
        hasher.update(bytes[..<start])
        hasher.update(bytes[(start + 64)...])
        return SHA256.hexString(hasher.finalize()) == stored
    }

    /// Writes the file as the state is written: a temporary file beside it, fsync, rename. Only
    /// onto a regular file or a new path: `--out /dev/stdout` (a symbolic link to a descriptor),
    /// a FIFO, a device or a folder is refused, never replaced by the rename.
    /// `cancellation`: a signal while it is written leaves no temporary file.
    package func write(to path: String, cancellation: Cancellation? = nil) throws(FileError) {
        try FileIO.checkReplaceable(path)
        // A saved plan stands for a plan run that finished: stopped later (while it is rendered),
        // the run withdraws it.
        try FileIO.atomicWrite(to: path, cancellation: cancellation, withdrawnOnStop: true, mapError: { $0 }) {
            (emit) throws(FileError) in try write(emit)
        }
    }

    private func writePrior(to writer: inout JSONWriter) {
        guard let lineage = plan.priorLineage, let serial = plan.priorSerial else {
            writer.null()
            return
        }
        writer.beginObject()
        writer.key("lineage")
        writer.string(lineage)
        writer.key("serial")
        writer.int(serial)
        writer.endObject()
    }

    /// One change as it stands in `changes` (two levels deep; attributes four levels deep).
    static func write(_ change: Plan.ResourceChange, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("action")
        writer.string(change.action.rawValue)
        writer.key("address")
        writer.string(change.address.description)
        if let after = change.after, change.action != .noop {
            writer.key("after")
            write(after, to: &writer)
        }
        if let before = change.before {
            writer.key("before")
            write(before, to: &writer)
        }
        if change.action == .update || change.action == .rename {
            writer.key("fields")
            writer.beginArray()
            for field in change.fieldChanges {
                writer.beginObject()
                writer.key("after")
                writer.json(field.after ?? .null)
                writer.key("before")
                writer.json(field.before ?? .null)
                writer.key("has_after")
                writer.bool(field.after != nil)
                writer.key("has_before")
                writer.bool(field.before != nil)
                writer.key("path")
                writer.string(field.path)
                writer.key("sensitive")
                writer.bool(field.sensitive)
                writer.endObject()
            }
            writer.endArray()
        }
        if let previous = change.previousAddress {
            writer.key("previous_address")
            writer.string(previous.description)
        }
        writer.key("unchanged")
        writer.int(change.unchangedCount)
        writer.endObject()
    }

    static func write(_ resource: Resource, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("attributes")
        resource.writeAttributes(to: &writer)
        writer.key("dependencies")
        writer.beginArray()
        for dependency in resource.dependencies { writer.string(dependency) }
        writer.endArray()
        writer.key("secret_digests")
        StateFile.writeStrings(resource.secretDigests, to: &writer)
        writer.endObject()
    }

    // MARK: Decoding

    /// Reads a plan file in one pass: each change is decoded as soon as it is parsed, and its
    /// resources keep their attributes as the canonical text the file holds them in (checked, not
    /// built), as resources read from a state file do.
    /// `forApplying`: the no-ops keep no attributes (applying skips them; only showing the plan as
    /// JSON prints them), so a plan that changes a tenth of a large state holds a tenth of it.
    package init(bytes: [UInt8], forApplying: Bool = false) throws(Error) {
        // A file changed since it was written is refused whole, before anything read from it is
        // used (or any problem found in it reported). A large one's digest is checked on a core of
        // its own while it is parsed (hashing 50 MB takes half as long as parsing them); a small
        // one's at once (a thread costs more than hashing a megabyte).
        guard bytes.count >= 1 << 20 else {
            let verified = Self.verifyDigest(bytes)
            if verified == false { throw .tampered() }
            try self.init(parsing: bytes, forApplying: forApplying, verified: { verified })
            return
        }
        let verifying = BackgroundTask { Self.verifyDigest(bytes) }
        do throws(Error) {
            try self.init(parsing: bytes, forApplying: forApplying, verified: { verifying.wait() })
        } catch {
            if verifying.wait() == false { throw .tampered() }
            throw error
        }
    }

    private init(parsing bytes: [UInt8], forApplying: Bool, verified: () -> Bool?) throws(Error) {
        var changes: [Plan.ResourceChange] = []
        var problem: Error?
        let top: JSON
        do throws(JSONParser.Error) {
            top = try JSONParser.parse(bytes, handingOut: "changes", deferring: "attributes", atDepth: 4) { _, entry, deferred in
                guard problem == nil else { return }
                do throws(Error) {
                    if forApplying, entry["action"]?.stringValue == Plan.Action.noop.rawValue,
                       let address = entry["address"]?.stringValue.flatMap(Address.init) {
                        changes.append(Plan.ResourceChange(address: address, previousAddress: nil, action: .noop, fieldChanges: [],
                                                           unchangedCount: 0, before: nil, after: nil))
                        return
                    }
                    changes.append(try Self.decodeChange(entry) { side in
                        deferred.first { $0.path.count >= 2 && $0.path[$0.path.count - 2] == side }.map { bytes[$0.range] }
                    })
                } catch {
                    problem = error
                }
            }
        } catch {
            throw .invalid(error.description)
        }
        let verified = verified()
        if verified == false { throw .tampered() }
        try self.init(header: top, changes: changes, verified: verified)
        if let problem { throw problem }
    }

    /// Reads the plan file at `path` (straight into one buffer: a saved plan is as large as the
    /// state it would write).
    package init(contentsOf path: String, forApplying: Bool = false) throws(Error) {
        let bytes: [UInt8]?
        do { bytes = try FileIO.read(path) } catch { throw .unreadable(error) }
        guard let bytes else { throw .unreadable(FileError(path: path, operation: .read, reason: .errno(ENOENT))) }
        do { try self.init(bytes: bytes, forApplying: forApplying) } catch {
            var named = error
            named.path = path
            throw named
        }
    }

    /// `verified`: what `verifyDigest` said of the file's bytes (nil: they carry no digest).
    private init(header json: JSON, changes: [Plan.ResourceChange], verified: Bool?) throws(Error) {
        guard json["format"]?.stringValue == Self.formatName else { throw .invalid("it is not a Tenancy plan") }
        guard let version = json["format_version"]?.intValue else { throw .invalid("format_version is missing") }
        guard version <= Self.formatVersion else { throw .newerFormat(version) }
        // From format 3 on, a file without its digest where it is written (removed, or the file
        // laid out anew) is refused like one whose digest is wrong.
        if version >= 3, verified != true { throw .tampered() }
        guard let digest = json["configuration_digest"]?.stringValue, let root = json["configuration_root"]?.stringValue,
              json["changes"]?.arrayValue != nil else { throw .invalid("it is incomplete") }
        let prior = json["prior_state"]
        var key: [UInt8]?
        if let text = json["secret_key"] {
            guard let hex = text.stringValue, let bytes = StateFile.bytes(hex: hex), bytes.count >= 16 else {
                throw .invalid("secret_key must be at least 32 hex digits")
            }
            key = bytes
        }
        var plan = Plan(priorLineage: prior?["lineage"]?.stringValue, priorSerial: prior?["serial"]?.intValue, changes: changes, secretKey: key)
        if let unchecked = json["unchecked_secrets"] {
            guard let items = unchecked.arrayValue else { throw .invalid("unchecked_secrets must be a list") }
            plan.uncheckedSecrets = try items.map { (item) throws(Error) -> Plan.UncheckedSecret in
                guard let text = item["address"]?.stringValue, let address = Address(text), let path = item["path"]?.stringValue,
                      path.hasPrefix("spec.") else { throw .invalid("an entry of unchecked_secrets lacks its address or path") }
                return Plan.UncheckedSecret(address: address, path: path)
            }.sorted()
        }
        self.plan = plan
        configurationDigest = digest
        configurationRoot = root
        sourceFormatVersion = version
    }

    /// One change; `text` gives the attributes text of its "before" or "after" as the file holds
    /// it (four levels deep) when it was kept as text, else they come from the tree.
    private static func decodeChange(_ entry: JSON, text: (String) -> ArraySlice<UInt8>?) throws(Error) -> Plan.ResourceChange {
        guard let addressText = entry["address"]?.stringValue, let address = Address(addressText),
              let actionText = entry["action"]?.stringValue, let action = Plan.Action(rawValue: actionText) else {
            throw .invalid("a change lacks its address or action")
        }
        let previous = entry["previous_address"]?.stringValue.flatMap(Address.init)
        let fields = entry["fields"]?.arrayValue.map { fields in
            fields.compactMap { field -> Plan.FieldChange? in
                guard let path = field["path"]?.stringValue else { return nil }
                return Plan.FieldChange(path: path,
                                        before: field["has_before"]?.boolValue == true ? field["before"] : nil,
                                        after: field["has_after"]?.boolValue == true ? field["after"] : nil,
                                        sensitive: field["sensitive"]?.boolValue ?? false)
            }
        }
        let before = try entry["before"].map { (value) throws(Error) -> Resource in
            try Self.decode(value, previous ?? address, text: text("before"))
        }
        var after = try entry["after"].map { (value) throws(Error) -> Resource in try Self.decode(value, address, text: text("after")) }
        if action == .noop, after == nil { after = before } // format 2 keeps a no-op's one side
        return Plan.ResourceChange(
            address: address, previousAddress: previous, action: action,
            // Creates and deletes list their fields from their attributes when asked (format 2).
            fieldChanges: fields ?? (action == .create || action == .delete ? nil : []),
            unchangedCount: entry["unchanged"]?.intValue ?? 0, before: before, after: after)
    }

    static func decode(_ json: JSON, _ address: Address, text: ArraySlice<UInt8>?) throws(Error) -> Resource {
        let dependencies = json["dependencies"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let digests = json["secret_digests"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        // Kept as text when it is laid out as this tool writes it (its syntax was checked by the
        // parse): an object over several lines, closing at the state's depth.
        let closing = Array(("\n" + String(repeating: "  ", count: StoredAttributes.indent) + "}").utf8)
        if let text, text.starts(with: Array("{\n".utf8)), let state = JSONWriter.moved(text, from: 4, to: StoredAttributes.indent),
           state.count > closing.count,
           state.suffix(closing.count).elementsEqual(closing) {
            return Resource(address: address, stored: StoredAttributes(text: state), dependencies: dependencies, secretDigests: digests)
        }
        // Otherwise (another layout, written by hand?) decoded to a tree, and printed canonically.
        let attributes = text.map { try? JSONParser.parse(Array($0)) } ?? json["attributes"]
        guard let attributes, attributes.objectValue != nil else { throw .invalid("a resource lacks attributes") }
        return Resource(address: address, attributes: attributes, dependencies: dependencies, secretDigests: digests)
    }

    /// Why a saved plan cannot be applied to `state`, or nil when it can.
    package func staleness(against state: State?) -> String? {
        switch (plan.priorLineage, state) {
        case (nil, nil):
            return nil
        case (nil, let state?):
            return "plan is stale: it was made when there was no state, and the state is now at serial \(state.serial)"
        case (_?, nil):
            return "the state the plan was made against is gone"
        case let (lineage?, state?):
            if lineage != state.lineage {
                return "the plan's state lineage \(lineage) does not match the state's \(state.lineage)"
            }
            if plan.priorSerial != state.serial {
                return "plan is stale: it was made against serial \(plan.priorSerial ?? 0), the state is now at serial \(state.serial)"
            }
            return nil
        }
    }
}

extension PlanFile.Error: DiagnosticError {
    package var code: Diagnostic.Code {
        switch reason {
        case .invalid: return .planInvalid
        case .newerFormat: return .planNewerFormat
        case let .unreadable(error): return error.code
        case .tampered: return .planTampered
        }
    }

    package var summary: String {
        switch reason {
        case let .invalid(why): return "\(path) is not a valid plan file (\(why))"
        case let .newerFormat(version):
            return "\(path) has plan format version \(version), newer than this tenancy understands (\(PlanFile.formatVersion))"
        case let .unreadable(error): return error.description
        case .tampered: return "\(path) was changed since it was made: its digest does not match its content"
        }
    }

    package var hint: String? {
        switch reason {
        case .newerFormat: return "upgrade tenancy, or make the plan again with this one"
        case .tampered: return "a saved plan is applied exactly as it was reviewed, or not at all: make a new one with `tenancy plan --out FILE`"
        default: return "make a plan file with `tenancy plan --out FILE`"
        }
    }
}
