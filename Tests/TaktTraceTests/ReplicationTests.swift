import Foundation
import Testing
import TaktFixed
import TaktEngine
@testable import TaktTrace
import TaktLine
import TaktTestSupport

/// Replications: seeds fixed by (base, k), Student-t intervals right, and on M/M/1 an interval
/// that holds the analytic mean and narrows like 1/√n.
@Suite("Replications")
struct ReplicationTests {
    @Test("Student t 0.975 quantiles: the table, and the expansion beyond 30 degrees of freedom")
    func quantiles() {
        for (v, t) in [(1, 12.7062), (2, 4.3027), (10, 2.2281), (29, 2.0452), (30, 2.0423), (31, 2.0395), (40, 2.0211), (60, 2.0003), (120, 1.9799), (1000, 1.9623)] {
            #expect(abs(ReplicationSummary.studentT975(degreesOfFreedom: v) - t) < 1e-4, "ν = \(v)")
        }
    }

    @Test("mean, sample standard deviation and the t interval of known data")
    func statistic() {
        let s = ReplicationSummary.statistic("x", [1, 2, 3, 4], decimals: 3)
        #expect(s.n == 4 && s.mean == 2.5)
        #expect(abs(s.sd - 1.2909944) < 1e-6)
        #expect(abs((s.high - s.low) / 2 - 3.182446 * 1.2909944 / 2) < 1e-5)
        #expect(ReplicationSummary.number(-0.0004, 3) == "0.000" && ReplicationSummary.number(2.0455, 3) == "2.046" && ReplicationSummary.number(-12.5, 0) == "-13")
    }

    @Test("replication seeds depend only on the base seed and k, and differ")
    func seeds() {
        let a = (0..<100).map { ReplicationSummary.seed(base: 7, replication: $0) }
        #expect(Set(a).count == 100)
        #expect(a == (0..<100).map { ReplicationSummary.seed(base: 7, replication: $0) })
        #expect(a[0] != ReplicationSummary.seed(base: 8, replication: 0) && a[0] != 7)
    }

    static func mm1(replications n: Int, seconds: Int64) throws -> ReplicationSummary {
        let line = try ShippedLines.load("cells/examples/mm1.json")
        var runs: [LineSummary] = []
        for k in 0..<n {
            let seed = ReplicationSummary.seed(base: 1, replication: k)
            var sim = try Simulation(model: line.model, options: RunOptions(seed: seed, durationTicks: seconds * 1000, warmupTicks: 1_000_000))
            var sink = KPIRecorder(model: line.model, warmupTicks: 1_000_000)
            sim.run(into: &sink)
            runs.append(sink.summary(seed: seed))
        }
        return ReplicationSummary(runs: runs, baseSeed: 1)
    }

    @Test("M/M/1 (λ 0.8/s, μ 1/s): 30 replications' 95 % interval for time in system holds 5 s; 60 narrow it by about √2",
          .enabled(if: ProcessInfo.processInfo.environment["TAKT_LONG"] != nil))
    func mm1Interval() throws {
        let r30 = try Self.mm1(replications: 30, seconds: 20_000), r60 = try Self.mm1(replications: 60, seconds: 20_000)
        let w30 = try #require(r30.statistics.first { $0.name == "lead_time_mean_s" })
        let w60 = try #require(r60.statistics.first { $0.name == "lead_time_mean_s" })
        print("M/M/1 replications: 30 → \(w30.mean) [\(w30.low), \(w30.high)]; 60 → \(w60.mean) [\(w60.low), \(w60.high)]; half-width ratio \((w30.high - w30.low) / (w60.high - w60.low))")
        #expect(w30.low < 5 && 5 < w30.high)
        #expect(w60.low < 5 && 5 < w60.high)
        let ratio = (w30.high - w30.low) / (w60.high - w60.low)
        #expect(ratio > 1.414 * 0.8 && ratio < 1.414 * 1.2, "ratio \(ratio)")
    }
}

/// Common random numbers: an element's draws depend on the seed and its own name, not on the
/// other elements' parameters, so sweep points differ by the change, not by reseeding.
@Suite("Common random numbers")
struct CommonRandomNumberTests {
    @Test("changing a downstream station leaves the source's arrival times as they were")
    func arrivalsUnchanged() throws {
        func arrivals(_ overrides: [String]) throws -> [Int64] {
            let line = try ShippedLines.load("cells/examples/mm1.json", overrides: overrides)
            var sim = try Simulation(model: line.model, options: RunOptions(seed: 5, durationTicks: 600_000))
            struct Created: EventSink {
                var ticks: [Int64] = []
                mutating func record(_ e: EngineEvent) { if e.kind == .created { ticks.append(e.tick) } }
            }
            var sink = Created()
            sim.run(into: &sink)
            return sink.ticks
        }
        let base = try arrivals([]), slower = try arrivals(["stations.server.process.exponential=1.2 s"])
        #expect(base.count > 400)
        #expect(base == slower)
    }
}
