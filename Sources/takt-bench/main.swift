import Foundation

// takt-bench: performance measured in a release build, never in unit tests.
// usage: swift run -c release takt-bench [kin | run [FILE] [--duration S] [--seed N]] [--repeats N]
//        swift run -c release takt-bench events FILE... [--duration S] [--seed N] [--every-tick]
//        swift run -c release takt-bench cells FILE... [--duration 7d] [--repeats N]

let args = Array(CommandLine.arguments.dropFirst())
var repeats = 7
if let i = args.firstIndex(of: "--repeats"), i + 1 < args.count, let n = Int(args[i + 1]) { repeats = n }
let which = args.first { !$0.hasPrefix("--") && Int($0) == nil } ?? "kin"

switch which {
case "kin":
    KinBench.run(repeats: repeats)
case "run":
    RunBench.run(args: Array(args.dropFirst()), repeats: repeats)
case "events":
    EventDigest.run(args: Array(args.dropFirst()))
case "cells":
    CellsBench.run(args: Array(args.dropFirst()), repeats: args.contains("--repeats") ? repeats : 3)
default:
    FileHandle.standardError.write("takt-bench: unknown benchmark '\(which)'; available: kin, run, events, cells\n".data(using: .utf8)!)
    exit(2)
}
