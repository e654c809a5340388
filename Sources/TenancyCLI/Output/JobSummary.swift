import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancySupport

/// GitHub's job summary: Markdown appended to the file `$GITHUB_STEP_SUMMARY` names, shown on the
/// run's page. GitHub refuses a step's summary over 1 MiB, so a longer text is cut at a line
/// boundary with a note (the job's log holds all of it). Not being able to write it is a warning:
/// the plan itself was made and printed.
enum JobSummary {
    static let limit = 1 << 20

    /// `markdown` is rendered only when there is a summary to write.
    static func append(_ markdown: @autoclosure () -> String, environment: [String: String], warn: (Diagnostic) -> Void) {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
        let bytes = Array(fitted(markdown()).utf8)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            warn(.warning(.cliUsage, "cannot write the job summary: \(FileError.lastError(path, .write).plainReason)",
                          hint: "GITHUB_STEP_SUMMARY names \(path)"))
            return
        }
        defer { close(fd) }
        do throws(FileError) { try FileIO.write(fd, bytes, path: path) } catch {
            warn(.warning(.cliUsage, "cannot write the job summary: \(error.plainReason)", hint: "GITHUB_STEP_SUMMARY names \(path)"))
        }
    }

    /// The text, or its first lines under the limit (in bytes, as GitHub counts it) with the open
    /// code fence and `<details>` blocks closed and a note saying the rest is in the log.
    static func fitted(_ markdown: String) -> String {
        let text = markdown.hasSuffix("\n") ? markdown : markdown + "\n"
        guard text.utf8.count > limit else { return text }
        let note = "\n_The plan is longer than a job summary may be (1 MiB); the job's log shows all of it._\n"
        var kept = ""
        var size = 0
        var fence: String?
        var details: [String] = []
        // The most that closing what is open can take: a fence and every open block.
        func closing() -> String {
            (fence.map { "\n" + String($0.prefix { $0 == "`" }) + "\n" } ?? "") + String(repeating: "\n</details>\n", count: details.count)
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let count = line.utf8.count + 1
            if size + count + closing().utf8.count + note.utf8.count + 64 > limit { break }
            kept += line + "\n"
            size += count
            MarkdownSplitter.track(String(line), fence: &fence, details: &details)
        }
        return kept + closing() + note
    }
}
