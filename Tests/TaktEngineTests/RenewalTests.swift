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
        var throughput: Estimate
        var down: Estimate
        var availability: Estimate
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
        return Observed(throughput: Estimate(throughput), down: Estimate(down), availability: Estimate(availability))
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
        r.throughput.expect("operating basis, throughput /s", exact: a, maxRelativeSE: 0.002)
        r.down.expect("operating basis, down share", exact: 1 - a, maxRelativeSE: 0.02)
        r.availability.expect("operating basis, availability", exact: a, maxRelativeSE: 0.002)
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
        r.down.expect("calendar basis, down share", exact: 20.0 / 220, maxRelativeSE: 0.01)
        r.availability.expect("calendar basis, availability", exact: 200.0 / 220, maxRelativeSE: 0.001)
        r.throughput.expect("calendar basis, throughput /s", exact: 0.5, maxRelativeSE: 0.002)
    }
}
