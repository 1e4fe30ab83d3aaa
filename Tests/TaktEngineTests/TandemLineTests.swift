import Foundation
import Testing
import TaktFixed
import TaktRandom
@testable import TaktEngine
import TaktLine
import TaktTestSupport

/// Saturated tandem lines with finite buffers and blocking after service, against the exact
/// throughput of their Markov chain (`TandemChain`): an analytic reference for the engine's blocking,
/// starving and handover rules, where queueing formulas for open lines do not reach.
@Suite("Tandem lines against their Markov chain")
struct TandemLineTests {
    @Test("the chain reproduces closed forms: one station gives its rate; two equal ones with a buffer of K, (K + 2)/(K + 3); two with no buffer, μ1μ2(μ1 + μ2)/(μ1² + μ1μ2 + μ2²)")
    func chainClosedForms() {
        #expect(abs(TandemChain(rates: [0.7], capacities: []).solve().throughput - 0.7) < 1e-12)
        for k in 0...4 {
            let r = TandemChain(rates: [1, 1], capacities: [k]).solve()
            #expect(abs(r.throughput - Double(k + 2) / Double(k + 3)) < 1e-10, "K = \(k): \(r.throughput)")
        }
        let (a, b) = (1.0, 2.0)
        let r = TandemChain(rates: [a, b], capacities: [0]).solve()
        #expect(abs(r.throughput - a * b * (a + b) / (a * a + a * b + b * b)) < 1e-10, "\(r.throughput)")
        // A large buffer makes the line as fast as its slower station.
        #expect(abs(TandemChain(rates: [1, 0.5], capacities: [60]).solve().throughput - 0.5) < 1e-6)
    }

    /// The exact throughput of serial-5 (rates 1/1.0, 1/1.1, 1/0.9, 1/1.2, 1/1.0 per s, buffers of 3).
    static let serial5Exact = TandemChain(rates: [1 / 1.0, 1 / 1.1, 1 / 0.9, 1 / 1.2, 1 / 1.0], capacities: [3, 3, 3, 3])

    @Test("serial-5's exact throughput is 0.68888 parts/s over 1,189 states (the issue quotes SimPy's 0.6882)")
    func serial5Chain() {
        let r = Self.serial5Exact.solve()
        #expect(r.states == 1189)
        #expect(abs(r.throughput - 0.688881) < 1e-6, "\(r.throughput)")
    }

    /// Throughput (parts/s) over `seeds` replications of `model` after a warm-up, with its standard
    /// error from the spread between replications.
    static func replicate(_ model: LineModel, seeds: ClosedRange<UInt64>, seconds: Int64, warmup: Int64) throws -> Estimate {
        let end = model.ticks(seconds: Fixed(Int(seconds))), w = model.ticks(seconds: Fixed(Int(warmup)))
        return Estimate(try seeds.map { seed in
            var sim = try Simulation(model: model, options: RunOptions(seed: seed, durationTicks: end, warmupTicks: w))
            var kpi = KPIRecorder(model: model, warmupTicks: w)
            sim.run(into: &kpi)
            return Double(kpi.summary(seed: seed).completed) / Double(seconds - warmup)
        })
    }

    /// A saturated line in code: stations `S1`…, process means in seconds, `capacities[i]` the buffer
    /// after station i+1 (0: none, the station hands over directly).
    static func line(means: [Fixed], capacities: [Int]) -> LineModel {
        var b = LineBuilder()
        let n = means.count
        b.source("in", .saturated, to: "S1")
        for (i, mean) in means.enumerated() {
            let next = i == n - 1 ? "out" : (capacities[i] > 0 ? "B\(i + 1)" : "S\(i + 2)")
            b.station("S\(i + 1)", .exponential(mean: mean), to: next)
            if i < n - 1 && capacities[i] > 0 { b.buffer("B\(i + 1)", capacity: capacities[i], to: "S\(i + 2)") }
        }
        b.sink("out")
        return b.build()
    }

    /// Compares replications with the chain (see `Estimate.expect`).
    static func check(_ label: String, model: LineModel, chain: TandemChain, seeds: ClosedRange<UInt64>, seconds: Int64,
                      sigmas: Double, maxRelativeSE: Double) throws {
        let r = try replicate(model, seeds: seeds, seconds: seconds, warmup: seconds / 20)
        r.expect("\(label), parts/s over \(seeds.count) runs of \(seconds) s", exact: chain.solve().throughput, sigmas: sigmas, maxRelativeSE: maxRelativeSE)
    }

    /// Sized to decide: a buffer that takes one part more than its capacity moves the mean by about
    /// 5 standard errors (tried: z = 5.0, against −1.4 as it is).
    @Test("three stations, a buffer of 1 and a direct handover (debug-sized): 10 runs within 4.5 standard errors of the chain")
    func threeStationsShort() throws {
        let means = [Fixed(1), Fixed(6, over: 5), Fixed(9, over: 10)]
        let chain = TandemChain(rates: [1, 1 / 1.2, 1 / 0.9], capacities: [1, 0])
        try Self.check("3 stations [1, 0]", model: Self.line(means: means, capacities: [1, 0]), chain: chain,
                       seeds: 1...10, seconds: 5_000, sigmas: 4.5, maxRelativeSE: 0.005)
    }

    @Test("serial-5 as shipped, 40 runs of 85,000 s: throughput within 4 standard errors of the exact 0.68888/s",
          .enabled(if: longValidations))
    func serial5Long() throws {
        let line = try ShippedLines.load("cells/bench/serial-5.json")
        try Self.check("serial-5", model: line.model, chain: Self.serial5Exact, seeds: 1...40, seconds: 85_000, sigmas: 4, maxRelativeSE: 0.001)
    }

    @Test("unbalanced lines with direct handovers and long buffers, 20 runs of 50,000 s each: within 4 standard errors of the chain",
          .enabled(if: longValidations))
    func variedLinesLong() throws {
        // A fast station starved and blocked by slow neighbours with no buffer between them.
        try Self.check("4 stations [0, 0, 0]", model: Self.line(means: [Fixed(2), Fixed(1, over: 2), Fixed(2), Fixed(1)], capacities: [0, 0, 0]),
                       chain: TandemChain(rates: [0.5, 2, 0.5, 1], capacities: [0, 0, 0]),
                       seeds: 1...20, seconds: 50_000, sigmas: 4, maxRelativeSE: 0.002)
        // The bottleneck in the middle behind a long buffer, a short one after it.
        try Self.check("3 stations [8, 1]", model: Self.line(means: [Fixed(1), Fixed(3, over: 2), Fixed(1)], capacities: [8, 1]),
                       chain: TandemChain(rates: [1, 1 / 1.5, 1], capacities: [8, 1]),
                       seeds: 1...20, seconds: 50_000, sigmas: 4, maxRelativeSE: 0.002)
    }
}
