import TenancyEngine
import TenancySupport

/// The applied state every answer reads, with the configuration and backend it was read from:
/// one value handed to each answer's inputs (`RuntimeInputs`, `ComplianceInputs`) instead of a
/// session and a way to read. Read once — now, or on a thread of its own while the caller reads
/// the checkout — so that every answer made from one value is of the same serial. Read without
/// the lock: a commit replaces the state whole, so a read sees one version or the next.
package struct AppliedState: Sendable {
    package let session: Session
    private let read: BackgroundTask<Result<State?, RunFailure>>

    /// The state of `session`'s backend, read on a thread of its own from now on.
    package init(_ session: Session) {
        self.session = session
        read = BackgroundTask { Result { () throws(RunFailure) in try session.readState() } }
    }

    /// The state (nil when nothing was ever applied), or why it could not be read; every call
    /// gives the one read's result.
    package func state() throws(RunFailure) -> State? { try read.wait().get() }
}
