import Foundation
import TenancyCLI

let code = Tenancy.run(Array(CommandLine.arguments.dropFirst()),
                       environment: ProcessInfo.processInfo.environment,
                       console: StandardConsole())
exit(code.rawValue)
