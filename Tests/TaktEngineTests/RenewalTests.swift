import Testing
import TaktFixed
import TaktRandom
@testable import TaktEngine

/// Breakdowns against renewal theory: a server alternates up periods (mean MTBF, counted on the basis
/// its failures use) and repairs (mean MTTR), so over a long run it is down MTTR/(MTBF + MTTR) of the
/// time its failure clock covers, whatever the two distributions are. Release-only (`TAKT_LONG`):
/// each check runs about 2 million events.
@Suite("Breakdowns against renewal theory")
struct RenewalTests {
    struct Observed {
        var throughput: (mean: Double, se: Double)
        var down: (mean: Double, se: Double)
        var availability: (mean: Double, se: Double)
    }

    /// Runs `model` for `seeds` replications and reads station `S`'s figures from its KPIs.
    static func replicate(_ model: LineModel, seeds: ClosedRange<UInt64>, seconds: Int) throws -> Observed {
        var throughput: [Double] = [], down: [Double] = [], availability: [Double] = []
        for seed in seeds {
            let end = model.ticks(seconds: Fixed(seconds)), warmup = end / 20
            var sim = try Simulation(model: model, options: RunOptions(seed: seed, durationTicks: end, warmupTicks: warmup))
            var kpi = KPIRecorder(model: model, warmupTicks: warmup)
            sim.run(into: &kpi)
            let s = kpi.summary(seed: seed)
            let station = try #require(s.elements.first { $0.name == "S" })
            let ledger = try #require(station.ledger)
            throughput.append(Double(s.completed) / (Double(s.windowTicks) / 1000))
            down.append(Double(ledger.down) / Double(ledger.capacity))
            availability.append(Double(try #require(station.station?.availability).raw) / 4_294_967_296)
        }
        func stats(_ v: [Double]) -> (Double, Double) {
            let m = v.reduce(0, +) / Double(v.count)
            return (m, (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1) / Double(v.count)).squareRoot())
        }
        return Observed(throughput: stats(throughput), down: stats(down), availability: stats(availability))
    }

    static func expectClose(_ label: String, _ r: (mean: Double, se: Double), exact: Double, sigmas: Double = 4, maxSE: Double) {
        let z = (r.mean - exact) / r.se
        print("\(label): \(r.mean) ± \(r.se), exact \(exact), z = \(z)")
        #expect(r.se < maxSE, "\(label): not decisive, standard error \(r.se)")
        #expect(abs(z) < sigmas, "\(label): \(r.mean), exact \(exact)")
    }

    @Test("a saturated station with operating-time failures (Weibull 1.5 up, lognormal repairs): throughput, down share and availability are MTBF/(MTBF + MTTR) within 4 standard errors",
          .enabled(if: longValidations))
    func operatingBasis() throws {
        // MTBF = 100 s · Γ(1 + 1/1.5) = 90.2745 s (Γ(5/3) = 0.9027452929509336), MTTR = 10 s.
        let mtbf = 100 * 0.9027452929509336, mttr = 10.0
        let a = mtbf / (mtbf + mttr)
        var b = LineBuilder()
        b.source("in", .saturated, to: "S")
        b.station("S", .exponential(mean: .one), reliability: Reliability(
            timeBetweenFailures: .weibull(shape: Fixed(3, over: 2), scale: Fixed(100)),
            timeToRepair: .lognormal(mean: Fixed(10), sd: Fixed(5)), basis: .operating), to: "out")
        b.sink("out")
        let r = try Self.replicate(b.build(), seeds: 1...20, seconds: 100_000)
        // Always busy unless down: one unit per second of up time.
        Self.expectClose("operating basis, throughput /s", r.throughput, exact: a, maxSE: 0.002)
        Self.expectClose("operating basis, down share", r.down, exact: 1 - a, maxSE: 0.002)
        Self.expectClose("operating basis, availability", r.availability, exact: a, maxSE: 0.002)
    }

    @Test("a mostly starved station with calendar-time failures: its down share is MTTR/(MTBF + MTTR) all the same, and it keeps up with its arrivals",
          .enabled(if: longValidations))
    func calendarBasis() throws {
        // Up 200 s on average (exponential), repairs a constant 20 s: down 20/220 of the time, busy or not.
        var b = LineBuilder()
        b.source("in", .random(.exponential(mean: Fixed(2))), to: "Q")
        b.buffer("Q", capacity: 10_000, to: "S")
        b.station("S", .uniform(min: Fixed(1, over: 2), max: Fixed(3, over: 2)), reliability: Reliability(
            timeBetweenFailures: .exponential(mean: Fixed(200)), timeToRepair: .constant(Fixed(20)), basis: .calendar), to: "out")
        b.sink("out")
        let r = try Self.replicate(b.build(), seeds: 1...20, seconds: 200_000)
        Self.expectClose("calendar basis, down share", r.down, exact: 20.0 / 220, maxSE: 0.001)
        Self.expectClose("calendar basis, availability", r.availability, exact: 200.0 / 220, maxSE: 0.001)
        Self.expectClose("calendar basis, throughput /s", r.throughput, exact: 0.5, maxSE: 0.002)
    }
}
