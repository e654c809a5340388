#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a pthread mutex of its own: the one lock of the project.
///
/// Why not `Synchronization.Mutex`: it needs macOS 15 where the package declares macOS 14, and on
/// Linux ThreadSanitizer does not see its futex-based locking, so every `withLock` shows as a race
/// in a sanitizer run. pthread mutexes are intercepted by ThreadSanitizer and available everywhere.
///
/// A class, so that it can be shared by the threads it guards against without copying; the mutex
/// lives in memory of its own (a pthread mutex must not move once initialised).
package final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    package init(_ value: Value) {
        self.value = value
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock; nothing else runs `body` on it meanwhile.
    @discardableResult
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }

    /// A copy of the value, read under the lock.
    package var current: Value { withLock { $0 } }
}
