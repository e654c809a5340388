import TenancyDiagnostics
import TenancyModel

/// The plan as a pull-request comment: a summary table, destructive changes called out first, each
/// resource folded in a `<details>` block with a ```diff body. GitHub rejects comments over 65,536
/// characters, so the rendering stops short of that and says how many resources it left out.
public struct PlanMarkdownRenderer: Sendable {
    public var limit: Int

    public init(limit: Int = 65_000) { self.limit = limit }

    /// `lead`: what comes right after the title (`plan --usage`: the cost change and quota breaches).
    public func render(_ plan: Plan, lead: String = "") -> String {
        guard plan.hasChanges else {
            return "### Tenancy plan: no changes\n\nThe stored state matches the configuration.\n"
        }
        var head = "### Tenancy plan: \(plan.count(.create)) to add, \(plan.count(.update)) to change, "
            + "\(plan.count(.delete)) to destroy, \(plan.count(.rename)) to rename\n\n" + lead
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
        var shown = 0
        let changes = destructive + plan.effectiveChanges.filter { $0.action != .delete }
        for change in changes {
            let section = Self.section(change)
            let footerRoom = 300
            if head.utf8.count + body.utf8.count + section.utf8.count + footerRoom > limit { break }
            body += section
            shown += 1
        }
        if shown < changes.count {
            let left = changes.count - shown
            body += "\n_\(left) more resource\(left == 1 ? "" : "s") not shown: a pull-request comment is limited to 65,536 characters. "
                + "Run `tenancy plan` for the full plan._\n"
        }
        return head + body
    }

    static func section(_ change: Plan.ResourceChange) -> String {
        let (symbol, _, words) = PlanTextRenderer.describe(change)
        var lines: [String] = []
        for field in change.fieldChanges {
            if field.sensitive {
                lines.append("! \(field.path) = (sensitive)")
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

    /// Text for an HTML context of the comment: `<`, `>`, `&` and quotes as entities, controls escaped.
    public static func html(_ text: String) -> String {
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
