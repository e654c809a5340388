import TenancySupport
import TenancyJSON

extension Plan {
    /// What identifies an applied plan in the audit log: SHA-256 over its changes (addresses,
    /// actions, previous addresses, the changed field paths of updates and renames), in apply
    /// order. Cheap for any size, and equal for equal plans; the values themselves are in the
    /// state the record's serial names.
    package var digest: String {
        var text: [UInt8] = []
        text.reserveCapacity(changes.count * 64)
        func add(_ string: String) {
            var string = string
            string.withUTF8 { text.append(contentsOf: $0) }
        }
        for change in effectiveChanges {
            add(change.action.rawValue)
            text.append(UInt8(ascii: " "))
            add(change.address.description)
            text.append(UInt8(ascii: " "))
            add(change.previousAddress?.description ?? "-")
            // Field paths say what an update changed; a create's or delete's fields are all of
            // them, and the state of the record's serial holds their values.
            if change.action == .update || change.action == .rename {
                for field in change.fieldChanges {
                    text.append(UInt8(ascii: " "))
                    add(field.path)
                }
            }
            text.append(UInt8(ascii: "\n"))
        }
        return SHA256.hex(text)
    }

    /// The changes as the audit record lists them: address, action, previous address.
    package var auditChanges: [JSON] {
        effectiveChanges.map { change -> JSON in
            var entry: [String: JSON] = ["address": .string(change.address.description), "action": .string(change.action.rawValue)]
            if let previous = change.previousAddress { entry["previous_address"] = .string(previous.description) }
            return .object(entry)
        }
    }
}
