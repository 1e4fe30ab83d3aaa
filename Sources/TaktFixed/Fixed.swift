/// A signed Q32.32 fixed-point number: `raw / 2^32`, stored in an `Int64`.
///
/// Range is [-2^31, 2^31 - 2^-32] with a resolution of 2^-32 (about 2.3e-10).
/// Every product and quotient goes through a 128-bit intermediate and is
/// rounded exactly once, to nearest with ties to even.
///
/// Two families of operations:
/// - the operators `+ - * /` trap on overflow (like Swift's integers). Use them
///   where the range is known by construction (kinematics inside a robot's reach).
/// - the `…ReportingOverflow` and `throws` variants never trap; the simulation
///   path uses them on user-supplied quantities and names the quantity in the error.
@frozen
public struct Fixed: Sendable, Hashable, Comparable {
    /// The value times 2^32.
    public var raw: Int64

    // The constants are inlinable computed properties, not stored `static let`s: another module
    // reads a stored one through its lazy-initialising accessor (a call, on every use in the
    // engine's hot paths); these fold to immediates.

    /// Number of fraction bits.
    @inlinable public static var fractionBits: Int { 32 }
    /// 2^32 as an Int64: the raw value of 1.
    @inlinable public static var oneRaw: Int64 { 1 << 32 }

    @inlinable public init(raw: Int64) { self.raw = raw }

    /// An integer value; traps if `value` is outside [-2^31, 2^31).
    @inlinable public init(_ value: Int) {
        precondition(value >= -(1 << 31) && value < (1 << 31), "Fixed(\(value)) is out of range")
        raw = Int64(value) << 32
    }

    /// An integer value, or nil when it does not fit.
    @inlinable public init?(exactly value: Int) {
        guard value >= -(1 << 31) && value < (1 << 31) else { return nil }
        raw = Int64(value) << 32
    }

    /// `numerator / denominator`, rounded half to even. Traps on overflow or a zero denominator.
    @inlinable public init(_ numerator: Int, over denominator: Int) {
        let q = Fixed.roundedQuotient(Int128(numerator) << 32, Int128(denominator))
        precondition(q >= Int128(Int64.min) && q <= Int128(Int64.max), "Fixed(\(numerator)/\(denominator)) overflows")
        raw = Int64(q)
    }

    @inlinable public static var zero: Fixed { Fixed(raw: 0) }
    @inlinable public static var one: Fixed { Fixed(raw: 1 << 32) }
    @inlinable public static var half: Fixed { Fixed(raw: 1 << 31) }
    @inlinable public static var max: Fixed { Fixed(raw: .max) }
    @inlinable public static var min: Fixed { Fixed(raw: .min) }
    /// The smallest positive value, 2^-32.
    @inlinable public static var ulp: Fixed { Fixed(raw: 1) }

    @inlinable public static func < (a: Fixed, b: Fixed) -> Bool { a.raw < b.raw }

    @inlinable public var isZero: Bool { raw == 0 }
    @inlinable public var signum: Int { raw > 0 ? 1 : (raw < 0 ? -1 : 0) }
    /// |self|; traps for `Fixed.min`.
    @inlinable public var magnitude: Fixed { Fixed(raw: raw < 0 ? -raw : raw) }

    /// The integer part, rounded toward negative infinity.
    @inlinable public var floorInt: Int { Int(raw >> 32) }
    /// The integer part, rounded toward positive infinity.
    @inlinable public var ceilInt: Int { Int((raw + (Fixed.oneRaw - 1)) >> 32) }
    /// Rounded to the nearest integer, ties to even.
    @inlinable public var roundedInt: Int { Int(Fixed.shiftRightRoundingHalfEven(Int128(raw), by: 32)) }
}

// MARK: - Rounding primitives (the one documented rounding: half to even)

extension Fixed {
    /// `value / 2^shift`, rounded to nearest, ties to even. `shift` in 1...126.
    ///
    /// Branch-free: adding 2^(shift−1) − 1 plus the lowest kept bit carries into the kept
    /// bits exactly when the remainder is above one half, or equal to it with an odd quotient.
    /// Traps only if `value` is within 2^shift of `Int128.max`.
    @inlinable @inline(__always)
    public static func shiftRightRoundingHalfEven(_ value: Int128, by shift: Int) -> Int128 {
        let oddBit = (value >> shift) & 1
        return (value + ((Int128(1) << (shift - 1)) - 1) + oddBit) >> shift
    }

    /// `shiftRightRoundingHalfEven(value, by: 32)` of an unsigned 128-bit value (high and low
    /// words, as `multipliedFullWidth` gives them), capped at `limit`: for products whose factors
    /// are known to be ≥ 0, without the signed 128-bit arithmetic.
    @inlinable @inline(__always)
    public static func shiftRightRoundingHalfEven32(_ value: (high: UInt64, low: UInt64), atMost limit: UInt64) -> UInt64 {
        let (low, carry) = value.low.addingReportingOverflow(0x7FFF_FFFF &+ ((value.low &>> 32) & 1))
        let high = value.high &+ (carry ? 1 : 0)
        guard high < 1 << 32 else { return limit }   // the shifted value needs more than 64 bits
        return Swift.min(high &<< 32 | low &>> 32, limit)
    }

    /// `n / d`, rounded to nearest, ties to even. Traps on `d == 0`.
    @inlinable
    public static func roundedQuotient(_ n: Int128, _ d: Int128) -> Int128 {
        precondition(d != 0, "division by zero")
        var q = n / d                                   // truncates toward zero
        let r = n - q * d
        if r != 0 {
            let twiceR = r.magnitude &* 2
            let dm = d.magnitude
            let awayFromZero = (n < 0) != (d < 0) ? Int128(-1) : Int128(1)
            if twiceR > dm || (twiceR == dm && (q & 1) != 0) { q += awayFromZero }
        }
        return q
    }
}

// MARK: - Wide products

extension Fixed {
    /// The exact 128-bit product of two raw values: one signed 64×64→128 multiply.
    /// (`Int128(a) * Int128(b)` compiles to a longer magnitude-and-negate sequence.)
    @inlinable @inline(__always)
    public static func wideProduct(_ a: Int64, _ b: Int64) -> Int128 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return Int128(_low: low, _high: high)
    }
}

// MARK: - Conversions between raw widths

extension Fixed {
    /// Narrows a wide raw value; nil when it does not fit in 64 bits.
    @inlinable static func narrow(_ wide: Int128) -> Fixed? {
        guard wide >= Int128(Int64.min) && wide <= Int128(Int64.max) else { return nil }
        return Fixed(raw: Int64(truncatingIfNeeded: wide))
    }
}
