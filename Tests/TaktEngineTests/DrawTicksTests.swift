import Testing
import TaktFixed
import TaktRandom
@testable import TaktEngine

/// The engine turns an exponential process time into ticks on a path of its own (unsigned
/// products, both roundings fused into one function). It must give exactly the ticks of the
/// general path — the draw in seconds (`sampleExponential`), then `LineModel.ticks` — or every
/// trace would change.
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

    @Test("the fused path draws the same ticks as sampleExponential then LineModel.ticks, for every tick length and mean")
    func fusedMatchesTwoSteps() {
        var draws = 0, saturated = 0
        for tick in Self.ticks {
            let whole = LineModel.wholeTicksPerSecond(tickNanoseconds: tick)
            for (i, mean) in Self.means.enumerated() {
                var fused = RandomStream(seed: UInt64(i) &* 7919 &+ UInt64(tick), key: "draw")
                var twoSteps = fused
                for _ in 0..<3_000 {
                    let got = Simulation.exponentialTicks(mean: mean, &fused, tickNanoseconds: tick, wholeTicksPerSecond: whole)
                    let seconds = Distribution.sampleExponential(mean: Fixed(raw: mean), &twoSteps)
                    let want = LineModel.ticks(seconds: seconds, tickNanoseconds: tick, wholeTicksPerSecond: whole)
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

    @Test("roundedShift32 rounds half to even and carries exactly like Fixed.shiftRightRoundingHalfEven")
    func roundingAgreesWithFixed() {
        /// The reference takes a signed 128-bit value: `high` stays below 2^63 in these cases (the
        /// engine's products stay below 2^102).
        func reference(_ high: UInt64, _ low: UInt64, _ limit: UInt64) -> UInt64 {
            let v = Fixed.shiftRightRoundingHalfEven(Int128(UInt128(high) << 64 | UInt128(low)), by: 32)
            return v > Int128(limit) ? limit : UInt64(v)
        }
        let half: UInt64 = 1 << 31
        var cases: [(UInt64, UInt64)] = [
            (0, 0), (0, half - 1), (0, half), (0, half + 1),                    // below, at and above a tie, even: 0
            (0, 1 << 32 | half), (0, 3 << 32 | half), (0, 2 << 32 | half),      // ties: odd rounds up, even stays
            (0, UInt64.max), (0, UInt64.max - half + 1), (0, UInt64.max - half),  // carries into the high word
            (1 << 31, 0), ((1 << 32) - 1, UInt64.max), (1 << 32, 0), (1 << 62, UInt64.max),  // around 64 bits out
        ]
        var stream = RandomStream(seed: 42, key: "rounding")
        for _ in 0..<20_000 {
            let high = stream.next() >> (2 + stream.next() % 62), low = stream.next()   // the reference is signed: < 2^62
            cases.append((high, low))
            cases.append((high, low & ~UInt64(0xFFFF_FFFF) | half))           // a tie
        }
        var wrong = 0, first = ""
        for limit in [UInt64(Int64.max), UInt64(Int64.max / 4)] {
            for (high, low) in cases {
                let got = Simulation.roundedShift32((high, low), atMost: limit), want = reference(high, low, limit)
                if got != want {
                    if wrong == 0 { first = "high \(high), low \(low), limit \(limit): \(got), want \(want)" }
                    wrong += 1
                }
            }
        }
        #expect(wrong == 0, "\(wrong) of \(2 * cases.count) wrong, the first: \(first)")
    }
}
