// FoundationEssentials, not Foundation: the full Foundation loads ICU at launch (~4 ms of a run).
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import TaktCLI

let output = Output.standard()
// Only the variables takt reads: `ProcessInfo.environment` copies all of them into a dictionary
// first (~0.2 ms, a tenth of a short run's start).
var environment: [String: String] = [:]
for name in Takt.environmentVariables {
    if let value = getenv(name) { environment[name] = String(cString: value) }
}
let code = Takt.run(Array(CommandLine.arguments.dropFirst()), output: output, environment: environment)
output.flush()
exit(code)
