// FoundationEssentials, not Foundation: the full Foundation loads ICU at launch (~4 ms of a run).
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import TaktCLI

let output = Output.standard()
let code = Takt.run(Array(CommandLine.arguments.dropFirst()), output: output, environment: ProcessInfo.processInfo.environment)
output.flush()
exit(code)
