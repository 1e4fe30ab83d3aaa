/// Conversions between binary angles and radians, degrees and turns.
///
/// Radians go through 2π and 1/(2π) held to 192 fraction bits (Generated/TrigTables.swift);
/// the product error (< 2^-129) is far below the closest any exact result comes to a
/// rounding tie over the whole Int64 range (≈ 6e-22, from the continued fraction of π,
/// checked by the generator), so both directions are correctly rounded, half to even.
extension Angle {
    /// The angle nearest to `radians` (correctly rounded, half to even). Never overflows.
    /// Angle → radians → Angle is the identity; radians → Angle → radians is within 2^-32·(π + 1/2).
    @inlinable
    public init(radians: Fixed) {
        let (q, _) = TrigKernel.mulRoundedHalfEven(radians.raw, integer: 0, fraction: TrigTables.invTwoPiFraction)
        self.init(raw: q)
    }

    /// The angle in radians, correctly rounded (half to even). Traps when the result leaves the
    /// Fixed range (|raw| beyond about 3.4e8 turns); see `radiansReportingOverflow`.
    @inlinable
    public var radians: Fixed {
        let (r, overflow) = radiansReportingOverflow
        precondition(!overflow, "Angle.radians overflows Fixed")
        return r
    }

    /// The angle in radians, correctly rounded, and whether it overflowed Fixed.
    @inlinable
    public var radiansReportingOverflow: (partialValue: Fixed, overflow: Bool) {
        let (q, o) = TrigKernel.mulRoundedHalfEven(raw, integer: TrigTables.twoPiInteger, fraction: TrigTables.twoPiFraction)
        return (Fixed(raw: q), o)
    }

    /// The angle nearest to `degrees`: raw = degrees.raw / 360 exactly, rounded once (half to even).
    /// Whole degrees that are multiples of 45°/2^k land exactly (90° is the quarter turn, 45° is 2^29).
    @inlinable
    public init(degrees: Fixed) {
        self.init(raw: Int64(truncatingIfNeeded: Fixed.roundedQuotient(Int128(degrees.raw), 360)))
    }

    /// The angle in degrees, exactly (raw · 360 / 2^32). Traps when the result leaves the Fixed
    /// range (|raw| beyond about 6e6 turns).
    @inlinable
    public var degrees: Fixed {
        let (d, overflow) = raw.multipliedReportingOverflow(by: 360)
        precondition(!overflow, "Angle.degrees overflows Fixed")
        return Fixed(raw: d)
    }

    /// An angle of `t` turns (the same raw number: exact and free).
    @inlinable public static func turns(_ t: Fixed) -> Angle { Angle(raw: t.raw) }

    /// The angle in turns (the same raw number: exact and free).
    @inlinable public var turns: Fixed { Fixed(raw: raw) }
}

extension Fixed {
    /// π, correctly rounded.
    public static let pi = Fixed(raw: TrigTables.piRaw)
    /// 2π, correctly rounded.
    public static let twoPi = Fixed(raw: TrigTables.twoPiRaw)
    /// π/2, correctly rounded.
    public static let halfPi = Fixed(raw: TrigTables.halfPiRaw)
}

extension TrigKernel {
    /// `v · (integer + 0.f0f1f2)` rounded to nearest, half to even (symmetric in sign), with the
    /// 256-bit product formed exactly in 64-bit limbs; `overflow` when the rounded result does not
    /// fit in Int64 (then the value is the wrapped low 64 bits).
    @inlinable
    static func mulRoundedHalfEven(
        _ v: Int64, integer: UInt64, fraction f: (UInt64, UInt64, UInt64)
    ) -> (Int64, overflow: Bool) {
        let m = v.magnitude
        let p2 = m.multipliedFullWidth(by: f.2)
        let p1 = m.multipliedFullWidth(by: f.1)
        let p0 = m.multipliedFullWidth(by: f.0)
        let pi = m.multipliedFullWidth(by: integer)
        // Fraction limbs (most significant first): frac2 frac1 (p2.low only feeds the sticky bit).
        let (frac1, c1) = p2.high.addingReportingOverflow(p1.low)
        let (t2, c2a) = p1.high.addingReportingOverflow(p0.low)
        let (frac2, c2b) = t2.addingReportingOverflow(c1 ? 1 : 0)
        // Integer part: pi + p0.high + carry, as (qHigh, qLow).
        let (t0, c0a) = pi.low.addingReportingOverflow(p0.high)
        let (qLow0, c0b) = t0.addingReportingOverflow(c2a || c2b ? 1 : 0)
        var qHigh = pi.high &+ (c0a ? 1 : 0) &+ (c0b ? 1 : 0)
        var qLow = qLow0
        let half: UInt64 = 1 << 63
        if frac2 > half || (frac2 == half && ((frac1 | p2.low) != 0 || qLow & 1 != 0)) {
            let (r, c) = qLow.addingReportingOverflow(1)
            qLow = r
            if c { qHigh &+= 1 }
        }
        if v < 0 {
            return (0 &- Int64(bitPattern: qLow), qHigh != 0 || qLow > half)
        }
        return (Int64(bitPattern: qLow), qHigh != 0 || qLow >= half)
    }
}
