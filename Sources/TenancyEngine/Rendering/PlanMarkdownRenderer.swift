import TenancyDiagnostics
import TenancyModel

/// The plan as a pull-request comment: a summary table, destructive changes called out first, each
/// resource folded in a `<details>` block with a ```diff body. The whole plan: a host's comment
/// limit is `MarkdownSplitter`'s business (numbered parts, fences and blocks closed and reopened).
package struct PlanMarkdownRenderer: Sendable {
    package init() {}

    /// `lead`: what comes right after the title (`plan --usage`: the cost change and quota breaches).
    package func render(_ plan: Plan, lead: String = "") -> String {
        guard plan.hasChanges else {
            // A selection that left changes out is never "matches".
            let left = plan.leftOutBySelection
            return left > 0
                ? "### Tenancy plan: no changes in the selection\n\n\(left) change\(left == 1 ? " is" : "s are") left out by --target/--exclude: the stored state still differs from the configuration.\n" + Self.unchecked(plan)
                : "### Tenancy plan: no changes\n\nThe stored state matches the configuration.\n" + Self.unchecked(plan)
        }
        var head = Self.title(plan) + "\n\n" + lead + Self.unchecked(plan)
        let destructive = plan.effectiveChanges.filter { $0.action == .delete }
        if !destructive.isEmpty {
            head += "> [!CAUTION]\n> **\(destructive.count) destructive change\(destructive.count == 1 ? "" : "s"):** "
            head += destructive.prefix(20).map { "`\($0.address)`" }.joined(separator: ", ")
            head += destructive.count > 20 ? " and \(destructive.count - 20) more" : ""
            head += " will be destroyed.\n\n"
        }
        head += "| action | resources |\n|---|---|\n"
        head += "| ➕ add | \(plan.count(.create)) |\n| 🔄 change | \(plan.count(.update)) |\n"
        head += "| ➖ destroy | \(plan.count(.delete)) |\n| ➡️ rename | \(plan.count(.rename)) |\n\n"
        var body = ""
        for change in destructive + plan.effectiveChanges.filter({ $0.action != .delete }) { body += Self.section(change, of: plan) }
        return head + body
    }

    /// The secrets the plan could not read (`--secrets=unavailable-ok`), called out for reviewers.
    static func unchecked(_ plan: Plan) -> String {
        guard !plan.uncheckedSecrets.isEmpty else { return "" }
        let count = plan.uncheckedSecrets.count
        var out = "> [!WARNING]\n> **\(count) secret\(count == 1 ? "" : "s") not checked** (made with `--secrets=unavailable-ok`): "
        out += plan.uncheckedSecrets.prefix(20).map { "`\(html($0.address.description)) \(html($0.path))`" }.joined(separator: ", ")
        out += count > 20 ? " and \(count - 20) more" : ""
        out += ". Applying the plan reads \(count == 1 ? "it" : "them") first, and refuses if one differs from what this plan shows.\n\n"
        return out
    }

    /// `### Tenancy plan: 1 to add, 2 to change, 0 to destroy, 0 to rename`
    package static func title(_ plan: Plan) -> String {
        guard plan.hasChanges else { return "### Tenancy plan: no changes" }
        return "### Tenancy plan: \(plan.count(.create)) to add, \(plan.count(.update)) to change, "
            + "\(plan.count(.delete)) to destroy, \(plan.count(.rename)) to rename"
    }

    static func section(_ change: Plan.ResourceChange, of plan: Plan) -> String {
        let (symbol, _, words) = PlanTextRenderer.describe(change)
        var lines = diffLines(change.fieldChanges, address: change.address, of: plan)
        if change.unchangedCount > 0, change.action == .update || change.action == .rename {
            lines.append("# \(change.unchangedCount) unchanged attributes hidden")
        }
        // A fence longer than any run of backticks in the content keeps the block closed.
        let body = lines.map(Terminal.escaped).joined(separator: "\n")
        var fence = "```"
        while body.contains(fence) { fence += "`" }
        return "<details><summary><code>\(symbol) \(Self.html(change.address.description))</code> \(Self.html(words))</summary>\n\n"
            + "\(fence)diff\n\(body)\n\(fence)\n\n</details>\n\n"
    }

    /// A change's fields as diff lines (`- path = before`, `+ path = after`, `! path =
    /// (sensitive)`): what the comment and the HTML report show in their diff blocks.
    package static func diffLines(_ fields: some Sequence<Plan.FieldChange>, address: Address, of plan: Plan) -> [String] {
        var lines: [String] = []
        for field in fields {
            if field.sensitive {
                lines.append("! \(field.path) = \(plan.isUnchecked(address, field.path) ? Plan.uncheckedWords : "(sensitive)")")
                continue
            }
            switch (field.before, field.after) {
            case let (before?, after?):
                lines.append("- \(field.path) = \(before.compactText())")
                lines.append("+ \(field.path) = \(after.compactText())")
            case let (nil, after?): lines.append("+ \(field.path) = \(after.compactText())")
            case let (before?, nil): lines.append("- \(field.path) = \(before.compactText())")
            case (nil, nil): lines.append("! \(field.path)")
            }
        }
        return lines
    }

    /// Text for an HTML context of the comment: `<`, `>`, `&` and quotes as entities, controls escaped.
    package static func html(_ text: String) -> String {
        var out = ""
        for character in Terminal.escaped(text) {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
