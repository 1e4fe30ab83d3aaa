import Foundation
import Testing
import TaktFixed
@testable import TaktEngine
import TaktLine
import TaktTestSupport

@Suite("Shipped lines")
struct ShippedLineTests {
    @Test("there are shipped lines to check")
    func found() { #expect(ShippedLines.paths.count >= 3) }

    @Test("every tick or jumping between events: same events, same summary, same state digest", arguments: ShippedLines.paths)
    func everyTickIdentical(path: String) throws {
        let line = try ShippedLines.load(path)
        let ticks = line.model.ticks(seconds: Fixed(1800))
        func run(_ everyTick: Bool) throws -> (UInt64, LineSummary, UInt64) {
            var sim = try Simulation(model: line.model, options: RunOptions(seed: 11, durationTicks: ticks, warmupTicks: ticks / 4, everyTick: everyTick))
            var sink = PairSink(Recorder(), KPIRecorder(model: line.model, warmupTicks: ticks / 4))
            sim.run(into: &sink)
            return (sink.first.hash, sink.second.summary(seed: 11), sim.stateDigest())
        }
        let fast = try run(false), slow = try run(true)
        #expect(fast.0 == slow.0)
        #expect(fast.1 == slow.1)
        #expect(fast.2 == slow.2)
    }

    @Test("conservation on every shipped line over 100 seeds: started + made + WIP at start = completed + scrapped + consumed + WIP at end; ledgers sum exactly", arguments: ShippedLines.paths)
    func conservation(path: String) throws {
        let line = try ShippedLines.load(path)
        let ticks = line.model.ticks(seconds: Fixed(900))
        for seed in 1...100 as ClosedRange<UInt64> {
            var sim = try Simulation(model: line.model, options: RunOptions(seed: seed, durationTicks: ticks, warmupTicks: ticks / 10))
            var kpi = KPIRecorder(model: line.model, warmupTicks: ticks / 10)
            sim.run(into: &kpi)
            let s = kpi.summary(seed: seed)
            #expect(s.wipStart + s.started + s.made == s.completed + s.scrapped + s.consumed + s.wipEnd)
            #expect(s.wipEnd == sim.wip)
            for e in s.elements {
                if let l = e.ledger { #expect(l.total == l.capacity, "\(e.name) ledger \(l.total) vs \(l.capacity)") }
            }
        }
    }

    /// Little's law from the run's own KPIs; a run's end cuts off units still inside, so the
    /// agreement tightens with length.
    static func littleGap(seconds: Int) throws -> Double {
        let line = try ShippedLines.load("cells/bench/serial-5.json")
        let ticks = line.model.ticks(seconds: Fixed(seconds))
        var sim = try Simulation(model: line.model, options: RunOptions(seed: 3, durationTicks: ticks))
        var kpi = KPIRecorder(model: line.model, warmupTicks: 0)
        sim.run(into: &kpi)
        let s = kpi.summary(seed: 3)
        let lambda = Double(s.completed) / Double(seconds)
        let w = Double(s.leadTime.sumTicks) / Double(s.leadTime.count) / 1000
        let l = Double(s.wipMean!.raw) / 4294967296.0
        return abs(l - lambda * w) / l
    }

    @Test("Little's law on a long run of serial-5 (200,000 s): mean WIP = throughput × mean lead time within 0.5%",
          .enabled(if: longValidations))
    func littlesLawLong() throws {
        let gap = try Self.littleGap(seconds: 200_000)
        print("Little's law, serial-5 over 200,000 s: |L − λW|/L = \(gap)")
        #expect(gap < 0.005)
    }

    @Test("Little's law on serial-5 over 20,000 s (debug-sized): within 2%")
    func littlesLawShort() throws {
        #expect(try Self.littleGap(seconds: 20_000) < 0.02)
    }
}
