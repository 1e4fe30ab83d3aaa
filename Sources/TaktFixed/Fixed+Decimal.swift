/// Exact decimal text ⇄ Q32.32, with no binary floating point anywhere.
///
/// Parsing (`Fixed(decimal:)`):
/// - Grammar: `[+-]? digits? ('.' digits?)? ([eE] [+-]? digits)?` with at least one mantissa
///   digit (".5" and "5." are accepted). No surrounding whitespace, no digit separators.
/// - The written number is an exact rational `m × 10^e`; it is converted to Q32.32 with ONE
///   rounding, to nearest, ties to even (through 128/256-bit integers).
/// - Precision policy: at most 9 significant fractional decimal places, counted after applying
///   the exponent, trailing zeros not counted ("1.50000000000" and "12345e-9" are fine,
///   "0.0000000001" and "1.5e-9" are not). With ≤ 9 places every decimal round-trips exactly:
///   the parse error is at most 2^-33 ≈ 1.16e-10 < 0.5e-9, so `formatted(decimals: 9)` gives
///   the written value back. (No decimal with ≤ 9 places is an exact tie between two raws, since
///   `n·2^32/10^9 = n·2^23/5^9` never has fractional part exactly 1/2.)
/// - Range: the rounded raw must fit in Int64, i.e. the value lies in [-2^31, 2^31 - 2^-32].
///
/// Printing:
/// - `formatted(decimals:)`: the exact value rounded half to even to 0...32 places. Every Q32.32
///   value has a finite decimal expansion of at most 32 places, so `decimals: 32` is exact.
///   A negative value that rounds to zero prints without a sign.
/// - `description`: the shortest decimal with at most 9 places that `Fixed(decimal:)` maps back to
///   the same raw value. Raw values that are not the image of any ≤ 9-place decimal (most raws
///   produced by arithmetic) print the exact value rounded half to even to 10 places, which is still
///   unique per raw (adjacent raws are 2.3e-10 apart) but is not accepted back by the parser.
extension Fixed {
    /// Parses decimal text exactly; see the extension's documentation for the grammar and policy.
    public init(decimal text: String) throws(DecimalError) {
        self = try Fixed.parse(Substring(text))
    }

    /// Parses decimal text exactly; see the extension's documentation for the grammar and policy.
    public static func parse(_ text: Substring) throws(DecimalError) -> Fixed {
        let scalars = Array(text.unicodeScalars)
        let scan: DecimalScan
        do { scan = try DecimalScan.scan(scalars, strictExponent: true) } catch { throw DecimalError(syntax: error, text: String(text)) }
        if scan.end < scalars.count {
            throw DecimalError(syntax: .unexpected(position: scan.end, found: scalars[scan.end]), text: String(text))
        }
        switch scan.rawValue(factor: .identity) {
        case let .success(raw): return Fixed(raw: raw)
        case let .failure(.tooPrecise(places)):
            throw DecimalError(
                kind: .tooPrecise, text: String(text),
                message: "number '\(text)' has \(places) decimal places; at most \(DecimalScan.maxPlaces) are supported (the fixed-point resolution is 2^-32 ≈ 2.3e-10)")
        case .failure(.outOfRange):
            throw DecimalError(
                kind: .outOfRange, text: String(text),
                message: "value \(text) is outside the fixed-point range ±2147483648")
        }
    }

    /// The exact value rounded half to even to `decimals` places (0...32). `decimals: 32` is exact.
    /// Never prints a negative zero.
    public func formatted(decimals: Int) -> String {
        precondition(decimals >= 0 && decimals <= 32, "formatted(decimals:) takes 0...32 places, got \(decimals)")
        let magnitude = raw.magnitude                       // ≤ 2^63, exact even for Fixed.min
        var integerPart = magnitude >> 32                   // ≤ 2^31
        let fraction = UInt128(magnitude & 0xFFFF_FFFF)     // < 2^32
        // fraction/2^32 · 10^d = fraction · 5^d / 2^(32-d); fraction · 5^32 < 2^107 fits.
        let scaled = fraction * DecimalScan.powerOf5(decimals)
        let shift = 32 - decimals
        var digits: UInt128
        if shift == 0 {
            digits = scaled
        } else {
            digits = scaled >> shift
            let rest = scaled & ((UInt128(1) << shift) - 1)
            let half = UInt128(1) << (shift - 1)
            // The parity of the last printed digit: of the fraction digits, or of the integer part when none.
            let lastIsOdd = decimals == 0 ? (integerPart & 1) != 0 : (digits & 1) != 0
            if rest > half || (rest == half && lastIsOdd) { digits += 1 }
        }
        if digits == DecimalScan.powerOf10(decimals) {       // rounding carried into the integer part
            integerPart += 1
            digits = 0
        }
        let negative = raw < 0 && (integerPart != 0 || digits != 0)
        var text = negative ? "-" : ""
        text += String(integerPart)
        if decimals > 0 {
            let fractionText = String(digits)
            text += "."
            text += String(repeating: "0", count: decimals - fractionText.count)
            text += fractionText
        }
        return text
    }
}

extension Fixed: CustomStringConvertible {
    /// The shortest decimal (≤ 9 places) that `Fixed(decimal:)` parses back to this raw value;
    /// otherwise the exact value rounded half to even to 10 places with trailing zeros removed.
    public var description: String {
        for places in 0...DecimalScan.maxPlaces {
            let scale = Int128(DecimalScan.powerOf10(places))
            // The nearest `places`-digit decimal (what formatted(decimals:) prints), as an integer …
            let nearest = Fixed.shiftRightRoundingHalfEven(Int128(raw) * scale, by: 32)
            // … and the raw value it parses back to.
            if Fixed.roundedQuotient(nearest << 32, scale) == Int128(raw) {
                return formatted(decimals: places)
            }
        }
        var text = formatted(decimals: DecimalScan.maxPlaces + 1)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// A decimal text that could not be turned into a `Fixed`.
public struct DecimalError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not a number: empty, a stray character, missing digits.
        case syntax
        /// The value does not fit the fixed-point range ±2147483648.
        case outOfRange
        /// More than 9 significant fractional decimal places.
        case tooPrecise
    }

    public let kind: Kind
    /// The offending text, verbatim.
    public let text: String
    /// A one-line message for users.
    public let message: String

    public init(kind: Kind, text: String, message: String) {
        self.kind = kind
        self.text = text
        self.message = message
    }

    public var description: String { message }

    init(syntax failure: DecimalScan.Failure, text: String) {
        let detail: String
        switch failure {
        case .empty:
            detail = "the text is empty"
        case let .unexpected(position, found):
            detail = "unexpected '\(found)' at position \(position + 1)"
        case let .missingDigits(position):
            detail = "expected a digit at position \(position + 1) (end of text)"
        case let .missingExponentDigits(position):
            detail = "expected exponent digits at position \(position + 1) (end of text)"
        }
        self.init(kind: .syntax, text: text, message: "invalid number '\(text)': \(detail)")
    }
}

// MARK: - The exact scanner and converter (shared with Quantity)

/// A scanned decimal number `±digits × 10^exponent`, normalised (no leading or trailing zeros in
/// `digits`; zero has no digits and exponent 0).
struct DecimalScan: Sendable {
    /// The precision policy: at most this many significant fractional decimal places.
    static let maxPlaces = 9

    var negative: Bool
    /// Significant decimal digits, most significant first, each 0...9.
    var digits: [UInt8]
    /// Saturates near ±10^9 for absurd exponents (the value is then rejected anyway).
    var exponent: Int
    /// Index of the first scalar after the number.
    var end: Int

    enum Failure: Error, Equatable {
        case empty
        case unexpected(position: Int, found: Unicode.Scalar)
        case missingDigits(position: Int)
        case missingExponentDigits(position: Int)
    }

    enum ConversionFailure: Error, Equatable {
        case tooPrecise(places: Int)
        case outOfRange
    }

    /// `raw = n9 × numerator / denominator`, where `n9` is the written value × 10^9 (an integer by
    /// the precision policy). `numerator` includes the 2^32 of the Q32.32 scale.
    struct Factor: Sendable {
        var numerator: UInt128
        var denominator: UInt128

        /// `p/q` internal units per written unit.
        static func ratio(_ p: UInt128, _ q: UInt128) -> Factor {
            Factor(numerator: p << 32, denominator: q * 1_000_000_000)
        }

        static let identity = ratio(1, 1)

        /// Radians to turns: `1/(2π)`. `oneOverTwoPi = round(2^127/(2π)) = round(2^126/π)`, 125 bits,
        /// relative error < 2^-125; with the 2^32 of the Q32.32 scale folded in, the denominator is
        /// 10^9 · 2^95. The product and quotient are exact (256-bit), so the only error before the
        /// single half-even rounding is the constant's, < 2^63 · 2^-125 = 2^-62 ulp: results are
        /// correctly rounded unless the exact value lies within 2^-62 ulp of a tie.
        /// Derived with mpmath: `int(nint(mpf(2)**126/pi))` at 400-bit precision.
        static let perRadian = Factor(
            numerator: 0x145F_306D_C9C8_82A5_3F84_EAFA_3EA6_9BB8,
            denominator: UInt128(1_000_000_000) << 95)
    }

    /// Scans the longest number prefix of `s`. With `strictExponent`, an 'e'/'E' not followed by
    /// exponent digits is an error; otherwise it is left unscanned (for "2 em"-style suffixes).
    /// Throws rather than returning a `Result`: a result holding a scan (which owns an array) made
    /// every caller destroy it through a generic-metadata instantiation, ~10,000 instructions each.
    static func scan(_ s: [Unicode.Scalar], strictExponent: Bool) throws(Failure) -> DecimalScan {
        if s.isEmpty { throw .empty }
        var i = 0
        var negative = false
        if s[i] == "+" || s[i] == "-" {
            negative = s[i] == "-"
            i += 1
        }
        var mantissa: [UInt8] = []
        var fractionCount = 0
        while i < s.count, let d = digit(s[i]) {
            mantissa.append(d)
            i += 1
        }
        if i < s.count, s[i] == "." {
            i += 1
            while i < s.count, let d = digit(s[i]) {
                mantissa.append(d)
                fractionCount += 1
                i += 1
            }
        }
        if mantissa.isEmpty {
            throw i < s.count ? .unexpected(position: i, found: s[i]) : .missingDigits(position: i)
        }
        var writtenExponent = 0
        if i < s.count, s[i] == "e" || s[i] == "E" {
            var j = i + 1
            var exponentNegative = false
            if j < s.count, s[j] == "+" || s[j] == "-" {
                exponentNegative = s[j] == "-"
                j += 1
            }
            if j < s.count, digit(s[j]) != nil {
                while j < s.count, let d = digit(s[j]) {
                    if writtenExponent < 100_000_000 { writtenExponent = writtenExponent * 10 + Int(d) }
                    j += 1
                }
                if exponentNegative { writtenExponent = -writtenExponent }
                i = j
            } else if strictExponent {
                throw j < s.count ? .unexpected(position: j, found: s[j]) : .missingExponentDigits(position: j)
            }
        }
        // Normalise: drop leading zeros, move trailing zeros into the exponent.
        let first = mantissa.firstIndex { $0 != 0 }
        guard let first else {
            return DecimalScan(negative: negative, digits: [], exponent: 0, end: i)
        }
        let last = mantissa.lastIndex { $0 != 0 }!
        let trailingZeros = mantissa.count - 1 - last
        let exponent = writtenExponent - fractionCount + trailingZeros
        return DecimalScan(negative: negative, digits: Array(mantissa[first...last]), exponent: exponent, end: i)
    }

    @inline(__always)
    static func digit(_ c: Unicode.Scalar) -> UInt8? {
        c.value >= 48 && c.value <= 57 ? UInt8(c.value - 48) : nil
    }

    /// The number of significant fractional decimal places (0 for integers).
    var fractionalPlaces: Int { Swift.max(0, -exponent) }

    /// The value times `factor`, as a Q32.32 raw value, rounded once, half to even.
    func rawValue(factor: Factor) -> Result<Int64, ConversionFailure> {
        if digits.isEmpty { return .success(0) }
        if exponent < -DecimalScan.maxPlaces { return .failure(.tooPrecise(places: -exponent)) }
        // value ≥ 10^(count-1+exponent); beyond 10^25 nothing fits even after the smallest unit factor.
        if digits.count + exponent > 25 { return .failure(.outOfRange) }
        // n9 = value × 10^9 < 10^34 < 2^113.
        var n9: UInt128 = 0
        for d in digits { n9 = n9 * 10 + UInt128(d) }
        n9 *= DecimalScan.powerOf10(exponent + DecimalScan.maxPlaces)
        guard let magnitude = DecimalScan.multiplyDivideRoundingHalfEven(n9, factor.numerator, factor.denominator)
        else { return .failure(.outOfRange) }
        if negative {
            guard magnitude <= UInt128(Int64.max) + 1 else { return .failure(.outOfRange) }
            return .success(Int64(truncatingIfNeeded: 0 &- magnitude))
        }
        guard magnitude <= UInt128(Int64.max) else { return .failure(.outOfRange) }
        return .success(Int64(magnitude))
    }

    /// `a · b / d` from the exact 256-bit product, rounded once, half to even; nil when the quotient
    /// does not fit in 128 bits.
    static func multiplyDivideRoundingHalfEven(_ a: UInt128, _ b: UInt128, _ d: UInt128) -> UInt128? {
        precondition(d != 0, "division by zero")
        let product = a.multipliedFullWidth(by: b)
        guard product.high < d else { return nil }
        let (q, r) = d.dividingFullWidth(product)
        let rest = d - r                                    // 2r > d  ⇔  r > d - r
        if r > rest || (r == rest && (q & 1) != 0) {
            return q == .max ? nil : q + 1
        }
        return q
    }

    static func powerOf10(_ n: Int) -> UInt128 {
        var p: UInt128 = 1
        for _ in 0..<n { p *= 10 }
        return p
    }

    static func powerOf5(_ n: Int) -> UInt128 {
        var p: UInt128 = 1
        for _ in 0..<n { p *= 5 }
        return p
    }
}
