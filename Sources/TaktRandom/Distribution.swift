import TaktFixed

/// A probability distribution of a `Fixed` quantity (a process time, a time to failure, a yield …),
/// with parameters as engineers state them.
///
/// Sampling (`sample(_:)`, in Distribution+Sampling.swift) is integer-only, deterministic for a given
/// stream state, allocation-free, and never traps — not even for parameters that fail `validate()`
/// (those give a deterministic but unspecified value; validate configurations before running).
/// Results that leave the fixed-point range saturate at `Fixed.max` / `Fixed.min`.
///
/// Note: `normal` can be negative whatever its mean; callers that sample durations clamp at 0.
public enum Distribution: Sendable, Equatable {
    /// Always the value; consumes no draws.
    case constant(Fixed)
    /// Continuous uniform on [min, max).
    case uniform(min: Fixed, max: Fixed)
    /// Triangular on [min, max] with its peak at mode.
    case triangular(min: Fixed, mode: Fixed, max: Fixed)
    /// Exponential with the given mean (rate = 1/mean).
    case exponential(mean: Fixed)
    /// Normal (Gaussian). Can be negative; the tails are cut at about ±6.66 sd (probability < 3e-11).
    case normal(mean: Fixed, sd: Fixed)
    /// Lognormal given by the mean and standard deviation OF THE VARIABLE ITSELF (not of its log).
    /// Internally σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2. Draws beyond `Fixed.max` clamp to it.
    case lognormal(mean: Fixed, sd: Fixed)
    /// Weibull: scale · E^(1/shape), E a standard exponential. shape 1 is exponential with mean `scale`.
    case weibull(shape: Fixed, scale: Fixed)
    /// 1 with probability p, otherwise 0.
    case bernoulli(p: Fixed)
    /// One of `values`, chosen with probability proportional to `weights`, or equally likely when
    /// `weights` is nil. Costs one draw; O(values.count) time per sample when weighted.
    case empirical(values: [Fixed], weights: [Fixed]?)
}

// MARK: - Validation

extension Distribution {
    /// A description of what is wrong with the parameters, or nil when they are valid.
    public func validate() -> String? {
        switch self {
        case .constant:
            return nil
        case let .uniform(min, max):
            return min > max ? "uniform: min (\(min)) is greater than max (\(max))" : nil
        case let .triangular(min, mode, max):
            if min > max { return "triangular: min (\(min)) is greater than max (\(max))" }
            if mode < min || mode > max { return "triangular: mode (\(mode)) lies outside [min, max] = [\(min), \(max)]" }
            return nil
        case let .exponential(mean):
            return mean.raw <= 0 ? "exponential: mean must be positive (got \(mean))" : nil
        case let .normal(_, sd):
            return sd.raw < 0 ? "normal: sd must not be negative (got \(sd))" : nil
        case let .lognormal(mean, sd):
            if mean.raw <= 0 { return "lognormal: mean must be positive (got \(mean))" }
            if sd.raw < 0 { return "lognormal: sd must not be negative (got \(sd))" }
            return nil
        case let .weibull(shape, scale):
            if shape.raw <= 0 { return "weibull: shape must be positive (got \(shape))" }
            if scale.raw <= 0 { return "weibull: scale must be positive (got \(scale))" }
            return nil
        case let .bernoulli(p):
            return p < .zero || p > .one ? "bernoulli: p must lie in [0, 1] (got \(p))" : nil
        case let .empirical(values, weights):
            if values.isEmpty { return "empirical: no values to choose from" }
            guard let weights else { return nil }
            if weights.count != values.count {
                return "empirical: \(values.count) values but \(weights.count) weights"
            }
            var total: Int128 = 0
            for (i, w) in weights.enumerated() {
                if w.raw < 0 { return "empirical: weights[\(i)] is negative (\(w))" }
                total += Int128(w.raw)
            }
            if total == 0 { return "empirical: the weights are all zero" }
            if total > Int128(Int64.max) { return "empirical: the weights sum beyond the fixed-point range (2147483648)" }
            return nil
        }
    }
}

// MARK: - Analytic mean

extension Distribution {
    /// The analytic mean, rounded to Fixed; nil when the parameters are invalid or the mean is not
    /// representable. Exact (one rounding) for all but `weibull`, whose λ·Γ(1 + 1/k) is computed with
    /// fixed-point logarithms (relative error about 1e-8).
    public var mean: Fixed? {
        guard validate() == nil else { return nil }
        switch self {
        case let .constant(c):
            return c
        case let .uniform(min, max):
            return Fixed(raw: Int64(Fixed.shiftRightRoundingHalfEven(Int128(min.raw) + Int128(max.raw), by: 1)))
        case let .triangular(min, mode, max):
            return Fixed(raw: Int64(Fixed.roundedQuotient(Int128(min.raw) + Int128(mode.raw) + Int128(max.raw), 3)))
        case let .exponential(mean), let .normal(mean, _), let .lognormal(mean, _):
            return mean
        case let .weibull(shape, scale):
            return Distribution.weibullMean(shape: shape, scale: scale)
        case let .bernoulli(p):
            return p
        case let .empirical(values, weights):
            guard let weights else {
                var sum: Int128 = 0
                for v in values { sum += Int128(v.raw) }
                return Fixed(raw: Int64(Fixed.roundedQuotient(sum, Int128(values.count))))
            }
            var weighted: Int128 = 0, total: Int128 = 0
            for (v, w) in zip(values, weights) {
                let (s, o) = weighted.addingReportingOverflow(Int128(v.raw) * Int128(w.raw))
                if o { return nil }
                weighted = s
                total += Int128(w.raw)
            }
            // Σ v w / Σ w, both in raw units: (Σ v·w / 2^32) / (Σ w / 2^32) · 2^32 = Σ v·w / Σ w
            return Fixed(raw: Int64(Fixed.roundedQuotient(weighted, total)))
        }
    }

    /// λ · Γ(1 + 1/k) = exp(ln λ + lnΓ(1 + 1/k)), lnΓ by Stirling's series after shifting the
    /// argument to ≥ 16 (the first omitted term is below 2^-38).
    static func weibullMean(shape: Fixed, scale: Fixed) -> Fixed? {
        let (x, overflow) = Fixed.one.dividedReportingOverflow(by: shape)
        guard !overflow, x <= Fixed(40) else { return nil }          // Γ(41) > e^110: never representable
        var z = Fixed.one + x
        var shiftLog = Fixed.zero                                      // Σ ln(z + j) over the shift
        while z < Fixed(16) {
            shiftLog += z.log()!
            z += .one
        }
        let halfLn2Pi = Fixed(raw: 3_946_810_947)                     // ½ ln 2π, rounded
        let inv = Fixed.one / z
        let inv2 = inv * inv
        // 1/(12z) − 1/(360z³) + 1/(1260z⁵)
        let series = inv * (Fixed(1, over: 12) - inv2 * (Fixed(1, over: 360) - inv2 * Fixed(1, over: 1260)))
        let lnGamma = (z - .half) * z.log()! - z + halfLn2Pi + series - shiftLog
        return Fixed.exp(scale.log()! + lnGamma)
    }
}
