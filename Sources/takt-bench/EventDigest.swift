import Foundation
import TaktEngine
import TaktLine

/// `takt-bench events FILE... [--duration S] [--seed N]`: one line per file with the event
/// count, an FNV-1a fingerprint of the whole event stream, the stop tick and the state digest.
/// Save its output before an engine change and compare after: the event stream must not change.
enum EventDigest {
    struct Fingerprint: EventSink {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var count: Int64 = 0
        var finishTick: Int64 = -1

        mutating func record(_ e: EngineEvent) {
            count += 1
            for v in [e.tick, Int64(e.kind.rawValue), Int64(e.element), Int64(e.server), e.unit, e.a] {
                var x = UInt64(bitPattern: v)
                for _ in 0..<8 { hash = (hash ^ (x & 0xFF)) &* 0x100_0000_01b3; x >>= 8 }
            }
        }

        mutating func finish(atTick tick: Int64) { finishTick = tick }
    }

    static func run(args: [String]) {
        let files = args.filter { $0.hasSuffix(".json") }
        let duration = RunBench.value(args, "--duration") ?? "20000s"
        let seed = UInt64(RunBench.value(args, "--seed") ?? "1") ?? 1
        let everyTick = args.contains("--every-tick")
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                  let line = try? LineFile.load(text: text, file: file, robots: benchRobots(forLine: file)) else {
                FileHandle.standardError.write("takt-bench: cannot load \(file)\n".data(using: .utf8)!); exit(2)
            }
            let secs = Int64(duration.filter(\.isNumber)) ?? 20000
            let ticks = secs * 1_000_000_000 / line.model.tickNanoseconds
            guard var sim = try? Simulation(model: line.model, options: RunOptions(seed: seed, durationTicks: ticks, everyTick: everyTick)) else {
                print("\(file) seed \(seed): engine error"); continue
            }
            var sink = Fingerprint()
            sim.run(into: &sink)
            let d = sim.deadlock.map { "\($0.isCycle ? "cycle" : "stall") \($0.elements) at \($0.tick)" } ?? "none"
            print("\(file) seed \(seed): \(sink.count) events, hash \(String(sink.hash, radix: 16)), finish \(sink.finishTick), state \(String(sim.stateDigest(), radix: 16)), deadlock \(d)")
        }
    }
}
