import TenancyModel

/// A saved plan (`tenancy plan --out FILE`): the changes with everything apply needs, the state
/// they were planned against, and a digest of the manifests they were planned from. Secrets are
/// in it only as digests, like in state.
public struct PlanFile: Sendable {
    public static let formatName = "tenancy-plan"
    public static let formatVersion = 1

    public let plan: Plan
    /// SHA-256 over the configuration's files (path and content): apply refuses when they changed.
    public let configurationDigest: String
    /// The configuration's folder, as an absolute path, where apply looks for the manifests.
    public let configurationRoot: String

    public init(plan: Plan, configurationDigest: String, configurationRoot: String) {
        self.plan = plan
        self.configurationDigest = configurationDigest
        self.configurationRoot = configurationRoot
    }

    public enum Error: Swift.Error, Sendable, CustomStringConvertible {
        case invalid(String)
        case newerFormat(Int)

        public var description: String {
            switch self {
            case let .invalid(reason): return "not a valid plan file (\(reason))"
            case let .newerFormat(version): return "the plan file has format version \(version), newer than this tenancy understands (\(PlanFile.formatVersion))"
            }
        }
    }

    // MARK: Encoding

    public var json: JSON {
        var prior: JSON = .null
        if let lineage = plan.priorLineage, let serial = plan.priorSerial {
            prior = .object(["lineage": .string(lineage), "serial": .int(serial)])
        }
        return .object([
            "format": .string(Self.formatName),
            "format_version": .int(Self.formatVersion),
            "prior_state": prior,
            "configuration_digest": .string(configurationDigest),
            "configuration_root": .string(configurationRoot),
            "changes": .array(plan.changes.map(Self.encode)),
        ])
    }

    static func encode(_ change: Plan.ResourceChange) -> JSON {
        var entry: [String: JSON] = [
            "address": .string(change.address.description),
            "action": .string(change.action.rawValue),
            "unchanged": .int(change.unchangedCount),
            "fields": .array(change.fieldChanges.map { field in
                .object(["path": .string(field.path), "before": field.before ?? .null, "after": field.after ?? .null,
                         "has_before": .bool(field.before != nil), "has_after": .bool(field.after != nil),
                         "sensitive": .bool(field.sensitive)])
            }),
        ]
        if let previous = change.previousAddress { entry["previous_address"] = .string(previous.description) }
        if let before = change.before { entry["before"] = encode(before) }
        if let after = change.after { entry["after"] = encode(after) }
        return .object(entry)
    }

    static func encode(_ resource: Resource) -> JSON {
        .object([
            "attributes": resource.attributes,
            "dependencies": .array(resource.dependencies.map { .string($0) }),
            "secret_digests": .object(resource.secretDigests.mapValues { .string($0) }),
        ])
    }

    // MARK: Decoding

    public init(json: JSON) throws(Error) {
        guard json["format"]?.stringValue == Self.formatName else { throw .invalid("it is not a Tenancy plan") }
        guard let version = json["format_version"]?.intValue else { throw .invalid("format_version is missing") }
        guard version <= Self.formatVersion else { throw .newerFormat(version) }
        guard let digest = json["configuration_digest"]?.stringValue, let root = json["configuration_root"]?.stringValue,
              let entries = json["changes"]?.arrayValue else { throw .invalid("it is incomplete") }
        var changes: [Plan.ResourceChange] = []
        for entry in entries {
            guard let addressText = entry["address"]?.stringValue, let address = Address(addressText),
                  let actionText = entry["action"]?.stringValue, let action = Plan.Action(rawValue: actionText) else {
                throw .invalid("a change lacks its address or action")
            }
            let previous = entry["previous_address"]?.stringValue.flatMap(Address.init)
            let fields = (entry["fields"]?.arrayValue ?? []).compactMap { field -> Plan.FieldChange? in
                guard let path = field["path"]?.stringValue else { return nil }
                return Plan.FieldChange(path: path,
                                        before: field["has_before"]?.boolValue == true ? field["before"] : nil,
                                        after: field["has_after"]?.boolValue == true ? field["after"] : nil,
                                        sensitive: field["sensitive"]?.boolValue ?? false)
            }
            changes.append(Plan.ResourceChange(
                address: address, previousAddress: previous, action: action, fieldChanges: fields,
                unchangedCount: entry["unchanged"]?.intValue ?? 0,
                before: try entry["before"].map { (value) throws(Error) -> Resource in try Self.decode(value, previous ?? address) },
                after: try entry["after"].map { (value) throws(Error) -> Resource in try Self.decode(value, address) }))
        }
        let prior = json["prior_state"]
        plan = Plan(priorLineage: prior?["lineage"]?.stringValue, priorSerial: prior?["serial"]?.intValue, changes: changes)
        configurationDigest = digest
        configurationRoot = root
    }

    static func decode(_ json: JSON, _ address: Address) throws(Error) -> Resource {
        guard let attributes = json["attributes"], attributes.objectValue != nil else { throw .invalid("a resource lacks attributes") }
        return Resource(address: address, attributes: attributes,
                        dependencies: json["dependencies"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                        secretDigests: json["secret_digests"]?.objectValue?.compactMapValues(\.stringValue) ?? [:])
    }

    /// Why a saved plan cannot be applied to `state`, or nil when it can.
    public func staleness(against state: State?) -> String? {
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
