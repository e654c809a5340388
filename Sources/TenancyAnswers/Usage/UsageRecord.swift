/// One day of one workspace's usage (schema/usage.schema.json). A field the platform did not
/// measure that day is nil, never zero: a quota whose usage is unknown is not reported as fine.
///
/// Stored compactly: each measure as a plain value beside one bit saying whether it was
/// measured (an optional takes twice the room of its value), because every workspace keeps its
/// last 31 records (ten thousand workspaces: 310,000 records held, copied as they stream past).
/// An unmeasured value is kept at zero, so that equal records are equal field by field.
package struct UsageRecord: Sendable, Equatable {
    package var date: Day
    package var workspace: String
    package var usersByRole: [String: Int] = [:]

    /// Bit k: the k-th measure below is set.
    private var measured: UInt32 = 0
    private var _users: Int = 0
    private var _activeUsers: Int = 0
    private var _newUsers: Int = 0
    private var _peakConcurrent: Int = 0
    private var _sessions: Int = 0
    private var _sessionSeconds: Double = 0
    private var _workflows: Int = 0
    private var _executions: Int = 0
    private var _succeeded: Int = 0
    private var _failed: Int = 0
    private var _executionSeconds: Double = 0
    private var _maxExecutionSeconds: Double = 0
    private var _dataBytes: Int = 0
    private var _archiveBytes: Int = 0
    private var _cpuUnitSeconds: Double = 0
    private var _peakCpuUnits: Int = 0
    private var _peakMemoryBytes: Int = 0
    private var _apiCalls: Int = 0
    private var _apiPeakPerMinute: Int = 0

    package init(date: Day, workspace: String) {
        self.date = date
        self.workspace = workspace
    }

    /// Which measures a record carries (bit k: the k-th measure, as stored), so that a run of
    /// records can say which it never measured.
    package struct Measures: OptionSet, Sendable, Equatable {
        package let rawValue: UInt32
        package init(rawValue: UInt32) { self.rawValue = rawValue }
        package static let activeUsers = Measures(rawValue: 1 << 1)
        package static let newUsers = Measures(rawValue: 1 << 2)
        package static let sessions = Measures(rawValue: 1 << 4)
        package static let executions = Measures(rawValue: 1 << 7)
        package static let succeeded = Measures(rawValue: 1 << 8)
        package static let failed = Measures(rawValue: 1 << 9)
        package static let dataBytes = Measures(rawValue: 1 << 12)
        package static let cpuUnitSeconds = Measures(rawValue: 1 << 14)
        package static let peakCpuUnits = Measures(rawValue: 1 << 15)
        package static let peakMemoryBytes = Measures(rawValue: 1 << 16)
        package static let apiCalls = Measures(rawValue: 1 << 17)
        package static let apiPeakPerMinute = Measures(rawValue: 1 << 18)
    }

    package var measures: Measures { Measures(rawValue: measured) }

    private func get<Value>(_ value: Value, _ bit: UInt32) -> Value? { measured & (1 << bit) != 0 ? value : nil }

    private mutating func mark(_ set: Bool, _ bit: UInt32) {
        if set { measured |= 1 << bit } else { measured &= ~(1 << bit) }
    }

    package var users: Int? {
        get { get(_users, 0) }
        set { _users = newValue ?? 0; mark(newValue != nil, 0) }
    }
    package var activeUsers: Int? {
        get { get(_activeUsers, 1) }
        set { _activeUsers = newValue ?? 0; mark(newValue != nil, 1) }
    }
    package var newUsers: Int? {
        get { get(_newUsers, 2) }
        set { _newUsers = newValue ?? 0; mark(newValue != nil, 2) }
    }
    package var peakConcurrent: Int? {
        get { get(_peakConcurrent, 3) }
        set { _peakConcurrent = newValue ?? 0; mark(newValue != nil, 3) }
    }
    package var sessions: Int? {
        get { get(_sessions, 4) }
        set { _sessions = newValue ?? 0; mark(newValue != nil, 4) }
    }

    package var sessionSeconds: Double? {
        get { get(_sessionSeconds, 5) }
        set { _sessionSeconds = newValue ?? 0; mark(newValue != nil, 5) }
    }

    package var workflows: Int? {
        get { get(_workflows, 6) }
        set { _workflows = newValue ?? 0; mark(newValue != nil, 6) }
    }

    package var executions: Int? {
        get { get(_executions, 7) }
        set { _executions = newValue ?? 0; mark(newValue != nil, 7) }
    }
    package var succeeded: Int? {
        get { get(_succeeded, 8) }
        set { _succeeded = newValue ?? 0; mark(newValue != nil, 8) }
    }
    package var failed: Int? {
        get { get(_failed, 9) }
        set { _failed = newValue ?? 0; mark(newValue != nil, 9) }
    }
    package var executionSeconds: Double? {
        get { get(_executionSeconds, 10) }
        set { _executionSeconds = newValue ?? 0; mark(newValue != nil, 10) }
    }
    package var maxExecutionSeconds: Double? {
        get { get(_maxExecutionSeconds, 11) }
        set { _maxExecutionSeconds = newValue ?? 0; mark(newValue != nil, 11) }
    }

    package var dataBytes: Int? {
        get { get(_dataBytes, 12) }
        set { _dataBytes = newValue ?? 0; mark(newValue != nil, 12) }
    }
    package var archiveBytes: Int? {
        get { get(_archiveBytes, 13) }
        set { _archiveBytes = newValue ?? 0; mark(newValue != nil, 13) }
    }

    package var cpuUnitSeconds: Double? {
        get { get(_cpuUnitSeconds, 14) }
        set { _cpuUnitSeconds = newValue ?? 0; mark(newValue != nil, 14) }
    }
    package var peakCpuUnits: Int? {
        get { get(_peakCpuUnits, 15) }
        set { _peakCpuUnits = newValue ?? 0; mark(newValue != nil, 15) }
    }
    package var peakMemoryBytes: Int? {
        get { get(_peakMemoryBytes, 16) }
        set { _peakMemoryBytes = newValue ?? 0; mark(newValue != nil, 16) }
    }

    package var apiCalls: Int? {
        get { get(_apiCalls, 17) }
        set { _apiCalls = newValue ?? 0; mark(newValue != nil, 17) }
    }
    package var apiPeakPerMinute: Int? {
        get { get(_apiPeakPerMinute, 18) }
        set { _apiPeakPerMinute = newValue ?? 0; mark(newValue != nil, 18) }
    }
}

/// The measures a quota is checked against, by the quota's path in `spec.quotas`.
package enum QuotaMeasure: String, Sendable, CaseIterable {
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
    package var usageField: String {
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
    package var unit: Unit {
        switch self {
        case .storage, .archiveStorage, .memory: return .bytes
        case .maxExecutionTime: return .seconds
        default: return .count
        }
    }

    package enum Unit: String, Sendable { case count, bytes, seconds }

    /// The day's value of this measure in `record`.
    package func value(in record: UsageRecord) -> Double? {
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
