import TenancyAnswers
import TenancyJSON
import TenancyModel

/// `security.alert` for a mandatory compliance rule failing on the applied state: per workspace
/// and rule, once when it starts failing, with a `resolved` notice once it passes again (as a
/// level quota). Evaluated with the rules `tenancy compliance` evaluates, on the checkout when it
/// is exactly what the state's serial was applied from (the applied state's own values); once
/// per serial, which the delivery log marks.
package enum ComplianceEvents {
    /// The log's mark for a serial whose compliance was evaluated.
    package static func mark(serial: Int, lineage: String) -> String { "compliance-evaluated/\(lineage)/\(serial)" }

    package static func due(_ report: ComplianceReport, serial: Int, time: String, subscriptions: Subscriptions,
                            history: DeliveryHistory) -> [DueEvent] {
        // Each workspace's mandatory rules, failing or passing (a rule shown by several controls once).
        var outcomes: [String: [String: (failing: Bool, evidence: ComplianceReport.Evidence, controls: [String])]] = [:]
        for framework in report.frameworks {
            for control in framework.controls {
                for finding in control.findings {
                    for evidence in finding.evidence where evidence.rule.enforcement == .mandatory {
                        let failing = evidence.outcome.status == .fail
                        var entry = outcomes[finding.workspace, default: [:]][evidence.rule.qualifiedID]
                            ?? (failing, evidence, [])
                        entry.failing = entry.failing || failing
                        entry.controls.append("\(framework.framework.id) \(control.control.id)")
                        outcomes[finding.workspace, default: [:]][evidence.rule.qualifiedID] = entry
                    }
                }
            }
        }
        var due: [DueEvent] = []
        for (workspace, rules) in outcomes.sorted(by: { $0.key < $1.key }) {
            let routes = subscriptions.routes(.securityAlert, workspace: workspace)
            guard !routes.isEmpty else { continue }
            for (id, entry) in rules.sorted(by: { $0.key < $1.key }) {
                let rule = entry.evidence.rule
                let series = "security.alert/\(workspace)/compliance/\(id)"
                let data: JSON = .object([
                    "alert": .string(entry.failing ? "compliance-failing" : "compliance-passing"), "actor": .string("tenancy notify"),
                    "serial": .int(serial), "rule": .string(id), "requirement": .string("spec.\(rule.fieldPath) \(rule.requirement)"),
                    "source": .string(rule.source), "controls": .array(entry.controls.map(JSON.string)),
                    "location": .string("\(entry.evidence.location.filename):\(entry.evidence.location.start.line)"),
                ])
                for route in routes {
                    let open = history.latest(series: series, integration: route.integration)?.phase == .firing
                    if entry.failing, !open {
                        let event = NotificationEvent(name: .securityAlert, workspace: workspace, series: series, period: "serial-\(serial)",
                                                      title: "\(workspace): mandatory rule \(id) fails on the applied state (serial \(serial)): spec.\(rule.fieldPath) \(rule.requirement) (\(rule.source))",
                                                      occurred: time, data: data)
                        due.append(DueEvent(event: event, integration: route.integration, isRetry: false))
                    } else if !entry.failing, open, let opened = history.latest(series: series, integration: route.integration) {
                        let period = String(opened.key.dropFirst(series.count + 1))
                        let event = NotificationEvent(name: .securityAlert, workspace: workspace, series: series, period: period, phase: .resolved,
                                                      title: "\(workspace): mandatory rule \(id) passes again (serial \(serial)) (resolved)",
                                                      occurred: time, data: data)
                        if history.latest(key: event.key, integration: route.integration) == nil {
                            due.append(DueEvent(event: event, integration: route.integration, isRetry: false))
                        }
                    }
                }
            }
        }
        return due
    }
}
