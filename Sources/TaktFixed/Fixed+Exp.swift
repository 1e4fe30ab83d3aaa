/// Natural logarithm, exponential and power, in integers only.
///
/// Everything is computed in Q62 (value · 2^62) in `Int128` and rounded once, half to even,
/// to Q32.32 at the end. Internal error is below 2^-58, so the results are within
/// 2^-33 + 2^-58 of the exact value for `log`, and for `exp` within half an ulp plus
/// 2^-58 relative (the constants and the series bounds are in `Generated/ExpTables.swift`,
/// produced by `gen_exp_tables.py`).
///
/// Range reduction:
/// - `log`: x = m · 2^e with m in [√½, √2); ln x = e · ln 2 + 2 atanh((m − 1)/(m + 1)),
///   the atanh series in s² with |s| ≤ 3 − 2√2 ≈ 0.1716 (12 terms).
/// - `exp`: x = k · ln 2 + r with k = round(x / ln 2), |r| ≤ ln 2 / 2;
///   eˣ = 2^k · eʳ, the Taylor series of eʳ (17 terms).
extension Fixed {
    /// The natural logarithm; nil for `self ≤ 0`.
    ///
    /// Exact at 1 (`Fixed.one.log() == .zero`). Absolute error ≤ 2^-33 + 2^-58 over the
    /// whole positive range, i.e. the result is the correctly rounded value except within
    /// 2^-58 of a rounding boundary.
    public func log() -> Fixed? {
        guard raw > 0 else { return nil }
        return Fixed(raw: Int64(Fixed.shiftRightRoundingHalfEven(Fixed.lnQ62(raw), by: 30)))
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

    // MARK: - Kernels (Q62 in Int128)

    /// ln(raw / 2^32) · 2^62 for raw > 0, error < 2^-60.
    static func lnQ62(_ raw: Int64) -> Int128 {
        let one = ExpTables.oneQ62
        let n = 63 - raw.leadingZeroBitCount                 // top bit position, 0...62
        let m = Int128(raw) << (62 - n)                      // mantissa in [1, 2), Q62, exact
        var e = n - 32                                       // x = m · 2^e
        let num: Int128, den: Int128
        if m > ExpTables.sqrt2Q62 {                          // use m/2 in [√½, 1): s = (m − 2)/(m + 2)
            num = m - 2 * one
            den = m + 2 * one
            e += 1
        } else {                                             // m in [1, √2]: s = (m − 1)/(m + 1)
            num = m - one
            den = m + one
        }
        let s = roundedQuotient(num << 62, den)              // |s| ≤ 0.1716
        let s2 = mulQ62(s, s)
        let c = ExpTables.logCoefficients
        var p = c[c.count - 1]
        var k = c.count - 2
        while k >= 0 {                                       // Σ s^(2k) / (2k + 1)
            p = c[k] + mulQ62(p, s2)
            k -= 1
        }
        let lnM = (s * p + (Int128(1) << 60)) >> 61          // 2 s p
        return lnM + shiftRightRoundingHalfEven(Int128(e) * ExpTables.ln2Q120, by: 58)
    }

    /// e^(a / 2^62) rounded to Q32.32; nil on overflow, 0 on underflow.
    static func expQ62(_ a: Int128) -> Fixed? {
        let one = ExpTables.oneQ62
        if a > 22 * one { return nil }                       // e^22 > 2^31
        if a < -23 * one { return .zero }                    // e^-23 < 2^-33: rounds to 0
        // k = round(a / ln 2), from a in Q32 times 1/ln 2 in Q62 (Q94); |a >> 30| < 2^37.
        let k = Int((((a >> 30) * ExpTables.invLn2Q62) + (Int128(1) << 93)) >> 94)   // −34...32
        let r = a - shiftRightRoundingHalfEven(Int128(k) * ExpTables.ln2Q120, by: 58)   // |r| ≤ ln2/2 + 2^-30
        let c = ExpTables.expCoefficients
        var p = c[c.count - 1]
        var n = c.count - 2
        while n >= 0 {                                       // Σ rⁿ / n!
            p = c[n] + mulQ62(p, r)
            n -= 1
        }
        // result · 2^32 = p · 2^(k − 30)
        let shift = 30 - k
        let wide = shift > 0 ? shiftRightRoundingHalfEven(p, by: shift) : p << -shift
        return narrow(wide)
    }

    /// (a · b) / 2^62 rounded half up, for |a · b| < 2^126.
    @inline(__always)
    static func mulQ62(_ a: Int128, _ b: Int128) -> Int128 {
        (a * b + (Int128(1) << 61)) >> 62
    }
}
