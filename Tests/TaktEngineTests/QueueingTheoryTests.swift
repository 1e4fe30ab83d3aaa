import Foundation
import Testing
import TaktFixed
import TaktRandom
@testable import TaktEngine

/// Time in system and time-weighted number in system, straight from the event stream.
struct LittleSink: EventSink {
    var inSystem: Int64 = 0
    var lastTick: Int64 = 0
    var area: Int128 = 0           // ∫ N(t) dt in unit-ticks
    var sojournTicks: Int128 = 0
    var shipped: Int64 = 0
    var shippedLimit: Int64
    var stopTick: Int64 = -1

    init(shippedLimit: Int64) { self.shippedLimit = shippedLimit }

    mutating func record(_ e: EngineEvent) {
        guard stopTick < 0 else { return }
        area += Int128(inSystem) * Int128(e.tick - lastTick)
        lastTick = e.tick
        switch e.kind {
        case .created: inSystem += 1
        case .shipped:
            inSystem -= 1
            shipped += 1
            sojournTicks += Int128(e.tick - e.a)
            if shipped == shippedLimit { stopTick = e.tick }
        default: break
        }
    }
}

/// The long validations run in .ci/run's release step (TAKT_LONG=1).
let longValidations = ProcessInfo.processInfo.environment["TAKT_LONG"] != nil

@Suite("Queueing theory")
struct QueueingTheoryTests {
    /// M/M/1: Poisson arrivals λ = 0.8/s into one exponential server μ = 1/s, unbounded-enough queue.
    static func mm1(units: Int64, seed: UInt64) throws -> (w: Double, l: Double, littleGap: Double) {
        var b = LineBuilder()
        b.source("arrivals", .random(.exponential(mean: Fixed(5, over: 4))), to: "queue")
        b.buffer("queue", capacity: 100_000, to: "server")
        b.station("server", .exponential(mean: Fixed.one), to: "done")
        b.sink("done")
        let model = b.build()
        // n units need about 1.25·n s; run long enough and stop counting at the n-th.
        let ticks = units * 1_400
        var sim = try Simulation(model: model, options: RunOptions(seed: seed, durationTicks: ticks))
        var simSink = LittleSink(shippedLimit: units)
        sim.run(into: &simSink)
        let s = simSink
        #expect(s.shipped == units)
        let w = Double(s.sojournTicks) / Double(s.shipped) / 1000          // seconds
        let l = Double(s.area) / Double(s.stopTick)                        // units
        let lambda = Double(s.shipped) / (Double(s.stopTick) / 1000)
        return (w, l, abs(l - lambda * w) / l)
    }

    @Test("M/M/1 (λ = 0.8/s, μ = 1/s) over 4,000,000 units: W within 2% of 1/(μ−λ) = 5 s, L within 2% of ρ/(1−ρ) = 4, L = λW within 0.5%",
          .enabled(if: longValidations))
    func mm1Long() throws {
        let r = try Self.mm1(units: 4_000_000, seed: 2026)
        let se = Self.relativeError(units: 4_000_000)
        print("M/M/1 4e6 units: W = \(r.w) s (z = \((r.w - 5) / 5 / se)), L = \(r.l) (z = \((r.l - 4) / 4 / se)), |L − λW|/L = \(r.littleGap)")
        #expect(abs(r.w - 5) / 5 < 0.02, "mean time in system \(r.w) s")
        #expect(abs(r.l - 4) / 4 < 0.02, "mean number in system \(r.l)")
        #expect(r.littleGap < 0.005)
    }

    /// The standard error of L, relative, over a run of n units: the time-average number in an M/M/1
    /// system has asymptotic variance 2ρ(1 + ρ) / (1 − ρ)⁴ per unit of time (μ = 1; Whitt, "Planning
    /// queueing simulations", 1989), so over T = n/λ its relative standard error is
    /// √(2(1 + ρ) / (ρ (1 − ρ)²) / T): 3.0 % at 10⁵ units, 0.95 % at 10⁶, 0.47 % at 4·10⁶. The issue
    /// asks for 2 % over at least 10⁶ units; at 10⁶ that is only 2.1 σ (a correct engine fails it for
    /// one seed in 28), so the long test runs 4·10⁶, where 2 % is 4.2 σ. W, tied to L by Little's law,
    /// has about the same.
    static func relativeError(units: Int64, rho: Double = 0.8) -> Double {
        (2 * (1 + rho) / (rho * (1 - rho) * (1 - rho)) / (Double(units) / rho)).squareRoot()
    }

    @Test("M/M/1 over 100,000 units (debug-sized): W and L within 5 standard errors (15%) of 5 s and 4, Little's law within 0.5%")
    func mm1Short() throws {
        let r = try Self.mm1(units: 100_000, seed: 7)
        let se = Self.relativeError(units: 100_000)
        print("M/M/1 1e5 units: W = \(r.w) s (z = \((r.w - 5) / 5 / se)), L = \(r.l) (z = \((r.l - 4) / 4 / se))")
        #expect(abs(r.w - 5) / 5 < 5 * se, "mean time in system \(r.w) s")
        #expect(abs(r.l - 4) / 4 < 5 * se, "mean number in system \(r.l)")
        #expect(r.littleGap < 0.005)
    }
}
