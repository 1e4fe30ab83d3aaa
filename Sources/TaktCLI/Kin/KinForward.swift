import TaktFixed
import TaktKinematics

/// `takt kin fk`.
enum KinForward {
    static func run(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        let a = try Arguments(args, options: ["joints", "format"], flags: ["radians", "degrees"], command: "kin fk")
        guard a.positionals.count == 1 else { throw UsageError("kin fk: expected one ROBOT, got \(a.positionals.count) (see 'takt kin --help')") }
        if a.flag("radians") && a.flag("degrees") { throw UsageError("kin fk: choose --radians or --degrees, not both") }
        let format = try a.choice("format", ["text", "json"], default: "text", command: "kin fk")
        let robot = try RobotLookup.load(a.positionals[0], context)
        guard let jointText = a.value("joints") else { throw UsageError("kin fk: --joints is required") }
        let degrees = a.flag("degrees")
        let q = try KinCommand.joints(jointText, option: "joints", robot: robot, degrees: degrees)
        let out = context.output

        if case .differentialDrive(let agv) = robot.model {
            let (v, yaw) = agv.twist(leftWheel: q[0], rightWheel: q[1])
            let yawShown = degrees ? yaw * 360 : Angle(raw: yaw.raw).radians
            let unit = degrees ? "deg_s" : "rad_s"
            if format == "json" {
                out.out("{\"speed_m_s\":\(v.formatted(decimals: 9)),\"yaw_rate_\(unit)\":\(yawShown.formatted(decimals: 9))}\n")
            } else {
                out.out("speed     \(v.formatted(decimals: 9)) m/s\nyaw rate  \(yawShown.formatted(decimals: 9)) \(degrees ? "deg/s" : "rad/s")\n")
            }
            return .ok
        }
        if let problem = robot.jointProblem(q) { throw UsageError("kin fk: \(problem)") }
        let pose = robot.forward(q)
        let p = [pose.position.x, pose.position.y, pose.position.z]
        let rows = (0..<3).map { r in (0..<3).map { pose.rotation[r, $0] } }
        if format == "json" {
            out.out("{\"position_m\":\(Format.jsonArray(p, decimals: 9)),\"rotation\":[\(rows.map { Format.jsonArray($0, decimals: 9) }.joined(separator: ","))]}\n")
        } else {
            out.out("robot     \(robot.name)\n")
            out.out("position  " + p.map { $0.formatted(decimals: 9) }.joined(separator: "  ") + "  m\n")
            for (i, r) in rows.enumerated() {
                out.out((i == 0 ? "rotation  " : "          ") + r.map { pad($0.formatted(decimals: 9)) }.joined(separator: " ") + "\n")
            }
        }
        return .ok
    }

    static func pad(_ s: String) -> String { String(repeating: " ", count: max(0, 12 - s.count)) + s }
}
