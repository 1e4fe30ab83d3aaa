import Foundation

// takt-bench: performance measured in a release build, never in unit tests.
let usage = """
    usage: takt-bench [kin] [--repeats N]                       FK, IK and motion-profile rates, fixed point beside Double
           takt-bench run [FILE] [--duration S] [--seed N] [--simpy PYTHON] [--repeats N]
                                                                 a line as a whole process and in-process (default: serial-5);
                                                                 --simpy: beside the same line in SimPy (serial-5 at 85000s)
           takt-bench events FILE... [--duration S] [--seed N] [--every-tick]
                                                                 event and state digests of runs
           takt-bench cells FILE... [--duration 7d] [--repeats N]   the shipped lines' run and trace rates

    """

let args = Array(CommandLine.arguments.dropFirst())
if args.contains("--help") || args.contains("-h") {
    print(usage, terminator: "")
    exit(0)
}
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
    FileHandle.standardError.write("takt-bench: unknown benchmark '\(which)'; available: kin, run, events, cells (see takt-bench --help)\n".data(using: .utf8)!)
    exit(2)
}
