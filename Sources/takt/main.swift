import Foundation
import TaktCLI

let output = Output.standard()
let code = Takt.run(Array(CommandLine.arguments.dropFirst()), output: output, environment: ProcessInfo.processInfo.environment)
output.flush()
exit(code)
