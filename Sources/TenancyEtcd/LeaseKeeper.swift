import Foundation
import TenancySupport

/// Keeps a lease alive from a background thread while a command holds the state lock: a keep-alive
/// every third of the TTL. When the process dies, the keep-alives stop and etcd drops the lease,
/// and the lock with it, once the TTL has passed; nobody needs to run force-unlock.
final class LeaseKeeper: Sendable {
    let lease: Int64
    private let client: EtcdClient
    private let interval: Double
    private let condition = NSCondition()
    private let flags = Locked<(stopped: Bool, lost: Bool)>((false, false))
    private let ttl: Double
    /// What the keeper saw before the lease was lost, to say why: the longest the keeper's thread
    /// was kept from running (the process paused: SIGSTOP, a debugger, a suspended machine), and
    /// when etcd last answered a keep-alive.
    private let seen = Locked<(longestPause: Double, lastAnswer: UInt64)>((0, DispatchTime.now().uptimeNanoseconds))

    init(client: EtcdClient, lease: Int64, ttl: Int) {
        self.client = client
        self.lease = lease
        self.ttl = Double(ttl)
        interval = max(0.5, Double(ttl) / 3)
        let thread = Thread { [self] in run() }
        thread.name = "tenancy-lease-keeper"
        thread.start()
    }

    /// True once etcd said the lease is gone (expired after a long stall, or revoked by force).
    var lost: Bool { flags.withLock { $0.lost } }

    /// Why the lease was lost, in words for the error: the process paused past the TTL, etcd
    /// unreachable past it, or (neither) the lock revoked or expired on etcd's side.
    var lossReason: String {
        let (pause, lastAnswer) = seen.withLock { ($0.longestPause, $0.lastAnswer) }
        let silent = Double(DispatchTime.now().uptimeNanoseconds &- lastAnswer) / 1e9
        if pause >= ttl {
            return "this process was paused for \(Int(pause.rounded())) s (stopped or suspended), longer than the lock TTL of \(Int(ttl)) s"
        }
        if silent >= ttl {
            return "etcd did not answer the lease's keep-alives for longer than the lock TTL of \(Int(ttl)) s"
        }
        return "etcd ended the lease (the lock was removed with force-unlock, or it expired on etcd's side)"
    }

    private func run() {
        while true {
            condition.lock()
            let before = DispatchTime.now().uptimeNanoseconds
            if !flags.withLock({ $0.stopped }) { _ = condition.wait(until: Date().addingTimeInterval(interval)) }
            condition.unlock()
            // Woken far later than asked: the whole process was kept from running meanwhile.
            let slept = Double(DispatchTime.now().uptimeNanoseconds &- before) / 1e9
            if slept > interval + 1 { seen.withLock { $0.longestPause = max($0.longestPause, slept - interval) } }
            if flags.withLock({ $0.stopped }) { return }
            let left = try? client.keepAlive(lease: lease)
            if left != nil { seen.withLock { $0.lastAnswer = DispatchTime.now().uptimeNanoseconds } }
            if let left, left <= 0 {
                flags.withLock { $0.lost = true }
                return
            }
        }
    }

    func stop() {
        flags.withLock { $0.stopped = true }
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}
