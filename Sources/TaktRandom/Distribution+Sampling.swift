import TaktFixed

/// Sampling: integer-only, allocation-free, never traps.
///
/// Draws consumed per sample depend only on the draws, never on the parameters, so two scenarios that
/// differ only in a distribution's parameters stay aligned draw for draw (common random numbers):
/// - constant: none;
/// - uniform, triangular, bernoulli, empirical: exactly one (inversion);
/// - exponential, weibull: one standard exponential by the ziggurat, which takes one draw 97.8 % of
///   the time and a few more otherwise (an exponential with mean m is m times it, a Weibull a power of
///   it, so changing m, the shape or the scale changes no draw);
/// - normal, lognormal: Marsaglia's polar method, two draws per attempt, 1.27 attempts on average.
///
/// Invalid parameters (see `validate()`) give a deterministic value without trapping: inverted
/// uniform/triangular bounds are used as given/sorted, exponential/normal use the numbers as given,
/// lognormal with mean ≤ 0 and weibull with shape ≤ 0 give 0, a bad empirical weight list falls back
/// to equally likely values, an empty empirical gives 0.
extension Distribution {
    /// One sample drawn from `stream`.
    public func sample(_ stream: inout RandomStream) -> Fixed {
        switch self {
        case let .constant(c):
            return c

        case let .uniform(min, max):
            // min + (max − min) · U, floor: in [min, max) (exactly min when min == max)
            let u = Int128(stream.next() >> 32)
            let width = Int128(max.raw) - Int128(min.raw)
            return Fixed(raw: Int64(Int128(min.raw) + ((width * u) >> 32)))

        case let .triangular(min, mode, max):
            return Distribution.triangular(min: min, mode: mode, max: max, u: stream.next() >> 32)

        case let .exponential(mean):
            return Distribution.sampleExponential(mean: mean, &stream)

        case let .normal(mean, sd):
            let z = Distribution.standardNormal(&stream)
            return Distribution.saturating(Int128(mean.raw) + Distribution.roundedProduct(sd, z))

        case let .lognormal(mean, sd):
            let z = Distribution.standardNormal(&stream)                          // drawn first: aligned even if invalid
            guard mean.raw > 0 else { return .zero }
            guard sd.raw > 0 else { return mean }
            let (mu, sigma) = Distribution.lognormalParameters(mean: mean, sd: sd)
            let y = Distribution.saturating(Int128(mu.raw) + Distribution.roundedProduct(sigma, z))
            return Fixed.exp(y) ?? .max                                            // beyond the range: clamp

        case let .weibull(shape, scale):
            let e = Distribution.standardExponential(&stream)                   // standard exponential, ≥ 0
            guard shape.raw > 0 else { return .zero }
            let (inverseShape, o) = Fixed.one.dividedReportingOverflow(by: shape)
            let p = Fixed.pow(e, o ? .max : inverseShape) ?? .max                 // e^(1/k), nil only on overflow
            return Distribution.saturatingProduct(scale, p)

        case let .bernoulli(p):
            return Int128(stream.next() >> 32) < Int128(p.raw) ? .one : .zero

        case let .empirical(values, weights):
            let draw = stream.next()
            guard !values.isEmpty else { return .zero }
            if let weights, weights.count == values.count {
                var total: Int128 = 0
                var valid = true
                for w in weights {
                    if w.raw < 0 { valid = false }
                    total += Int128(w.raw)
                }
                if valid && total > 0 && total <= Int128(Int64.max) {
                    // target uniform in [0, total) from one draw (multiply-high); zero weights are never chosen
                    let target = Int64(draw.multipliedFullWidth(by: UInt64(total)).high)
                    var acc: Int64 = 0
                    for i in weights.indices {
                        acc += weights[i].raw
                        if target < acc { return values[i] }
                    }
                    return values[values.count - 1]                                 // unreachable: target < total
                }
            }
            return values[Int(draw.multipliedFullWidth(by: UInt64(values.count)).high)]
        }
    }

    /// `sample(_:)` of `.exponential(mean:)`, for a caller that knows the case: inlined there, it
    /// spares the switch over the cases and the copy of the enum.
    @inlinable @inline(__always)
    public static func sampleExponential(mean: Fixed, _ stream: inout RandomStream) -> Fixed {
        let e = standardExponential(&stream)
        guard mean.raw >= 0 else { return saturatingProduct(mean, e) }
        // Both factors ≥ 0 (the sample always is): `saturatingProduct` on unsigned words.
        let product = UInt64(truncatingIfNeeded: mean.raw).multipliedFullWidth(by: UInt64(truncatingIfNeeded: e.raw))
        return Fixed(raw: Int64(truncatingIfNeeded: Fixed.shiftRightRoundingHalfEven32(product, atMost: UInt64(Int64.max))))
    }

    /// A standard exponential (mean 1), ≥ 0: `stream.nextStandardExponential()` (the ziggurat).
    @inlinable @inline(__always)
    public static func standardExponential(_ stream: inout RandomStream) -> Fixed {
        stream.nextStandardExponential()
    }

    /// The ziggurat's slow path for a point (strip `i`, position `j`) outside the next strip's width
    /// (the fast test has just failed for it):
    /// - strip 0 (the base, whose part beyond r stands for the tail): r + a fresh standard exponential,
    ///   by inversion (the tail of an exponential is an exponential: it has no memory);
    /// - the others: a fresh uniform height y in the strip; the point is kept if y < e^−x (both
    ///   compared in Q32.32), else the whole draw starts again, with the fast test first.
    static func exponentialEdge(strip i0: Int, j j0: UInt64, _ stream: inout RandomStream) -> Fixed {
        var i = i0, j = j0
        @inline(__always) func point() -> Fixed {
            Fixed(raw: Int64(truncatingIfNeeded: j.multipliedFullWidth(by: ZigguratTables.strips[2 * i]).high &>> 16))
        }
        while true {
            if i == 0 {
                return Fixed(raw: ZigguratTables.tailStartRaw) - logOneMinus(stream.nextOpenUnit())
            }
            let x = point()
            let lo = ZigguratTables.density[i], hi = ZigguratTables.density[i + 1]   // Q63, lo < hi
            let y = lo + (hi - lo).multipliedFullWidth(by: stream.next()).high         // uniform in [lo, hi)
            let fx = Fixed.exp(-x) ?? .zero
            if Int64(truncatingIfNeeded: y >> 31) < fx.raw { return x }
            let bits = stream.next()
            i = Int(truncatingIfNeeded: bits & 0xFF)
            j = bits >> 8
            if j < ZigguratTables.strips[2 * i + 1] { return point() }
        }
    }

    // MARK: - Kernels

    /// ln(1 − u) for u in (0, 1): 1 − u is also in (0, 1) exactly, so the log exists and is negative.
    /// (One is written as the literal 2^32: `Fixed.oneRaw`, a stored constant of another module,
    /// costs a call to its lazy-initialising accessor on every draw.)
    @inlinable @inline(__always)
    static func logOneMinus(_ u: Fixed) -> Fixed {
        Fixed(raw: (1 << 32) - u.raw).log()!
    }

    /// Inversion of the triangular CDF from a 32-bit uniform `u` (U = u / 2^32), with
    /// w = max − min, l = mode − min, r = max − mode:
    /// U < l/w: min + √(U·w·l);  otherwise: max − √((1 − U)·w·r).
    /// √(U·w·l) = √U · √(w·l), each a correctly rounded integer square root, so nothing overflows
    /// even for the widest ranges.
    static func triangular(min a: Fixed, mode c: Fixed, max b: Fixed, u: UInt64) -> Fixed {
        let lo = a.raw <= b.raw ? a : b
        let hi = a.raw <= b.raw ? b : a
        let mode = c < lo ? lo : (c > hi ? hi : c)
        let w = UInt64(bitPattern: hi.raw &- lo.raw)
        if w == 0 { return lo }
        let l = UInt64(bitPattern: mode.raw &- lo.raw)
        let r = UInt64(bitPattern: hi.raw &- mode.raw)
        if UInt128(u) * UInt128(w) < UInt128(l) << 32 {
            let offset = Swift.min(scaledRoot(u, w, l), l)
            return Fixed(raw: lo.raw &+ Int64(bitPattern: offset))
        } else {
            let offset = Swift.min(scaledRoot((1 << 32) - u, w, r), r)
            return Fixed(raw: hi.raw &- Int64(bitPattern: offset))
        }
    }

    /// √(v/2^32 · a · b) in raw units, for v ≤ 2^32 and raw a, b < 2^64.
    @inline(__always)
    static func scaledRoot(_ v: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        let rootV = Fixed.isqrtRounded(UInt128(v) << 32)                           // √(v/2^32) · 2^32 ≤ 2^32
        let rootAB = Fixed.isqrtRounded(UInt128(a) * UInt128(b))                    // √(a·b) raw, < 2^64
        return UInt64((rootV * rootAB + (1 << 31)) >> 32)
    }

    /// A standard normal draw (raw Q32.32) by Marsaglia's polar method, without trigonometry:
    /// (u, v) uniform in the square [-1, 1)², rejected unless 0 < s = u² + v² < 1, then
    /// z = u · √(−2 ln s / s). |z| ≤ √(−2 ln 2^-32) ≈ 6.66.
    static func standardNormal(_ stream: inout RandomStream) -> Fixed {
        while true {
            let u = stream.nextSymmetricUnitRaw()
            let v = stream.nextSymmetricUnitRaw()
            let s64 = Int128(u) * Int128(u) + Int128(v) * Int128(v)                 // s · 2^64, exact
            let s = Fixed.shiftRightRoundingHalfEven(s64, by: 32)                   // s · 2^32
            guard s > 0 && s < Int128(Fixed.oneRaw) else { continue }
            let minus2LnS = -2 * Int128(Fixed(raw: Int64(s)).log()!.raw)             // (0, 44.4] · 2^32
            let ratio = Fixed.roundedQuotient(minus2LnS << 32, s)                   // −2 ln s / s · 2^32, < 2^71
            let factor = Fixed.isqrtRounded(UInt128(ratio) << 32)                   // √ratio · 2^32, < 2^52
            return Fixed(raw: Int64(Fixed.shiftRightRoundingHalfEven(Int128(u) * Int128(factor), by: 32)))
        }
    }

    /// (μ, σ) of the underlying normal from the lognormal's own mean m > 0 and sd s > 0:
    /// σ² = ln(1 + s²/m²) = 2 (ln √(m² + s²) − ln m), μ = ln m − σ²/2.
    static func lognormalParameters(mean m: Fixed, sd s: Fixed) -> (mu: Fixed, sigma: Fixed) {
        // halve both when large so the hypotenuse fits: ln √(m² + s²) = ln √((m/2)² + (s/2)²) + ln 2
        let big = m.raw >= 1 << 62 || s.raw >= 1 << 62
        let h = big ? Fixed.hypot(Fixed(raw: m.raw >> 1), Fixed(raw: s.raw >> 1)) : Fixed.hypot(m, s)
        let lnH = h.log()! + (big ? Fixed(raw: 2_977_044_472) : .zero)        // ln 2, rounded
        let lnM = m.log()!
        let sigma2 = Swift.max((lnH - lnM) * 2, .zero)
        let sigma = sigma2.squareRoot()!
        let mu = lnM - Fixed(raw: sigma2.raw >> 1)
        return (mu, sigma)
    }

    /// a · b rounded, as a wide raw value.
    @inlinable @inline(__always)
    static func roundedProduct(_ a: Fixed, _ b: Fixed) -> Int128 {
        Fixed.shiftRightRoundingHalfEven(Fixed.wideProduct(a.raw, b.raw), by: 32)
    }

    @inlinable @inline(__always)
    static func saturatingProduct(_ a: Fixed, _ b: Fixed) -> Fixed { saturating(roundedProduct(a, b)) }

    /// A wide raw value clamped into [Fixed.min, Fixed.max].
    @inlinable @inline(__always)
    static func saturating(_ wide: Int128) -> Fixed {
        if wide > Int128(Int64.max) { return .max }
        if wide < Int128(Int64.min) { return .min }
        return Fixed(raw: Int64(wide))
    }
}

extension RandomStream {
    /// A standard exponential (mean 1), ≥ 0, by the ziggurat of Marsaglia and Tsang (2000), in integers.
    ///
    /// The area under e^−x is cut into 256 strips of equal area (tables in `Generated/`). One draw picks
    /// a strip i (its low 8 bits) and a point x = j · x_i / 2^56 across it (j, its high 56 bits); when
    /// x lies inside the next strip's width (97.8 % of draws, one comparison) it is under the curve
    /// and is the sample, floored to Q32.32. Otherwise `exponentialEdge` decides. The result is exact
    /// in distribution up to the output's resolution (2^−32) and the wedge test's (2^−32 in density).
    ///
    /// It replaced inversion (−ln U, one 128-bit logarithm per draw), which cost 5–6 ms of the
    /// serial-5 benchmark's 61–65 ms. Not inlinable on purpose: inside this module the tables are statically initialized
    /// and read by address; inlined elsewhere, each read would go through a lazy global accessor. A method
    /// of the stream rather than a static one of `Distribution`: a static function's unused metatype
    /// argument made the compiler call it through a forwarding thunk on every draw.
    public mutating func nextStandardExponential() -> Fixed {
        let bits = next()
        let i = Int(truncatingIfNeeded: bits & 0xFF)
        let j = bits &>> 8
        let (w, k) = ZigguratTables.strips.withUnsafeBufferPointer { ($0[2 &* i], $0[2 &* i &+ 1]) }
        if j < k {
            return Fixed(raw: Int64(truncatingIfNeeded: j.multipliedFullWidth(by: w).high &>> 16))
        }
        return Distribution.exponentialEdge(strip: i, j: j, &self)
    }
}
