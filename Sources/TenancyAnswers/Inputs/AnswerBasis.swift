import TenancyEngine
import TenancySupport
import TenancyJSON

/// What an answer answers for: the applied state's serial and lineage, and the usage it read.
/// Every runtime answer says so first, so that two answers can be told apart and an old one
/// recognised.
package struct AnswerBasis: Sendable, Equatable {
    package let serial: Int
    package let lineage: String
    package let usagePath: String?
    package let records: Int
    package let files: Int
    package let firstDay: Day?
    package let lastDay: Day?
    /// The last usage day or `--as-of`.
    package let now: Day?
    /// Whether "now" was given (`--as-of`, `--until`) rather than taken from the usage.
    package let asOfGiven: Bool

    package init(serial: Int, lineage: String, usagePath: String?, records: Int, files: Int,
                firstDay: Day?, lastDay: Day?, now: Day?, asOfGiven: Bool) {
        self.serial = serial
        self.lineage = lineage
        self.usagePath = usagePath
        self.records = records
        self.files = files
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.now = now
        self.asOfGiven = asOfGiven
    }

    /// The same, answering as of `day` (billing reads a past period up to its end, yet "now" is
    /// the usage's last day or --as-of).
    package func answering(asOf day: Day?, given: Bool) -> AnswerBasis {
        AnswerBasis(serial: serial, lineage: lineage, usagePath: usagePath, records: records, files: files,
                    firstDay: firstDay, lastDay: lastDay, now: day, asOfGiven: given)
    }

    /// `state serial 4 · usage 2026-11-01 to 2026-11-30 (186 records) · as of 2026-11-30`
    package var line: String {
        var parts = ["state serial \(serial)"]
        if usagePath != nil {
            if let firstDay, let lastDay {
                parts.append("usage \(firstDay) to \(lastDay) (\(Format.count(records, "record")) read)")
            } else {
                parts.append("no usage records")
            }
        }
        if let now { parts.append("as of \(now)") }
        return parts.joined(separator: " · ")
    }

    /// `"state": {...}, "usage": {...}, "as_of": ...` members of a JSON answer.
    package var jsonMembers: [String: JSON] {
        var members: [String: JSON] = [
            "state": .object(["serial": .int(serial), "lineage": .string(lineage)]),
            "as_of": now.map { .string($0.description) } ?? .null,
            // Whether "now" was chosen (--as-of, --until) or is the usage's last day.
            "as_of_source": .string(asOfGiven ? "option" : "usage"),
        ]
        if let usagePath {
            members["usage"] = .object([
                "path": .string(usagePath), "records": .int(records), "files": .int(files),
                "first_day": firstDay.map { .string($0.description) } ?? .null,
                "last_day": lastDay.map { .string($0.description) } ?? .null,
            ])
        }
        return members
    }
}
