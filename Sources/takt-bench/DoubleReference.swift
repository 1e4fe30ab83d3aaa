import Foundation
import TaktKinematics

/// The UR-layout analytic IK in Double, step for step as `ArmModel.universalSolutions`
/// (for timing only; the fixed-point version is the one takt uses).
struct DoubleURInverse {
    let d1: Double, a2: Double, a3: Double, d4: Double, d5: Double, d6: Double

    init(_ arm: ArmModel) {
        func m(_ x: Int64) -> Double { Double(x) / 4294967296.0 }
        d1 = m(arm.links[0].d.raw); a2 = m(arm.links[1].a.raw); a3 = m(arm.links[2].a.raw)
        d4 = m(arm.links[3].d.raw); d5 = m(arm.links[4].d.raw); d6 = m(arm.links[5].d.raw)
    }

    typealias M = (r: [Double], p: (Double, Double, Double))  // rotation by rows, position

    static func mul(_ a: M, _ b: M) -> M {
        var r = [Double](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { r[i * 3 + j] = a.r[i * 3] * b.r[j] + a.r[i * 3 + 1] * b.r[3 + j] + a.r[i * 3 + 2] * b.r[6 + j] } }
        let p = (a.r[0] * b.p.0 + a.r[1] * b.p.1 + a.r[2] * b.p.2 + a.p.0,
                 a.r[3] * b.p.0 + a.r[4] * b.p.1 + a.r[5] * b.p.2 + a.p.1,
                 a.r[6] * b.p.0 + a.r[7] * b.p.1 + a.r[8] * b.p.2 + a.p.2)
        return (r, p)
    }

    static func inv(_ a: M) -> M {
        let r = [a.r[0], a.r[3], a.r[6], a.r[1], a.r[4], a.r[7], a.r[2], a.r[5], a.r[8]]
        return (r, (-(r[0] * a.p.0 + r[1] * a.p.1 + r[2] * a.p.2), -(r[3] * a.p.0 + r[4] * a.p.1 + r[5] * a.p.2), -(r[6] * a.p.0 + r[7] * a.p.1 + r[8] * a.p.2)))
    }

    /// DH link transform with α = ±90° or 0.
    static func link(_ th: Double, a: Double, d: Double, sa: Double, ca: Double) -> M {
        let c = cos(th), s = sin(th)
        return ([c, -s * ca, s * sa, s, c * ca, -c * sa, 0, sa, ca], (a * c, a * s, d))
    }

    /// Number of solutions found (up to 8).
    func solve(_ t: M) -> Int {
        let p5 = (t.p.0 - d6 * t.r[2], t.p.1 - d6 * t.r[5], t.p.2 - d6 * t.r[8])
        let rho = (p5.0 * p5.0 + p5.1 * p5.1).squareRoot()
        guard rho >= abs(d4) else { return 0 }
        let psi = atan2(p5.1, p5.0), asn = asin(d4 / rho)
        var count = 0
        for th1 in [psi + asn, psi + .pi - asn] {
            let s1 = sin(th1), c1 = cos(th1)
            let xz = t.r[0] * s1 - t.r[3] * c1, yz = t.r[1] * s1 - t.r[4] * c1, zz = t.r[2] * s1 - t.r[5] * c1
            let s5 = (xz * xz + yz * yz).squareRoot()
            for w in [1.0, -1.0] {
                let th5 = atan2(w * s5, zz)
                let th6 = w > 0 ? atan2(-yz, xz) : atan2(yz, -xz)
                let t46 = Self.mul(Self.link(th5, a: 0, d: d5, sa: -1, ca: 0), Self.link(th6, a: 0, d: d6, sa: 0, ca: 1))
                let t14 = Self.mul(Self.inv(Self.link(th1, a: 0, d: d1, sa: 1, ca: 0)), Self.mul(t, Self.inv(t46)))
                let x = t14.p.0, y = t14.p.1
                let c3 = (x * x + y * y - a2 * a2 - a3 * a3) / (2 * a2 * a3)
                guard abs(c3) <= 1 else { continue }
                for e in [1.0, -1.0] {
                    let th3 = e * acos(c3)
                    let th2 = atan2(y, x) - atan2(a3 * sin(th3), a2 + a3 * cos(th3))
                    let th4 = atan2(t14.r[3], t14.r[0]) - th2 - th3
                    if th4.isFinite { count += 1 }
                }
            }
        }
        return count
    }
}

/// Trapezoid position at time t in Double (rest to rest, distance d, limits v, a), for timing.
struct DoubleTrapezoid {
    let d: Double, v: Double, a: Double, ta: Double, tc: Double
    init(d: Double, v: Double, a: Double) {
        self.d = d; self.a = a
        let vp = min(v, (d * a).squareRoot())
        self.v = vp
        ta = vp / a
        tc = d / vp - vp / a
    }
    var duration: Double { 2 * ta + tc }
    func position(_ t: Double) -> Double {
        if t <= 0 { return 0 }
        if t < ta { return 0.5 * a * t * t }
        if t < ta + tc { return 0.5 * a * ta * ta + v * (t - ta) }
        if t < duration { let r = duration - t; return d - 0.5 * a * r * r }
        return d
    }
}
