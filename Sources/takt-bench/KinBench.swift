import Foundation
import TaktFixed
import TaktKinematics

/// FK, IK and profile evaluations per second: fixed point beside the same algorithm in Double.
enum KinBench {
    static func load(_ name: String) -> Robot {
        let path = "cells/robots/\(name).json"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let robot = try? Robot.load(text: text, file: path) else {
            FileHandle.standardError.write("takt-bench: cannot load \(path) (run from the repository root)\n".data(using: .utf8)!)
            exit(2)
        }
        return robot
    }

    static func run(repeats: Int) {
        print("takt-bench kin: medians of \(repeats) runs, one core, release build")
        print(pad("benchmark", 30) + lpad("fixed", 12) + lpad("double", 12) + lpad("fixed/double time", 20))
        for name in ["ur5", "puma560", "kr210"] {
            let robot = load(name)
            guard case .arm(let arm) = robot.model else { continue }
            benchFK(name, robot: robot, arm: arm, repeats: repeats)
        }
        for name in ["ur5", "puma560"] {
            benchIK(name, robot: load(name), repeats: repeats)
        }
        benchProfile(repeats: repeats)
    }

    /// Seeded joint sets within limits.
    static func jointSets(_ robot: Robot, count: Int) -> [[Fixed]] {
        var s: UInt64 = 42
        func next() -> UInt64 { s &+= 0x9E37_79B9_7F4A_7C15; var z = s; z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB; return z ^ (z >> 31) }
        return (0..<count).map { _ in robot.joints.map { j in Fixed(raw: j.min.raw + Int64(next() % UInt64(j.max.raw - j.min.raw))) } }
    }

    static func benchFK(_ name: String, robot: Robot, arm: ArmModel, repeats: Int) {
        let n = 1_000_000
        let sets = jointSets(robot, count: 4096)
        let flat = sets.flatMap { $0.map { Angle(raw: $0.raw) } }
        let fixedTime = Timing.median(repeats: repeats) {
            var acc: Int64 = 0
            flat.withUnsafeBufferPointer { q in
                for i in 0..<n {
                    let k = (i & 4095) * 6
                    let p = arm.forwardFlange(q[k], q[k + 1], q[k + 2], q[k + 3], q[k + 4], q[k + 5])
                    acc &+= p.position.x.raw
                }
            }
            blackHole(acc)
        }
        let dh = DoubleArm(arm)
        let radians = sets.flatMap { $0.map { Double($0.raw) / 4294967296.0 * 2 * Double.pi } }
        let doubleTime = Timing.median(repeats: repeats) {
            var acc = 0.0
            radians.withUnsafeBufferPointer { q in
                for i in 0..<n { acc += dh.forward(UnsafeBufferPointer(rebasing: q[((i & 4095) * 6)...])).x }
            }
            blackHole(acc)
        }
        print(pad("fk \(name)", 30) + lpad(rate(Double(n) / fixedTime), 12) + lpad(rate(Double(n) / doubleTime), 12) + lpad(String(format: "%.2f×", fixedTime / doubleTime), 20))
    }

    static func benchIK(_ name: String, robot: Robot, repeats: Int) {
        let sets = jointSets(robot, count: 1024)
        let targets = sets.map { robot.forward($0) }
        let n = 50_000
        let t = Timing.median(repeats: repeats) {
            var acc = 0
            for i in 0..<n {
                if let s = try? robot.inverse(targets[i & 1023], reference: sets[i & 1023]) { acc &+= s.count }
            }
            blackHole(acc)
        }
        var doubleCell = "–", ratioCell = "–"
        if case .arm(let arm) = robot.model, arm.wrist == .universalRobots {
            let ik = DoubleURInverse(arm)
            let dts: [DoubleURInverse.M] = targets.map { p in
                ((0..<3).flatMap { r in (0..<3).map { Double(p.rotation[r, $0].raw) / 4294967296.0 } },
                 (Double(p.position.x.raw) / 4294967296.0, Double(p.position.y.raw) / 4294967296.0, Double(p.position.z.raw) / 4294967296.0))
            }
            let td = Timing.median(repeats: repeats) {
                var acc = 0
                for i in 0..<n { acc &+= ik.solve(dts[i & 1023]) }
                blackHole(acc)
            }
            doubleCell = rate(Double(n) / td)
            ratioCell = String(format: "%.2f×", t / td)
        }
        print(pad("ik \(name) (all solutions)", 30) + lpad(rate(Double(n) / t), 12) + lpad(doubleCell, 12) + lpad(ratioCell, 20))
    }

    static func benchProfile(repeats: Int) {
        let limits = MotionLimits(velocity: Fixed(1), acceleration: Fixed(2), jerk: Fixed(10))
        guard let trap = try? MotionProfile(distance: Fixed(1), limits: limits, kind: .trapezoidal, tickNanoseconds: 1_000_000),
              let scurve = try? MotionProfile(distance: Fixed(1), limits: limits, kind: .sCurve, tickNanoseconds: 1_000_000) else { return }
        let n = 2_000_000
        func evalRate(_ p: MotionProfile) -> Double {
            let ticks = p.durationTicks
            return Double(n) / Timing.median(repeats: repeats) {
                var acc: Int64 = 0
                for i in 0..<n { acc &+= p.position(atTick: Int64(i) % (ticks + 1)).raw }
                blackHole(acc)
            }
        }
        let dt = opaque(DoubleTrapezoid(d: 1, v: 1, a: 2))
        let ticks = Int(trap.durationTicks)
        let times = (0...ticks).map { Double($0) * 0.001 }
        let doubleTrap = Double(n) / Timing.median(repeats: repeats) {
            var acc = 0.0
            times.withUnsafeBufferPointer { ts in
                for i in 0..<n { acc += dt.position(ts[i % (ticks + 1)]) }
            }
            blackHole(acc)
        }
        let fixedTrap = evalRate(trap)
        print(pad("trapezoid position at a tick", 30) + lpad(rate(fixedTrap), 12) + lpad(rate(doubleTrap), 12) + lpad(String(format: "%.2f×", doubleTrap / fixedTrap), 20))
        print(pad("s-curve position at a tick", 30) + lpad(rate(evalRate(scurve)), 12) + lpad("–", 12) + lpad("–", 20))
        let planN = 200_000
        let tp = Timing.median(repeats: repeats) {
            var acc: Int64 = 0
            for i in 0..<planN {
                let d = Fixed(raw: Fixed.oneRaw + Int64(i) << 12)
                if let q = try? MotionProfile(distance: d, limits: limits, kind: .sCurve, tickNanoseconds: 1_000_000) { acc &+= q.durationTicks }
            }
            blackHole(acc)
        }
        print(pad("s-curve plan (time-optimal)", 30) + lpad(rate(Double(planN) / tp), 12) + lpad("–", 12) + lpad("–", 20))
    }

}

/// The same sparse DH composition in Double, for comparison.
struct DoubleArm {
    var a: [Double], d: [Double], sa: [Double], ca: [Double], off: [Double]
    init(_ arm: ArmModel) {
        a = arm.links.map { Double($0.a.raw) / 4294967296.0 }
        d = arm.links.map { Double($0.d.raw) / 4294967296.0 }
        sa = arm.links.map { Double($0.sinAlpha.raw) / 4294967296.0 }
        ca = arm.links.map { Double($0.cosAlpha.raw) / 4294967296.0 }
        off = arm.links.map { Double($0.offset.raw) / 4294967296.0 * 2 * Double.pi }
    }

    @inline(__always)
    func forward(_ q: UnsafeBufferPointer<Double>) -> (x: Double, y: Double, z: Double) {
        var x = (1.0, 0.0, 0.0), y = (0.0, 1.0, 0.0), z = (0.0, 0.0, 1.0), p = (0.0, 0.0, 0.0)
        for i in 0..<6 {
            let th = q[i] + off[i]
            let s = sin(th), c = cos(th)
            let u = (c * x.0 + s * y.0, c * x.1 + s * y.1, c * x.2 + s * y.2)
            let w = (c * y.0 - s * x.0, c * y.1 - s * x.1, c * y.2 - s * x.2)
            p = (p.0 + a[i] * u.0 + d[i] * z.0, p.1 + a[i] * u.1 + d[i] * z.1, p.2 + a[i] * u.2 + d[i] * z.2)
            let ny = (ca[i] * w.0 + sa[i] * z.0, ca[i] * w.1 + sa[i] * z.1, ca[i] * w.2 + sa[i] * z.2)
            z = (ca[i] * z.0 - sa[i] * w.0, ca[i] * z.1 - sa[i] * w.1, ca[i] * z.2 - sa[i] * w.2)
            y = ny
            x = u
        }
        return p
    }
}
