/// The `takt` command line: a thin layer that parses arguments, calls the library
/// modules, prints data on stdout and diagnostics on stderr, and returns an exit code.
public enum Takt {
    public static let version = "0.1.0"

    static let usage = """
    takt \(version): a deterministic, tick-based simulator of robotic factory cells

    usage: takt <command> [options]

    commands:
      run          simulate a line from cells/ and print its KPIs
      validate     check a line file without running it
      sweep        the 'takt run' commands of a parameter sweep (for sh, parallel, Slurm), or run them
      baseline     record a line's KPIs (and trace hash) as a throughput baseline
      check        run a line again and compare with its baseline (exit 1 on a regression)
      stats        the KPIs of a run, recomputed from its trace
      replay       verify a trace by running it again, or show the line's state at a time
      diff         where two traces part ways, and their KPI deltas
      export       a trace as OCEL 2.0 (process mining), Chrome trace JSON (Perfetto) or CSV
      report       a trace as one self-contained HTML page of charts (and SVG files)
      kin fk       forward kinematics of a robot from cells/robots
      kin ik       inverse kinematics: all solutions or the nearest
      kin profile  a motion profile's duration and phases
      kin robots   list the robots in cells/robots

    'takt <command> --help' explains a command. Exit codes: 0 ok, 1 a check failed, 2 bad usage or input.

    """

    /// The environment variables takt reads (`environment` needs only these): `TAKT_ROBOTS`, the
    /// robot directory (`cells/robots` when unset).
    public static let environmentVariables = ["TAKT_ROBOTS"]

    /// Runs one invocation; returns the process exit code.
    public static func run(_ args: [String], output: Output, environment: [String: String] = [:]) -> Int32 {
        let context = Context(output: output, environment: environment)
        do {
            guard let first = args.first else {
                output.err(usage)
                return ExitCode.usage.rawValue
            }
            let rest = Array(args.dropFirst())
            switch first {
            case "--help", "-h", "help":
                output.out(usage)
                return ExitCode.ok.rawValue
            case "--version":
                output.out("takt \(version)\n")
                return ExitCode.ok.rawValue
            case "kin":
                return try KinCommand.run(rest, context).rawValue
            case "run":
                return try RunCommand.run(rest, context).rawValue
            case "validate":
                return try RunCommand.validate(rest, context).rawValue
            case "sweep":
                return try SweepCommand.run(rest, context).rawValue
            case "baseline":
                return try BaselineCommand.baseline(rest, context).rawValue
            case "check":
                return try BaselineCommand.check(rest, context).rawValue
            case "stats":
                return try TraceCommands.stats(rest, context).rawValue
            case "replay":
                return try TraceCommands.replay(rest, context).rawValue
            case "diff":
                return try TraceCommands.diff(rest, context).rawValue
            case "export":
                return try ExportCommand.run(rest, context).rawValue
            case "report":
                return try ReportCommand.run(rest, context).rawValue
            default:
                let near = nearest(to: first, in: ["kin", "run", "validate", "sweep", "baseline", "check", "stats", "replay", "diff", "export", "report"])
                throw UsageError("unknown command '\(first)'\(near.isEmpty ? "" : "; did you mean '\(near[0])'?") (see 'takt --help')")
            }
        } catch {
            output.err("error: \(error)\n")
            return ExitCode.usage.rawValue
        }
    }
}

/// What a command needs from its surroundings.
struct Context {
    var output: Output
    var environment: [String: String]

    /// Whether file descriptor `fd` is a terminal (never when output is captured by tests).
    func isTerminal(_ fd: Int32) -> Bool { !output.isCapturing && isatty(fd) == 1 }
}

import TaktJSON
#if canImport(Glibc)
import Glibc
#endif
