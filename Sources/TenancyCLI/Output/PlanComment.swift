import TenancyDiagnostics
import TenancyEngine
import TenancySupport
import Foundation

/// The Markdown plan as pull-request comments: split to the host's comment limit into numbered
/// parts, each beginning with a hidden marker that carries the plan's digest (so that the recipe
/// finds its own comment and updates it in place); with `--split DIR` every part is written to
/// `DIR/1.md`, `DIR/2.md`, …, without it standard output carries the first part and says how many
/// were left out.
enum PlanComment {
    static let commentLimit = OptionSpec.option(
        "comment-limit", "N|HOST",
        "With --format markdown: the comment limit, in characters or by host (github 65536, gitlab 1000000, bitbucket 32768, azure 150000; default github).",
        check: { text in limit(text) == nil
            ? .error(.cliUsage, "`\(text)` is not a comment limit",
                     hint: "a number of characters (at least \(MarkdownSplitter.minimumLimit)) or a host: "
                         + MarkdownSplitter.hostLimits.map(\.host).joined(separator: ", "))
            : nil
        })
    static let split = OptionSpec.option("split", "DIR", "With --format markdown: write every part of the comment to DIR/1.md, DIR/2.md, … (stale higher parts removed).")

    /// `65536`, `gitlab`: the limit in characters; nil when it is neither.
    static func limit(_ text: String) -> Int? {
        if let host = MarkdownSplitter.hostLimits.first(where: { $0.host == text.lowercased() }) { return host.limit }
        guard let number = Int(text), number >= MarkdownSplitter.minimumLimit else { return nil }
        return number
    }

    /// `<!-- tenancy-plan digest=… part=1/2 -->`: what the recipes search comments for.
    static func marker(_ plan: Plan, _ k: Int, _ n: Int) -> String { "<!-- tenancy-plan digest=\(plan.digest) part=\(k)/\(n) -->" }

    static func parts(_ markdown: String, plan: Plan, limit: Int) -> [String] {
        let title = PlanMarkdownRenderer.title(plan)
        return MarkdownSplitter(limit: limit).split(
            markdown,
            heading: { k, n in title.replacingOccurrences(of: "### Tenancy plan", with: "### Tenancy plan, part \(k) of \(n)") },
            marker: { k, n in marker(plan, k, n) })
    }

    /// Writes the comment as the options ask: to `--split DIR`, or its first part to standard output.
    static func emit(_ markdown: String, plan: Plan, arguments: ParsedArguments, context: CommandContext) throws(RunFailure) {
        let limit = arguments[commentLimit].flatMap(limit) ?? 65_536
        guard let folder = arguments[split] else {
            // Room for the note about the parts left out.
            let parts = parts(markdown, plan: plan, limit: limit - 200)
            context.console.writeOut(parts[0])
            if parts.count > 1 {
                let left = parts.count - 1
                context.console.writeOut("\n_\(left) more part\(left == 1 ? "" : "s") not shown: the comment is longer than \(Format.grouped(limit)) characters. "
                                         + "`tenancy plan --format markdown --split DIR` writes every part._\n")
            }
            return
        }
        let parts = parts(markdown, plan: plan, limit: limit)
        do throws(FileError) {
            try FileIO.createFolder(folder)
            // All parts or none: a failure leaves the folder's earlier comment as it was.
            try FileIO.writeTogether(parts.enumerated().map { (Paths.join(folder, "\($0.offset + 1).md"), Array($0.element.utf8)) },
                                     cancellation: context.cancellation)
            // Parts of a longer comment written before are not this plan's.
            var stale = parts.count + 1
            while FileIO.exists(Paths.join(folder, "\(stale).md")) {
                unlink(Paths.join(folder, "\(stale).md"))
                stale += 1
            }
        } catch {
            throw RunFailure(error)
        }
        context.console.writeOut("Wrote the plan's comment in \(Format.count(parts.count, "part")) to \(folder)/ (1.md"
                                 + (parts.count > 1 ? " … \(parts.count).md" : "") + ").\n")
    }
}
