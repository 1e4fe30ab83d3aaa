import TaktFixed
import TaktKinematics

/// `takt kin ik`.
enum KinInverse {
    static func run(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        let a = try Arguments(args, options: ["position", "rotation", "near", "format"], flags: ["all", "radians", "degrees"], command: "kin ik")
        guard a.positionals.count == 1 else { throw UsageError("kin ik: expected one ROBOT, got \(a.positionals.count) (see 'takt kin --help')") }
        if a.flag("radians") && a.flag("degrees") { throw UsageError("kin ik: choose --radians or --degrees, not both") }
        let format = try a.choice("format", ["text", "json"], default: "text", command: "kin ik")
        let robot = try RobotLookup.load(a.positionals[0], context)
        let degrees = a.flag("degrees")
        guard let posText = a.value("position") else { throw UsageError("kin ik: --position x,y,z is required") }
        let pos = try Format.decimals(posText, option: "position", unit: "m", dimension: .length)
        guard pos.count == 3 else { throw UsageError("kin ik: --position needs 3 values (x,y,z in metres), got \(pos.count)") }
        var rotation = Rot3.identity
        if let rotText = a.value("rotation") {
            let r = try Format.decimals(rotText, option: "rotation")
            guard r.count == 9 else { throw UsageError("kin ik: --rotation needs 9 values (r11,...,r33 by rows), got \(r.count)") }
            rotation = Rot3(rows: r)
            if let problem = orthonormalityProblem(rotation) { throw UsageError("kin ik: --rotation \(problem)") }
        }
        var reference = robot.joints.map { _ in Fixed.zero }
        if let nearText = a.value("near") {
            reference = try KinCommand.joints(nearText, option: "near", robot: robot, degrees: degrees)
        }
        let target = Pose(rotation: rotation, position: Vec3(pos[0], pos[1], pos[2]))
        let out = context.output
        do {
            if a.flag("all") {
                let sols = try robot.inverse(target, reference: reference)
                if format == "json" {
                    let items = sols.map { s in
                        "{\"joints\":\(Format.jsonArray(KinCommand.show(s.joints, robot: robot, degrees: degrees), decimals: 9)),\"within_limits\":\(s.withinLimits),\"singular\":\(s.singular),\"branch\":\(Format.jsonString(s.branch))}"
                    }
                    out.out("{\"unit\":\"\(degrees ? "deg" : "rad")\",\"solutions\":[\(items.joined(separator: ","))]}\n")
                } else {
                    for s in sols { out.out(line(s, robot: robot, degrees: degrees)) }
                }
            } else {
                let s = try robot.nearestInverse(target, reference: reference)
                if format == "json" {
                    out.out("{\"unit\":\"\(degrees ? "deg" : "rad")\",\"joints\":\(Format.jsonArray(KinCommand.show(s.joints, robot: robot, degrees: degrees), decimals: 9)),\"singular\":\(s.singular),\"branch\":\(Format.jsonString(s.branch))}\n")
                } else {
                    out.out(line(s, robot: robot, degrees: degrees))
                }
            }
        } catch {
            throw UsageError("kin ik: \(robot.name): \(error)")
        }
        return .ok
    }

    static func line(_ s: IKSolution, robot: Robot, degrees: Bool) -> String {
        let q = KinCommand.show(s.joints, robot: robot, degrees: degrees).map { $0.formatted(decimals: 9) }.joined(separator: ",")
        var notes = [s.branch]
        if !s.withinLimits { notes.append("beyond limits") }
        if s.singular { notes.append("singular") }
        return "\(q)  # \(notes.joined(separator: "; "))\n"
    }

    /// Rejects a matrix that is not a rotation (columns not unit, not orthogonal, or a reflection).
    static func orthonormalityProblem(_ r: Rot3) -> String? {
        let tol = Fixed(raw: 1 << 13)  // ≈ 1.9e-6
        let cols = [r.c0, r.c1, r.c2]
        for i in 0..<3 {
            for j in i..<3 {
                let d = cols[i].dot(cols[j]) - (i == j ? .one : .zero)
                if d.magnitude > tol {
                    return i == j ? "is not a rotation: column \(i + 1) does not have unit length" : "is not a rotation: columns \(i + 1) and \(j + 1) are not orthogonal"
                }
            }
        }
        if r.c0.cross(r.c1).dot(r.c2) < .zero { return "is a reflection (determinant −1), not a rotation" }
        return nil
    }
}
