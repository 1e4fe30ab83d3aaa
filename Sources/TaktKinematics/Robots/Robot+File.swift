import TaktFixed
import TaktJSON

extension Robot {
    /// Reads a robot definition (see `cells/robots/README.md`). Every error names the file,
    /// line, column and key.
    public static func load(text: String, file: String) throws(ConfigError) -> Robot {
        let root = try ConfigNode.parse(text, file: file)
        let type = try root.required("type").string()
        let common = ["name", "type", "joints", "source"]
        let name = try root.required("name").string()
        switch type {
        case "arm6":
            try root.checkKeys(common + ["dh", "tool"])
            let dh = try root.required("dh").items()
            guard dh.count == 6 else { throw try root.required("dh").error("a 6-axis arm needs 6 DH rows, found \(dh.count)") }
            var links: [DHLink] = []
            for row in dh {
                try row.checkKeys(["a", "d", "alpha", "offset"])
                links.append(DHLink(a: try row.required("a").quantity(.length), d: try row.required("d").quantity(.length),
                                    alpha: Angle(raw: try row.required("alpha").quantity(.angle).raw),
                                    offset: Angle(raw: try row.optional("offset")?.quantity(.angle).raw ?? 0)))
            }
            var tool = Pose.identity
            if let t = try root.optional("tool") {
                try t.checkKeys(["position"])
                tool.position = try vector(try t.required("position"))
            }
            let joints = try jointSpecs(try root.required("joints"), kinds: Array(repeating: .revolute, count: 6))
            return Robot(name: name, model: .arm(ArmModel(links: links, tool: tool)), joints: joints)
        case "scara":
            try root.checkKeys(common + ["links", "base_height"])
            let ls = try root.required("links").items()
            guard ls.count == 2 else { throw try root.required("links").error("a SCARA has 2 links, found \(ls.count)") }
            let model = ScaraModel(link1: try ls[0].quantity(.length), link2: try ls[1].quantity(.length),
                                   baseHeight: try root.optional("base_height")?.quantity(.length) ?? .zero)
            let joints = try jointSpecs(try root.required("joints"), kinds: [.revolute, .revolute, .prismatic, .revolute])
            return Robot(name: name, model: .scara(model), joints: joints)
        case "gantry":
            try root.checkKeys(common + ["origin"])
            let jn = try root.required("joints").items().count
            guard jn == 3 || jn == 4 else { throw try root.required("joints").error("a gantry has 3 axes (x, y, z) or 4 (with rotation), found \(jn)") }
            let origin = try root.optional("origin").map { n throws(ConfigError) in try vector(n) } ?? .zero
            let joints = try jointSpecs(try root.required("joints"), kinds: [.prismatic, .prismatic, .prismatic] + (jn == 4 ? [.revolute] : []))
            return Robot(name: name, model: .gantry(GantryModel(origin: origin, hasRotation: jn == 4)), joints: joints)
        case "agv":
            try root.checkKeys(common + ["wheel_radius", "track_width", "speed", "acceleration", "jerk"])
            let model = DifferentialDriveModel(
                wheelRadius: try positive(root, "wheel_radius", .length), trackWidth: try positive(root, "track_width", .length),
                maxSpeed: try positive(root, "speed", .speed), maxAcceleration: try positive(root, "acceleration", .acceleration),
                maxJerk: try root.optional("jerk")?.quantity(.jerk))
            let joints = try jointSpecs(try root.required("joints"), kinds: [.revolute, .revolute])
            return Robot(name: name, model: .differentialDrive(model), joints: joints)
        case "conveyor":
            try root.checkKeys(common + ["start", "end"])
            let model = ConveyorModel(start: try vector(try root.required("start")), end: try vector(try root.required("end")))
            let joints = try jointSpecs(try root.required("joints"), kinds: [.prismatic])
            return Robot(name: name, model: .conveyor(model), joints: joints)
        default:
            let near = nearest(to: type, in: ["arm6", "scara", "gantry", "agv", "conveyor"])
            throw try root.required("type").error("unknown robot type '\(type)'; \(near.isEmpty ? "use arm6, scara, gantry, agv or conveyor" : "did you mean '\(near[0])'?")")
        }
    }

    private static func positive(_ n: ConfigNode, _ key: String, _ d: Dimension) throws(ConfigError) -> Fixed {
        let node = try n.required(key)
        let v = try node.quantity(d)
        guard v > .zero else { throw node.error("must be greater than zero") }
        return v
    }

    private static func vector(_ n: ConfigNode) throws(ConfigError) -> Vec3 {
        let xs = try n.items()
        guard xs.count == 3 else { throw n.error("expected [x, y, z], found \(xs.count) values") }
        return Vec3(try xs[0].quantity(.length), try xs[1].quantity(.length), try xs[2].quantity(.length))
    }

    private static func jointSpecs(_ n: ConfigNode, kinds: [JointSpec.Kind]) throws(ConfigError) -> [JointSpec] {
        let items = try n.items()
        guard items.count == kinds.count else { throw n.error("expected \(kinds.count) joints, found \(items.count)") }
        var out: [JointSpec] = []
        for (j, kind) in zip(items, kinds) {
            try j.checkKeys(["name", "min", "max", "speed", "acceleration", "jerk"])
            let rev = kind == .revolute
            let pos: Dimension = rev ? .angle : .length
            let spec = JointSpec(
                name: try j.required("name").string(), kind: kind,
                min: try j.required("min").quantity(pos), max: try j.required("max").quantity(pos),
                maxSpeed: try positive(j, "speed", rev ? .angularSpeed : .speed),
                maxAcceleration: try positive(j, "acceleration", rev ? .angularAcceleration : .acceleration),
                maxJerk: try positive(j, "jerk", rev ? .angularJerk : .jerk))
            guard spec.min < spec.max else { throw try j.required("max").error("max must be greater than min") }
            out.append(spec)
        }
        return out
    }
}
