import TaktFixed

extension ArmModel {
    /// Below this |sin θ5| (or shoulder radius in metres) the pose counts as singular.
    static let singularTolerance = Fixed(raw: 1 << 12)  // ≈ 9.5e-7
    /// How far a cosine may stray beyond ±1 from rounding before the pose counts as unreachable.
    static let reachTolerance = Fixed(raw: 1 << 10)

    /// All analytic solutions for the tool pose `target`, up to eight, each brought to
    /// the joint representatives nearest `reference` within the limits of `joints`.
    public func inverse(_ target: Pose, joints: [JointSpec], reference: [Fixed]) throws(IKFailure) -> [IKSolution] {
        let flange = tool == .identity ? target : target * tool.inverse
        let raw: [(angles: [Angle], singular: Bool, branch: String)]
        switch wrist {
        case .spherical: raw = try sphericalSolutions(flange, reference: reference)
        case .universalRobots: raw = try universalSolutions(flange, reference: reference)
        case .general:
            throw .unsupported("the DH table has neither a spherical wrist nor the Universal Robots layout")
        }
        return raw.map { r in
            var out: [Fixed] = []
            var ok = true
            for i in 0..<6 {
                if let v = representative(r.angles[i], near: reference[i], spec: joints[i]) { out.append(v) } else {
                    ok = false
                    out.append(Fixed(raw: r.angles[i].wrappedSigned.raw))
                }
            }
            return IKSolution(joints: out, withinLimits: ok, singular: r.singular, branch: r.branch)
        }
    }

    /// Angle of joint `i` (θ − offset) from a DH angle θ.
    @inline(__always) func jointAngle(_ i: Int, _ theta: Angle) -> Angle { theta - links[i].offset }

    // MARK: Spherical wrist (Puma, FANUC, KUKA)

    func sphericalSolutions(_ f: Pose, reference: [Fixed]) throws(IKFailure) -> [([Angle], Bool, String)] {
        let l = links
        let pw = f.position - f.rotation.c2 * l[5].d            // wrist centre
        let s1a = l[0].sinAlpha, s3a = l[2].sinAlpha
        let w = -(s1a * (l[1].d + l[2].d))                       // lateral offset of the arm plane
        let rho2 = Fixed.dot(pw.x, pw.x, pw.y, pw.y)
        let w2 = w * w
        guard rho2 + ArmModel.reachTolerance >= w2 else {
            throw .unreachable("the wrist centre is closer to the base axis than the shoulder offset \(w)")
        }
        let uAbs = (rho2 > w2 ? rho2 - w2 : .zero).squareRoot() ?? .zero
        let a2 = l[1].a, a3 = l[2].a, d4 = l[3].d
        let link2 = Vec3(a3, -(s3a * d4), .zero)
        let len2 = Fixed.hypot(link2.x, link2.y)
        let phi = Angle.atan2(link2.y, link2.x)
        var result: [([Angle], Bool, String)] = []
        var reasons: [String] = []
        for shoulder in [1, -1] {
            let u = shoulder == 1 ? uAbs : -uAbs
            var singular = false
            let theta1: Angle
            if Fixed.hypot(pw.x, pw.y) < ArmModel.singularTolerance && w.isZero {
                singular = true                                  // wrist centre on the base axis
                theta1 = Angle(raw: reference[0].raw) + l[0].offset
            } else {
                theta1 = Angle.atan2(pw.y, pw.x) - Angle.atan2(w, u)
            }
            let x1 = u - l[0].a
            let y1 = s1a * (pw.z - l[0].d)
            guard !a2.isZero, !len2.isZero else { throw .unsupported("upper arm or forearm of zero length") }
            guard let betaAbs = elbowAngle(x: x1, y: y1, l1: a2, l2: len2, tolerance: ArmModel.reachTolerance) else {
                reasons.append("the wrist centre is \(Fixed.hypot(x1, y1).formatted(decimals: 4)) m from the shoulder; the arm reaches \((a2 - len2).magnitude.formatted(decimals: 4))–\((a2 + len2).formatted(decimals: 4)) m")
                continue
            }
            for elbow in [1, -1] {
                let beta = elbow == 1 ? betaAbs : -betaAbs
                let (sb, cbeta) = beta.sinCos
                let theta2 = Angle.atan2(y1, x1) - Angle.atan2(len2 * sb, a2 + len2 * cbeta)
                let theta3 = beta - phi
                var q: [Angle] = [jointAngle(0, theta1), jointAngle(1, theta2), jointAngle(2, theta3), .zero, .zero, .zero]
                let r03 = partialForward(q, count: 3).rotation
                let m = r03.transposed * f.rotation
                let s4a = l[3].sinAlpha, s5a = l[4].sinAlpha
                let c5 = -(m[2, 2] * s4a * s5a)
                let s5 = Fixed.hypot(m[0, 2], m[1, 2])
                let name = "shoulder \(shoulder == 1 ? "A" : "B"), elbow \(elbow == 1 ? "up" : "down")"
                if s5 < ArmModel.singularTolerance {
                    // θ4 and θ6 rotate about one axis: hold θ4 at the reference, solve θ6.
                    let theta4 = Angle(raw: reference[3].raw) + l[3].offset
                    let theta5: Angle = c5 > .zero ? .zero : .halfTurn
                    let theta6 = residualTheta6(m, theta4: theta4, theta5: theta5)
                    q[3] = jointAngle(3, theta4); q[4] = jointAngle(4, theta5); q[5] = jointAngle(5, theta6)
                    result.append((q, true, name + ", wrist singular"))
                    continue
                }
                let theta5 = Angle.atan2(s5, c5)
                let theta4 = Angle.atan2(s5a * m[1, 2], s5a * m[0, 2])
                // θ6 from what remains once θ4 and θ5 are applied, so that rounding in θ4
                // is absorbed by θ6 instead of adding to it near the wrist singularity.
                let theta6 = residualTheta6(m, theta4: theta4, theta5: theta5)
                q[3] = jointAngle(3, theta4); q[4] = jointAngle(4, theta5); q[5] = jointAngle(5, theta6)
                result.append((q, singular, name + ", no flip"))
                q[3] = jointAngle(3, theta4 + .halfTurn); q[4] = jointAngle(4, -theta5); q[5] = jointAngle(5, theta6 + .halfTurn)
                result.append((q, singular, name + ", flip"))
            }
        }
        if result.isEmpty { throw .unreachable(reasons.first ?? "out of reach") }
        return result
    }

    // MARK: Universal Robots layout

    func universalSolutions(_ f: Pose, reference: [Fixed]) throws(IKFailure) -> [([Angle], Bool, String)] {
        let l = links
        let d4 = l[3].d, d6 = l[5].d, a2 = l[1].a, a3 = l[2].a
        let p5 = f.position - f.rotation.c2 * d6
        let rho = Fixed.hypot(p5.x, p5.y)
        guard rho > d4.magnitude + ArmModel.singularTolerance || rho >= d4.magnitude else {
            throw .unreachable("the wrist is closer to the base axis (\(rho.formatted(decimals: 4)) m) than the shoulder offset d4 = \(d4.formatted(decimals: 4)) m")
        }
        let psi = Angle.atan2(p5.y, p5.x)
        guard let asinTerm = Angle.asin(Swift.min(d4 / rho, .one)) else { throw .unreachable("shoulder offset") }
        var result: [([Angle], Bool, String)] = []
        var reasons: [String] = []
        for (si, theta1) in [psi + asinTerm, psi + .halfTurn - asinTerm].enumerated() {
            let (s1, c1) = theta1.sinCos
            let z1 = Vec3(s1, -c1, .zero)
            // z1 seen from the tool frame is (s5·c6, −s5·s6, c5): the position fixes c5 through
            // p·z1 = d4 + d6·c5 (a reachability check), the rotation gives θ5 and θ6 well
            // conditioned as atan2 of its components.
            let c5FromPosition = (f.position.dot(z1) - d4) / d6
            if c5FromPosition > .one + ArmModel.reachTolerance || c5FromPosition < -.one - ArmModel.reachTolerance {
                reasons.append("the tool axis cannot be reached with wrist offset d6 from this shoulder side")
                continue
            }
            let xz = f.rotation.c0.dot(z1), yz = f.rotation.c1.dot(z1), zz = f.rotation.c2.dot(z1)
            let s5abs = Fixed.hypot(xz, yz)
            for wristSign in [1, -1] {
                let theta5 = Angle.atan2(wristSign == 1 ? s5abs : -s5abs, zz)
                var singular = false
                let theta6: Angle
                if s5abs < ArmModel.singularTolerance {
                    singular = true
                    theta6 = Angle(raw: reference[5].raw) + l[5].offset
                } else {
                    theta6 = wristSign == 1 ? Angle.atan2(-yz, xz) : Angle.atan2(yz, -xz)
                }
                // Frame 4 in frame 1: strip joints 5, 6 from the end and joint 1 from the start.
                let q1 = jointAngle(0, theta1), q5 = jointAngle(4, theta5), q6 = jointAngle(5, theta6)
                let t46 = linkTransform(4, q5) * linkTransform(5, q6)
                let t14 = linkTransform(0, q1).inverse * (f * t46.inverse)
                let x = t14.position.x, y = t14.position.y
                // a2 and a3 are negative in UR tables; the elbow formula uses the links' lengths
                // and their product's sign decides the sense of cos θ3.
                guard var t3abs = elbowAngle(x: x, y: y, l1: a2, l2: a3, tolerance: ArmModel.reachTolerance) else {
                    reasons.append("the wrist is \(Fixed.hypot(x, y).formatted(decimals: 4)) m from the shoulder; the arm reaches \((a2.magnitude - a3.magnitude).magnitude.formatted(decimals: 4))–\((a2.magnitude + a3.magnitude).formatted(decimals: 4)) m")
                    continue
                }
                if (a2 < .zero) != (a3 < .zero) { t3abs = .halfTurn - t3abs }
                for elbow in [1, -1] {
                    let theta3 = elbow == 1 ? t3abs : -t3abs
                    let (s3, c3v) = theta3.sinCos
                    let theta2 = Angle.atan2(y, x) - Angle.atan2(a3 * s3, a2 + a3 * c3v)
                    let theta234 = Angle.atan2(t14.rotation.c0.y, t14.rotation.c0.x)
                    let theta4 = theta234 - theta2 - theta3
                    let q = [q1, jointAngle(1, theta2), jointAngle(2, theta3), jointAngle(3, theta4), q5, q6]
                    let name = "shoulder \(si == 0 ? "A" : "B"), wrist \(wristSign == 1 ? "up" : "down"), elbow \(elbow == 1 ? "up" : "down")"
                    result.append((q, singular, name))
                }
            }
        }
        if result.isEmpty { throw .unreachable(reasons.first ?? "out of reach") }
        return result
    }

    /// θ6 (as a DH angle) such that Rz(θ4)·Rx(α4)·Rz(θ5)·Rx(α5)·Rz(θ6) = m.
    func residualTheta6(_ m: Rot3, theta4: Angle, theta5: Angle) -> Angle {
        let (s4, c4) = theta4.sinCos, (s5, c5) = theta5.sinCos
        let l4 = links[3], l5 = links[4]
        let pre = Rot3.aboutZ(sin: s4, cos: c4) * Rot3.aboutX(sin: l4.sinAlpha, cos: l4.cosAlpha)
            * Rot3.aboutZ(sin: s5, cos: c5) * Rot3.aboutX(sin: l5.sinAlpha, cos: l5.cosAlpha)
        let n = pre.transposed * m
        return Angle.atan2(n[1, 0], n[0, 0])
    }

    /// The DH transform of link `i` at joint angle `q`.
    public func linkTransform(_ i: Int, _ q: Angle) -> Pose {
        let l = links[i]
        let (s, c) = (q + l.offset).sinCos
        let rot = Rot3(c0: Vec3(c, s, .zero),
                       c1: Vec3(-(s * l.cosAlpha), c * l.cosAlpha, l.sinAlpha),
                       c2: Vec3(s * l.sinAlpha, -(c * l.sinAlpha), l.cosAlpha))
        return Pose(rotation: rot, position: Vec3(l.a * c, l.a * s, l.d))
    }
}
