import Testing
@testable import TaktFixed

// MARK: - Independent references (plain Int128 arithmetic, no TaktFixed rounding helpers)

/// round-half-even(n / d) for d > 0.
func decimalReferenceRound(_ n: Int128, _ d: Int128) -> Int128 {
    var q = n / d
    var r = n % d
    if r < 0 { q -= 1; r += d }                  // floor division
    let twice = 2 * r
    if twice > d || (twice == d && q % 2 != 0) { q += 1 }
    return q
}

func decimalPow10(_ k: Int) -> Int128 {
    var p: Int128 = 1
    for _ in 0..<k { p *= 10 }
    return p
}

/// The Q32.32 raw of `n / 10^k`, rounded half to even.
func decimalReferenceRaw(_ n: Int128, places k: Int) -> Int64 {
    Int64(decimalReferenceRound(n << 32, decimalPow10(k)))
}

/// "int.frac" text of the integer `n / 10^k` (sign only when nonzero).
func decimalText(_ n: Int128, places k: Int) -> String {
    let m = n < 0 ? -n : n
    let scale = decimalPow10(k)
    var s = (n < 0 ? "-" : "") + String(m / scale)
    if k > 0 {
        let f = String(m % scale)
        s += "." + String(repeating: "0", count: k - f.count) + f
    }
    return s
}

@Suite("Decimal text ⇄ Fixed")
struct DecimalTests {
    // MARK: Parsing exact values

    @Test("parses to round-half-even(exact rational × 2^32), computed independently")
    func exactValues() throws {
        // (text, integer n, places k): the text's value is n / 10^k.
        let cases: [(String, Int128, Int)] = [
            ("0", 0, 0), ("-0", 0, 0), ("+0", 0, 0), ("0.000", 0, 0), ("0e99999999999999999999", 0, 0),
            ("1", 1, 0), ("-1", -1, 0), ("+7", 7, 0),
            ("0.089159", 89159, 6), ("-0.089159", -89159, 6),
            ("0.1", 1, 1), ("0.2", 2, 1), ("0.3", 3, 1), ("-0.7", -7, 1),
            ("3.141592654", 3_141_592_654, 9),
            ("1.5e-3", 15, 4), ("15E-4", 15, 4), ("0.0015e0", 15, 4), ("1.5E+2", 150, 0),
            (".5", 5, 1), ("5.", 5, 0), ("-.25", -25, 2),
            ("123456789e-9", 123_456_789, 9), ("1e-9", 1, 9), ("-1e-9", -1, 9), ("0.000000001", 1, 9),
            ("1e9", 1_000_000_000, 0), ("2.5e+2", 250, 0), ("1234.5678e-3", 12_345_678, 7),
            ("0.1000000000000", 1, 1), ("000123.4500", 12345, 2), ("12345678900000e-12", 123_456_789, 7),
            ("2147483647.999999999", 2_147_483_647_999_999_999, 9),
            ("-2147483648", -2_147_483_648, 0), ("-2147483648.000000000", -2_147_483_648, 0),
            ("2147483647", 2_147_483_647, 0), ("0.999999999", 999_999_999, 9),
            ("0.5", 5, 1), ("0.25", 25, 2), ("0.125", 125, 3), ("1000000.000001", 1_000_000_000_001, 6),
        ]
        for (text, n, k) in cases {
            let f = try Fixed(decimal: text)
            #expect(f.raw == decimalReferenceRaw(n, places: k), "\(text)")
            #expect(try Fixed.parse(Substring(text)) == f, "\(text)")
        }
        #expect(try Fixed(decimal: "0.5") == .half)
        #expect(try Fixed(decimal: "1") == .one)
        #expect(try Fixed(decimal: "-2147483648") == .min)
        #expect(try Fixed(decimal: "0.089159").raw == 382_934_989)  // 89159·2^32/10^6 = 382934988.9…
    }

    @Test("parse works on a substring of a larger text")
    func substring() throws {
        let line = "speed=1.25;"
        let start = line.index(line.startIndex, offsetBy: 6)
        let end = line.index(before: line.endIndex)
        #expect(try Fixed.parse(line[start..<end]) == Fixed(5, over: 4))
    }

    // MARK: Errors

    @Test("syntax errors name the text and the position")
    func syntaxErrors() {
        let cases: [(String, String)] = [
            ("", "invalid number '': the text is empty"),
            ("-", "invalid number '-': expected a digit at position 2 (end of text)"),
            (".", "invalid number '.': expected a digit at position 2 (end of text)"),
            ("abc", "invalid number 'abc': unexpected 'a' at position 1"),
            ("1.2.3", "invalid number '1.2.3': unexpected '.' at position 4"),
            ("1e", "invalid number '1e': expected exponent digits at position 3 (end of text)"),
            ("1e+", "invalid number '1e+': expected exponent digits at position 4 (end of text)"),
            ("1ex", "invalid number '1ex': unexpected 'x' at position 3"),
            (" 1", "invalid number ' 1': unexpected ' ' at position 1"),
            ("1 ", "invalid number '1 ': unexpected ' ' at position 2"),
            ("1,5", "invalid number '1,5': unexpected ',' at position 2"),
            ("--1", "invalid number '--1': unexpected '-' at position 2"),
            ("nan", "invalid number 'nan': unexpected 'n' at position 1"),
            ("inf", "invalid number 'inf': unexpected 'i' at position 1"),
            ("0x10", "invalid number '0x10': unexpected 'x' at position 2"),
            ("1_000", "invalid number '1_000': unexpected '_' at position 2"),
            ("½", "invalid number '½': unexpected '½' at position 1"),
            ("1.5m", "invalid number '1.5m': unexpected 'm' at position 4"),
        ]
        for (text, message) in cases {
            #expect(throws: DecimalError(kind: .syntax, text: text, message: message), "\(text)") {
                try Fixed(decimal: text)
            }
        }
    }

    @Test("out-of-range values are rejected with the range in the message")
    func rangeErrors() {
        for text in ["3e9", "2147483648", "-2147483649", "2147483648.0", "-2147483648.000000001",
                     "1e10", "-1e10", "99999999999999999999999999999999999999999",
                     "1e99999999999999999999", "2147483647.99999999e1"] {
            #expect(throws: DecimalError(kind: .outOfRange, text: text,
                                         message: "value \(text) is outside the fixed-point range ±2147483648"),
                    "\(text)") { try Fixed(decimal: text) }
        }
        // The exact message from the brief.
        do throws(DecimalError) {
            _ = try Fixed(decimal: "3e9")
            Issue.record("3e9 parsed")
        } catch {
            #expect(error.description == "value 3e9 is outside the fixed-point range ±2147483648")
        }
    }

    @Test("a nonzero 10th fractional place is rejected; trailing zeros do not count")
    func precisionRule() throws {
        let cases: [(String, Int)] = [
            ("0.0000000001", 10), ("0.1234567891", 10), ("1.5e-9", 10), ("-1e-10", 10),
            ("2147483647.9999999995", 10), ("0.00000000011641532182693481445", 29), ("1e-30", 30),
            ("123456789012e-20", 20),
        ]
        for (text, places) in cases {
            let message = "number '\(text)' has \(places) decimal places; at most 9 are supported (the fixed-point resolution is 2^-32 ≈ 2.3e-10)"
            #expect(throws: DecimalError(kind: .tooPrecise, text: text, message: message), "\(text)") {
                try Fixed(decimal: text)
            }
        }
        // Fine: nine places, trailing zeros, exponents that bring it back to ≤ 9 places.
        #expect(try Fixed(decimal: "0.123456789000000000").raw == decimalReferenceRaw(123_456_789, places: 9))
        #expect(try Fixed(decimal: "0.0000000010") == Fixed(decimal: "1e-9"))
        #expect(try Fixed(decimal: "12345678901e-9").raw == decimalReferenceRaw(12_345_678_901, places: 9))
    }

    // MARK: Round trip

    @Test("every decimal with ≤ 9 places round-trips through formatted(decimals: 9), 40 000 seeded samples")
    func randomRoundTrip() throws {
        var rng = TestRNG(state: 0x7A47_2024)
        for _ in 0..<40_000 {
            let negative = rng.below(2) == 0
            var intPart: Int128
            switch rng.below(5) {
            case 0: intPart = 0
            case 1: intPart = Int128(rng.below(10))
            case 2: intPart = Int128(rng.below(100_000))
            case 3: intPart = 2_147_483_647 - Int128(rng.below(3))
            default: intPart = Int128(rng.below(2_147_483_648))
            }
            let places = Int(rng.below(10))
            var fraction = Int128(rng.below(UInt64(decimalPow10(places))))
            if negative && intPart == 2_147_483_647 && rng.below(4) == 0 { intPart = 2_147_483_648; fraction = 0 }
            let n9 = (intPart * 1_000_000_000 + fraction * decimalPow10(9 - places)) * (negative ? -1 : 1)

            // Several spellings of the same value.
            let sign = negative ? "-" : (rng.below(8) == 0 ? "+" : "")
            let fractionText = places == 0 ? "" : {
                let s = String(fraction)
                return String(repeating: "0", count: places - s.count) + s
            }()
            let allDigits = String(intPart) + fractionText
            let text: String
            switch rng.below(5) {
            case 0: text = sign + String(intPart) + (places == 0 ? "" : "." + fractionText)
            case 1: text = sign + String(intPart) + "." + fractionText + String(repeating: "0", count: Int(rng.below(12)))
            case 2: text = sign + allDigits + "e-\(places)"
            case 3:
                let shift = Int(rng.below(6))
                text = sign + allDigits + String(repeating: "0", count: shift) + "E-\(places + shift)"
            default:
                let intDigits = String(intPart).count
                text = sign + "0." + allDigits + "e+\(intDigits)"
            }

            let f = try Fixed(decimal: text)
            #expect(f.raw == decimalReferenceRaw(n9, places: 9), "\(text)")
            let canonical = decimalText(n9, places: 9)
            #expect(f.formatted(decimals: 9) == canonical, "\(text)")
            // description is the written value without trailing zeros, and parses back.
            var stripped = canonical
            while stripped.contains("."), stripped.hasSuffix("0") { stripped.removeLast() }
            if stripped.hasSuffix(".") { stripped.removeLast() }
            #expect(f.description == stripped, "\(text)")
            #expect(try Fixed(decimal: f.description) == f, "\(text)")
        }
    }

    // MARK: Formatting

    @Test("formatted rounds half to even")
    func halfEvenFormatting() throws {
        let cases: [(String, Int, String)] = [
            ("0.125", 2, "0.12"), ("0.375", 2, "0.38"), ("-0.125", 2, "-0.12"), ("-0.375", 2, "-0.38"),
            ("0.625", 2, "0.62"), ("0.875", 2, "0.88"),
            ("0.5", 0, "0"), ("1.5", 0, "2"), ("2.5", 0, "2"), ("3.5", 0, "4"), ("-2.5", 0, "-2"), ("-3.5", 0, "-4"),
            ("0.25", 1, "0.2"), ("0.75", 1, "0.8"), ("9.75", 1, "9.8"), ("9.96", 1, "10.0"),
            ("0.0625", 3, "0.062"), ("0.1875", 3, "0.188"),
            ("1", 3, "1.000"), ("-7", 0, "-7"), ("0", 5, "0.00000"),
            ("0.089159", 6, "0.089159"), ("0.089159", 3, "0.089"), ("0.089159", 4, "0.0892"),
            ("999.9996", 3, "1000.000"), ("-999.9996", 3, "-1000.000"),
        ]
        for (text, places, expected) in cases {
            #expect(try Fixed(decimal: text).formatted(decimals: places) == expected, "\(text) to \(places)")
        }
    }

    @Test("negative zero is never printed")
    func noNegativeZero() throws {
        #expect(try Fixed(decimal: "-0.0001").formatted(decimals: 3) == "0.000")
        #expect(try Fixed(decimal: "-0.5").formatted(decimals: 0) == "0")
        #expect(try Fixed(decimal: "-0.0004").formatted(decimals: 3) == "0.000")
        #expect(Fixed(raw: -1).formatted(decimals: 9) == "0.000000000")
        #expect(Fixed(raw: -1).formatted(decimals: 10) == "-0.0000000002")
        #expect(try Fixed(decimal: "-0").description == "0")
        #expect(Fixed(raw: -1).description == "-0.0000000002")
    }

    @Test("formatted(decimals: 32) is the exact value; extremes")
    func exactExtremes() {
        #expect(Fixed(raw: 1).formatted(decimals: 32) == "0.00000000023283064365386962890625")
        #expect(Fixed(raw: -1).formatted(decimals: 32) == "-0.00000000023283064365386962890625")
        #expect(Fixed.max.formatted(decimals: 32) == "2147483647.99999999976716935634613037109375")
        #expect(Fixed.min.formatted(decimals: 32) == "-2147483648.00000000000000000000000000000000")
        #expect(Fixed.min.formatted(decimals: 2) == "-2147483648.00")
        #expect(Fixed.max.formatted(decimals: 0) == "2147483648")
        #expect(Fixed.max.formatted(decimals: 9) == "2147483648.000000000")
        #expect(Fixed.max.formatted(decimals: 10) == "2147483647.9999999998")
        #expect(Fixed.half.formatted(decimals: 32) == "0.50000000000000000000000000000000")
    }

    @Test("formatted agrees with independent references for random raws, every precision 0…32")
    func randomFormatting() {
        var rng = TestRNG(state: 0xF0F0_1234)
        var raws: [Int64] = [0, 1, -1, .max, .min, .max - 1, .min + 1, 1 << 32, -(1 << 32), 1 << 31, -(1 << 31)]
        for _ in 0..<3000 {
            switch rng.below(3) {
            case 0: raws.append(Int64(bitPattern: rng.next()))
            case 1: raws.append(Int64(bitPattern: rng.next()) >> 24)
            default: raws.append(Int64(bitPattern: rng.next()) >> Int(rng.below(63)))
            }
        }
        for raw in raws {
            let f = Fixed(raw: raw)
            // Exact expansion by schoolbook long division, one digit at a time.
            let magnitude = raw.magnitude
            var remainder = magnitude & 0xFFFF_FFFF
            var exactDigits: [Int] = []
            for _ in 0..<32 {
                remainder *= 10
                exactDigits.append(Int(remainder >> 32))
                remainder &= 0xFFFF_FFFF
            }
            #expect(remainder == 0)
            let intText = String(magnitude >> 32)
            let exact = (raw < 0 ? "-" : "") + intText + "." + exactDigits.map(String.init).joined()
            #expect(f.formatted(decimals: 32) == exact, "\(raw)")

            // Decimal-string rounding of the exact expansion, half to even, for every precision.
            let all = intText.map { Int(String($0))! } + exactDigits
            for k in 0...32 {
                var kept = Array(all[0..<(intText.count + k)])
                let dropped = Array(all[(intText.count + k)...])
                let first = dropped.first ?? 0
                let restNonzero = dropped.dropFirst().contains { $0 != 0 }
                let roundUp = first > 5 || (first == 5 && (restNonzero || kept.last! % 2 == 1))
                if roundUp {
                    var i = kept.count - 1
                    while i >= 0 {
                        if kept[i] == 9 { kept[i] = 0; i -= 1 } else { kept[i] += 1; break }
                    }
                    if i < 0 { kept.insert(1, at: 0) }
                }
                let intCount = kept.count - k
                var text = kept[0..<intCount].map(String.init).joined()
                if k > 0 { text += "." + kept[intCount...].map(String.init).joined() }
                if raw < 0 && kept.contains(where: { $0 != 0 }) { text = "-" + text }
                #expect(f.formatted(decimals: k) == text, "\(raw) to \(k)")
            }
            // And through Int128 for 0…18 places.
            for k in 0...18 {
                let n = decimalReferenceRound(Int128(raw) * decimalPow10(k), Int128(1) << 32)
                #expect(f.formatted(decimals: k) == decimalText(n, places: k), "\(raw) to \(k)")
            }
        }
    }

    @Test("description: shortest ≤ 9-place decimal that parses back, else 10 places")
    func descriptionPolicy() throws {
        #expect(Fixed.one.description == "1")
        #expect(Fixed.zero.description == "0")
        #expect(Fixed.half.description == "0.5")
        #expect(Fixed.min.description == "-2147483648")
        #expect(Fixed.max.description == "2147483647.9999999998")
        #expect(Fixed(raw: 1).description == "0.0000000002")
        #expect(try Fixed(decimal: "0.1").description == "0.1")
        #expect(try Fixed(decimal: "-0.089159").description == "-0.089159")
        #expect(try Fixed(decimal: "1e-9").description == "0.000000001")
        #expect("\(try Fixed(decimal: "2.5"))" == "2.5")

        var rng = TestRNG(state: 99)
        var seen: [String: Int64] = [:]
        for _ in 0..<5000 {
            let raw = Int64(bitPattern: rng.next()) >> Int(rng.below(40))
            let f = Fixed(raw: raw)
            let d = f.description
            let places = d.split(separator: ".").dropFirst().first?.count ?? 0
            if places <= 9 {
                #expect(try Fixed(decimal: d) == f, "\(raw)")
                if places > 0 {  // and no shorter decimal parses back
                    let shorter = f.formatted(decimals: places - 1)
                    #expect((try? Fixed(decimal: shorter)) != f, "\(raw)")
                }
            } else {
                #expect(places == 10)
                #expect((try? Fixed(decimal: f.formatted(decimals: 9))) != f, "\(raw)")
            }
            if let other = seen[d] { #expect(other == raw, "description \(d) not unique") }
            seen[d] = raw
        }
        // Adjacent raws have distinct descriptions.
        for raw in Int64(-3000)...Int64(3000) {
            #expect(Fixed(raw: raw).description != Fixed(raw: raw + 1).description)
        }
    }

    @Test("the arithmetic error messages print values as decimals")
    func errorMessagesUseDescription() {
        #expect(throws: FixedPointError.overflow(quantity: "x", operation: "2147483647.5 + 1")) {
            try Fixed(raw: (2_147_483_647 << 32) + (1 << 31)).adding(.one, quantity: "x")
        }
    }
}
