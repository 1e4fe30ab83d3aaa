/// Arithmetic on `Fixed`. Products and quotients: 128-bit intermediate, one rounding, half to even.
extension Fixed {
    // MARK: Reporting overflow (never traps)

    @inlinable
    public func addingReportingOverflow(_ other: Fixed) -> (partialValue: Fixed, overflow: Bool) {
        let (r, o) = raw.addingReportingOverflow(other.raw)
        return (Fixed(raw: r), o)
    }

    @inlinable
    public func subtractingReportingOverflow(_ other: Fixed) -> (partialValue: Fixed, overflow: Bool) {
        let (r, o) = raw.subtractingReportingOverflow(other.raw)
        return (Fixed(raw: r), o)
    }

    @inlinable
    public func multipliedReportingOverflow(by other: Fixed) -> (partialValue: Fixed, overflow: Bool) {
        let wide = Fixed.shiftRightRoundingHalfEven(Fixed.wideProduct(raw, other.raw), by: 32)
        if let f = Fixed.narrow(wide) { return (f, false) }
        return (Fixed(raw: Int64(truncatingIfNeeded: wide)), true)
    }

    /// Quotient rounded half to even; division by zero reports overflow.
    @inlinable
    public func dividedReportingOverflow(by other: Fixed) -> (partialValue: Fixed, overflow: Bool) {
        guard other.raw != 0 else { return (.zero, true) }
        let wide = Fixed.roundedQuotient(Int128(raw) << 32, Int128(other.raw))
        if let f = Fixed.narrow(wide) { return (f, false) }
        return (Fixed(raw: Int64(truncatingIfNeeded: wide)), true)
    }

    // MARK: Throwing, naming the quantity (for the simulation path)

    @inlinable
    public func adding(_ other: Fixed, quantity: @autoclosure () -> String) throws(FixedPointError) -> Fixed {
        let (r, o) = addingReportingOverflow(other)
        if o { throw .overflow(quantity: quantity(), operation: "\(self) + \(other)") }
        return r
    }

    @inlinable
    public func subtracting(_ other: Fixed, quantity: @autoclosure () -> String) throws(FixedPointError) -> Fixed {
        let (r, o) = subtractingReportingOverflow(other)
        if o { throw .overflow(quantity: quantity(), operation: "\(self) - \(other)") }
        return r
    }

    @inlinable
    public func multiplied(by other: Fixed, quantity: @autoclosure () -> String) throws(FixedPointError) -> Fixed {
        let (r, o) = multipliedReportingOverflow(by: other)
        if o { throw .overflow(quantity: quantity(), operation: "\(self) × \(other)") }
        return r
    }

    @inlinable
    public func divided(by other: Fixed, quantity: @autoclosure () -> String) throws(FixedPointError) -> Fixed {
        if other.raw == 0 { throw .divisionByZero(quantity: quantity()) }
        let (r, o) = dividedReportingOverflow(by: other)
        if o { throw .overflow(quantity: quantity(), operation: "\(self) ÷ \(other)") }
        return r
    }

    // MARK: Trapping operators (range known by construction)

    @inlinable public static func + (a: Fixed, b: Fixed) -> Fixed { Fixed(raw: a.raw + b.raw) }
    @inlinable public static func - (a: Fixed, b: Fixed) -> Fixed { Fixed(raw: a.raw - b.raw) }
    @inlinable public static prefix func - (a: Fixed) -> Fixed { Fixed(raw: -a.raw) }
    @inlinable public static func += (a: inout Fixed, b: Fixed) { a.raw += b.raw }
    @inlinable public static func -= (a: inout Fixed, b: Fixed) { a.raw -= b.raw }

    @inlinable public static func * (a: Fixed, b: Fixed) -> Fixed {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        precondition(!o, "Fixed multiplication overflow")
        return r
    }

    @inlinable public static func / (a: Fixed, b: Fixed) -> Fixed {
        let (r, o) = a.dividedReportingOverflow(by: b)
        precondition(!o, "Fixed division overflow or division by zero")
        return r
    }

    @inlinable public static func *= (a: inout Fixed, b: Fixed) { a = a * b }
    @inlinable public static func /= (a: inout Fixed, b: Fixed) { a = a / b }

    /// Exact product with an integer; traps on overflow.
    @inlinable public static func * (a: Fixed, n: Int) -> Fixed { Fixed(raw: a.raw * Int64(n)) }
    /// Quotient by an integer, rounded half to even.
    @inlinable public static func / (a: Fixed, n: Int) -> Fixed {
        Fixed(raw: Int64(Fixed.roundedQuotient(Int128(a.raw), Int128(n))))
    }

    // MARK: Wide accumulation

    /// `Σ a[i]·b[i]` accumulated at full 128-bit width and rounded once.
    /// Traps when the rounded sum does not fit.
    @inlinable
    public static func dot(_ a0: Fixed, _ b0: Fixed, _ a1: Fixed, _ b1: Fixed, _ a2: Fixed, _ b2: Fixed) -> Fixed {
        let s = wideProduct(a0.raw, b0.raw) + wideProduct(a1.raw, b1.raw) + wideProduct(a2.raw, b2.raw)
        return Fixed(raw: Int64(shiftRightRoundingHalfEven(s, by: 32)))
    }

    /// `a0·b0 + a1·b1`, accumulated wide and rounded once.
    @inlinable
    public static func dot(_ a0: Fixed, _ b0: Fixed, _ a1: Fixed, _ b1: Fixed) -> Fixed {
        let s = wideProduct(a0.raw, b0.raw) + wideProduct(a1.raw, b1.raw)
        return Fixed(raw: Int64(shiftRightRoundingHalfEven(s, by: 32)))
    }

    /// Dot product of two equal-length arrays, accumulated wide and rounded once;
    /// reports overflow of the accumulator or the result.
    public static func dotReportingOverflow(_ a: [Fixed], _ b: [Fixed]) -> (partialValue: Fixed, overflow: Bool) {
        precondition(a.count == b.count, "dot product of arrays of different lengths")
        var acc: Int128 = 0
        var overflow = false
        for i in a.indices {
            let (s, o) = acc.addingReportingOverflow(wideProduct(a[i].raw, b[i].raw))
            acc = s
            overflow = overflow || o
        }
        let wide = shiftRightRoundingHalfEven(acc, by: 32)
        if !overflow, let f = narrow(wide) { return (f, false) }
        return (Fixed(raw: Int64(truncatingIfNeeded: wide)), true)
    }
}

/// An arithmetic error on the simulation path, naming the quantity involved.
public enum FixedPointError: Error, Equatable, Sendable, CustomStringConvertible {
    case overflow(quantity: String, operation: String)
    case divisionByZero(quantity: String)

    public var description: String {
        switch self {
        case let .overflow(q, op):
            "numeric overflow in \(q) (\(op)): the value leaves the fixed-point range ±2147483648; use smaller units or values"
        case let .divisionByZero(q):
            "division by zero in \(q)"
        }
    }
}
