/// User-written quantities with units ("1.5 m/s", "190 deg/s", "99.5 %"), converted exactly to
/// internal units as `Fixed`.
///
/// Syntax: a decimal number (the grammar and ≤ 9-fractional-place policy of `Fixed(decimal:)`,
/// applied to the number as written), optional whitespace, then a unit. Units are case-sensitive;
/// whitespace around '/' and '^' inside a unit is ignored ("m / s" = "m/s"), and '²'/'³' may replace
/// '^2'/'^3'. Leading and trailing whitespace is ignored. The unit table is in Quantity+Units.swift.
///
/// Conversion: `raw = round(written × factor × 2^32)` computed from the exact rational written
/// number and an exact rational factor (e.g. 190 deg/s → 190/360 turn/s) in 256-bit integers, with
/// one rounding, half to even. Radian units use a 125-bit constant for 1/(2π); see
/// `DecimalScan.Factor.perRadian` for the error bound (correct rounding except within 2^-62 ulp of a tie).
public struct Quantity: Sendable, Equatable, CustomStringConvertible {
    public let dimension: Dimension
    /// The value in the dimension's internal unit (`Dimension.internalUnit`).
    public let value: Fixed

    public init(dimension: Dimension, value: Fixed) {
        self.dimension = dimension
        self.value = value
    }

    /// The value and its internal unit, e.g. "0.5 turn/s".
    public var description: String {
        let unit = dimension.internalUnit
        return unit.isEmpty ? value.description : "\(value) \(unit)"
    }

    /// Parses a quantity of any dimension. A bare number is `.dimensionless`.
    public static func parse(_ text: String) throws(QuantityError) -> Quantity {
        try parse(text, expecting: nil)
    }

    /// Parses a quantity that must have dimension `expected`, returning its value in internal units.
    /// A bare number is accepted only for `.dimensionless`.
    public static func parse(_ text: String, as expected: Dimension) throws(QuantityError) -> Fixed {
        try parse(text, expecting: expected).value
    }

    /// Parses an angle ("90 deg", "-0.25 turn", "1.5 rad") as binary angle measure.
    public static func parseAngle(_ text: String) throws(QuantityError) -> Angle {
        Angle(raw: try parse(text, as: .angle).raw)
    }

    private static func parse(_ text: String, expecting expected: Dimension?) throws(QuantityError) -> Quantity {
        var scalars = Array(text.unicodeScalars)
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        let leading = scalars.prefix { $0.properties.isWhitespace }.count
        scalars.removeFirst(leading)

        let example = expected?.example ?? "1.5 m/s"
        if scalars.isEmpty {
            throw QuantityError(kind: .syntax, text: text, message: "empty quantity; write e.g. '\(example)'")
        }
        let number: DecimalScan
        do { number = try DecimalScan.scan(scalars, strictExponent: false) } catch {
            throw QuantityError(kind: .syntax, text: text,
                                message: "'\(text)' does not start with a number; write e.g. '\(example)'")
        }
        let numberText = Quantity.text(scalars[..<number.end])
        let unitText = Quantity.normalizedUnit(scalars[number.end...])

        if let c = unitText.unicodeScalars.first, c == "." || c == "+" || c == "-" || DecimalScan.digit(c) != nil {
            throw QuantityError(kind: .syntax, text: text, message: "malformed number in '\(text)'")
        }

        let dimension: Dimension
        let factor: DecimalScan.Factor
        if unitText.isEmpty {
            if let expected, expected != .dimensionless {
                throw QuantityError(kind: .missingUnit, text: text,
                                    message: "'\(text)' has no unit; write e.g. '\(expected.example(for: numberText))'")
            }
            dimension = .dimensionless
            factor = .identity
        } else if let unit = QuantityUnit.find(unitText) {
            if let expected, expected != unit.dimension {
                throw QuantityError(
                    kind: .dimensionMismatch, text: text,
                    message: "expected \(expected.article) \(expected.noun) like '\(expected.example)', got \(unit.dimension.article) \(unit.dimension.noun) '\(text)'")
            }
            dimension = unit.dimension
            factor = unit.factor
        } else {
            let accepted: String
            if let expected {
                accepted = expected == .dimensionless
                    ? "plain numbers take no unit"
                    : "\(expected.pluralNoun) take \(expected.units.joined(separator: ", "))"
            } else {
                accepted = "accepted units: " + Dimension.allCases.flatMap(\.units).joined(separator: ", ")
            }
            throw QuantityError(kind: .unknownUnit, text: text,
                                message: "unknown unit '\(unitText)' in '\(text)'; \(accepted)")
        }

        switch number.rawValue(factor: factor) {
        case let .success(raw):
            return Quantity(dimension: dimension, value: Fixed(raw: raw))
        case let .failure(.tooPrecise(places)):
            throw QuantityError(
                kind: .tooPrecise, text: text,
                message: "the number in '\(text)' has \(places) decimal places; at most \(DecimalScan.maxPlaces) are supported")
        case .failure(.outOfRange):
            let unit = dimension.internalUnit
            let suffix = dimension == .fraction ? " (as a ratio)" : (unit.isEmpty ? "" : " \(unit)")
            throw QuantityError(kind: .outOfRange, text: text,
                                message: "'\(text)' is outside the fixed-point range ±2147483648\(suffix)")
        }
    }

    /// The text of `scalars`, appended one at a time: `String(String.UnicodeScalarView(_:))` of
    /// a slice runs unspecialized generic code, about 25,000 instructions a call (a line file
    /// parses a quantity per duration, speed and distance it names).
    static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        for c in scalars { out.append(c) }
        return String(out)
    }

    /// Collapses whitespace runs to one space and drops whitespace next to '/' and '^'.
    static func normalizedUnit(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for c in scalars {
            if c.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace, c != "/", c != "^", let last = out.last, last != "/", last != "^" {
                out.append(" ")
            }
            pendingSpace = false
            out.append(c)
        }
        return String(out)
    }
}

/// A quantity text that could not be parsed; `message` is one line meant for users.
public struct QuantityError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Empty text, no number, or a malformed number.
        case syntax
        /// A unit that is not in the table (or not for the expected dimension's list).
        case unknownUnit
        /// A bare number where a unit is required.
        case missingUnit
        /// A known unit of another dimension than the expected one.
        case dimensionMismatch
        /// The converted value does not fit the fixed-point range.
        case outOfRange
        /// The written number has more than 9 significant fractional decimal places.
        case tooPrecise
    }

    public let kind: Kind
    /// The offending text, verbatim.
    public let text: String
    public let message: String

    public init(kind: Kind, text: String, message: String) {
        self.kind = kind
        self.text = text
        self.message = message
    }

    public var description: String { message }
}
