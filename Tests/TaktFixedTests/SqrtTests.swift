import Testing
import TaktFixed

/// r is √n correctly rounded to nearest: (r - 1/2)² < n ≤ (r + 1/2)² (ties cannot occur for
/// integers), i.e. r² - r < n ≤ r² + r, all exact in UInt128 (r < 2^64).
private func isRoundedRoot(_ r: UInt64, of n: UInt128) -> Bool {
    let rr = UInt128(r) * UInt128(r)
    let upper = rr + UInt128(r)
    return n <= upper && (r == 0 || rr - UInt128(r) < n)
}

private let samples = 1_000_000

@Suite("Square roots")
struct SqrtTests {
    @Test("squareRoot is correctly rounded over 1M samples at all scales")
    func squareRootRandom() {
        var rng = TestRNG(state: 0x5EED_1001)
        var allRounded = true
        var firstBad: Int64?
        for _ in 0..<samples {
            let raw = Int64(bitPattern: rng.next() >> 1) >> Int64(rng.next() % 63)   // ≥ 0, every scale
            let r = Fixed(raw: raw).squareRoot()!.raw
            // √(raw / 2^32) · 2^32 = √(raw · 2^32)
            if r < 0 || !isRoundedRoot(UInt64(r), of: UInt128(raw) << 32) {
                allRounded = false
                firstBad = firstBad ?? raw
            }
        }
        #expect(allRounded, "first failure at raw \(firstBad ?? 0)")
    }

    @Test("squareRoot edges: 0, 1 ulp, 1, perfect squares, Fixed.max; negative → nil")
    func squareRootEdges() {
        #expect(Fixed.zero.squareRoot() == .zero)
        #expect(Fixed.ulp.squareRoot()?.raw == 65_536)                 // √(2^-32) = 2^-16
        #expect(Fixed(raw: 2).squareRoot()?.raw == 92_682)             // √2 · 2^16 = 92681.9
        #expect(Fixed.one.squareRoot() == .one)
        #expect(Fixed(4).squareRoot() == Fixed(2))
        #expect(Fixed(1, over: 4).squareRoot() == .half)
        #expect(Fixed(46_340 * 46_340).squareRoot() == Fixed(46_340))
        #expect(Fixed(2).squareRoot()?.raw == 6_074_001_000)           // √2 · 2^32 = 6074000999.95
        let maxRoot = Fixed.max.squareRoot()!.raw
        #expect(isRoundedRoot(UInt64(maxRoot), of: UInt128(Int64.max) << 32))
        #expect(maxRoot == 199_032_864_766_430)                        // √(2^63 - 1) · 2^16
        for raw in [Int64(-1), -(1 << 32), .min, .min + 1] {
            #expect(Fixed(raw: raw).squareRoot() == nil)
        }
        var allRounded = true
        for raw in Int64(0)...5_000 {                                  // dense at the bottom
            let r = Fixed(raw: raw).squareRoot()!.raw
            allRounded = allRounded && isRoundedRoot(UInt64(r), of: UInt128(raw) << 32)
        }
        #expect(allRounded)
    }

    @Test("hypot is correctly rounded over 1M samples whose result fits")
    func hypotRandom() {
        var rng = TestRNG(state: 0x5EED_1002)
        var allRounded = true
        var firstBad: (Int64, Int64)?
        for k in 0..<samples {
            // |x|, |y| ≤ 2^62, so x² + y² ≤ 2^125 and the result < 2^62.5 fits.
            let sx = Int64(rng.next() % 64), sy = k & 1 == 0 ? sx : Int64(rng.next() % 64)
            let x = Int64(bitPattern: rng.next()) >> max(1, sx)
            let y = Int64(bitPattern: rng.next()) >> max(1, sy)
            let r = Fixed.hypot(Fixed(raw: x), Fixed(raw: y)).raw
            let n = UInt128(x.magnitude) * UInt128(x.magnitude) + UInt128(y.magnitude) * UInt128(y.magnitude)
            if r < 0 || !isRoundedRoot(UInt64(r), of: n) {
                allRounded = false
                firstBad = firstBad ?? (x, y)
            }
        }
        #expect(allRounded, "first failure at \(String(describing: firstBad))")
    }

    @Test("hypot edges: zeros, 1 ulp, 3-4-5, extreme components that still fit")
    func hypotEdges() {
        let u = Fixed.ulp
        #expect(Fixed.hypot(.zero, .zero) == .zero)
        #expect(Fixed.hypot(u, .zero) == u)
        #expect(Fixed.hypot(.zero, -u) == u)
        #expect(Fixed.hypot(u, u) == u)                                // √2 ulp rounds to 1 ulp
        #expect(Fixed.hypot(Fixed(raw: 2), Fixed(raw: 2)).raw == 3)    // 2√2 = 2.83
        #expect(Fixed.hypot(Fixed(3), Fixed(4)) == Fixed(5))
        #expect(Fixed.hypot(Fixed(-3), Fixed(-4)) == Fixed(5))
        #expect(Fixed.hypot(.max, .zero) == .max)
        #expect(Fixed.hypot(.zero, .max) == .max)
        #expect(Fixed.hypot(-Fixed.max, u) == .max)
        #expect(Fixed.hypot(.max, Fixed(raw: 1 << 31)) == .max)        // + 2^62/2^64 ≈ 0.25 ulp
        // The largest equal components whose hypot fits (one more overflows).
        let big = Int64(6_521_908_912_666_391_105)
        let r = Fixed.hypot(Fixed(raw: big), Fixed(raw: -big)).raw
        #expect(isRoundedRoot(UInt64(r), of: 2 * UInt128(big) * UInt128(big)))
        #expect(r == Int64.max - 1)                                    // 2^63 - 2: one more component unit overflows
    }

    #if !os(WASI)
    @Test("hypot traps when the result leaves the range (documented): hypot(max, max), hypot(min, 0)")
    func hypotOverflowTraps() async {
        await #expect(processExitsWith: .failure) { _ = Fixed.hypot(.max, .max) }
        await #expect(processExitsWith: .failure) { _ = Fixed.hypot(.min, .zero) }
        await #expect(processExitsWith: .failure) {
            _ = Fixed.hypot(Fixed(raw: 6_521_908_912_666_391_106), Fixed(raw: 6_521_908_912_666_391_106))
        }
    }
    #endif
}
