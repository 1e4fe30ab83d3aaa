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

    // MARK: Other queues with exact means

    /// Mean time in system (seconds) of the units shipped after `warmupUnits`, in `batches` batches of
    /// `batchUnits` in shipping order: the grand mean, with its standard error from the batch means.
    static func sojourn(_ model: LineModel, seed: UInt64, warmupUnits: Int64, batches: Int, batchUnits: Int64) throws -> Estimate {
        var sink = SojournBatches(skip: warmupUnits, batchUnits: batchUnits, batches: batches)
        // Generous: the slowest arrival rate of these tests is 0.5 units/s.
        let ticks = (warmupUnits + Int64(batches) * batchUnits) * 2_500
        var sim = try Simulation(model: model, options: RunOptions(seed: seed, durationTicks: ticks))
        sim.run(into: &sink)
        #expect(sink.means.count == batches, "the run ended before \(batches) batches")
        return Estimate(sink.means.map { $0 / 1000 })
    }

    /// A Poisson source into one station (any process time and number of servers) through a large buffer.
    static func queue(arrivalMean: Fixed, process: Distribution, servers: Int = 1) -> LineModel {
        var b = LineBuilder()
        b.source("arrivals", .random(.exponential(mean: arrivalMean)), to: "queue")
        b.buffer("queue", capacity: 100_000, to: "server")
        b.station("server", process, servers: servers, to: "done")
        b.sink("done")
        return b.build()
    }

    /// M/M/c by Erlang's C formula: W = C(c, a)/(cμ − λ) + 1/μ, a = λ/μ.
    static func erlangW(lambda: Double, mu: Double, servers c: Int) -> Double {
        let a = lambda / mu, rho = a / Double(c)
        var term = 1.0, below = 0.0
        for k in 0..<c { below += term; term *= a / Double(k + 1) }          // term ends as a^c / c!
        let waiting = term / (1 - rho) / (below + term / (1 - rho))
        return waiting / (Double(c) * mu - lambda) + 1 / mu
    }

    @Test("Erlang's C formula is right where it is known by hand: c = 1 is M/M/1, and c = 2, a = 1 waits 1/3 of the time")
    func erlangFormula() {
        #expect(abs(Self.erlangW(lambda: 0.8, mu: 1, servers: 1) - 5) < 1e-12)
        // c = 2, λ = μ = 1: C = (1/2 · 2)/(1 + 1 + 1) = 1/3, W = (1/3)/(2 − 1) + 1.
        #expect(abs(Self.erlangW(lambda: 1, mu: 1, servers: 2) - 4.0 / 3) < 1e-12)
    }

    /// M/G/1 by Pollaczek–Khinchine: W = E[S] + λE[S²]/(2(1 − ρ)). Each process-time distribution
    /// enters through its first two moments, so this checks each sampler's variance, not only its mean.
    static let pollaczekKhinchine: [(label: String, process: Distribution, mean: Double, secondMoment: Double)] = [
        ("M/D/1, 1 s", .constant(.one), 1, 1),
        ("uniform 0.5–1.5 s", .uniform(min: Fixed(1, over: 2), max: Fixed(3, over: 2)), 1, 1 + 1.0 / 12),
        ("triangular 0.4, 0.8, 1.8 s", .triangular(min: Fixed(2, over: 5), mode: Fixed(4, over: 5), max: Fixed(9, over: 5)), 1, 1 + 1.56 / 18),
        ("normal 1 s, sd 0.25 s", .normal(mean: .one, sd: Fixed(1, over: 4)), 1, 1 + 0.0625),
        ("lognormal mean 1 s, sd 1 s", .lognormal(mean: .one, sd: .one), 1, 2),
        // Weibull shape 2: E[S] = scale·Γ(3/2) = scale·√π/2, E[S²] = scale²·Γ(2) = scale².
        ("Weibull shape 2, scale 1 s", .weibull(shape: Fixed(2), scale: .one), 0.886226925452758, 1),
        ("empirical 0.5 s ×2, 2 s ×1", .empirical(values: [Fixed(1, over: 2), Fixed(2)], weights: [Fixed(2), Fixed(1)]), 1, 1.5),
    ]

    static func pkW(lambda: Double, mean: Double, secondMoment: Double) -> Double {
        mean + lambda * secondMoment / (2 * (1 - lambda * mean))
    }

    @Test("M/G/1 (λ = 0.8/s) with every kind of process time, 2,000,000 units each: W within 4 standard errors of Pollaczek–Khinchine",
          .enabled(if: longValidations))
    func mg1Long() throws {
        for (i, c) in Self.pollaczekKhinchine.enumerated() {
            let r = try Self.sojourn(Self.queue(arrivalMean: Fixed(5, over: 4), process: c.process),
                                     seed: 100 + UInt64(i), warmupUnits: 10_000, batches: 40, batchUnits: 50_000)
            r.expect("M/G/1 \(c.label), W (s)", exact: Self.pkW(lambda: 0.8, mean: c.mean, secondMoment: c.secondMoment), maxRelativeSE: 0.008)
        }
    }

    @Test("M/M/3 and two M/M/1 in tandem (Jackson: W = Σ 1/(μi − λ)) over 2,000,000 units: within 4 standard errors",
          .enabled(if: longValidations))
    func mmcAndJacksonLong() throws {
        let mmc = try Self.sojourn(Self.queue(arrivalMean: Fixed(5, over: 12), process: .exponential(mean: .one), servers: 3),
                                   seed: 21, warmupUnits: 10_000, batches: 40, batchUnits: 50_000)
        mmc.expect("M/M/3, W (s)", exact: Self.erlangW(lambda: 2.4, mu: 1, servers: 3), maxRelativeSE: 0.005)
        // λ = 0.5/s through μ1 = 1/s then μ2 = 0.8/s, each behind a large buffer: W = 2 + 10/3 s.
        var b = LineBuilder()
        b.source("arrivals", .random(.exponential(mean: Fixed(2))), to: "q1")
        b.buffer("q1", capacity: 100_000, to: "s1")
        b.station("s1", .exponential(mean: .one), to: "q2")
        b.buffer("q2", capacity: 100_000, to: "s2")
        b.station("s2", .exponential(mean: Fixed(5, over: 4)), to: "done")
        b.sink("done")
        let jackson = try Self.sojourn(b.build(), seed: 22, warmupUnits: 10_000, batches: 40, batchUnits: 50_000)
        jackson.expect("Jackson tandem, W (s)", exact: 2 + 10.0 / 3, maxRelativeSE: 0.005)
    }

    @Test("an M/M/1 whose units come back with probability 1/5 (Jackson with feedback, λ = 0.64/s): W within 4 standard errors of 1.25 visits × 5 s",
          .enabled(if: longValidations))
    func feedbackLong() throws {
        // Arrivals 0.64/s plus the units sent back make 0.64/(1 − 1/5) = 0.8/s at a server of μ = 1/s:
        // ρ = 0.8, 5 s per visit, 1.25 visits on average, so 6.25 s in all (L = 4 = 0.64/s × 6.25 s).
        // Unequal probabilities, so that swapped routes would show. Elements by name: arrivals 0, done 1,
        // queue 2, server 3.
        let model = LineModel(name: "feedback", tickNanoseconds: 1_000_000, elements: [
            Element(name: "arrivals", kind: .source(Source(arrivals: .random(.exponential(mean: Fixed(25, over: 16))), unitType: 0, limit: nil)), routing: .fixed(2)),
            Element(name: "done", kind: .sink, routing: .none),
            Element(name: "queue", kind: .buffer(Buffer(capacity: 100_000, initial: [])), routing: .fixed(3)),
            Element(name: "server", kind: .station(Station(servers: 1, process: .exponential(mean: .one))),
                    routing: .probability(targets: [2, 1], probabilities: [Fixed(1, over: 5), Fixed(4, over: 5)])),
        ], unitTypes: ["unit"])
        let r = try Self.sojourn(model, seed: 23, warmupUnits: 10_000, batches: 40, batchUnits: 50_000)
        r.expect("M/M/1 with feedback, W (s)", exact: 6.25, maxRelativeSE: 0.01)
    }
}

/// Times in system of shipped units, in batches: the first `skip` units are left out (the run starts
/// empty), then `batches` batch means of `batchUnits` units each.
struct SojournBatches: EventSink {
    let skip: Int64, batchUnits: Int64, batches: Int
    var shipped: Int64 = 0
    var sum: Int64 = 0
    var means: [Double] = []

    init(skip: Int64, batchUnits: Int64, batches: Int) {
        self.skip = skip; self.batchUnits = batchUnits; self.batches = batches
    }

    mutating func record(_ e: EngineEvent) {
        guard e.kind == .shipped, means.count < batches else { return }
        shipped += 1
        guard shipped > skip else { return }
        sum += e.tick - e.a
        if (shipped - skip) % batchUnits == 0 {
            means.append(Double(sum) / Double(batchUnits))
            sum = 0
        }
    }
}
