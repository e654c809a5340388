/// One day of one workspace's usage (schema/usage.schema.json). A field the platform did not
/// measure that day is nil, never zero: a quota whose usage is unknown is not reported as fine.
public struct UsageRecord: Sendable, Equatable {
    public var date: Day
    public var workspace: String

    public var users: Int?
    public var activeUsers: Int?
    public var newUsers: Int?
    public var peakConcurrent: Int?
    public var usersByRole: [String: Int] = [:]
    public var sessions: Int?
    public var sessionSeconds: Double?

    public var workflows: Int?

    public var executions: Int?
    public var succeeded: Int?
    public var failed: Int?
    public var executionSeconds: Double?
    public var maxExecutionSeconds: Double?

    public var dataBytes: Int?
    public var archiveBytes: Int?

    public var cpuUnitSeconds: Double?
    public var peakCpuUnits: Int?
    public var peakMemoryBytes: Int?

    public var apiCalls: Int?
    public var apiPeakPerMinute: Int?

    public init(date: Day, workspace: String) {
        self.date = date
        self.workspace = workspace
    }
}

/// The measures a quota is checked against, by the quota's path in `spec.quotas`.
public enum QuotaMeasure: String, Sendable, CaseIterable {
    case users
    case concurrentConnections
    case workflows
    case executionsPerDay
    case storage
    case archiveStorage
    case cpuUnits
    case memory
    case maxExecutionTime
    case apiRatePerMinute = "apiRate.perMinute"

    /// The usage record field it reads, as written in the usage file.
    public var usageField: String {
        switch self {
        case .users: return "users.total"
        case .concurrentConnections: return "users.peakConcurrent"
        case .workflows: return "workflows.count"
        case .executionsPerDay: return "executions.total"
        case .storage: return "storage.dataBytes"
        case .archiveStorage: return "storage.archiveBytes"
        case .cpuUnits: return "compute.peakCpuUnits"
        case .memory: return "compute.peakMemoryBytes"
        case .maxExecutionTime: return "executions.maxDurationSeconds"
        case .apiRatePerMinute: return "api.peakPerMinute"
        }
    }

    /// How its amounts are written: a count, bytes, or seconds.
    public var unit: Unit {
        switch self {
        case .storage, .archiveStorage, .memory: return .bytes
        case .maxExecutionTime: return .seconds
        default: return .count
        }
    }

    public enum Unit: String, Sendable { case count, bytes, seconds }

    /// The day's value of this measure in `record`.
    public func value(in record: UsageRecord) -> Double? {
        switch self {
        case .users: return record.users.map(Double.init)
        case .concurrentConnections: return record.peakConcurrent.map(Double.init)
        case .workflows: return record.workflows.map(Double.init)
        case .executionsPerDay: return record.executions.map(Double.init)
        case .storage: return record.dataBytes.map(Double.init)
        case .archiveStorage: return record.archiveBytes.map(Double.init)
        case .cpuUnits: return record.peakCpuUnits.map(Double.init)
        case .memory: return record.peakMemoryBytes.map(Double.init)
        case .maxExecutionTime: return record.maxExecutionSeconds
        case .apiRatePerMinute: return record.apiPeakPerMinute.map(Double.init)
        }
    }
}
