import TaktEngine
import TaktFixed
import TaktJSON
import TaktKinematics

/// A robot of a cell as the line file sets it up: its model, where it rests, how fast it may
/// go, and its named targets (all as joint positions, Cartesian ones solved once at load).
struct CellRobot {
    /// "A1.arm" (cell name, dot, robot name).
    let qualified: String
    let robot: Robot
    /// Joint limits scaled by the robot's `speed` override.
    let limits: [MotionLimits]
    let profile: ProfileKind
    /// Joint positions by target name; "home" is always there.
    var targets: [String: [Fixed]]
    /// The zones (resource indices) each target lies in.
    var zones: [String: [Int]] = [:]

    static let robotKeys = ["model", "home", "speed", "profile"]
    static let targetKeys = ["robot", "joints", "xyz", "like", "from", "offset"]

    /// Reads `"arm": {"model": "ur10", "home": [...], "speed": "100 %", "profile": "s-curve"}`.
    static func parse(_ e: Entry, cell: String, library: RobotLibrary) throws(ConfigError) -> CellRobot {
        let n = e.node
        try n.checkLineKeys(robotKeys)
        let robot = try model(try n.required("model"), library: library)
        let homeNode = try n.required("home")
        let home = try joints(homeNode, of: robot)
        var scale = Fixed.one
        if let s = try n.optional("speed") {
            scale = try s.quantity(.fraction)
            guard scale > .zero, scale <= .one else {
                throw s.error("the speed override is a share of the rated joint speeds, more than 0 % and at most 100 %, found '\(s.text)'")
            }
        }
        var profile = ProfileKind.sCurve
        if let p = try n.optional("profile") {
            switch try p.string() {
            case "s-curve": profile = .sCurve
            case "trapezoidal": profile = .trapezoidal
            case let other: throw p.error("unknown profile '\(other)'\(didYouMean(other, ["s-curve", "trapezoidal"], otherwise: "; use \"s-curve\" or \"trapezoidal\""))")
            }
        }
        let limits = robot.joints.map { j in
            MotionLimits(velocity: max(j.maxSpeed * scale, Fixed(raw: 1)), acceleration: j.maxAcceleration, jerk: j.maxJerk)
        }
        return CellRobot(qualified: "\(cell).\(e.key)", robot: robot, limits: limits, profile: profile, targets: ["home": home])
    }

    /// A robot model by name (from the library) or written inline.
    static func model(_ n: ConfigNode, library: RobotLibrary) throws(ConfigError) -> Robot {
        switch n.value.kind {
        case .string(let name):
            guard let found = library.find(name) else {
                let names = library.names()
                throw n.error("no robot model '\(name)'\(didYouMean(name, names, otherwise: names.isEmpty ? "; robot models are files robots/NAME.json beside the line file or in a folder above it" : "; available: \(listed(names))"))")
            }
            return try Robot.load(text: found.text, file: found.file)
        case .object:
            return try Robot.load(text: LineFile.canonicalJSON(n.value), file: "\(n.file) (\(n.path))")
        default:
            throw n.error("expected a robot model name such as \"ur10\" or an inline definition, found \(n.value.kindName)")
        }
    }

    /// `["0 deg", "-90 deg", …]` for a robot, checked against its joint limits.
    static func joints(_ n: ConfigNode, of robot: Robot) throws(ConfigError) -> [Fixed] {
        let items = try n.items()
        guard items.count == robot.joints.count else {
            throw n.error("\(robot.name) has \(robot.joints.count) joints (\(listed(robot.joints.map(\.name)))), found \(items.count) values")
        }
        var q: [Fixed] = []
        for (item, j) in zip(items, robot.joints) { q.append(try item.quantity(j.kind == .revolute ? .angle : .length)) }
        if let problem = robot.jointProblem(q) { throw n.error("\(problem); choose a position within the robot's limits") }
        return q
    }

    /// Reads a target: `{"joints": […]}`, `{"xyz": [x, y, z], "like": "home"}` (the orientation
    /// of another target), or `{"from": "pick", "offset": [dx, dy, dz]}`; Cartesian targets are
    /// solved by inverse kinematics, nearest the joints of the target they refer to.
    mutating func addTarget(_ e: Entry) throws(ConfigError) {
        let n = e.node
        if e.key == "home" { throw e.error("'home' is the robot's rest position, set by \"home\" in its definition; name this target differently") }
        if let j = try n.optional("joints") {
            targets[e.key] = try Self.joints(j, of: robot)
            return
        }
        let refName: String
        var position: Vec3
        if let xyz = try n.optional("xyz") {
            refName = try n.optional("like")?.string() ?? "home"
            position = try Self.vector(xyz)
        } else if let from = try n.optional("from") {
            refName = try from.string()
            position = .zero
        } else {
            throw n.error("a target needs \"joints\": [...], \"xyz\": [x, y, z] (with \"like\": a target whose orientation it keeps), or \"from\": a target and \"offset\": [dx, dy, dz]")
        }
        guard let ref = targets[refName] else {
            throw n.error("no target '\(refName)' of \(qualified) defined before this one\(didYouMean(refName, Array(targets.keys).sorted(), otherwise: ""))")
        }
        let refPose = robot.forward(ref)
        if try n.optional("from") != nil {
            let offset = try n.optional("offset").map { x throws(ConfigError) in try Self.vector(x) } ?? .zero
            position = refPose.position + offset
        }
        let pose = Pose(rotation: refPose.rotation, position: position)
        do {
            targets[e.key] = try robot.nearestInverse(pose, reference: ref).joints
        } catch {
            throw n.error("\(qualified) cannot reach target '\(e.key)' at (\(position.x) m, \(position.y) m, \(position.z) m): \(error); move the target within the robot's reach")
        }
    }

    static func vector(_ n: ConfigNode) throws(ConfigError) -> Vec3 {
        let xs = try n.items()
        guard xs.count == 3 else { throw n.error("expected [x, y, z] in metres, found \(xs.count) values") }
        return Vec3(try xs[0].quantity(.length), try xs[1].quantity(.length), try xs[2].quantity(.length))
    }

    /// Ticks of a joint move between two joint positions (synchronised, rest to rest).
    func jointMoveTicks(from a: [Fixed], to b: [Fixed], tickNanoseconds: Int64) throws(ProfileError) -> Int64 {
        if a == b { return 0 }
        return try SyncedMove(from: a, to: b, limits: limits, kind: profile, tickNanoseconds: tickNanoseconds).durationTicks
    }
}
