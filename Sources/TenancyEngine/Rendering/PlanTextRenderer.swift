import TenancyDiagnostics
import TenancyModel
import TenancySupport
import TenancyJSON

/// Renders plans for people: the terminal text (`+ ~ - →`, colour only when asked). Secrets never
/// appear: sensitive fields render as `(sensitive)`.
package struct PlanTextRenderer: Sendable {
    package var useColor: Bool

    package init(useColor: Bool) { self.useColor = useColor }

    // MARK: Text

    package func text(_ plan: Plan) -> String {
        var out = ""
        text(plan) { out += $0 }
        return out
    }

    /// The same text, handed to `write` piece by piece in order: a plan of thousands of creates is
    /// hundreds of thousands of lines, rendered in runs on all cores and written out as each run is
    /// ready, never held whole.
    package func text(_ plan: Plan, write: (String) -> Void) {
        let unchecked = plan.uncheckedNote
        guard plan.hasChanges else {
            write(unchecked + plan.summary + "\n")
            return
        }
        let changes = plan.effectiveChanges
        write("Tenancy will perform the following actions:\n\n")
        Parallel.streamed(changes.count, runSize: 256, batch: 32, render: { range in
            var out = ""
            for index in range { render(changes[index], of: plan, into: &out) }
            return out
        }, write: write)
        write(unchecked.isEmpty ? "" : style(unchecked, "33") + "\n")
        write(style(plan.summary, "1") + "\n")
    }

    private func render(_ change: Plan.ResourceChange, of plan: Plan, into out: inout String) {
        let (symbol, color, words) = Self.describe(change)
        // Names, paths and values come from manifests and state files: escaped for the terminal
        // (JSON escapes control characters in values, not bidirectional overrides).
        out += "  " + style(symbol, color) + " " + style(Terminal.escaped(change.address.description), "1") + "  " + Terminal.escaped(words) + "\n"
        if !renderLeaves(change, of: plan, into: &out) {
            for field in change.fieldChanges {
                out += "      " + line(field, action: change.action, unchecked: field.sensitive && plan.isUnchecked(change.address, field.path)) + "\n"
            }
        }
        if change.unchangedCount > 0, change.action == .update || change.action == .rename {
            out += style("      # \(change.unchangedCount) unchanged attribute\(change.unchangedCount == 1 ? "" : "s") hidden", "2") + "\n"
        }
        out += "\n"
    }

    /// A create or delete lists every field: read them from the resource's canonical text when it
    /// has one (`JSONParser.leaves`), rather than from a tree built for the purpose. False when the
    /// change is not one of those, or its text has keys the leaf walk leaves to the tree.
    private func renderLeaves(_ change: Plan.ResourceChange, of plan: Plan, into out: inout String) -> Bool {
        guard change.listedFields == nil, change.action == .create || change.action == .delete,
              let resource = change.action == .create ? change.after : change.before,
              let (text, leaves) = JSONParser.leaves(resource.stateText()) else { return false }
        let sign = change.action == .create ? style("+", "32") : style("-", "31")
        var value: [UInt8] = []
        for leaf in leaves {
            value.removeAll(keepingCapacity: true)
            JSONWriter.compact(text[leaf.range], into: &value)
            out += "      " + sign + " " + Terminal.escaped(leaf.path + " = " + String(decoding: value, as: UTF8.self)) + "\n"
        }
        for path in resource.secretDigests.keys.sorted() {
            let words = plan.isUnchecked(change.address, path) ? Plan.uncheckedWords : "(sensitive)"
            out += "      " + sign + " " + Terminal.escaped(path) + " = " + words + "\n"
        }
        return true
    }

    package static func describe(_ change: Plan.ResourceChange) -> (String, String, String) {
        switch change.action {
        case .create: return ("+", "32", "will be created")
        case .update: return ("~", "33", "will be updated in place")
        case .delete: return ("-", "31", "will be destroyed")
        case .rename: return ("→", "36", "will be renamed from \(change.previousAddress?.description ?? "?")")
        case .noop: return (" ", "0", "")
        }
    }

    private func line(_ field: Plan.FieldChange, action: Plan.Action, unchecked: Bool) -> String {
        let path = Terminal.escaped(field.path)
        let compact = { (value: JSON) in Terminal.escaped(value.compactText()) }
        if unchecked {
            return style(action == .create ? "+" : "~", action == .create ? "32" : "33") + " \(path) = \(Plan.uncheckedWords)"
        }
        if field.sensitive {
            switch action {
            case .create: return style("+", "32") + " \(path) = (sensitive)"
            case .delete: return style("-", "31") + " \(path) = (sensitive)"
            default: return style("~", "33") + " \(path) = (sensitive value changed)"
            }
        }
        switch (field.before, field.after) {
        case let (nil, after?):
            if case .array = after, action != .create { return style("+", "32") + " \(path) += \(compact(after))" }
            return style("+", "32") + " \(path) = \(compact(after))"
        case let (before?, nil):
            if case .array = before, action != .delete { return style("-", "31") + " \(path) -= \(compact(before))" }
            return style("-", "31") + " \(path) = \(compact(before))"
        case let (before?, after?):
            return style("~", "33") + " \(path): \(compact(before)) → \(compact(after))"
        case (nil, nil):
            return style("~", "33") + " \(path)"
        }
    }

    private func style(_ text: String, _ code: String) -> String {
        guard useColor, code != "0" else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
