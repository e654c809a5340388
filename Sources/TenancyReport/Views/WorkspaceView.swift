import TenancyAnswers
import Foundation
import TenancyEngine
import TenancyModel
import TenancySupport

/// One workspace's section as data: every text already escaped for HTML and every number
/// already formatted, so that the two renderers of a section — `WorkspaceHTML` in Tenancy for
/// the page itself, and the page's script for a large organization's sections, which wait in the
/// page as this data (`ReportData`) until shown — only put the pieces in place, the same way.
struct WorkspaceView: Sendable {
    struct Card: Sendable { let title: String, value: String, note: String }
    struct Quota: Sendable {
        let measure: String, used: String, limit: String
        /// The bar's fill and the warning tick, in tenths of its 240 units.
        let fill: Int, tick: Int
        let percentText: String, status: String, statusName: String, reached: String
    }
    struct Line: Sendable { let service: String, quantity: String, price: String, amount: String }
    /// A part of the cost bar: where it starts and how wide it is (tenths of 300 units), and
    /// the bill line it stands for (`index`), which names it.
    struct Part: Sendable { let x: Int, width: Int, index: Int }
    struct Bill: Sendable {
        /// `2026-11 through 2026-11-30 (30 of 30 days)`
        let period: String
        let total: String
        /// The month's projection, when the period is not over.
        let projected: String?
        let parts: [Part]
        let lines: [Line]
        let budget: String?
        let notes: [String]

        var summary: String {
            "\(period): <strong>\(total)</strong> so far" + (projected.map { ", <strong>\($0)</strong> projected for the month." } ?? ".")
        }

        var breakdownTitle: String { "Cost so far by service: " + lines.map { "\($0.service) \($0.amount)" }.joined(separator: ", ") }

        func label(_ part: Part) -> String { part.index < lines.count ? "\(lines[part.index].service): \(lines[part.index].amount)" : "" }
    }
    struct Chart: Sendable {
        let key: String, title: String
        /// The series in words: how many days have records, the first and last of them, the first
        /// and last values; nil when none has.
        let words: (count: Int, first: String, last: String, firstValue: String, lastValue: String)?
        let high: String, low: String
        /// The points' heights in tenths of the chart's units (nil: no record that day).
        let heights: [Int?]

        var description: String? {
            words.map { "\($0.count) days from \($0.first) to \($0.last): first \($0.firstValue), last \($0.lastValue), lowest \(low), highest \(high)" }
        }
    }
    struct Change: Sendable { let metric: String, this: String, previous: String, change: String }

    let name: String
    let anchor: String
    /// ` data-name="…" data-labels="…" data-template="…"`
    let attributes: String
    let display: String?
    let description: String?
    /// The template and profiles: (escaped name, anchor).
    let template: (name: String, anchor: String)?
    let profiles: [(name: String, anchor: String)]
    let labels: [String]
    let status: String
    let statusWord: String
    let cards: [Card]
    let compliance: [String]
    /// The workspace's recent deliveries in a sentence (escaped), or nil when none were sent.
    let notifications: String?
    let usageCaption: String?
    let usage: [(String, String)]
    let settings: [SettingRow]
    /// The quotas' introduction (nil: the workspace sets none), its rows, and the warning percent.
    let quotaIntro: String?
    let quotas: [Quota]
    let bill: Bill?
    let analyticsIntro: String?
    let charts: [Chart]
    let weekOverWeek: [Change]
}

/// The rules that enforce settings, each rendered once for the whole page (a rule's fragment is
/// the same in every workspace it applies to): every rule of every template, by qualified id.
struct RuleFragments: Sendable {
    let fragments: [String]
    /// By template, then rule id (no qualified id made per look-up: a look-up per rule per
    /// setting row, a few million at 10,000 workspaces).
    private let byID: [String: [String: Int]]

    init(configuration: Configuration, controls: [String: [(framework: String, control: String)]]) {
        var fragments: [String] = []
        var byID: [String: [String: Int]] = [:]
        for name in configuration.templates.keys.sorted() {
            for rule in configuration.templates[name]?.rules ?? [] where byID[rule.template]?[rule.id] == nil {
                var out = "<a href=\"#\(HTML.anchor("rule", rule.template, rule.id))\"><code>\(HTML.escape(rule.qualifiedID))</code></a> "
                out += HTML.escape(rule.requirement)
                out += rule.enforcement == .advisory ? " (advisory)" : ""
                out += " · <cite>\(HTML.escape(rule.source))</cite>"
                for (framework, control) in controls[rule.qualifiedID] ?? [] {
                    out += " · <a href=\"#\(HTML.anchor("control", framework, control))\">\(HTML.escape(framework)) \(HTML.escape(control))</a>"
                }
                byID[rule.template, default: [:]][rule.id] = fragments.count
                fragments.append(out)
            }
        }
        self.fragments = fragments
        self.byID = byID
    }

    func index(_ rule: TemplateRule) -> Int? { byID[rule.template]?[rule.id] }
}
