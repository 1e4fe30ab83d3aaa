import Testing
@testable import TaktFixed

/// Reference rounding by exact rational comparison in a wider domain:
/// the integer q nearest n/d, ties to even, with d > 0.
func referenceRound(_ n: Int128, _ d: Int128) -> Int128 {
    precondition(d > 0)
    // floor division
    var q = n / d
    if (n % d != 0) && (n < 0) { q -= 1 }
    let r = n - q * d  // 0 <= r < d
    let twice = 2 * r
    if twice > d || (twice == d && q & 1 != 0) { q += 1 }
    return q
}

@Suite("Fixed arithmetic")
struct FixedArithmeticTests {
    @Test("products round half to even, matching an exact rational reference, over 200k seeded pairs")
    func productsMatchReference() {
        var rng = TestRNG(state: 1)
        for _ in 0..<200_000 {
            let a = Fixed(raw: rng.anyScale()), b = Fixed(raw: rng.anyScale())
            let exact = Int128(a.raw) * Int128(b.raw)
            let ref = referenceRound(exact, Int128(1) << 32)
            let (p, o) = a.multipliedReportingOverflow(by: b)
            let fits = ref >= Int128(Int64.min) && ref <= Int128(Int64.max)
            #expect(o == !fits)
            if fits { #expect(Int128(p.raw) == ref) }
        }
    }

    @Test("quotients round half to even, matching an exact rational reference, over 200k seeded pairs")
    func quotientsMatchReference() {
        var rng = TestRNG(state: 2)
        for _ in 0..<200_000 {
            let a = Fixed(raw: rng.anyScale()), b = Fixed(raw: rng.anyScale())
            guard b.raw != 0 else { continue }
            var n = Int128(a.raw) << 32, d = Int128(b.raw)
            if d < 0 { n = -n; d = -d }
            let ref = referenceRound(n, d)
            let (q, o) = a.dividedReportingOverflow(by: b)
            let fits = ref >= Int128(Int64.min) && ref <= Int128(Int64.max)
            #expect(o == !fits)
            if fits { #expect(Int128(q.raw) == ref) }
        }
    }

    @Test("ties go to even, for positive and negative products")
    func tiesToEven() {
        // 2^-32 × 0.5 = 2^-33, exactly half an ulp: rounds to 0 (even).
        let ulp = Fixed.ulp
        #expect((ulp * Fixed.half).raw == 0)
        // 3·2^-32 × 0.5 = 1.5 ulp → 2 ulp (even); −1.5 ulp → −2 ulp.
        let three = Fixed(raw: 3)
        #expect((three * Fixed.half).raw == 2)
        #expect(((-three) * Fixed.half).raw == -2)
        // 5·2^-32 × 0.5 = 2.5 ulp → 2 ulp; −2.5 ulp → −2 ulp.
        let five = Fixed(raw: 5)
        #expect((five * Fixed.half).raw == 2)
        #expect(((-five) * Fixed.half).raw == -2)
        // quotient ties: 1 ulp / 2 = 0.5 ulp → 0; 3 ulp / 2 → 2; −3 ulp / 2 → −2
        #expect((Fixed(raw: 1) / Fixed(2)).raw == 0)
        #expect((Fixed(raw: 3) / Fixed(2)).raw == 2)
        #expect((Fixed(raw: -3) / Fixed(2)).raw == -2)
        #expect((Fixed(raw: -3) / Fixed(-2)).raw == 2)
        // roundedInt: 2.5 → 2, 3.5 → 4, −2.5 → −2
        #expect(Fixed(5, over: 2).roundedInt == 2)
        #expect(Fixed(7, over: 2).roundedInt == 4)
        #expect(Fixed(-5, over: 2).roundedInt == -2)
    }

    @Test("overflow is reported, never silent, and the throwing forms name the quantity")
    func overflowReported() {
        let big = Fixed(1 << 30)
        #expect(big.multipliedReportingOverflow(by: Fixed(4)).overflow)
        #expect(Fixed.max.addingReportingOverflow(.ulp).overflow)
        #expect(Fixed.min.subtractingReportingOverflow(.ulp).overflow)
        #expect(Fixed.one.dividedReportingOverflow(by: Fixed(raw: 1)).overflow)
        #expect(Fixed.one.dividedReportingOverflow(by: .zero).overflow)
        #expect(throws: FixedPointError.overflow(quantity: "station A6 process time", operation: "\(big) × \(Fixed(4))")) {
            try big.multiplied(by: Fixed(4), quantity: "station A6 process time")
        }
        #expect(throws: FixedPointError.divisionByZero(quantity: "rate")) {
            try Fixed.one.divided(by: .zero, quantity: "rate")
        }
        do {
            _ = try Fixed.max.adding(.one, quantity: "buffer level")
        } catch {
            #expect(error.description.hasPrefix("numeric overflow in buffer level"))
        }
        #expect(Fixed(exactly: 1 << 31) == nil)
        #expect(Fixed(exactly: -(1 << 31)) != nil)
    }

    @Test("wide dot products round once: the result equals the rounded exact sum")
    func dotRoundsOnce() {
        var rng = TestRNG(state: 3)
        for _ in 0..<50_000 {
            let v = (0..<6).map { _ in Fixed(raw: Int64(Int32(truncatingIfNeeded: rng.next())) << 8) }
            let exact = Int128(v[0].raw) * Int128(v[1].raw) + Int128(v[2].raw) * Int128(v[3].raw) + Int128(v[4].raw) * Int128(v[5].raw)
            let ref = referenceRound(exact, Int128(1) << 32)
            #expect(Int128(Fixed.dot(v[0], v[1], v[2], v[3], v[4], v[5]).raw) == ref)
            let (d, o) = Fixed.dotReportingOverflow([v[0], v[2], v[4]], [v[1], v[3], v[5]])
            #expect(!o)
            #expect(Int128(d.raw) == ref)
        }
        // The separately rounded sum can differ from the wide one: 3 × (0.5 ulp) is 1.5 ulp → 2 ulp wide,
        // but 0 + 0 + 0 when each product is rounded alone.
        let h = Fixed.half, u = Fixed.ulp
        #expect(Fixed.dot(u, h, u, h, u, h).raw == 2)
        #expect((u * h + u * h + u * h).raw == 0)
    }

    @Test("integer conversions: floor, ceil and half-even rounding, negatives included")
    func integerConversions() {
        let x = Fixed(-7, over: 2)  // −3.5
        #expect(x.floorInt == -4)
        #expect(x.ceilInt == -3)
        #expect(x.roundedInt == -4)
        #expect(Fixed(raw: 1).ceilInt == 1)
        #expect(Fixed(raw: -1).floorInt == -1)
    }

    @Test("the unsigned shiftRightRoundingHalfEven32 rounds half to even and carries exactly like the signed one")
    func unsignedRoundingAgreesWithSigned() {
        /// The signed reference takes a signed 128-bit value: `high` stays below 2^63 in these
        /// cases (the products it is used on stay below 2^102).
        func reference(_ high: UInt64, _ low: UInt64, _ limit: UInt64) -> UInt64 {
            let v = Fixed.shiftRightRoundingHalfEven(Int128(UInt128(high) << 64 | UInt128(low)), by: 32)
            return v > Int128(limit) ? limit : UInt64(v)
        }
        let half: UInt64 = 1 << 31
        var cases: [(UInt64, UInt64)] = [
            (0, 0), (0, half - 1), (0, half), (0, half + 1),                    // below, at and above a tie, even: 0
            (0, 1 << 32 | half), (0, 3 << 32 | half), (0, 2 << 32 | half),      // ties: odd rounds up, even stays
            (0, UInt64.max), (0, UInt64.max - half + 1), (0, UInt64.max - half),  // carries into the high word
            (1 << 31, 0), ((1 << 32) - 1, UInt64.max), (1 << 32, 0), (1 << 62, UInt64.max),  // around 64 bits out
        ]
        var rng = TestRNG(state: 42)
        for _ in 0..<20_000 {
            let high = rng.next() >> (2 + rng.next() % 62), low = rng.next()   // the reference is signed: < 2^62
            cases.append((high, low))
            cases.append((high, low & ~UInt64(0xFFFF_FFFF) | half))           // a tie
        }
        var wrong = 0, first = ""
        for limit in [UInt64(Int64.max), UInt64(Int64.max / 4)] {
            for (high, low) in cases {
                let got = Fixed.shiftRightRoundingHalfEven32((high, low), atMost: limit), want = reference(high, low, limit)
                if got != want {
                    if wrong == 0 { first = "high \(high), low \(low), limit \(limit): \(got), want \(want)" }
                    wrong += 1
                }
            }
        }
        #expect(wrong == 0, "\(wrong) of \(2 * cases.count) wrong, the first: \(first)")
    }
}
