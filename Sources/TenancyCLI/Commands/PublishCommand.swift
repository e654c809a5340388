import TenancyDiagnostics
import TenancyEngine

/// `tenancy publish`: completes publishing the applied state's effective settings where the
/// backend publishes them (etcd: `<prefix>published/`), comparing every value; apply does this
/// itself, so this is for a publish an interrupted run left unfinished.
enum PublishCommand {
    static let spec = CommandSpec(
        name: "publish", summary: "Complete publishing the applied settings for the platform's services (etcd).",
        discussion: """
        With the etcd backend, every apply publishes each changed resource's effective settings under \
        <prefix>/published/<Kind>/<name> and then the published/serial marker. A run cut short between its \
        commit and the marker leaves them behind; this (or the next apply) compares every published value \
        with the state and writes what differs. The local backend publishes nothing: use tenancy export.
        """,
        options: [Options.dir, Options.lockTimeout],
        environment: Options.backendEnvironment,
        examples: ["tenancy publish   # after an apply was cut short"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let session = try context.session(arguments.dir)
                guard let publisher = session.backend.publisher else {
                    throw RunFailure(.error(.cliUsage, "the \(session.backend.location) backend publishes nothing",
                                            detail: "Publishing is for the etcd backend, which platform services watch.",
                                            hint: "tenancy export prints the same settings"))
                }
                guard let report = try session.publishAll(lockTimeout: arguments.lockTimeout) else {
                    context.console.writeOut("Nothing is applied yet: nothing to publish.\n")
                    return .success
                }
                if report.written == 0, report.removed == 0, report.unchanged == 0 {
                    context.console.writeOut("Serial \(report.version.serial) is published at \(publisher.location): nothing to do.\n")
                } else {
                    ApplyCommand.say(report, session, context)
                }
                return .success
            }
        }
    )
}
