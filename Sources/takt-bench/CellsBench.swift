import Foundation
import TaktFixed
import TaktEngine
import TaktLine
import TaktTrace

/// `takt-bench cells FILE... [--duration 7d] [--repeats N]`: how many times faster than real time
/// each line simulates (simulated seconds per wall second, median of the repeats): KPIs only (what
/// `takt run` does), writing its trace (to a counting null output), and writing it with
/// `--sample 100ms` pose lines.
enum CellsBench {
    /// Discards trace bytes, counting them.
    final class NullOutput: TraceOutput {
        var bytes = 0
        func write(_ b: UnsafeRawBufferPointer) throws(TraceError) { bytes += b.count }
    }

    static func run(args: [String], repeats: Int) {
        let files = args.filter { $0.hasSuffix(".json") }
        guard let duration = try? Quantity.parse(RunBench.value(args, "--duration") ?? "7d", as: .duration) else {
            FileHandle.standardError.write("takt-bench: --duration takes e.g. 7d, 24h\n".data(using: .utf8)!); exit(2)
        }
        let seconds = Int64(duration.raw >> 32)
        print("takt-bench cells: \(seconds) s simulated per run, seed 1; medians of \(repeats) runs; × = simulated / wall time")
        print(pad("line", 34) + lpad("KPIs only", 18) + lpad("+ trace", 18) + lpad("+ --sample 100ms", 22) + lpad("trace MB (sampled)", 22))
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                  let line = try? LineFile.load(text: text, file: file, robots: benchRobots(forLine: file)) else {
                FileHandle.standardError.write("takt-bench: cannot load \(file)\n".data(using: .utf8)!); exit(2)
            }
            let model = line.model
            let ticks = model.ticks(seconds: duration)
            let options = RunOptions(seed: 1, durationTicks: ticks)
            var traceBytes = 0, sampledBytes = 0
            func timed(_ body: () -> Void) -> Double { Timing.median(repeats: repeats, body) }
            let kpis = timed {
                guard var sim = try? Simulation(model: model, options: options) else { return }
                var sink = KPIRecorder(model: model, warmupTicks: 0)
                sim.run(into: &sink)
                blackHole(sink)
            }
            func traced(sample: Int64) -> Double {
                timed {
                    guard var sim = try? Simulation(model: model, options: options) else { return }
                    var header = TraceHeader(taktVersion: "bench", seed: 1, tickNanoseconds: model.tickNanoseconds, durationTicks: ticks,
                                             warmupTicks: 0, checkpointEvery: 100_000, overrides: [], line: line.canonicalJSON)
                    header.sampleTicks = sample
                    let out = NullOutput()
                    var sink = PairSink(KPIRecorder(model: model, warmupTicks: 0), TraceWriter(header: header, model: model, output: out, motions: line.motions))
                    sim.run(into: &sink)
                    sink.second.close(outcome: .complete, stateDigest: sim.stateDigest())
                    if sample > 0 { sampledBytes = out.bytes } else { traceBytes = out.bytes }
                }
            }
            let trace = traced(sample: 0)
            let sampled = line.motions.isEmpty ? .nan : traced(sample: model.ticks(seconds: Fixed(1, over: 10)))
            func x(_ t: Double) -> String { t.isNaN ? "-" : String(format: "%.0f× (%.2f s)", Double(seconds) / t, t) }
            print(pad(file, 34) + lpad(x(kpis), 18) + lpad(x(trace), 18) + lpad(x(sampled), 22)
                  + lpad(String(format: "%.0f (%.0f)", Double(traceBytes) / 1e6, Double(sampledBytes) / 1e6), 22))
        }
    }
}
