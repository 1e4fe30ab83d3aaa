/// Natural logarithm, exponential and power, in integers only.
///
/// `log` is table-driven in 64-bit words (one 64×64→128 product per step) and rounded once,
/// half to even, to Q32.32; its internal error is below 2^-74, so the result is the correctly
/// rounded value except within 2^-74 of a rounding boundary. `exp` is computed in Q62 (its
/// series in 64-bit words too) and rounded once: within half an ulp plus 2^-58 relative.
/// The constants, the table and the bounds quoted here are in `Generated/ExpTables.swift`,
/// produced (and checked) by `gen_exp_tables.py`.
///
/// Range reduction:
/// - `log`: x = m · 2^e with m in [1, 2); i = round((m − 1) · 2^b) (b = 8, i = 0...256) picks
///   J_i ≈ 2^62 / (1 + i/2^b) from the table, so r = m · J_i / 2^62 − 1 is small (|r| < 2^-9)
///   and ln x = e · ln 2 + T_i + ln(1 + r), T_i = ln(2^62 / J_i) from the table (two words),
///   ln(1 + r) by its series through r⁷.
/// - `exp`: x = k · ln 2 + r with k = round(x / ln 2), |r| ≤ ln 2 / 2;
///   eˣ = 2^k · eʳ, the Taylor series of eʳ (17 terms).
extension Fixed {
    /// The natural logarithm; nil for `self ≤ 0`.
    ///
    /// Exact at 1 (`Fixed.one.log() == .zero`). Absolute error ≤ 2^-33 + 2^-74 over the
    /// whole positive range, i.e. the result is the correctly rounded value except within
    /// 2^-74 of a rounding boundary.
    ///
    /// Inlinable (the engine takes one per exponential draw); the kernel stays out of line.
    @inlinable
    public func log() -> Fixed? {
        guard raw > 0 else { return nil }
        let wide = Fixed.lnWide(raw)                                  // Q(63 + 3b)
        return Fixed(raw: Int64(truncatingIfNeeded: Fixed.shiftRightRoundingHalfEven(wide, by: 31 + 3 * ExpTables.logIndexBits)))
    }

    /// eˣ; nil when the result does not fit (x ≥ 31 ln 2 ≈ 21.4876), 0 when it rounds to 0 (x < −22.87).
    ///
    /// Exact at 0 (`exp(.zero) == .one`). Error ≤ half an ulp (2^-33) plus 2^-58 relative:
    /// relative ≤ 2^-33 + 2^-58 where the result is ≥ 1, absolute ≤ 2^-33 + 2^-58 where it is < 1.
    public static func exp(_ x: Fixed) -> Fixed? {
        expQ62(Int128(x.raw) << 30)
    }

    /// xʸ = e^(y · ln x) for x > 0, with y · ln x carried in Q62 (no intermediate Q32 rounding).
    ///
    /// - `pow(0, y)` is 0 for y > 0 and 1 for y = 0; nil for x < 0, and for x = 0 with y < 0.
    /// - `pow(x, 0) == 1` and `pow(x, 1) == x` exactly.
    /// - nil when the result does not fit; 0 when it rounds to 0.
    /// Error: half an ulp plus about 2^-58 · (1 + |y ln x|) relative.
    public static func pow(_ x: Fixed, _ y: Fixed) -> Fixed? {
        if x.raw <= 0 {
            guard x.raw == 0 else { return nil }
            return y.raw > 0 ? .zero : (y.raw == 0 ? .one : nil)
        }
        if y.raw == 0 { return .one }
        if y == .one { return x }
        let l = lnQ62(x.raw)                                   // |l| < 22 · 2^62
        let (product, overflow) = Int128(y.raw).multipliedReportingOverflow(by: l)
        if overflow {
            // |y ln x| ≥ 2^33: far outside exp's range either way.
            return (y.raw < 0) == (l < 0) ? nil : .zero
        }
        return expQ62(shiftRightRoundingHalfEven(product, by: 32))
    }

    // MARK: - Kernels

    /// ln(raw / 2^32) · 2^62 for raw > 0, error < 2^-62.
    static func lnQ62(_ raw: Int64) -> Int128 {
        shiftRightRoundingHalfEven(lnWide(raw), by: 3 * ExpTables.logIndexBits + 1)
    }

    /// ln(raw / 2^32) · 2^(63+3b) for raw > 0 (b = `ExpTables.logIndexBits` = 8: Q87), with
    /// error < 2^-74.9: the series truncated after r⁷ (< 2^-75, asserted by the generator) plus
    /// below 2^-80 in all: e · ln 2 (ln 2 in Q87, |e| ≤ 32: ≤ 2^-83), T_i (two words, floored
    /// to Q87), r (exact, floored to Q87), r²/2 (from r floored to Q72: < 2^-80), r³ s (< 2^-85).
    ///
    /// Every step is a 64-bit add or one 64×64→128 product (`multipliedFullWidth`); the final
    /// sum is a few 128-bit adds and shifts. No division. Not inlinable on purpose: inside this
    /// module the table is a statically initialized global read by address.
    @usableFromInline
    static func lnWide(_ raw: Int64) -> Int128 {
        let b = ExpTables.logIndexBits
        let lz = raw.leadingZeroBitCount                                   // 1...63 for raw > 0
        let e = 31 &- lz                                                   // x = m · 2^e
        let mant = UInt64(bitPattern: raw) &<< UInt64(lz)                  // m · 2^63, m in [1, 2)
        // nearest table point: i = round((m − 1) · 2^b), 0...2^b
        let i = Int(truncatingIfNeeded: ((mant & ((1 << 63) - 1)) &+ (1 << (62 - b))) &>> (63 - b))
        let (j, tHigh, tLow) = ExpTables.logTable.withUnsafeBufferPointer {
            ($0[3 &* i], $0[3 &* i &+ 1], $0[3 &* i &+ 2])
        }
        // r = m · J_i / 2^62 − 1: exact as d = r · 2^125 (the 128-bit product minus 2^125,
        // |d| < 2^116), and floored to r · 2^(64+b) in an Int64 for the series (|r| < 2^-(b+1)).
        let (ph, pl) = mant.multipliedFullWidth(by: UInt64(bitPattern: j))
        let d = Int128(_low: pl, _high: Int64(bitPattern: ph)) &- (Int128(1) << 125)
        let r = Int64(truncatingIfNeeded: d &>> (61 - b))                            // Q72
        // ln(1 + r) = r − r²/2 + r³ · s, s = (1/3 − r/4) + r² (1/5 − r/6 + r²/7), in a short
        // dependency chain (Estrin); each coefficient is pre-scaled so that its product with r or
        // r² (the high word) lands on the scale of the term it is added to, with no shift.
        let r2 = r.multipliedFullWidth(by: r).high                                   // r² in Q(64 + 2b) = Q80
        let r3 = r2.multipliedFullWidth(by: r).high                                  // r³ in Q(64 + 3b) = Q88
        let s34 = ExpTables.logC3 &+ r.multipliedFullWidth(by: ExpTables.logC4).high // 1/3 − r/4, Q63
        let s57 = ExpTables.logC5 &+ r.multipliedFullWidth(by: ExpTables.logC6).high
            &+ r2.multipliedFullWidth(by: ExpTables.logC7).high                      // 1/5 − r/6 + r²/7, Q47
        let s = s34 &+ r2.multipliedFullWidth(by: s57).high                          // Q63
        let r3s = r3.multipliedFullWidth(by: s).high                                 // r³ s in Q(63 + 3b) = Q87
        // the sum in Q(63 + 3b) = Q87
        let eLn2: Int128 = Int128(e) &* ExpTables.ln2Wide
        let t: Int128 = (Int128(tHigh) &<< (3 * b)) &+ Int128(tLow &>> (64 - 3 * b))
        let series: Int128 = (d &>> (62 - 3 * b)) &- (Int128(r2) &<< (b - 2)) &+ Int128(r3s)   // r − r²/2 + r³ s
        return eLn2 &+ t &+ series
    }

    /// e^(a / 2^62) rounded to Q32.32; nil on overflow, 0 on underflow.
    static func expQ62(_ a: Int128) -> Fixed? {
        let one = ExpTables.oneQ62
        if a > 22 * one { return nil }                       // e^22 > 2^31
        if a < -23 * one { return .zero }                    // e^-23 < 2^-33: rounds to 0
        // k = round(a / ln 2), from a in Q32 times 1/ln 2 in Q62 (Q94); |a >> 30| < 2^37.
        let k = Int((wideProduct(Int64(truncatingIfNeeded: a >> 30), ExpTables.invLn2Q62) + (Int128(1) << 93)) >> 94)   // −34...32
        let r = a - shiftRightRoundingHalfEven(Int128(k) &* ExpTables.ln2Q120, by: 58)   // |r| ≤ ln2/2 + 2^-30
        // r and every partial sum of the series (< e^(ln2/2) < 1.5) fit an Int64 in Q62.
        let r64 = Int64(truncatingIfNeeded: r)
        let p = ExpTables.expCoefficients.withUnsafeBufferPointer { c in
            var p = c[c.count - 1]
            var n = c.count - 2
            while n >= 0 {                                   // Σ rⁿ / n!
                p = c[n] &+ mulQ62(p, r64)
                n -= 1
            }
            return p
        }
        // result · 2^32 = p · 2^(k − 30)
        let shift = 30 - k
        let wide = shift > 0 ? shiftRightRoundingHalfEven(Int128(p), by: shift) : Int128(p) << -shift
        return narrow(wide)
    }

    /// (a · b) / 2^62 rounded half up, for |a · b| < 2^125.
    @inline(__always)
    static func mulQ62(_ a: Int64, _ b: Int64) -> Int64 {
        Int64(truncatingIfNeeded: (wideProduct(a, b) &+ (Int128(1) << 61)) &>> 62)
    }
}
