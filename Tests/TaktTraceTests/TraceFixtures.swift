import Foundation
import TaktEngine
import TaktLine
import TaktTestSupport
@testable import TaktTrace

/// Shipped lines, and runs of them written as traces in memory or to temporary files.
enum TraceFixtures {
    static var root: URL { ShippedLines.root }
    static var shippedLines: [String] { ShippedLines.paths }

    static func load(_ path: String, overrides: [String] = []) throws -> LoadedLine {
        try ShippedLines.load(path, overrides: overrides)
    }

    /// `base` seconds of activity: the shifts example is off shift for its first 6 hours.
    static func seconds(_ path: String, _ base: Int) -> Int { path.hasSuffix("shifts.json") ? base + 6 * 3600 : base }

    struct Run {
        var bytes: [UInt8]
        var summary: LineSummary
        var events: [EngineEvent]
        var snapshots: [StateSnapshot]
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Records events and the simulation's own snapshot at every checkpoint of the writer.
    struct Spy: EventSink {
        var events: [EngineEvent] = []
        var snapshots: [StateSnapshot] = []
        var every: Int64
        var since: Int64 = 0
        mutating func record(_ e: EngineEvent) { events.append(e); since += 1 }
        func checkpointDue(afterPending pending: Int) -> Bool { since + Int64(pending) >= every }
        mutating func checkpoint(_ simulation: Simulation) { snapshots.append(simulation.snapshot()); since = 0 }
    }

    /// Runs `line` with a trace writer into memory (in chunks of `chunk` ticks when given).
    static func run(_ line: LoadedLine, seed: UInt64 = 7, seconds: Int, warmupSeconds: Int = 0, checkpointEvery: Int64 = 500,
                    everyTick: Bool = false, chunk: Int64? = nil, sampleTicks: Int64 = 0) throws -> Run {
        let model = line.model
        let ticks = model.ticks(seconds: .init(seconds)), warmup = model.ticks(seconds: .init(warmupSeconds))
        var header = TraceHeader(taktVersion: "test", seed: seed, tickNanoseconds: model.tickNanoseconds, durationTicks: ticks,
                                 warmupTicks: warmup, checkpointEvery: checkpointEvery, overrides: line.overrides.map { "\($0.key)=\($0.value)" },
                                 line: line.canonicalJSON)
        header.sampleTicks = sampleTicks
        let out = MemoryTraceOutput()
        var sim = try Simulation(model: model, options: RunOptions(seed: seed, durationTicks: ticks, warmupTicks: warmup, everyTick: everyTick))
        var sink = PairSink(PairSink(KPIRecorder(model: model, warmupTicks: warmup), Spy(every: checkpointEvery)),
                            TraceWriter(header: header, model: model, output: out, motions: line.motions))
        if let chunk {
            var limit: Int64 = 0
            while limit < ticks { limit = min(limit + chunk, ticks); sim.run(into: &sink, before: limit) }
        }
        sim.run(into: &sink)
        sink.second.close(outcome: TraceOutcome(endOf: sim), stateDigest: sim.stateDigest())
        return Run(bytes: out.bytes, summary: sink.first.first.summary(seed: seed), events: sink.first.second.events,
                   snapshots: sink.first.second.snapshots)
    }

    /// Writes bytes to a fresh temporary file, hands its path to `body`, and removes the file and its
    /// directory afterwards, whether `body` returns or throws, so a test run leaves nothing behind in /tmp.
    static func withTemporaryFile<R>(_ bytes: [UInt8], name: String = "trace.jsonl", _ body: (String) throws -> R) throws -> R {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("takt-trace-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return try body(url.path)
    }
}
