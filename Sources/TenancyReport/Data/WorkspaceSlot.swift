/// The members of a workspace's entry in the page's data (`data.w[k]`, written by
/// `ReportData.workspace`), in the order they are written. The page's script reads them by name:
/// the generator of `ReportAssets.swift` (EmbeddedReportAssetsTests) writes each slot's index
/// into the script as a constant (`W_NAME = 0`, …), and the test fails when the script reads
/// a slot by number or by a name declared nowhere here, so that Swift and the script cannot
/// disagree on a slot.
enum WorkspaceSlot: Int, CaseIterable, Sendable {
    case name, anchor
    /// Null in the data: the script reads the filter's attributes back from the index entry.
    case attributes
    case display, description, template, profiles, labels, status, statusWord, cards, compliance, usageCaption, usage
    /// The settings' shape number, then each row's value and, for its own settings, line and column.
    case settings
    case quotaIntro, quotas, bill, analyticsIntro, charts, weekOverWeek
    /// The workspace's first own line, which its own settings' lines are counted from.
    case lineBase
    /// The workspace's own file.
    case ownFile

    /// The constant the script reads it by: `W_STATUS_WORD`.
    var scriptName: String { "W_" + Self.screaming(String(describing: self)) }

    /// `statusWord` as `STATUS_WORD`.
    static func screaming(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase, !out.isEmpty { out += "_" }
            out += character.uppercased()
        }
        return out
    }
}
