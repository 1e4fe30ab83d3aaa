import Foundation
import TaktEngine
import TaktLine

/// `takt-bench run [FILE] [--duration S] [--seed N] [--simpy PYTHON]`: the whole `takt run`
/// process (median of repeated launches by `posix_spawn`, beside /bin/true launched the same way:
/// that floor is the spawn itself), then in-process: the engine alone (no observer) and the engine
/// booking KPIs (what `takt run` does), with events per second. Each timing also gives its
/// quartiles. With `--simpy`, the same line in SimPy (Tests/bench/serial5_simpy.py, run by that
/// Python) and how many times faster takt is.
enum RunBench {
    static func run(args: [String], repeats: Int) {
        let file = args.first { $0.hasSuffix(".json") } ?? "cells/bench/serial-5.json"
        let duration = value(args, "--duration") ?? "85000s"
        let seed = value(args, "--seed") ?? "42"
        let takt = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("takt").path
        guard FileManager.default.isExecutableFile(atPath: takt) else {
            FileHandle.standardError.write("takt-bench: build takt first (swift build -c release --product takt)\n".data(using: .utf8)!)
            exit(2)
        }
        let runArgs = ["run", file, "--duration", duration, "--seed", seed, "--summary", "json"]
        print("takt-bench run: \(file) --duration \(duration) --seed \(seed); medians of \(repeats) runs")
        let floor = launchTimes("/bin/true", [], repeats: repeats).median
        let launches = launchTimes(takt, runArgs, repeats: repeats), whole = launches.median
        print(pad("/bin/true (spawn floor)", 36) + lpad(String(format: "%.1f ms", floor * 1000), 12))
        print(pad("takt run, whole process", 36) + lpad(String(format: "%.1f ms", whole * 1000), 12)
              + lpad(String(format: "(%.1f ms above the floor)", (whole - floor) * 1000), 28) + "   " + launches.text)
        if let python = value(args, "--simpy") {
            simpy(python: python, file: file, duration: duration, takt: whole, repeats: repeats)
        }

        // In-process: the engine alone, then with the KPI observer.
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
              let line = try? LineFile.load(text: text, file: file, robots: benchRobots(forLine: file)) else {
            FileHandle.standardError.write("takt-bench: cannot load \(file)\n".data(using: .utf8)!); exit(2)
        }
        let secs = Int64(duration.filter(\.isNumber)) ?? 85000
        let ticks = secs * 1_000_000_000 / line.model.tickNanoseconds
        let options = RunOptions(seed: UInt64(seed) ?? 42, durationTicks: ticks)
        var events: Int64 = 0
        func engine<S: EventSink>(_ makeSink: () -> S) -> Timing.Quartiles {
            Timing.quartiles(repeats: repeats) {
                var sink = makeSink()
                guard var sim = try? Simulation(model: line.model, options: options) else { return }
                sim.run(into: &sink)
                events = sim.eventCount
                blackHole(sink)
            }
        }
        let alone = engine { NullSink() }
        let withKPIs = engine { KPIRecorder(model: line.model, warmupTicks: 0) }
        for (name, t) in [("engine, events to a NullSink", alone), ("engine booking KPIs (takt run)", withKPIs)] {
            print(pad(name, 36) + lpad(String(format: "%.1f ms", t.median * 1000), 12)
                  + lpad(String(format: "%.1f M events/s", Double(events) / t.median / 1e6), 28) + "   " + t.text)
        }
        print("(\(events) events per run)")
    }

    static func value(_ args: [String], _ name: String) -> String? {
        guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
        return args[i + 1]
    }

    /// Wall times of launching `path` with `args` (stdout and stderr to /dev/null) and waiting for
    /// it: `posix_spawn`, not Foundation's `Process`, whose own overhead (tens of milliseconds
    /// here) would swamp what is measured.
    static func launchTimes(_ path: String, _ args: [String], repeats: Int) -> Timing.Quartiles {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let argv = ([path] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        return Timing.quartiles(repeats: repeats) {
            var pid: pid_t = 0
            guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    /// The SimPy model of serial-5 (its median over `repeats` seeds, printed by the script) beside
    /// takt's whole-process median `takt`, and their ratio.
    static func simpy(python: String, file: String, duration: String, takt: Double, repeats: Int) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/bench/serial5_simpy.py").path
        guard file.hasSuffix("serial-5.json"), duration == "85000s" else {
            print("(--simpy compares the serial-5 benchmark at 85000s only)")
            return
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            FileHandle.standardError.write("takt-bench: --simpy: \(python) is not an executable Python; give one with simpy installed (Tests/bench/run.sh makes .build-ci/simpy-venv/bin/python)\n".data(using: .utf8)!)
            exit(2)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script, "--repeats", String(max(repeats / 2, 3))]
        let out = Pipe()
        p.standardOutput = out
        do { try p.run() } catch {
            FileHandle.standardError.write("takt-bench: cannot run \(python): \(error)\n".data(using: .utf8)!); exit(2)
        }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let fields = text.split(separator: " ")
        guard p.terminationStatus == 0, fields.count == 3, let seconds = Double(fields[0]) else {
            FileHandle.standardError.write("takt-bench: the SimPy model failed (is simpy installed for \(python)?)\n".data(using: .utf8)!); exit(2)
        }
        let throughput = String(fields[2]).trimmingCharacters(in: .whitespacesAndNewlines)
        print(pad("SimPy, same line, in-process", 36) + lpad(String(format: "%.0f ms", seconds * 1000), 12)
              + lpad("(\(fields[1]) units, \(throughput)/s)", 28))
        print(pad("takt run (whole process) vs SimPy", 36) + lpad(String(format: "%.1f× faster", seconds / takt), 12))
    }
}
