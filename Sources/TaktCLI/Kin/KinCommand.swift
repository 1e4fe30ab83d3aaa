import TaktFixed
import TaktKinematics

/// `takt kin`: check a robot before putting it in a cell.
enum KinCommand {
    static let help = """
    usage:
      takt kin fk ROBOT --joints q1,q2,... [--radians|--degrees] [--format text|json]
      takt kin ik ROBOT --position x,y,z --rotation r11,r12,r13,r21,r22,r23,r31,r32,r33
                        [--near q1,q2,...] [--all] [--radians|--degrees] [--format text|json]
      takt kin profile --distance D --vmax V --amax A [--jmax J] [--tick 1ms] [--format text|json]
      takt kin robots

    ROBOT is a file name in cells/robots/ without '.json' (e.g. ur5, puma560; $TAKT_ROBOTS
    overrides the folder) or a path to a robot file.

    fk       the tool pose for joint values. Revolute joints are read in radians (default) or
             degrees; prismatic joints in metres. A joint may also carry its own unit ('90deg').
             JSON: {"position_m":[x,y,z],"rotation":[[r11,r12,r13],[...],[...]]}, 9 decimals.
             For an AGV the two values are wheel speeds (per second) and the result is the body
             speed and yaw rate.
    ik       joint solutions for a tool pose: position in metres, rotation matrix by rows.
             By default the solution within joint limits nearest --near (or all zeros);
             --all lists every analytic solution with its branch, limits and singularity flags.
    profile  a rest-to-rest move of distance D under speed V, acceleration A and, with --jmax,
             jerk J (7-segment S-curve; without it a trapezoid), all in one consistent unit.
             Prints the time-optimal duration (duration_s), the duration rounded up to whole
             ticks (duration_ticks) and the phases.
    robots   the robots available by name.

    Errors (unknown robot, wrong joint count, joint beyond limits, unreachable pose,
    malformed number or unit) print one line on stderr and exit 2.

    """

    static func run(_ args: [String], _ context: Context) throws(UsageError) -> ExitCode {
        guard let sub = args.first, sub != "--help", sub != "-h" else {
            context.output.out(help)
            return args.isEmpty ? .usage : .ok
        }
        let rest = Array(args.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            context.output.out(help)
            return .ok
        }
        switch sub {
        case "fk": return try KinForward.run(rest, context)
        case "ik": return try KinInverse.run(rest, context)
        case "profile": return try KinProfile.run(rest, context)
        case "robots":
            let names = RobotLookup.names(context)
            if names.isEmpty {
                throw UsageError("kin robots: no robot files in '\(RobotLookup.directory(context))' (run from the takt checkout or set TAKT_ROBOTS to a directory of robot .json files)")
            }
            for n in names { context.output.out(n + "\n") }
            return .ok
        default:
            let near = TaktJSON.nearest(to: sub, in: ["fk", "ik", "profile", "robots"])
            throw UsageError("kin: unknown subcommand '\(sub)'\(near.isEmpty ? "" : "; did you mean '\(near[0])'?")")
        }
    }

    /// Parses joint values: revolute in radians or degrees (or with their own unit), prismatic in metres.
    static func joints(_ text: String, option: String, robot: Robot, degrees: Bool) throws(UsageError) -> [Fixed] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == robot.joints.count else {
            throw UsageError("--\(option): \(robot.name) has \(robot.joints.count) joints, got \(parts.count) values")
        }
        var out: [Fixed] = []
        for (i, spec) in robot.joints.enumerated() {
            let revolute = spec.kind == .revolute
            let v = try Format.decimals(String(parts[i]), option: option,
                                        unit: revolute ? (degrees ? "deg" : "rad") : "m",
                                        dimension: revolute ? .angle : .length)
            out.append(v[0])
        }
        return out
    }

    /// Joint values for output: revolute in radians or degrees, prismatic in metres.
    static func show(_ q: [Fixed], robot: Robot, degrees: Bool) -> [Fixed] {
        zip(q, robot.joints).map { v, spec in
            spec.kind == .prismatic ? v : (degrees ? v * 360 : Angle(raw: v.raw).radians)
        }
    }
}

import TaktJSON
