import TenancyModel

/// `tenancy compliance --format junit`: JUnit XML for CI test tabs. A test suite per framework, a
/// test case per control and workspace: a failure when it fails (the failing rules in its text),
/// skipped when it is manual or not applicable (with why), passed otherwise. Shaped as the Jenkins
/// JUnit XSD (junit-10, xunit-plugin) allows: `skipped` only on a suite, never on `<testsuites>`;
/// `time` everywhere (0: an evaluation, not a timed run); no `file` or `line` on a test case (the
/// XSD has none), so the failing setting's file:line opens the failure's message, and the suite
/// names as its `file` the configuration's file its first failure (else its first evidence) is in:
/// a file of the user's repository, never Tenancy's built-in catalog.
package enum ComplianceJUnitRenderer {
    package static func render(_ report: ComplianceReport) -> String {
        var suites = ""
        var total = (tests: 0, failures: 0, skipped: 0)
        for framework in report.frameworks {
            var cases = ""
            var counts = (tests: 0, failures: 0, skipped: 0)
            for control in framework.controls {
                for finding in control.findings {
                    counts.tests += 1
                    let name = "\(finding.workspace): \(control.control.id) \(control.control.title)"
                    cases += "    <testcase classname=\"\(xml(framework.framework.id)).\(xml(finding.workspace))\" name=\"\(xml(name))\" time=\"0\">\n"
                    switch finding.status {
                    case .fail:
                        counts.failures += 1
                        let failing = finding.evidence.filter { $0.outcome.status == .fail }
                        let place = failing.first.map { "\($0.location.filename):\($0.location.start.line):\($0.location.start.column): " } ?? ""
                        let message = place + failing.map { "spec.\($0.rule.fieldPath) \($0.outcome.valueText), wants \($0.rule.requirement)" }
                            .joined(separator: "; ")
                        let body = failing.map(ComplianceTextRenderer.evidenceLine).joined(separator: "\n")
                        let type = finding.failsOnlyAdvisory ? "advisory" : "mandatory"
                        cases += "      <failure message=\"\(xml(message))\" type=\"\(type)\">\(xml(body))</failure>\n"
                    case .manual, .notApplicable:
                        counts.skipped += 1
                        let why = finding.status == .manual ? "manual: " + (finding.note ?? "checked by a person")
                                                            : "not applicable: " + (finding.note ?? "")
                        cases += "      <skipped message=\"\(xml(why))\"/>\n"
                    case .pass:
                        break
                    }
                    if !finding.evidence.isEmpty, finding.status != .fail {
                        let lines = finding.evidence.map(ComplianceTextRenderer.evidenceLine).joined(separator: "\n")
                        cases += "      <system-out>\(xml(lines))</system-out>\n"
                    }
                    cases += "    </testcase>\n"
                }
            }
            total.tests += counts.tests
            total.failures += counts.failures
            total.skipped += counts.skipped
            let title = "\(framework.framework.id): \(framework.framework.title) (\(framework.framework.version))"
            let evidence = framework.controls.flatMap { $0.findings.flatMap(\.evidence) }
            let file = (evidence.first { $0.outcome.status == .fail } ?? evidence.first).map { " file=\"\(xml($0.location.filename))\"" } ?? ""
            suites += "  <testsuite name=\"\(xml(title))\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" errors=\"0\" skipped=\"\(counts.skipped)\" "
                + "time=\"0\"\(file)>\n"
            suites += "    <properties>\n"
            suites += "      <property name=\"score\" value=\"\(xml(framework.scoreText))\"/>\n"
            suites += "      <property name=\"basis\" value=\"\(xml(report.basis.line))\"/>\n"
            suites += "    </properties>\n"
            suites += cases
            suites += "  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"tenancy compliance\" tests=\"\(total.tests)\" failures=\"\(total.failures)\" errors=\"0\" time=\"0\">\n"
            + suites + "</testsuites>\n"
    }

    /// The report of a run that could not evaluate anything (a configuration with errors): still a
    /// JUnit document, with one errored test case holding the problems, so that a CI step that
    /// uploads it shows the error instead of failing on an empty file.
    package static func error(_ problems: [String]) -> String {
        let message = problems.first ?? "the compliance report could not be made"
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"tenancy compliance\" tests=\"1\" failures=\"0\" errors=\"1\" time=\"0\">\n"
            + "  <testsuite name=\"tenancy compliance\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n"
            + "    <testcase name=\"the configuration\" classname=\"tenancy.compliance\" time=\"0\">\n"
            + "      <error message=\"\(xml(message))\" type=\"configuration\">\(xml(problems.joined(separator: "\n")))</error>\n"
            + "    </testcase>\n"
            + "  </testsuite>\n"
            + "</testsuites>\n"
    }

    /// Text for XML content and attributes: the five entities, and characters XML 1.0 cannot hold
    /// (controls other than tab and line breaks) as U+FFFD.
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
