import TenancyDiagnostics
import TenancyYAML

/// Unit values (sizes, durations, amounts) in their documented range. The schema checks their
/// spelling; a value spelt right can still be past what Tenancy holds (`99999999PiB` is more bytes
/// than 64 bits count), and a value Tenancy cannot hold must be an error at its line, never a
/// rule that silently passes because the value did not parse. The ranges (docs/ranges.md):
/// sizes up to 2^64 − 1 bytes (about 16 EiB), durations up to 2^63 − 1 seconds (about 292 billion
/// years), amounts below 10^15 with at most four decimals, integers up to 2^53 − 1 (the schema).
enum UnitRules {
    /// The largest whole part of an amount: 15 digits, so that sums over a million workspaces
    /// stay exact in a Decimal.
    static let maximumAmountDigits = 15

    /// Checks every unit value in `manifest`'s spec that the field catalog knows of.
    static func check(_ manifest: Manifest, catalog: FieldCatalog = .builtIn, into diagnostics: inout Diagnostics) {
        guard let spec = manifest.spec else { return }
        let tree = catalog.tree(for: manifest.kind)
        guard tree.entries.count > 1 else { return }
        var problems: [(id: Int32, unit: FieldCatalog.Unit, path: String)] = []
        spec.withRawNodes { raw, root in
            var steps: [Step] = []
            walk(root, raw, tree, entry: 0, steps: &steps, problems: &problems)
            for problem in problems {
                let node = raw.node(problem.id)
                diagnostics.append(SemanticRules.error(.invalidValue, message(node.string ?? "", problem.unit), at: node, in: manifest,
                                                       path: problem.path, hint: hint(problem.unit)))
            }
        }
    }

    /// A step of the walk: a key (its node) or a list position. Spelt out only for a problem.
    private enum Step {
        case key(Int32)
        case index(Int)
    }

    /// Follows the catalog's tree only: keys it does not know hold no unit below them.
    private static func walk(_ id: Int32, _ raw: RawNodes, _ tree: FieldCatalog.Tree, entry: Int, steps: inout [Step],
                             problems: inout [(id: Int32, unit: FieldCatalog.Unit, path: String)]) {
        switch raw.kind(id) {
        case .scalar:
            guard let unit = tree.entries[entry].unit, raw.scalarType(id) == .string, !holds(raw.bytes(id), unit) else { return }
            var path = "spec"
            for step in steps {
                switch step {
                case let .key(key): path += "." + String(decoding: raw.bytes(key), as: UTF8.self)
                case let .index(i): path += "[\(i)]"
                }
            }
            problems.append((id, unit, path))
        case .sequence:
            guard let item = tree.child(entry, "[]") else { return }
            raw.forEachItem(id) { offset, child in
                steps.append(.index(offset))
                walk(child, raw, tree, entry: item, steps: &steps, problems: &problems)
                steps.removeLast()
            }
        case .mapping:
            raw.forEachPair(id) { key, value in
                guard raw.kind(key) == .scalar, let child = tree.child(entry, bytes: raw.bytes(key)) else { return }
                steps.append(.key(key))
                walk(value, raw, tree, entry: child, steps: &steps, problems: &problems)
                steps.removeLast()
            }
        }
    }

    /// Whether a value spelt as the schema admits is within its range. Values the schema refuses
    /// anyway (their spelling is wrong) are its to report, not this rule's.
    static func holds(_ bytes: UnsafeBufferPointer<UInt8>, _ unit: FieldCatalog.Unit) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        switch unit {
        case .size:
            return ByteSize(text) != nil || !spelledAsNumber(text)
        case .duration:
            return TimeSpan(text) != nil || !text.allSatisfy { $0.isASCII && ($0.isNumber || "smhdwy".contains($0)) }
        case .money:
            let whole = text.prefix { $0 != "." }
            return whole.count <= maximumAmountDigits || !text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") })
        case .cidr:
            return true // checked, with the network to write instead, by the CIDR rule
        }
    }

    private static func spelledAsNumber(_ text: String) -> Bool {
        text.first?.isNumber == true
    }

    static func message(_ text: String, _ unit: FieldCatalog.Unit) -> String {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        switch unit {
        case .size: return "`\(shown)` is more than Tenancy can hold (a size is at most 2^64 − 1 bytes, about 16 EiB)"
        case .duration: return "`\(shown)` is longer than Tenancy can hold (a duration is at most 2^63 − 1 seconds)"
        case .money: return "`\(shown)` is more than Tenancy can hold (an amount has at most \(maximumAmountDigits) digits before the point)"
        case .cidr: return "`\(shown)` is not a network"
        }
    }

    static func hint(_ unit: FieldCatalog.Unit) -> String {
        switch unit {
        case .size: return "write a smaller size, in the largest unit that fits (e.g. 2PiB)"
        case .duration: return "write a shorter duration (e.g. 7y)"
        case .money: return "write an amount below 1,000,000,000,000,000"
        case .cidr: return "write a network such as 10.0.0.0/8"
        }
    }
}
