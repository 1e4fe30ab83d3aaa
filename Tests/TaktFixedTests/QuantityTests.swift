import Testing
@testable import TaktFixed

/// The raw of `(n / 10^k) × (p / q)` in Q32.32, rounded once, half to even, computed independently.
private func referenceRaw(_ n: Int128, places k: Int, times p: Int128, over q: Int128) -> Int64 {
    Int64(decimalReferenceRound((n * p) << 32, decimalPow10(k) * q))
}

private func expectQuantityError(_ text: String, as dimension: Dimension?, _ kind: QuantityError.Kind, _ message: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(throws: QuantityError(kind: kind, text: text, message: message), sourceLocation: sourceLocation) {
        if let dimension { _ = try Quantity.parse(text, as: dimension) } else { _ = try Quantity.parse(text) }
    }
}

@Suite("Quantities with units")
struct QuantityTests {
    @Test("every unit converts exactly: (mantissa × p) / (10^k × q), one half-even rounding")
    func exactRationalUnits() throws {
        // (text, dimension, n, k, p, q): value = n/10^k written, times p/q internal units per unit.
        let cases: [(String, Dimension, Int128, Int, Int128, Int128)] = [
            ("250 mm", .length, 250, 0, 1, 1000), ("250mm", .length, 250, 0, 1, 1000),
            ("0.089159 m", .length, 89159, 6, 1, 1), ("12.5 cm", .length, 125, 1, 1, 100),
            ("1.5 km", .length, 15, 1, 1000, 1), ("-3 m", .length, -3, 0, 1, 1), ("1e3 mm", .length, 1, 0, 1000, 1000),
            ("90 deg", .angle, 90, 0, 1, 360), ("90°", .angle, 90, 0, 1, 360), ("-45.5 deg", .angle, -455, 1, 1, 360),
            ("0.25 turn", .angle, 25, 2, 1, 1), ("1 rev", .angle, 1, 0, 1, 1), ("3 turns", .angle, 3, 0, 1, 1),
            ("1 deg", .angle, 1, 0, 1, 360), ("0.000000001 deg", .angle, 1, 9, 1, 360),
            ("250 ms", .duration, 250, 0, 1, 1000), ("170 s", .duration, 170, 0, 1, 1), ("2 min", .duration, 2, 0, 60, 1),
            ("1.5 h", .duration, 15, 1, 3600, 1), ("1 d", .duration, 1, 0, 86400, 1), ("0.001 ms", .duration, 1, 3, 1, 1000),
            ("1.5m/s", .speed, 15, 1, 1, 1), ("1.5 m/s", .speed, 15, 1, 1, 1), ("300 mm/s", .speed, 300, 0, 1, 1000),
            ("6 m/min", .speed, 6, 0, 1, 60), ("60 km/h", .speed, 60, 0, 1000, 3600), ("7 km/h", .speed, 7, 0, 5, 18),
            ("190 deg/s", .angularSpeed, 190, 0, 1, 360), ("30 rpm", .angularSpeed, 30, 0, 1, 60),
            ("0.1 turn/s", .angularSpeed, 1, 1, 1, 1), ("7 rpm", .angularSpeed, 7, 0, 1, 60), ("10 °/s", .angularSpeed, 10, 0, 1, 360),
            ("2 m/s^2", .acceleration, 2, 0, 1, 1), ("2 m/s²", .acceleration, 2, 0, 1, 1),
            ("500 mm/s^2", .acceleration, 500, 0, 1, 1000), ("333 mm/s²", .acceleration, 333, 0, 1, 1000),
            ("400 deg/s^2", .angularAcceleration, 400, 0, 1, 360), ("400 deg/s²", .angularAcceleration, 400, 0, 1, 360),
            ("0.5 turn/s^2", .angularAcceleration, 5, 1, 1, 1),
            ("20 m/s^3", .jerk, 20, 0, 1, 1), ("20 m/s³", .jerk, 20, 0, 1, 1), ("7000 mm/s^3", .jerk, 7000, 0, 1, 1000),
            ("2000 deg/s^3", .angularJerk, 2000, 0, 1, 360), ("2000 deg/s³", .angularJerk, 2000, 0, 1, 360),
            ("60 /h", .rate, 60, 0, 1, 3600), ("60/h", .rate, 60, 0, 1, 3600), ("0.8 /s", .rate, 8, 1, 1, 1),
            ("3 per h", .rate, 3, 0, 1, 3600), ("12 /min", .rate, 12, 0, 1, 60), ("1/d", .rate, 1, 0, 1, 86400),
            ("5 per d", .rate, 5, 0, 1, 86400), ("0.81/s", .rate, 81, 2, 1, 1),
            ("99.5 %", .fraction, 995, 1, 1, 100), ("99.5%", .fraction, 995, 1, 1, 100), ("-12 %", .fraction, -12, 0, 1, 100),
            ("0.5", .dimensionless, 5, 1, 1, 1), ("-1.5e-3", .dimensionless, -15, 4, 1, 1),
            ("  1.5 \t m / s  ", .speed, 15, 1, 1, 1), ("1.5e2 mm", .length, 150, 0, 1, 1000),
        ]
        for (text, dimension, n, k, p, q) in cases {
            let expected = referenceRaw(n, places: k, times: p, over: q)
            let quantity = try Quantity.parse(text)
            #expect(quantity.dimension == dimension, "\(text)")
            #expect(quantity.value.raw == expected, "\(text)")
            #expect(try Quantity.parse(text, as: dimension).raw == expected, "\(text)")
        }
        #expect(try Quantity.parse("99.5 %", as: .fraction).raw == referenceRaw(995, places: 3, times: 1, over: 1))
        #expect(try Quantity.parse("30 rpm", as: .angularSpeed) == .half)
        #expect(try Quantity.parse("90 deg", as: .angle) == Fixed(1, over: 4))
        #expect(try Quantity.parseAngle("90 deg") == .quarterTurn)
        #expect(try Quantity.parseAngle("-0.5 turn") == -Angle.halfTurn)
    }

    @Test("every symbol in the unit table is found, as itself, and no two are the same")
    func unitTableLookup() throws {
        var seen = Set<String>()
        for unit in QuantityUnit.table {
            #expect(seen.insert(unit.symbol).inserted, "duplicate unit symbol \(unit.symbol)")
            let found = try #require(QuantityUnit.find(unit.symbol), "\(unit.symbol)")
            #expect(found.symbol == unit.symbol && found.dimension == unit.dimension)
            #expect(QuantityUnit.find(unit.symbol + "x") == nil && QuantityUnit.find(String(unit.symbol.dropLast())).map { $0.symbol != unit.symbol } ?? true)
        }
        #expect(QuantityUnit.find("") == nil && QuantityUnit.find("parsecs") == nil)
    }

    @Test("one rounding of the exact product, not parse-then-divide")
    func singleRounding() throws {
        // 0.000000042 deg = 42·2^32/(360·10^9) raw = 0.501… → 1 when rounded once; parsing first gives
        // round(180.39) = 180 raw, and 180/360 = 0.5 is then a tie that rounds to even, 0.
        let twoStep = (try Fixed(decimal: "0.000000042")) / 360
        #expect(twoStep.raw == 0)
        #expect(try Quantity.parse("0.000000042 deg", as: .angle).raw == 1)
        #expect(try Quantity.parse("0.000000042 deg", as: .angle).raw == referenceRaw(42, places: 9, times: 1, over: 360))
        // 0.000000008 km/h = 8·2^32·1000/(3600·10^9) raw = 9.54… → 10; two-step: round(34.36) = 34 → ·1000/3600 = 9.4 → 9.
        #expect(try Quantity.parse("0.000000008 km/h", as: .speed).raw == 10)
        #expect(try Quantity.parse("190 deg/s", as: .angularSpeed).raw == referenceRaw(190, places: 0, times: 1, over: 360))
    }

    @Test("radians use 1/(2π) to ≥ 125 bits: values against an mpmath reference")
    func radians() throws {
        // raw = round-half-even(x · 2^32 / (2π)), computed with mpmath at 500-bit precision.
        let cases: [(String, Int64)] = [
            ("1 rad", 683_565_276), ("3.141592654 rad", 2_147_483_648), ("-0.5 rad/s", -341_782_638),
            ("6.283185307 rad/s^2", 4_294_967_296), ("123456.789 rad/s^3", 84_390_773_994_566),
            ("0.000000001 rad", 1), ("2147483647 rad", 1_467_945_250_957_435_338), ("-1e3 rad", -683_565_275_576),
            ("0.017453293 rad", 11_930_465), ("57.295779513 rad", 39_165_405_312),
        ]
        for (text, raw) in cases {
            #expect(try Quantity.parse(text).value.raw == raw, "\(text)")
        }
        #expect(try Quantity.parse("2 rad/s²").dimension == .angularAcceleration)
        #expect(try Quantity.parse("2 rad/s³").dimension == .angularJerk)
        #expect(try Quantity.parse("2 rad/s").dimension == .angularSpeed)

        // Against a Double reference where Double is accurate enough (|error| ≪ 1 ulp away from ties).
        var rng = TestRNG(state: 2718)
        for _ in 0..<2000 {
            let micro = Int64(bitPattern: rng.next()) % 10_000_000_000   // ±10^4 rad in 10^-6 steps
            let text = "\(micro)e-6 rad"
            let raw = try Quantity.parse(text, as: .angle).raw
            let reference = Double(micro) / 1e6 / (2 * Double.pi) * 4_294_967_296
            #expect(abs(Double(raw) - reference) <= 0.5 + 1e-2, "\(text)")
        }
    }

    @Test("random degrees and km/h agree with the independent exact reference")
    func randomExact() throws {
        var rng = TestRNG(state: 31337)
        for _ in 0..<5000 {
            let n = Int128(Int64(bitPattern: rng.next()) % 700_000_000_000)   // |n/10^k| / 360 < 2^31
            let k = Int(rng.below(10))
            let number = decimalText(n, places: k)
            #expect(try Quantity.parse(number + " deg", as: .angle).raw
                    == referenceRaw(n, places: k, times: 1, over: 360), "\(number) deg")
            let small = n % 7_000_000_000             // |small/10^k| · 1000/3600 < 2^31
            let smallText = decimalText(small, places: k)
            #expect(try Quantity.parse(smallText + "km/h", as: .speed).raw
                    == referenceRaw(small, places: k, times: 1000, over: 3600), "\(smallText) km/h")
            #expect(try Quantity.parse(smallText + " deg/s^3", as: .angularJerk).raw
                    == referenceRaw(small, places: k, times: 1, over: 360), "\(smallText) deg/s^3")
        }
    }

    @Test("dimension mismatch, unknown and missing units: exact messages")
    func unitErrors() throws {
        expectQuantityError("3 m", as: .duration, .dimensionMismatch, "expected a duration like '170 s', got a length '3 m'")
        expectQuantityError("90 deg", as: .angularSpeed, .dimensionMismatch,
                            "expected an angular speed like '190 deg/s', got an angle '90 deg'")
        expectQuantityError("3 m", as: .dimensionless, .dimensionMismatch, "expected a plain number like '0.5', got a length '3 m'")
        expectQuantityError("50 %", as: .length, .dimensionMismatch, "expected a length like '250 mm', got a percentage '50 %'")
        expectQuantityError("2 m/s^2", as: .jerk, .dimensionMismatch, "expected a jerk like '20 m/s^3', got an acceleration '2 m/s^2'")
        expectQuantityError("8 parsecs", as: .duration, .unknownUnit, "unknown unit 'parsecs' in '8 parsecs'; durations take ms, s, min, h, d")
        expectQuantityError("8 parsecs", as: .length, .unknownUnit, "unknown unit 'parsecs' in '8 parsecs'; lengths take mm, cm, m, km")
        expectQuantityError("1 furlong", as: .angle, .unknownUnit, "unknown unit 'furlong' in '1 furlong'; angles take deg, °, rad, turn, rev")
        expectQuantityError("1 m/h", as: .speed, .unknownUnit, "unknown unit 'm/h' in '1 m/h'; speeds take mm/s, m/s, m/min, km/h")
        expectQuantityError("1 deg/min", as: .angularSpeed, .unknownUnit,
                            "unknown unit 'deg/min' in '1 deg/min'; angular speeds take deg/s, rad/s, rpm, turn/s")
        expectQuantityError("1 g", as: .acceleration, .unknownUnit, "unknown unit 'g' in '1 g'; accelerations take mm/s^2, m/s^2")
        expectQuantityError("1 x", as: .angularAcceleration, .unknownUnit,
                            "unknown unit 'x' in '1 x'; angular accelerations take deg/s^2, rad/s^2, turn/s^2")
        expectQuantityError("1 x", as: .jerk, .unknownUnit, "unknown unit 'x' in '1 x'; jerks take mm/s^3, m/s^3")
        expectQuantityError("1 x", as: .angularJerk, .unknownUnit, "unknown unit 'x' in '1 x'; angular jerks take deg/s^3, rad/s^3, turn/s^3")
        expectQuantityError("1 /week", as: .rate, .unknownUnit, "unknown unit '/week' in '1 /week'; rates take /s, /min, /h, /d")
        expectQuantityError("1 pct", as: .fraction, .unknownUnit, "unknown unit 'pct' in '1 pct'; percentages take %")
        expectQuantityError("1 x", as: .dimensionless, .unknownUnit, "unknown unit 'x' in '1 x'; plain numbers take no unit")
        expectQuantityError("1 MM", as: .length, .unknownUnit, "unknown unit 'MM' in '1 MM'; lengths take mm, cm, m, km")
        expectQuantityError(
            "8 parsecs", as: nil, .unknownUnit,
            "unknown unit 'parsecs' in '8 parsecs'; accepted units: mm, cm, m, km, deg, °, rad, turn, rev, ms, s, min, h, d, "
                + "mm/s, m/s, m/min, km/h, deg/s, rad/s, rpm, turn/s, mm/s^2, m/s^2, deg/s^2, rad/s^2, turn/s^2, mm/s^3, m/s^3, "
                + "deg/s^3, rad/s^3, turn/s^3, /s, /min, /h, /d, %")

        expectQuantityError("170", as: .duration, .missingUnit, "'170' has no unit; write e.g. '170 s'")
        expectQuantityError("2.5", as: .length, .missingUnit, "'2.5' has no unit; write e.g. '2.5 m'")
        expectQuantityError(" 90 ", as: .angle, .missingUnit, "' 90 ' has no unit; write e.g. '90 deg'")
        expectQuantityError("0.995", as: .fraction, .missingUnit, "'0.995' has no unit; write e.g. '99.5 %'")
        expectQuantityError("60", as: .rate, .missingUnit, "'60' has no unit; write e.g. '60 /h'")
        #expect(try Quantity.parse("170", as: .dimensionless) == Fixed(170))
        #expect(try Quantity.parse("170") == Quantity(dimension: .dimensionless, value: Fixed(170)))
    }

    @Test("syntax, range and precision errors name the text")
    func numberErrors() {
        expectQuantityError("", as: .duration, .syntax, "empty quantity; write e.g. '170 s'")
        expectQuantityError("   ", as: nil, .syntax, "empty quantity; write e.g. '1.5 m/s'")
        expectQuantityError("m", as: .length, .syntax, "'m' does not start with a number; write e.g. '250 mm'")
        expectQuantityError("fast", as: nil, .syntax, "'fast' does not start with a number; write e.g. '1.5 m/s'")
        expectQuantityError("- 3 m", as: .length, .syntax, "'- 3 m' does not start with a number; write e.g. '250 mm'")
        expectQuantityError("1.5.3 m", as: .length, .syntax, "malformed number in '1.5.3 m'")
        expectQuantityError("1 2 m", as: .length, .syntax, "malformed number in '1 2 m'")

        expectQuantityError("1e9 km", as: .length, .outOfRange, "'1e9 km' is outside the fixed-point range ±2147483648 m")
        expectQuantityError("3e9 m", as: nil, .outOfRange, "'3e9 m' is outside the fixed-point range ±2147483648 m")
        expectQuantityError("30000 d", as: .duration, .outOfRange, "'30000 d' is outside the fixed-point range ±2147483648 s")
        expectQuantityError("-1e12 deg", as: .angle, .outOfRange, "'-1e12 deg' is outside the fixed-point range ±2147483648 turn")
        expectQuantityError("3e9", as: .dimensionless, .outOfRange, "'3e9' is outside the fixed-point range ±2147483648")
        expectQuantityError("3e11 %", as: .fraction, .outOfRange, "'3e11 %' is outside the fixed-point range ±2147483648 (as a ratio)")
        expectQuantityError("1e40 rad/s", as: .angularSpeed, .outOfRange,
                            "'1e40 rad/s' is outside the fixed-point range ±2147483648 turn/s")

        expectQuantityError("0.0000000001 m", as: .length, .tooPrecise,
                            "the number in '0.0000000001 m' has 10 decimal places; at most 9 are supported")
        expectQuantityError("1.5e-12 km", as: .length, .tooPrecise,
                            "the number in '1.5e-12 km' has 13 decimal places; at most 9 are supported")
    }

    @Test("range edges after conversion")
    func rangeEdges() throws {
        // 2147483647 m fits; 2147483.648 km = 2^31 m does not; -2147483.648 km = -2^31 m does.
        #expect(try Quantity.parse("2147483647 m", as: .length) == Fixed(2_147_483_647))
        #expect(throws: QuantityError.self) { try Quantity.parse("2147483.648 km", as: .length) }
        #expect(try Quantity.parse("-2147483.648 km", as: .length) == .min)
        // Large written numbers with small units are fine when the converted value fits.
        #expect(try Quantity.parse("2000000000000 ms", as: .duration) == Fixed(2_000_000_000))
        #expect(try Quantity.parse("700000000000 deg", as: .angle).raw
                == referenceRaw(700_000_000_000, places: 0, times: 1, over: 360))
        // The written number's precision rule is independent of the conversion.
        #expect(try Quantity.parse("0.000000001 km", as: .length) == Fixed(decimal: "0.000001"))
    }

    @Test("errors print as their one-line message; description uses internal units")
    func descriptions() throws {
        do throws(QuantityError) {
            _ = try Quantity.parse("8 parsecs", as: .duration)
            Issue.record("parsed")
        } catch {
            #expect("\(error)" == "unknown unit 'parsecs' in '8 parsecs'; durations take ms, s, min, h, d")
            #expect(!error.description.contains("\n"))
        }
        #expect(try Quantity.parse("30 rpm").description == "0.5 turn/s")
        #expect(try Quantity.parse("1.5 km").description == "1500 m")
        #expect(try Quantity.parse("50 %").description == "0.5")
        #expect(Dimension.duration.units == ["ms", "s", "min", "h", "d"])
        for dimension in Dimension.allCases where dimension != .dimensionless {
            #expect(!dimension.units.isEmpty)
            // Every listed unit parses to its own dimension, and the example is valid.
            for unit in dimension.units {
                #expect(try Quantity.parse("1 " + unit).dimension == dimension, "\(unit)")
            }
            #expect(try Quantity.parse(dimension.example).dimension == dimension)
        }
    }
}
