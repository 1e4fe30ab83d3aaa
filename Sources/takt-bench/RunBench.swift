import Foundation
import TaktEngine
import TaktLine

/// `takt-bench run [FILE] [--duration S] [--seed N]`: the whole `takt run` process (median of
/// repeated launches through Foundation's `Process`, beside /bin/true launched the same way: that
/// floor is mostly the spawn itself, so compare `takt` to it, or time `takt` from a shell loop),
/// then in-process: the engine alone (no observer) and the engine feeding a `KPIRecorder` (what
/// `takt run` does), with events per second.
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
        let floor = launchMedian("/bin/true", [], repeats: repeats)
        let whole = launchMedian(takt, runArgs, repeats: repeats)
        print(pad("/bin/true (Process spawn floor)", 36) + lpad(String(format: "%.1f ms", floor * 1000), 12))
        print(pad("takt run, whole process", 36) + lpad(String(format: "%.1f ms", whole * 1000), 12)
              + lpad(String(format: "(%.1f ms above the floor)", (whole - floor) * 1000), 28))

        // In-process: the engine alone, then with the KPI observer.
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
              let line = try? LineFile.load(text: text, file: file, robots: benchRobots(forLine: file)) else {
            FileHandle.standardError.write("takt-bench: cannot load \(file)\n".data(using: .utf8)!); exit(2)
        }
        let secs = Int64(duration.filter(\.isNumber)) ?? 85000
        let ticks = secs * 1_000_000_000 / line.model.tickNanoseconds
        let options = RunOptions(seed: UInt64(seed) ?? 42, durationTicks: ticks)
        var events: Int64 = 0
        func engine<S: EventSink>(_ makeSink: () -> S) -> Double {
            Timing.median(repeats: repeats) {
                var sink = makeSink()
                guard var sim = try? Simulation(model: line.model, options: options) else { return }
                sim.run(into: &sink)
                events = sim.eventCount
                blackHole(sink)
            }
        }
        let alone = engine { NullSink() }
        let withKPIs = engine { KPIRecorder(model: line.model, warmupTicks: 0) }
        for (name, t) in [("engine alone (NullSink)", alone), ("engine + KPIRecorder", withKPIs)] {
            print(pad(name, 36) + lpad(String(format: "%.1f ms", t * 1000), 12)
                  + lpad(String(format: "%.1f M events/s", Double(events) / t / 1e6), 28))
        }
        print("(\(events) events per run)")
    }

    static func value(_ args: [String], _ name: String) -> String? {
        guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
        return args[i + 1]
    }

    static func launchMedian(_ path: String, _ args: [String], repeats: Int) -> Double {
        Timing.median(repeats: repeats) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: path)
            p.arguments = args
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try? p.run()
            p.waitUntilExit()
        }
    }
}
