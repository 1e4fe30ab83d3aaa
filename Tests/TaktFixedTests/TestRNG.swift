/// SplitMix64: the one seeded generator for test inputs in this target (independent of
/// TaktRandom), so every run and every platform draws the same samples.
struct TestRNG {
    var state: UInt64

    /// The next 64 uniformly random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<n (modulo reduction; the tiny bias does not matter for tests).
    mutating func below(_ n: UInt64) -> UInt64 { next() % n }

    /// A raw value whose magnitude is spread over all scales (2^0 ... 2^63), so small and
    /// large operands both occur.
    mutating func anyScale() -> Int64 { Int64(bitPattern: next()) >> Int64(next() % 64) }

    /// A raw value in [lo, hi] (lo ≤ hi, and hi - lo < Int64.max).
    mutating func raw(_ lo: Int64, _ hi: Int64) -> Int64 {
        lo &+ Int64(bitPattern: next() % UInt64(hi - lo + 1))
    }
}
