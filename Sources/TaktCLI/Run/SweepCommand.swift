#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import TaktEngine
import TaktLine
import TaktTrace

/// `takt sweep`: the `takt run` commands of a parameter sweep, for `sh`, `xargs -P`, GNU
/// `parallel` or a Slurm job array — or run here as N local processes. Not a scheduler: each
/// point is one ordinary `takt run … --summary tsv --no-header --set-columns`, whose row starts
/// with the parameter values, so every way of running the commands gives the same rows.
enum SweepCommand {
    static let help = """
    usage:
      takt sweep FILE --param KEY=V1,V2,… | --param KEY=A..B/STEP … [--seeds 1..10] [--duration D]
                 [--warmup D] [--replications N] [--emit commands|slurm | --jobs N]

    Points: every combination of the --param values (the first --param outermost), each for every
    seed (innermost). A value list is comma-separated; A..B/STEP counts from A to B (inclusive)
    in steps of STEP, decimals exactly, with an optional unit after each number ("50s..60s/5s").
    Seeds: 1..10 or 1,4,9 (default 1). The line is checked with every value before anything runs.

      --emit commands  (default) a header line (printf) and one 'takt run' per point, for
                       'sh', 'xargs -P N -I{} sh -c {}' or 'parallel -k'
      --emit slurm     a Slurm array job script: task i runs point i into sweep-out/i.tsv
      --jobs N         run the points as N local processes and print one TSV (header, then the
                       rows in point order, whichever finished first)
    """

    struct Point { var sets: [(key: String, value: String)]; var seed: UInt64 }

    static func run(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        if args.contains("--help") || args.contains("-h") { context.output.out(help); return .ok }
        let a = try Arguments(args, options: ["param", "seeds", "duration", "warmup", "replications", "emit", "jobs"], flags: [], command: "sweep")
        guard a.positionals.count == 1 else { throw UsageError("sweep: expected one line FILE, got \(a.positionals.count) (see 'takt sweep --help')") }
        let file = a.positionals[0]
        let params = a.all("param")
        guard !params.isEmpty else { throw UsageError("sweep: give at least one --param KEY=V1,V2 or KEY=A..B/STEP") }
        var axes: [(key: String, values: [String])] = []
        for p in params {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else { throw UsageError("sweep: --param '\(p)': expected KEY=V1,V2,… or KEY=A..B/STEP") }
            let key = String(p[..<eq])
            let values = try Self.values(String(p[p.index(after: eq)...]), param: p)
            if axes.contains(where: { $0.key == key }) { throw UsageError("sweep: --param \(key) is given twice") }
            axes.append((key, values))
        }
        let seeds = try Self.seeds(a.value("seeds") ?? "1")
        // Check every value once against the line (a missing key, a bad value: exit 2 now, not in job 37).
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw UsageError("sweep: cannot read '\(file)': no such file")
        }
        for axis in axes {
            for v in axis.values {
                do { _ = try LineFile.load(text: text, file: file, overrides: ["\(axis.key)=\(v)"], robots: RobotLookup.library(forLine: file, context)) }
                catch { throw UsageError("sweep: --param \(axis.key)=\(v): \(error)") }
            }
        }
        var points: [Point] = [Point(sets: [], seed: 0)]
        for axis in axes {
            points = points.flatMap { p in axis.values.map { v in Point(sets: p.sets + [(axis.key, v)], seed: 0) } }
        }
        points = points.flatMap { p in seeds.map { Point(sets: p.sets, seed: $0) } }

        var common: [String] = []
        if let d = a.value("duration") { common += ["--duration", d] }
        if let w = a.value("warmup") { common += ["--warmup", w] }
        if let r = a.value("replications") { common += ["--replications", r] }
        let takt = CommandLine.arguments.first.map { $0.contains("/") ? $0 : "takt" } ?? "takt"
        func argv(_ p: Point) -> [String] {
            ["run", file] + p.sets.flatMap { ["--set", "\($0.key)=\($0.value)"] } + ["--seed", String(p.seed)] + common
                + ["--summary", "tsv", "--no-header", "--set-columns"]
        }
        let header = axes.map(\.key).joined(separator: "\t") + "\t"
            + (a.value("replications") != nil ? ReplicationSummary.tsvColumns : LineSummary.tsvColumns).joined(separator: "\t")

        if let jobsText = a.value("jobs") {
            guard a.value("emit") == nil else { throw UsageError("sweep: --jobs runs the points here; --emit prints them for elsewhere: choose one") }
            guard let jobs = Int(jobsText), jobs >= 1, jobs <= 1024 else { throw UsageError("sweep: --jobs takes a whole number from 1 to 1024, got '\(jobsText)'") }
            return try runLocally(points.map(argv), takt: executablePath(), jobs: jobs, header: header, context)
        }
        switch a.value("emit") ?? "commands" {
        case "commands":
            var out = "printf '%s\\n' \(shellQuoted(header))\n"
            for p in points { out += ([takt] + argv(p)).map(shellQuoted).joined(separator: " ") + "\n" }
            context.output.out(out)
        case "slurm":
            var out = "#!/bin/bash\n#SBATCH --job-name=takt-sweep\n#SBATCH --array=0-\(points.count - 1)\n#SBATCH --cpus-per-task=1\n"
            out += "# \(points.count) points of: takt sweep \(args.map(shellQuoted).joined(separator: " "))\n"
            out += "# after the array: { printf '%s\\n' \(shellQuoted(header)); for i in $(seq 0 \(points.count - 1)); do cat sweep-out/$i.tsv; done; } > sweep.tsv\n"
            out += "set -euo pipefail\nmkdir -p sweep-out\npoints=(\n"
            for p in points { out += "  " + shellQuoted(([takt] + argv(p)).map(shellQuoted).joined(separator: " ")) + "\n" }
            out += ")\neval \"${points[$SLURM_ARRAY_TASK_ID]}\" > \"sweep-out/$SLURM_ARRAY_TASK_ID.tsv\"\n"
            context.output.out(out)
        case let other:
            throw UsageError("sweep: --emit takes commands or slurm, got '\(other)'")
        }
        return .ok
    }

    // MARK: Values

    /// `V1,V2,…` or `A..B/STEP` (decimals with an optional common unit).
    static func values(_ text: String, param: String) throws(UsageError) -> [String] {
        guard !text.isEmpty else { throw UsageError("sweep: --param '\(param)': no values") }
        guard let dots = text.firstRange(of: "..") else {
            let vs = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard !vs.contains(where: \.isEmpty) else { throw UsageError("sweep: --param '\(param)': an empty value in the list") }
            return vs
        }
        let first = String(text[..<dots.lowerBound]), rest = text[dots.upperBound...]
        guard let slash = rest.lastIndex(of: "/") else { throw UsageError("sweep: --param '\(param)': a range needs a step: A..B/STEP, e.g. 2..6/2") }
        let last = String(rest[..<slash]), stepText = String(rest[rest.index(after: slash)...])
        guard let a = Decimal9(first), let b = Decimal9(last), let step = Decimal9(stepText), a.unit == b.unit, b.unit == step.unit else {
            throw UsageError("sweep: --param '\(param)': malformed range; write A..B/STEP with numbers (and the same unit on each), e.g. 2..6/2 or 50s..60s/5s")
        }
        guard step.nanos > 0 else { throw UsageError("sweep: --param '\(param)': the step must be greater than 0") }
        guard a.nanos <= b.nanos else { throw UsageError("sweep: --param '\(param)': the range is empty (\(first) is after \(last))") }
        let count = (b.nanos - a.nanos) / step.nanos + 1
        guard count <= 100_000 else { throw UsageError("sweep: --param '\(param)': \(count) values; at most 100000") }
        return (0..<Int(count)).map { Decimal9(nanos: a.nanos + Int128($0) * step.nanos, unit: a.unit).text }
    }

    /// A decimal number with up to 9 places and an optional unit, held exactly as nanos.
    struct Decimal9 {
        var nanos: Int128
        var unit: String
        init(nanos: Int128, unit: String) { self.nanos = nanos; self.unit = unit }
        init?(_ text: String) {
            let t = RunCommand.trimmed(Substring(text))
            let numberEnd = t.firstIndex { !($0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+")) } ?? t.endIndex
            let number = t[..<numberEnd]
            unit = RunCommand.trimmed(t[numberEnd...])
            var s = number
            var negative = false
            if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isNumber) else { return nil }
            let frac = parts.count == 2 ? parts[1] : ""
            guard frac.count <= 9, frac.allSatisfy(\.isNumber), whole.count <= 20, let w = Int128(whole) else { return nil }
            let f = Int128(String(frac) + String(repeating: "0", count: 9 - frac.count)) ?? 0
            nanos = (w * 1_000_000_000 + f) * (negative ? -1 : 1)
        }
        var text: String {
            let m = nanos < 0 ? -nanos : nanos
            var s = String(m / 1_000_000_000)
            var f = String(m % 1_000_000_000)
            if f != "0" {
                f = String(repeating: "0", count: 9 - f.count) + f
                while f.last == "0" { f.removeLast() }
                s += "." + f
            }
            return (nanos < 0 ? "-" : "") + s + unit
        }
    }

    /// `1..10`, `1,4,9` or `7`.
    static func seeds(_ text: String) throws(UsageError) -> [UInt64] {
        if let r = text.firstRange(of: "..") {
            guard let a = UInt64(text[..<r.lowerBound]), let b = UInt64(text[r.upperBound...]) else {
                throw UsageError("sweep: --seeds '\(text)': expected A..B with whole numbers, e.g. 1..10")
            }
            guard a <= b else { throw UsageError("sweep: --seeds '\(text)': the range is empty") }
            guard b - a < 100_000 else { throw UsageError("sweep: --seeds '\(text)': at most 100000 seeds") }
            return Array(a...b)
        }
        var out: [UInt64] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let s = UInt64(part) else { throw UsageError("sweep: --seeds '\(text)': '\(part)' is not a whole number from 0 to \(UInt64.max)") }
            out.append(s)
        }
        return out
    }

    static func shellQuoted(_ s: String) -> String {
        if !s.isEmpty && s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._/=:,+-%@".contains($0)) }) { return s }
        return "'" + s.replacing("'", with: "'\\''") + "'"
    }

    // MARK: Local jobs

    /// This executable (to run the points with).
    static func executablePath() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        if n > 0 { return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments[0]
    }

    /// Runs each argv with at most `jobs` at a time, stdout of each into its own file, then prints
    /// the header and the files in order. A failed point stops the sweep (its stderr is shown).
    static func runLocally(_ argvs: [[String]], takt: String, jobs: Int, header: String, _ context: Context) throws(UsageError) -> ExitCode {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("takt-sweep-\(getpid())-\(time(nil))").path
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch { throw UsageError("sweep: cannot make \(dir): \(error)") }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var running: [pid_t: Int] = [:]
        var next = 0
        var failed: (Int, Int32)?
        while (next < argvs.count && failed == nil) || !running.isEmpty {
            while running.count < jobs && next < argvs.count && failed == nil {
                guard let pid = spawn(takt, argvs[next], stdout: "\(dir)/\(next).tsv", stderr: "\(dir)/\(next).err") else {
                    throw UsageError("sweep: cannot start \(takt)")
                }
                running[pid] = next
                next += 1
            }
            var status: Int32 = 0
            let pid = waitpid(-1, &status, 0)
            guard pid > 0, let i = running.removeValue(forKey: pid) else { continue }
            let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            if code != 0 && failed == nil { failed = (i, code) }
        }
        if let (i, code) = failed {
            let err = (FileManager.default.contents(atPath: "\(dir)/\(i).err").flatMap { String(data: $0, encoding: .utf8) } ?? "")
            context.output.err("error: sweep: point \(i + 1) of \(argvs.count) (takt \(argvs[i].joined(separator: " "))) exited \(code): \(RunCommand.trimmed(Substring(err.split(separator: "\n").first ?? "")))\n")
            return code == 1 ? .checkFailed : .usage
        }
        var out = header + "\n"
        for i in argvs.indices {
            out += FileManager.default.contents(atPath: "\(dir)/\(i).tsv").flatMap { String(data: $0, encoding: .utf8) } ?? ""
        }
        context.output.out(out)
        return .ok
    }

    static func spawn(_ path: String, _ args: [String], stdout: String, stderr: String) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([path] + args).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        return rc == 0 ? pid : nil
    }
}
