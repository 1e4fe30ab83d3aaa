/// Integer-only trigonometry on binary angles.
///
/// Everything is computed in Q62 (value · 2^62 in an `Int64`, products through
/// `multipliedFullWidth`), from the tables in `Generated/TrigTables.swift`, and
/// rounded once at the end (half to even). No floating point, no allocation.
///
/// - `sin`/`cos`: reduce to an octant (the phase is the low 32 bits of `raw`: wrapping is a
///   mask), take the nearest of 257 table points per octant and rotate by the remainder
///   |δ| ≤ 2^20 units (1.5e-3 rad) with `sin δ = δ - δ³/6`, `cos δ = 1 - δ²/2 + δ⁴/24`.
///   Internal error < 2^-53, so the result is within 2^-32 · (1/2 + 2^-20) of the true value
///   (correctly rounded except within 2^-53 of a tie). The reduction is symmetric, so
///   sin(-a) = -sin(a), cos(-a) = cos(a), and quarter turns give exact 0 and ±1.
/// - `atan2`: reduce to an octant ratio r ∈ [0, 1] (one 128/64 division), take the nearest
///   of 257 table points i/256 and evaluate the degree-4 Taylor polynomial of atan stored
///   there (|h| ≤ 2^-9, remainder ≤ |h|⁵/5 rad < 2^-49 turn). The only visible error is the
///   final rounding to a binary-angle unit (2π/2^32 rad): ≤ 1/2 + 2^-17 unit ≈ 7.3e-10 rad.
///   atan2(-y, x) = -atan2(y, x) exactly, except that ±half turn are both −half turn.
/// - `asin`/`acos`: `atan2(x, √(1 - x²))` with √(1 - x²) rounded at 2^-62 (1 - x² is exact in
///   integers), so the error stays ≤ 1/2 + 2^-17 unit even next to ±1, where asin is
///   ill-conditioned. (The 128-bit integer square root makes them ~5× slower than atan2.)
extension Angle {
    /// sin and cos together; each is within 2^-32·(1/2 + 2^-20) of the true value
    /// (so well inside the 2^-30 contract). Only the low 32 bits of `raw` matter.
    @inlinable
    public var sinCos: (sin: Fixed, cos: Fixed) {
        let p = UInt32(truncatingIfNeeded: raw)
        let octant = p &>> 29
        let low = Int64(p & 0x1FFF_FFFF)
        // Odd octants are mirrored so every octant evaluates the same kernel on [0, 1/8 turn].
        let t = octant & 1 == 0 ? low : (1 << 29) &- low
        let (s, c) = TrigKernel.octantSinCos(t)
        // octant:   0    1    2    3    4    5    6    7
        // sin   =   s    c    c    s   -s   -c   -c   -s
        // cos   =   c    s   -s   -c   -c   -s    s    c
        let swap = (octant &+ 1) & 2 != 0
        var sv = swap ? c : s
        var cv = swap ? s : c
        if octant & 4 != 0 { sv = 0 &- sv }
        if (octant &+ 2) & 4 != 0 { cv = 0 &- cv }
        return (Fixed(raw: sv), Fixed(raw: cv))
    }

    /// sin of the angle, within 2^-32·(1/2 + 2^-20).
    @inlinable public var sin: Fixed { sinCos.sin }

    /// cos of the angle, within 2^-32·(1/2 + 2^-20).
    @inlinable public var cos: Fixed { sinCos.cos }

    /// The angle of the point (x, y), in [-half turn, half turn).
    ///
    /// Error ≤ 1/2 binary-angle unit + 2^-49 turn (≈ 7.3e-10 rad ≤ 2^-30 rad) for every input,
    /// including `Fixed.min` components; the computation only uses the ratio of the two
    /// magnitudes, so it is exact in scale.
    /// - `atan2(0, 0)` is `0` (no direction; chosen, not derived).
    /// - On the negative x axis, `atan2(0, x < 0)` is **−half turn** (raw −2^31), since +half turn
    ///   is outside the range; a result that rounds to +half turn (tiny y > 0, x < 0) is also
    ///   returned as −half turn. Compare such results with `shortestDifference`.
    @inlinable
    public static func atan2(_ y: Fixed, _ x: Fixed) -> Angle {
        let ax = x.raw.magnitude
        let ay = y.raw.magnitude
        if ay == 0 { return Angle(raw: x.raw < 0 ? -(1 << 31) : 0) }
        var r = TrigKernel.roundQ62(TrigKernel.halfPlaneTurnsQ62(y: ay, x: ax, xNegative: x.raw < 0))
        if y.raw < 0 { r = -r }
        if r == 1 << 31 { r = -(1 << 31) }
        return Angle(raw: r)
    }

    /// asin(x) in [-quarter turn, quarter turn] for x in [-1, 1]; nil outside.
    /// Error ≤ 1/2 binary-angle unit + 2^-49 turn for every input (also next to ±1).
    /// Exact at 0 and ±1; asin(-x) = -asin(x).
    @inlinable
    public static func asin(_ x: Fixed) -> Angle? {
        let m = x.raw.magnitude
        guard m <= 1 << 32 else { return nil }
        let (s, c) = TrigKernel.unitLegs(m)
        let r = TrigKernel.roundQ62(TrigKernel.halfPlaneTurnsQ62(y: s, x: c, xNegative: false))
        return Angle(raw: x.raw < 0 ? -r : r)
    }

    /// acos(x) in [0, half turn] for x in [-1, 1]; nil outside.
    /// Error ≤ 1/2 binary-angle unit + 2^-49 turn for every input (also next to ±1).
    /// Exact at 0 and ±1 (acos(-1) = +half turn).
    @inlinable
    public static func acos(_ x: Fixed) -> Angle? {
        let m = x.raw.magnitude
        guard m <= 1 << 32 else { return nil }
        let (s, c) = TrigKernel.unitLegs(m)
        return Angle(raw: TrigKernel.roundQ62(TrigKernel.halfPlaneTurnsQ62(y: c, x: s, xNegative: x.raw < 0)))
    }
}

/// The Q62 kernels behind `Angle+Trig.swift`.
@usableFromInline
enum TrigKernel {
    /// ⌊a·b / 2^62⌋ (the product is 128-bit; the result must fit in 64 bits).
    @inlinable @inline(__always)
    static func mulQ62(_ a: Int64, _ b: Int64) -> Int64 {
        let (h, l) = a.multipliedFullWidth(by: b)
        return (h &<< 2) | Int64(bitPattern: l &>> 62)
    }

    /// A Q62 value rounded to Q32 (also: Q62 turns to binary-angle units), half to even.
    @inlinable @inline(__always)
    static func roundQ62(_ v: Int64) -> Int64 {
        (v &+ ((1 << 29) - 1) &+ ((v &>> 30) & 1)) &>> 30
    }

    /// sin, cos of `t` binary-angle units, t in [0, 2^29] (the first octant), rounded to Q32.
    /// Not inlinable on purpose: inside this module the table is a statically initialized
    /// global read by address; inlined into a client it would be read through its lazy
    /// addressor (a call and a once-check per evaluation).
    @usableFromInline
    static func octantSinCos(_ t: Int64) -> (Int64, Int64) {
        let i = Int(truncatingIfNeeded: (t &+ (1 << 20)) &>> 21)       // nearest table point, 0...256
        let delta = t &- (Int64(i) &<< 21)                               // δ in [-2^20, 2^20] units
        // Powers of the integer δ are exact; each term is one 64×64→128 product with a
        // generated constant (so no division, and a short dependency chain).
        let delta2 = delta &* delta                                      // ≤ 2^40
        let delta3 = delta2 &* delta                                     // ≤ 2^60
        let delta4 = (delta2 &>> 10) &* (delta2 &>> 10)                  // δ⁴ / 2^20, ≤ 2^60
        let d = shiftedProduct(delta, TrigTables.sinC1, by: 30)          // δ rad, Q62
        let sinD = d &- shiftedProduct(delta3, TrigTables.sinC3, by: 90) // sin δ = δ - δ³/6 (δ⁵/120 < 2^-53)
        let cosM1 = shiftedProduct(delta4, TrigTables.cosC4, by: 100)    // cos δ - 1 = δ⁴/24 - δ²/2
            &- shiftedProduct(delta2, TrigTables.cosC2, by: 58)
        let (s, c) = TrigTables.sinCosQ62.withUnsafeBufferPointer { ($0[2 &* i], $0[2 &* i &+ 1]) }
        let sv = s &+ mulQ62(s, cosM1) &+ mulQ62(c, sinD)
        let cv = c &+ mulQ62(c, cosM1) &- mulQ62(s, sinD)
        return (roundQ62(sv), roundQ62(cv))
    }

    /// ⌊a·b / 2^shift⌋ for shift in 1...126 (the result must fit in 64 bits).
    @inlinable @inline(__always)
    static func shiftedProduct(_ a: Int64, _ b: Int64, by shift: Int64) -> Int64 {
        let (h, l) = a.multipliedFullWidth(by: b)
        if shift >= 64 { return h &>> (shift &- 64) }
        return (h &<< (64 &- shift)) | Int64(bitPattern: l &>> shift)
    }

    /// atan(num / den) in Q62 turns, in [0, 2^59] (the first octant). Requires 0 ≤ num ≤ den, den > 0.
    /// Not inlinable, for the same reason as `octantSinCos`.
    @usableFromInline
    static func octantAtanTurnsQ62(_ num: UInt64, _ den: UInt64) -> Int64 {
        // r = num/den in Q62 (≤ 2^62; the high word num/4 < den, so the quotient fits).
        let r = den.dividingFullWidth((high: num &>> 2, low: num &<< 62)).quotient
        let i = Int(truncatingIfNeeded: (r &+ (1 << 53)) &>> 54)        // nearest point i/256, 0...256
        let h = Int64(bitPattern: r) &- (Int64(i) &<< 54)                // r - i/256, |h| ≤ 2^53 (2^-9)
        // atan(i/256 + h) = c0 + h(c1 + h(c2 + h(c3 + h·c4))) + O(h⁵/5), coefficients in turns.
        return TrigTables.atanTaylorQ62.withUnsafeBufferPointer { t in
            let k = 5 &* i
            var acc = t[k &+ 4]
            acc = t[k &+ 3] &+ mulQ62(h, acc)
            acc = t[k &+ 2] &+ mulQ62(h, acc)
            acc = t[k &+ 1] &+ mulQ62(h, acc)
            return t[k] &+ mulQ62(h, acc)
        }
    }

    /// The angle of (±x, y ≥ 0) in Q62 turns, in [0, 2^61] (a half turn); not both zero.
    @inlinable
    static func halfPlaneTurnsQ62(y: UInt64, x: UInt64, xNegative: Bool) -> Int64 {
        let steep = y > x
        let a = octantAtanTurnsQ62(steep ? x : y, steep ? y : x)
        let firstQuadrant = steep ? (1 << 60) &- a : a
        return xNegative ? (1 << 61) &- firstQuadrant : firstQuadrant
    }

    /// For |x| = m / 2^32 ≤ 1: (|x|, √(1 - x²)) in Q62, the root rounded to nearest.
    @inlinable
    static func unitLegs(_ m: UInt64) -> (UInt64, UInt64) {
        let oneMinusSquare = (UInt128(1) << 64) &- UInt128(m) &* UInt128(m)   // (1 - x²) · 2^64, exact
        let root = Fixed.isqrtRounded(oneMinusSquare &<< 60)                   // √(1 - x²) · 2^62
        return (m &<< 30, UInt64(truncatingIfNeeded: root))
    }
}
