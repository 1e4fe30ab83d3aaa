import TaktFixed

/// A named, reproducible stream of random numbers: a pure function of (run seed, entity name, purpose).
///
/// **Common random numbers.** The state of a stream depends only on the run seed, the entity's
/// key (its name) and the purpose — not on how many other streams exist, in what order they were
/// created or how much they were drawn from. So adding, removing or renaming *another* entity never
/// changes this entity's draws, and a station's failure draws (purpose `"failure"`) never shift its
/// process-time draws (purpose `"process"`). Comparing two scenarios with the same seed therefore
/// compares like with like: only the entities you changed see different numbers.
///
/// **Derivation** (fixed; changing it changes every simulation result):
/// 1. `h` = FNV-1a 64 of the UTF-8 bytes of `key`, followed — only if `purpose` is not empty — by
///    the byte 0xFF (which never occurs in UTF-8, so ("AB", "") and ("A", "B") differ) and the UTF-8
///    bytes of `purpose`. `init(seed:key:)` is the same as purpose `""`.
/// 2. Two SplitMix64 sequences, one from `seed`, one from `h`; xoshiro256** state word i is
///    `a_i ^ rotl(b_i, 32)` (all-zero is replaced by a fixed non-zero state; it cannot occur in practice).
/// 3. Draws come from xoshiro256** (`Xoshiro256StarStar`).
///
/// A value type: copies continue identically and independently.
@frozen
public struct RandomStream: Sendable, Hashable {
    @usableFromInline var generator: Xoshiro256StarStar

    /// The stream of entity `key` (its name) for run `seed`.
    public init(seed: UInt64, key: String) {
        self.init(seed: seed, key: key, purpose: "")
    }

    /// The sub-stream `purpose` (e.g. "process", "failure", "repair") of entity `key` for run `seed`.
    public init(seed: UInt64, key: String, purpose: String) {
        var h = StableHash.fnv1a64(key)
        if !purpose.isEmpty {
            h = StableHash.fnv1a64(CollectionOfOne(0xFF), into: h)
            h = StableHash.fnv1a64(purpose.utf8, into: h)
        }
        var a = SplitMix64(state: seed)
        var b = SplitMix64(state: h)
        var w = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        w.0 = a.next() ^ RandomStream.rotl32(b.next())
        w.1 = a.next() ^ RandomStream.rotl32(b.next())
        w.2 = a.next() ^ RandomStream.rotl32(b.next())
        w.3 = a.next() ^ RandomStream.rotl32(b.next())
        if w == (0, 0, 0, 0) { w = (1, 2, 3, 4) }
        generator = Xoshiro256StarStar(state: w)
    }

    /// A stream over an explicit generator (tests, checkpoints).
    @inlinable public init(generator: Xoshiro256StarStar) { self.generator = generator }

    @inlinable static func rotl32(_ x: UInt64) -> UInt64 { (x << 32) | (x >> 32) }

    /// The next 64 uniformly distributed bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [0, 1) with full 32-bit resolution: k / 2^32 for k uniform in 0..<2^32 (the top 32 bits of a draw).
    @inlinable @inline(__always)
    public mutating func nextUnit() -> Fixed {
        Fixed(raw: Int64(next() >> 32))
    }

    /// Uniform in the open interval (0, 1): k / 2^32 for k uniform in 1..<2^32 (a zero draw, probability
    /// 2^-32, is redrawn). Safe to take the logarithm of, and so is 1 minus it.
    @inlinable @inline(__always)
    public mutating func nextOpenUnit() -> Fixed {
        while true {
            let k = next() >> 32
            if k != 0 { return Fixed(raw: Int64(k)) }
        }
    }

    /// Uniform in [-1, 1) with 33-bit resolution: k / 2^32 for k uniform in -2^32..<2^32.
    @inlinable
    mutating func nextSymmetricUnitRaw() -> Int64 {
        Int64(next() >> 31) - Fixed.oneRaw
    }

    /// An integer in 0..<bound from ONE draw: ⌊draw · bound / 2^64⌋ (multiply-high).
    /// The bias is below bound / 2^64 per outcome (< 2^-33 for any bound < 2^31); in exchange every
    /// call consumes exactly one draw, which keeps streams aligned across scenarios. Traps if bound ≤ 0.
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}
