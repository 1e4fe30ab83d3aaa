import Foundation
import Testing
@testable import TaktFixed
@testable import TaktKinematics

@Suite("Rotation axis–angle form")
struct AxisAngleTests {
    typealias M = [[Double]]

    static func fixed(_ d: Double) -> Fixed { Fixed(raw: Int64((d * 4294967296.0).rounded())) }

    /// Rodrigues in Double.
    static func rodrigues(_ k: [Double], _ theta: Double) -> M {
        let c = cos(theta), s = sin(theta), t = 1 - c
        let (x, y, z) = (k[0], k[1], k[2])
        return [[c + t * x * x, t * x * y - s * z, t * x * z + s * y],
                [t * x * y + s * z, c + t * y * y, t * y * z - s * x],
                [t * x * z - s * y, t * y * z + s * x, c + t * z * z]]
    }

    static func rot(_ m: M) -> Rot3 { Rot3(rows: m.flatMap { $0.map(fixed) }) }

    static func maxDiff(_ r: Rot3, _ m: M) -> Double {
        var worst = 0.0
        for i in 0..<3 { for j in 0..<3 { worst = max(worst, abs(r[i, j].double - m[i][j])) } }
        return worst
    }

    static func maxDiff(_ a: Rot3, _ b: Rot3) -> Double {
        var worst = 0.0
        for i in 0..<3 { for j in 0..<3 { worst = max(worst, abs(a[i, j].double - b[i, j].double)) } }
        return worst
    }

    static func unit(_ rng: inout SeededRNG) -> [Double] {
        while true {
            let v = (0..<3).map { _ in Double(rng.next() % 2_000_001) / 1_000_000 - 1 }
            let n = sqrt(v.reduce(0) { $0 + $1 * $1 })
            if n > 0.1 && n <= 1 { return v.map { $0 / n } }
        }
    }

    static func radians(_ a: Angle) -> Double { Double(a.raw) / 4294967296.0 * 2 * Double.pi }

    /// Seeded angles: 1/3 general in (0, π), 1/3 within 1e-5 of 0, 1/3 within 1e-5 of π.
    static func angle(_ i: Int, _ rng: inout SeededRNG) -> Double {
        let u = Double(rng.next() % 1_000_001) / 1_000_000
        switch i % 3 {
        case 0: return u * Double.pi
        case 1: return u * 1e-5
        default: return Double.pi - u * 1e-5
        }
    }

    @Test("about(axis, θ) matches Rodrigues in Double within 3e-10 for 3,000 seeded axes and angles (general, near 0, near π)")
    func aboutMatchesDouble() {
        var rng = SeededRNG(state: 0xA815)
        var worst = 0.0
        for i in 0..<3_000 {
            let k = Self.unit(&rng)
            let theta = Self.angle(i, &rng)
            // Use the Fixed axis and angle exactly as the reference's inputs.
            let kf = Vec3(Self.fixed(k[0]), Self.fixed(k[1]), Self.fixed(k[2]))
            let a = Angle(raw: Int64((theta / (2 * Double.pi) * 4294967296.0).rounded()))
            let r = Rot3.about(axis: kf, angle: a)
            let ref = Self.rodrigues([kf.x.double, kf.y.double, kf.z.double], Self.radians(a))
            worst = max(worst, Self.maxDiff(r, ref))
        }
        #expect(worst <= 3e-10, "worst entry error \(worst)")
        #expect(Rot3.about(axis: Vec3(.zero, .zero, .one), angle: .zero) == .identity)
        #expect(Rot3.about(axis: Vec3(.zero, .zero, .one), angle: .quarterTurn) == Rot3.aboutZ(sin: .one, cos: .zero))
    }

    @Test("axisAngle recovers angle (within 3e-9 rad) and unit axis (within 1e-9/sin θ) of 3,000 seeded rotations, including within 1e-5 rad of 0 and of π")
    func axisAngleMatchesDouble() {
        var rng = SeededRNG(state: 0xA816)
        var worstAngle = 0.0, worstAxis = 0.0, worstVector = 0.0, worstRoundTrip = 0.0
        for i in 0..<3_000 {
            let k = Self.unit(&rng)
            let theta = Self.angle(i, &rng)
            let r = Self.rot(Self.rodrigues(k, theta))
            let (axis, angle) = r.axisAngle
            #expect(angle.raw >= 0 && angle.raw <= Angle.halfTurn.raw)
            let a = Self.radians(angle)
            worstAngle = max(worstAngle, abs(a - theta))
            #expect(abs(axis.length.double - 1) < 1e-9, "|axis| = \(axis.length) for θ = \(theta)")
            let ax = [axis.x.double, axis.y.double, axis.z.double]
            // The rotation vector θ·k is well defined everywhere except the sign at exactly π.
            var dot = 0.0
            for j in 0..<3 { dot += ax[j] * k[j] }
            // Axis error ≈ (entry rounding of R) / sin θ away from 0 and π.
            if theta > 1e-3 && Double.pi - theta > 1e-3 {
                for j in 0..<3 { worstAxis = max(worstAxis, abs(ax[j] - k[j]) * sin(theta)) }
            }
            if Double.pi - theta > 1e-7 {
                for j in 0..<3 { worstVector = max(worstVector, abs(a * ax[j] - theta * k[j])) }
            } else {
                #expect(abs(dot) > 1 - 1e-9, "near π the axis must be ± the true axis")
            }
            worstRoundTrip = max(worstRoundTrip, Self.maxDiff(Rot3.about(axis: axis, angle: angle), r))
        }
        #expect(worstAngle <= 3e-9, "worst angle error \(worstAngle) rad")
        #expect(worstAxis <= 1e-9, "worst axis error × sin θ = \(worstAxis)")
        #expect(worstVector <= 5e-9, "worst rotation-vector error \(worstVector)")
        #expect(worstRoundTrip <= 5e-9, "about(axisAngle(R)) differs from R by \(worstRoundTrip)")
    }

    @Test("identity gives (x axis, 0); exact half turns about the coordinate axes give angle π and that axis")
    func specialCases() {
        let id = Rot3.identity.axisAngle
        #expect(id.axis == Vec3(.one, .zero, .zero) && id.angle == .zero)
        let halfZ = Rot3.aboutZ(sin: .zero, cos: -.one).axisAngle
        #expect(halfZ.angle == .halfTurn)
        #expect(halfZ.axis.z.magnitude == .one && halfZ.axis.x.isZero && halfZ.axis.y.isZero)
        let halfX = Rot3.aboutX(sin: .zero, cos: -.one).axisAngle
        #expect(halfX.angle == .halfTurn && halfX.axis.x.magnitude == .one)
        let quarterZ = Rot3.aboutZ(sin: .one, cos: .zero).axisAngle
        #expect(quarterZ.angle == .quarterTurn && quarterZ.axis == Vec3(.zero, .zero, .one))
        // A clockwise quarter turn is a counter-clockwise one about −z.
        let minusQuarter = Rot3.aboutZ(sin: -.one, cos: .zero).axisAngle
        #expect(minusQuarter.angle == .quarterTurn && minusQuarter.axis == Vec3(.zero, .zero, -.one))
    }
}
