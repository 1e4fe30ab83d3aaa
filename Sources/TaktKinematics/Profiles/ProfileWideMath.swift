import TaktFixed

/// Exact unsigned 256-bit integer arithmetic for motion-profile planning and evaluation.
///
/// Planning decides the profile case by exact comparisons of products of up to three Q32.32 raw
/// values (up to 2^192) and computes every segment duration as the correctly rounded value of an
/// exact rational (or of the square / cube root of one). Evaluation computes a segment polynomial
/// `p + v·τ + a·τ²/2 + j·τ³/6` exactly (the τ³ term needs up to 252 bits) and rounds once.
/// Only the handful of operations those two jobs need are provided; none allocates.
@usableFromInline
struct ProfileUInt256: Sendable, Comparable {
    @usableFromInline var hi: UInt128
    @usableFromInline var lo: UInt128

    @inlinable init(hi: UInt128, lo: UInt128) { self.hi = hi; self.lo = lo }
    @inlinable init(_ value: UInt128) { hi = 0; lo = value }
    @inlinable init(_ value: Int64) {
        precondition(value >= 0, "ProfileUInt256 from a negative value")
        hi = 0; lo = UInt128(value)
    }

    static let zero = ProfileUInt256(0 as UInt128)

    @inlinable static func < (a: Self, b: Self) -> Bool { a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo }

    /// The full 256-bit product of two 128-bit values.
    @inlinable static func product(_ a: UInt128, _ b: UInt128) -> Self {
        let (h, l) = a.multipliedFullWidth(by: b)
        return Self(hi: h, lo: l)
    }

    /// The product of three non-negative 64-bit values (< 2^192, never overflows).
    @inlinable static func product(_ a: Int64, _ b: Int64, _ c: Int64) -> Self {
        product(UInt128(a) * UInt128(b), UInt128(c))
    }

    /// The product of two non-negative 64-bit values.
    @inlinable static func product(_ a: Int64, _ b: Int64) -> Self {
        Self(UInt128(a) * UInt128(b))
    }

    /// `self · m`, or nil when the product needs more than 256 bits.
    @inlinable func multiplied(by m: UInt128) -> Self? {
        let low = Self.product(lo, m)
        let (hh, hl) = hi.multipliedFullWidth(by: m)
        guard hh == 0 else { return nil }
        let (h, o) = low.hi.addingReportingOverflow(hl)
        return o ? nil : Self(hi: h, lo: low.lo)
    }

    /// `self + b`; traps on overflow (callers stay far below 2^256).
    @inlinable static func + (a: Self, b: Self) -> Self {
        let (l, c) = a.lo.addingReportingOverflow(b.lo)
        return Self(hi: a.hi + b.hi + (c ? 1 : 0), lo: l)
    }

    /// `self - b`; traps when `b > a`.
    @inlinable static func - (a: Self, b: Self) -> Self {
        let (l, borrow) = a.lo.subtractingReportingOverflow(b.lo)
        return Self(hi: a.hi - b.hi - (borrow ? 1 : 0), lo: l)
    }

    /// `self · 2^k` for k in 0..<256; traps when bits would be lost.
    @inlinable func shiftedLeft(_ k: Int) -> Self {
        if k == 0 { return self }
        let r: Self
        if k >= 128 {
            precondition(hi == 0 && (k == 128 || lo >> (256 - k) == 0), "ProfileUInt256 shift overflow")
            r = Self(hi: lo << (k - 128), lo: 0)
        } else {
            precondition(hi >> (128 - k) == 0, "ProfileUInt256 shift overflow")
            r = Self(hi: (hi << k) | (lo >> (128 - k)), lo: lo << k)
        }
        return r
    }

    @inlinable var bitWidth: Int { hi != 0 ? 256 - hi.leadingZeroBitCount : 128 - lo.leadingZeroBitCount }

    @inlinable func bit(_ i: Int) -> Bool { i >= 128 ? (hi >> (i - 128)) & 1 == 1 : (lo >> i) & 1 == 1 }

    /// `⌊self / 2^k⌋` for k in 0..<256.
    @inlinable func shiftedRight(_ k: Int) -> Self {
        if k == 0 { return self }
        if k >= 128 { return Self(hi: 0, lo: hi >> (k - 128)) }
        return Self(hi: hi >> k, lo: (lo >> k) | (hi << (128 - k)))
    }

    /// `self / 2^k` rounded to nearest, ties to even, for k in 1..<256; nil when the result exceeds 128 bits.
    @inlinable func shiftedRightRoundingHalfEven(_ k: Int) -> UInt128? {
        let q = shiftedRight(k)
        guard q.hi == 0 else { return nil }
        let rem = self - q.shiftedLeft(k)
        let half = Self(1 as UInt128).shiftedLeft(k - 1)
        var r = q.lo
        if rem > half || (rem == half && r & 1 == 1) {
            guard r != .max else { return nil }
            r += 1
        }
        return r
    }

    /// `⌊n · 2^shift / d⌋` and the remainder, by binary long division; nil when the quotient
    /// exceeds 256 bits. `d` must be positive. Planning time only (a few hundred iterations).
    static func divide(_ n: Self, shiftedLeftBy shift: Int, by d: Self) -> (quotient: Self, remainder: Self)? {
        precondition(d != .zero, "division by zero")
        var q = Self.zero
        var r = Self.zero
        let top = n.bitWidth
        var i = top + shift - 1
        while i >= 0 {
            let bitIn = i >= shift ? n.bit(i - shift) : false
            // r = 2r + bitIn; r < d < 2^256, so 2r + 1 < 2^257: track the carry.
            let carry = r.hi >> 127 == 1
            r = Self(hi: (r.hi << 1) | (r.lo >> 127), lo: (r.lo << 1) | (bitIn ? 1 : 0))
            guard q.hi >> 127 == 0 else { return nil }
            q = Self(hi: (q.hi << 1) | (q.lo >> 127), lo: q.lo << 1)
            if carry || r >= d {
                r = r &- d
                q.lo |= 1
            }
            i -= 1
        }
        return (q, r)
    }

    /// Wrapping subtraction (used by the long division when the shifted remainder carried out).
    @inlinable static func &- (a: Self, b: Self) -> Self {
        let (l, borrow) = a.lo.subtractingReportingOverflow(b.lo)
        return Self(hi: a.hi &- b.hi &- (borrow ? 1 : 0), lo: l)
    }

    /// The value as an Int64 when it fits.
    @inlinable var int64: Int64? { hi == 0 && lo <= UInt128(Int64.max) ? Int64(lo) : nil }
}

/// Exact rational helpers built on `ProfileUInt256`; results are Q32.32 raw values.
enum ProfileRational {
    /// `n · 2^shift / d` rounded to nearest, ties to even; nil when it does not fit in Int64.
    static func rounded(_ n: ProfileUInt256, shift: Int, _ d: ProfileUInt256) -> Int64? {
        guard let (q, r) = ProfileUInt256.divide(n, shiftedLeftBy: shift, by: d) else { return nil }
        var result = q
        // compare 2r with d without overflow: r ≥ d - r
        let dr = d - r
        if r > dr || (r == dr && q.lo & 1 == 1) { result = q + ProfileUInt256(1 as UInt128) }
        return result.int64
    }

    /// `√(n · 2^shift / d)` correctly rounded to nearest; nil when it does not fit in Int64.
    ///
    /// With x the exact rational and k = ⌊√x⌋ = ⌊√⌊x⌋⌋, the result is k + 1 exactly when
    /// x ≥ (k + ½)², i.e. 4x ≥ 4k² + 4k + 1, i.e. ⌊4x⌋ ≥ 4k² + 4k + 1 (the right side is an integer).
    static func sqrtRounded(_ n: ProfileUInt256, shift: Int, _ d: ProfileUInt256) -> Int64? {
        guard let (m, _) = ProfileUInt256.divide(n, shiftedLeftBy: shift, by: d), m.hi == 0 else { return nil }
        let k = Fixed.isqrtFloor(m.lo)                                  // < 2^64
        guard let (m4, _) = ProfileUInt256.divide(n, shiftedLeftBy: shift + 2, by: d) else { return nil }
        let threshold = ProfileUInt256.product(k, k).multiplied(by: 4)! + ProfileUInt256(4 * k + 1)
        let r = m4 >= threshold ? k + 1 : k
        return r <= UInt128(Int64.max) ? Int64(r) : nil
    }

    /// `∛(n · 2^shift / d)` correctly rounded to nearest; nil when it does not fit in Int64.
    ///
    /// With k = ⌊∛x⌋ = ⌊∛⌊x⌋⌋, the result is k + 1 exactly when x ≥ (k + ½)³, i.e.
    /// ⌊8x⌋ ≥ (2k + 1)³.
    static func cbrtRounded(_ n: ProfileUInt256, shift: Int, _ d: ProfileUInt256) -> Int64? {
        guard let (m, _) = ProfileUInt256.divide(n, shiftedLeftBy: shift, by: d) else { return nil }
        // ⌊∛m⌋ by bisection on the 64 result bits (a root ≥ 2^63 does not fit anyway).
        if m >= ProfileUInt256.product(UInt128(1) << 126, UInt128(1) << 63) { return nil } // m ≥ 2^189 → k ≥ 2^63
        var k: UInt128 = 0
        for b in stride(from: 62, through: 0, by: -1) {
            let c = k | (UInt128(1) << b)
            if ProfileUInt256.product(c * c, c) <= m { k = c }
        }
        guard let (m8, _) = ProfileUInt256.divide(n, shiftedLeftBy: shift + 3, by: d) else { return nil }
        let odd = 2 * k + 1                                              // < 2^64
        let r = m8 >= ProfileUInt256.product(odd * odd, odd) ? k + 1 : k
        return r <= UInt128(Int64.max) ? Int64(r) : nil
    }
}
