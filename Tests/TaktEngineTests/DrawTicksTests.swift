import Testing
import TaktFixed
import TaktRandom
@testable import TaktEngine

/// Exponential draws reach ticks through two roundings, each now done on unsigned words where both
/// factors are ≥ 0 (`sampleExponential`, then `LineModel.ticks`). They must give exactly the
/// ticks of the signed 128-bit arithmetic they replaced, or every trace would change.
@Suite("Draws to ticks")
struct DrawTicksTests {
    /// Tick lengths in nanoseconds: 1 ns up to 1 s, and 3 ms and 7 ns, which do not divide a
    /// second (the general path, by division).
    static let ticks: [Int64] = [1, 1_000, 100_000, 1_000_000, 10_000_000, 1_000_000_000, 3_000_000, 7]

    /// Means as raw Q32.32: from one raw unit and a millisecond through the shipped lines' range to
    /// means whose draws saturate at `Fixed.max` seconds (2^31 s: even in 1 ns ticks below the
    /// 2^61-tick cap, which only a tick that does not divide a second can reach).
    static let means: [Int64] = [1, 4_294_967, 1 << 31, Fixed(9, over: 10).raw, Fixed(11, over: 10).raw, Fixed(170).raw,
                                 Fixed(6 * 3600).raw, 1 << 55, 1 << 60, Int64.max, 0, -Fixed(1).raw]

    /// The signed arithmetic the draws used before: mean × sample rounded and saturated, then
    /// seconds × ticks per second rounded and capped at 2^61 (or the rounded division).
    static func signedTicks(mean: Int64, sample: Fixed, tickNanoseconds: Int64, wholeTicksPerSecond: Int64) -> (Fixed, Int64) {
        let wide = Fixed.shiftRightRoundingHalfEven(Int128(mean) * Int128(sample.raw), by: 32)
        let seconds = wide > Int128(Int64.max) ? Fixed.max : wide < Int128(Int64.min) ? Fixed.min : Fixed(raw: Int64(wide))
        guard seconds.raw > 0 else { return (seconds, 0) }
        let q = wholeTicksPerSecond > 0
            ? Fixed.shiftRightRoundingHalfEven(Int128(seconds.raw) * Int128(wholeTicksPerSecond), by: 32)
            : Fixed.roundedQuotient(Int128(seconds.raw) * 1_000_000_000, Int128(tickNanoseconds) << 32)
        return (seconds, q > Int128(Int64.max / 4) ? Int64.max / 4 : Int64(q))
    }

    @Test("the engine's exponential ticks equal the signed two-step arithmetic, for every tick length and mean")
    func unsignedMatchesSigned() {
        var draws = 0, saturated = 0
        for tick in Self.ticks {
            let whole = LineModel.wholeTicksPerSecond(tickNanoseconds: tick)
            for (i, mean) in Self.means.enumerated() {
                var engine = RandomStream(seed: UInt64(i) &* 7919 &+ UInt64(tick), key: "draw")
                var reference = engine
                for _ in 0..<3_000 {
                    let got = Simulation.exponentialTicks(mean: mean, &engine, tickNanoseconds: tick, wholeTicksPerSecond: whole)
                    let (seconds, want) = Self.signedTicks(mean: mean, sample: Distribution.standardExponential(&reference),
                                                           tickNanoseconds: tick, wholeTicksPerSecond: whole)
                    guard got == want else {
                        Issue.record("tick \(tick) ns, mean raw \(mean): \(got) ticks, want \(want) (seconds raw \(seconds.raw))")
                        return
                    }
                    draws += 1
                    if seconds == .max { saturated += 1 }
                }
            }
        }
        #expect(draws == Self.ticks.count * Self.means.count * 3_000)
        #expect(saturated > 0, "no draw saturated at Fixed.max: the cap on seconds is not exercised")
    }
}
