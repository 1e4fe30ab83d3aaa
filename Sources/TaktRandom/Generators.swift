/// SplitMix64 (Steele, Lea & Flood 2014), exactly as Vigna's public-domain `splitmix64.c`.
///
/// Used here only to expand seeds into generator states: its output function is a bijection of
/// `UInt64` with good avalanche, so distinct counters give well-mixed, never-all-zero words.
@frozen
public struct SplitMix64: Sendable, Hashable {
    /// The counter; every `next()` adds the golden-ratio increment.
    public var state: UInt64

    @inlinable public init(state: UInt64) { self.state = state }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function alone (a bijection of `UInt64`).
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** 1.0 (Blackman & Vigna 2018), exactly as the public-domain `xoshiro256starstar.c`.
///
/// 256 bits of state, period 2^256 − 1, passes every statistical test suite we know of.
/// A value type: copying it forks an identical, independent continuation of the sequence.
@frozen
public struct Xoshiro256StarStar: Sendable, Hashable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// A generator with an explicit state, e.g. a published test vector. The state must not be all zero.
    @inlinable
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "xoshiro256** state must not be all zero")
        (s0, s1, s2, s3) = state
    }

    /// The recommended seeding: the state is four consecutive SplitMix64 outputs from `seed`
    /// (never all zero, since the SplitMix64 output function is a bijection of distinct counters).
    @inlinable
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        (s0, s1, s2, s3) = (sm.next(), sm.next(), sm.next(), sm.next())
    }

    /// The current state (for checkpoints and tests).
    @inlinable public var state: (UInt64, UInt64, UInt64, UInt64) { (s0, s1, s2, s3) }

    /// Always inlined: the engine draws on every process start, and a call per draw costs more
    /// than the dozen instructions of the generator.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable @inline(__always)
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }
}

/// Stable, process-independent hashing of names (unlike Swift's `Hasher`, which is seeded per process).
public enum StableHash {
    /// FNV-1a, 64-bit, over bytes.
    @inlinable
    public static func fnv1a64<S: Sequence>(_ bytes: S, into hash: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64
    where S.Element == UInt8 {
        var h = hash
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }

    /// FNV-1a, 64-bit, over the UTF-8 bytes of `text` (no normalization: the bytes as written).
    @inlinable
    public static func fnv1a64(_ text: String) -> UInt64 { fnv1a64(text.utf8) }
}
