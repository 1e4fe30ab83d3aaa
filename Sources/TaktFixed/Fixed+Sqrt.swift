/// Square roots: correctly rounded (to nearest) integer square roots of 128-bit values.
extension Fixed {
    /// √self, correctly rounded to nearest. Returns nil for negative input.
    @inlinable
    public func squareRoot() -> Fixed? {
        guard raw >= 0 else { return nil }
        // √(raw/2^32) · 2^32 = √(raw · 2^32)
        return Fixed(raw: Int64(Fixed.isqrtRounded(UInt128(raw) << 32)))
    }

    /// √(x² + y²), correctly rounded; never overflows internally. Traps if the result leaves the range.
    @inlinable
    public static func hypot(_ x: Fixed, _ y: Fixed) -> Fixed {
        let xx = UInt128(x.raw.magnitude) * UInt128(x.raw.magnitude)
        let yy = UInt128(y.raw.magnitude) * UInt128(y.raw.magnitude)
        // x² + y² < 2^127 + 2^127 fits in UInt128; result raw = √(xx + yy) (already scaled by 2^32).
        let r = isqrtRounded(xx + yy)
        precondition(r <= UInt128(Int64.max), "hypot overflow")
        return Fixed(raw: Int64(r))
    }

    /// ⌊√n⌋ for a 128-bit unsigned integer.
    @inlinable
    public static func isqrtFloor(_ n: UInt128) -> UInt128 {
        if n < 2 { return n }
        // Initial guess from the bit length: 2^ceil(bits/2) ≥ √n, then Newton descends monotonically.
        let bits = 128 - n.leadingZeroBitCount
        var x = UInt128(1) << ((bits + 1) / 2)
        while true {
            let y = (x + n / x) >> 1
            if y >= x { return x }
            x = y
        }
    }

    /// √n rounded to nearest (ties cannot occur for integers: √n = k + 1/2 has no integer solution).
    @inlinable
    public static func isqrtRounded(_ n: UInt128) -> UInt128 {
        let f = isqrtFloor(n)
        // round up when n - f² > f, i.e. n ≥ f² + f + 1 > (f + 1/2)²
        let rem = n - f * f
        return rem > f ? f + 1 : f
    }
}
