import TenancyModel
import TenancyEngine
import TenancyJSON

/// A usage record from its JSON, strictly as schema/usage.schema.json defines it: nil for anything
/// else (the schema then says what is wrong and where). Kept apart from the schema's validator
/// because it runs on every line, and the validator only on lines with problems.
package enum UsageDecoding {
    static let maximumCount = 9_007_199_254_740_991.0

    package static func decode(_ json: JSON) -> UsageRecord? {
        guard case let .object(top) = json, let dateText = top["date"]?.stringValue, let date = Day(dateText),
              let workspace = top["workspace"]?.stringValue, isName(workspace) else { return nil }
        var record = UsageRecord(date: date, workspace: workspace)
        for (key, value) in top {
            guard key == "date" || key == "workspace" || decode(group: key, value, into: &record) else { return nil }
        }
        return record
    }

    /// One of the record's objects, every member known and of its type.
    private static func decode(group: String, _ value: JSON, into r: inout UsageRecord) -> Bool {
        guard case let .object(members) = value else { return false }
        for (key, v) in members {
            switch (group, key) {
            case ("users", "total"): guard let x = count(v) else { return false }; r.users = x
            case ("users", "active"): guard let x = count(v) else { return false }; r.activeUsers = x
            case ("users", "new"): guard let x = count(v) else { return false }; r.newUsers = x
            case ("users", "peakConcurrent"): guard let x = count(v) else { return false }; r.peakConcurrent = x
            case ("users", "sessions"): guard let x = count(v) else { return false }; r.sessions = x
            case ("users", "sessionSeconds"): guard let x = seconds(v) else { return false }; r.sessionSeconds = x
            case ("users", "byRole"): guard let x = roles(v) else { return false }; r.usersByRole = x
            case ("workflows", "count"): guard let x = count(v) else { return false }; r.workflows = x
            case ("executions", "total"): guard let x = count(v) else { return false }; r.executions = x
            case ("executions", "succeeded"): guard let x = count(v) else { return false }; r.succeeded = x
            case ("executions", "failed"): guard let x = count(v) else { return false }; r.failed = x
            case ("executions", "durationSeconds"): guard let x = seconds(v) else { return false }; r.executionSeconds = x
            case ("executions", "maxDurationSeconds"): guard let x = seconds(v) else { return false }; r.maxExecutionSeconds = x
            case ("storage", "dataBytes"): guard let x = count(v) else { return false }; r.dataBytes = x
            case ("storage", "archiveBytes"): guard let x = count(v) else { return false }; r.archiveBytes = x
            case ("compute", "cpuUnitSeconds"): guard let x = seconds(v) else { return false }; r.cpuUnitSeconds = x
            case ("compute", "peakCpuUnits"): guard let x = count(v) else { return false }; r.peakCpuUnits = x
            case ("compute", "peakMemoryBytes"): guard let x = count(v) else { return false }; r.peakMemoryBytes = x
            case ("api", "calls"): guard let x = count(v) else { return false }; r.apiCalls = x
            case ("api", "peakPerMinute"): guard let x = count(v) else { return false }; r.apiPeakPerMinute = x
            default: return false
            }
        }
        return true
    }

    static func count(_ value: JSON) -> Int? {
        guard case let .number(text) = value else { return nil }
        if let whole = Int(text) { return whole >= 0 && Double(whole) <= maximumCount ? whole : nil }
        // JSON Schema's integer is any number with no fraction (5.0, 5e2).
        guard let number = Double(text), number >= 0, number <= maximumCount, number.rounded() == number else { return nil }
        return Int(number)
    }

    static func seconds(_ value: JSON) -> Double? {
        guard case let .number(text) = value, let number = Double(text), number.isFinite, number >= 0, number <= maximumCount else {
            return nil
        }
        return number
    }

    static func roles(_ value: JSON) -> [String: Int]? {
        guard case let .object(members) = value else { return nil }
        var roles: [String: Int] = [:]
        for (name, value) in members {
            guard isName(name), let count = count(value) else { return nil }
            roles[name] = count
        }
        return roles
    }

    /// A workspace or role name as manifests may write it (`Address.isName`).
    static func isName(_ text: String) -> Bool { Address.isName(text) }

    /// The same, on the bytes (a usage line's, without making a string first).
    static func isName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { Address.isName(bytes) }

    /// Counts that contradict each other within the record.
    package static func inconsistency(_ record: UsageRecord) -> (summary: String, detail: String, path: [String])? {
        if let total = record.executions, let succeeded = record.succeeded, let failed = record.failed, succeeded + failed > total {
            return ("executions.succeeded + executions.failed (\(succeeded + failed)) is more than executions.total (\(total))",
                    "An execution ends once, succeeded or failed.", ["executions", "total"])
        }
        if let total = record.users, let active = record.activeUsers, active > total {
            return ("users.active (\(active)) is more than users.total (\(total))", "Active users are members who signed in that day.",
                    ["users", "active"])
        }
        var byRole = 0
        for count in record.usersByRole.values { byRole.addSaturating(count) }
        if let total = record.users, !record.usersByRole.isEmpty, byRole != total {
            return ("users.byRole adds up to \(byRole), not users.total (\(total))",
                    "Each member has one role in the workspace.", ["users", "byRole"])
        }
        return nil
    }
}
