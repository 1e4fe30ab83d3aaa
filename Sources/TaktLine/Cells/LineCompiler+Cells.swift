import TaktEngine
import TaktFixed
import TaktJSON
import TaktKinematics
import TaktRandom

/// The four cell kinds, compiled into stations whose servers run programs (see `Program`).
///
/// - **assembly**: robots run a task program of moves and tool actions on each unit; with
///   several servers each server has its own copy of the robots (`A1.arm[2]`).
/// - **inspection**: a test cycle (`test`, or a program with a robot loading the unit), and an
///   outcome drawn per unit (`defects`, `false_reject`, `escape`, `max_fails`), routed by
///   `"to": {"pass": …, "fail": …, "give_up": …}`.
/// - **tending**: one loader robot serves `slots` machine slots: it loads a slot (`load`
///   program), the machine cycles (`cycle`), it unloads (`unload`). The loader is a resource:
///   slots that need it are served first come, first served (ties: lower slot first).
/// - **logistics**: a fleet of vehicles on a route graph carries each unit from `pickup` to
///   `dropoff` and drives home; the free vehicle whose home is nearest the pickup takes the unit.
///
/// Every robot starts each program at its home position and returns there at the end (a move
/// is added when the program does not end at home), so a cycle's time is the sum of its moves
/// and actions and does not depend on the previous unit.
extension LineCompiler {
    /// The cell kinds a station's `"kind"` may name (see `CellKind`).
    static let cellKindTypes: [any CellKind.Type] = [AssemblyCell.self, InspectionCell.self, TendingCell.self, LogisticsCell.self, ManualCell.self]
    static var cellKinds: [String] { cellKindTypes.map { $0.name } }
    static let stepVerbs = ["move", "tool", "cycle"]

    /// What a cell kind adds to a station.
    struct CellParts {
        var servers: Int
        var process: Distribution
        var programs: [Program]
        var inspection: Inspection?
        var routing: Routing?
        var dispatchOrder: [Int] = []
    }

    static func cellKind(_ kind: String, _ n: ConfigNode) throws(ConfigError) -> any CellKind.Type {
        guard let k = cellKindTypes.first(where: { $0.name == kind }) else {
            let node = try n.required("kind")
            throw node.error("unknown cell kind '\(kind)'\(didYouMean(kind, cellKinds, otherwise: "; use \(listed(cellKinds.map { "\"\($0)\"" }))"))")
        }
        return k
    }

    mutating func resource(_ name: String) -> Int {
        if let i = resourceIndex[name] { return i }
        resourceIndex[name] = resources.count
        resources.append(name)
        return resources.count - 1
    }

    /// Registers a timed step; `actor` (a robot or vehicle, with where it starts) and `motion`
    /// for steps that move one, for `--sample`.
    mutating func stepInfo(_ s: StepInfo, actor: (name: String, start: [Fixed])? = nil, motion: CellMotions.Motion? = nil, end: [Fixed] = []) -> Int {
        stepInfos.append(s)
        var a = -1
        if let actor {
            if let i = actorIndex[actor.name] { a = i } else {
                a = motions.actors.count
                actorIndex[actor.name] = a
                motions.actors.append(.init(name: actor.name, start: actor.start))
            }
        }
        motions.stepActor.append(a)
        motions.stepMotion.append(motion)
        motions.stepEnd.append(end)
        return stepInfos.count - 1
    }

    func constantTicks(_ ticks: Int64) -> Distribution {
        .constant(LineModel(name: "", tickNanoseconds: tick, elements: [], unitTypes: []).seconds(ticks: ticks))
    }

    // MARK: Kinds

    mutating func assembly(_ d: Declaration) throws(ConfigError) -> CellParts {
        let n = d.node
        let servers = try n.optional("servers")?.int(min: 1, max: 100) ?? 1
        var robots = try cellRobots(d, required: true)
        let program = try n.required("program")
        var programs: [Program] = []
        for k in 0..<servers {
            programs.append(Program(steps: try compileSteps(program, cell: d.name, robots: &robots, copy: servers > 1 ? k + 1 : 0, returnHome: true)))
        }
        return CellParts(servers: servers, process: .constant(.zero), programs: programs)
    }

    mutating func inspection(_ d: Declaration) throws(ConfigError) -> CellParts {
        let n = d.node
        let servers = try n.optional("servers")?.int(min: 1, max: 1000) ?? 1
        let testNode = try n.optional("test"), programNode = try n.optional("program")
        var programs: [Program] = []
        var process = Distribution.constant(.zero)
        if let programNode {
            if let testNode { throw testNode.error("give either \"test\" (the test time) or \"program\" (with a {\"cycle\": …} step for the test), not both") }
            var robots = try cellRobots(d, required: false)
            for k in 0..<servers {
                programs.append(Program(steps: try compileSteps(programNode, cell: d.name, robots: &robots, copy: servers > 1 ? k + 1 : 0, returnHome: true)))
            }
        } else {
            guard let testNode else { throw n.error("missing required key 'test': the test time, e.g. \"test\": \"60 s\" (or a \"program\")") }
            process = try DurationDistribution.parse(testNode)
        }
        var defective = [Fixed](repeating: .zero, count: unitTypes.count)
        if let dn = try n.optional("defects") {
            switch dn.value.kind {
            case .object:
                for e in try dn.entries() {
                    guard let t = unitTypes.firstIndex(of: e.key) else { throw e.error("unknown unit type '\(e.key)'\(didYouMean(e.key, unitTypes, otherwise: ""))") }
                    defective[t] = try probability(e.node)
                }
            default:
                let p = try probability(dn)
                defective = defective.map { _ in p }
            }
        }
        let falseReject = try n.optional("false_reject").map { x throws(ConfigError) in try probability(x) } ?? .zero
        let escape = try n.optional("escape").map { x throws(ConfigError) in try probability(x) } ?? .zero
        let maxFails = try n.optional("max_fails")?.int(min: 1, max: 255) ?? 0
        let routing = try outcomeRouting(d, limited: maxFails > 0)
        return CellParts(servers: servers, process: process, programs: programs,
                         inspection: Inspection(defective: defective, falseReject: falseReject, escape: escape, maxFails: maxFails),
                         routing: routing)
    }

    mutating func tending(_ d: Declaration) throws(ConfigError) -> CellParts {
        let n = d.node
        let slots = try n.required("slots").int(min: 1, max: 10_000)
        let cycle = try DurationDistribution.parse(try n.required("cycle"))
        var robots = try cellRobots(d, required: true)
        guard robots.count == 1 else {
            throw try n.required("robots").error("a tending cell has one loader robot, found \(robots.count)")
        }
        let loader = robots[0].qualified
        let held = resource("robot \(loader)")
        let load = try n.required("load"), unload = try n.required("unload")
        var programs: [Program] = []
        for k in 0..<slots {
            var steps: [Program.Step] = [.acquire([held])]
            steps += try compileSteps(load, cell: d.name, robots: &robots, copy: 0, returnHome: true, slot: k)
            steps.append(.release([held]))
            let warmStep = steps.count   // a warm-start unit is already in its slot: it starts here
            steps.append(.hold(cycle, info: stepInfo(StepInfo(kind: .cycle, actor: "\(d.name).slot\(k + 1)", label: "cycle"))))
            steps.append(.acquire([held]))
            steps += try compileSteps(unload, cell: d.name, robots: &robots, copy: 0, returnHome: true, slot: k)
            steps.append(.release([held]))
            programs.append(Program(steps: steps, warmStep: warmStep))
        }
        return CellParts(servers: slots, process: .constant(.zero), programs: programs)
    }

    mutating func logistics(_ d: Declaration) throws(ConfigError) -> CellParts {
        let n = d.node
        let routeNode = try n.required("route")
        let routeName = try routeNode.string()
        guard let graph = routes[routeName] else {
            throw routeNode.error("no route '\(routeName)'\(didYouMean(routeName, routes.keys.sorted(), otherwise: "; declare it under \"routes\""))")
        }
        let vn = try n.required("vehicles")
        try vn.checkLineKeys(["count", "model", "home"])
        let count = try vn.required("count").int(min: 1, max: 1000)
        let vehicle = try CellRobot.model(try vn.required("model"), library: library)
        guard case .differentialDrive(let drive) = vehicle.model else {
            throw try vn.required("model").error("a fleet's vehicles must be of type \"agv\", found \(vehicle.typeName)")
        }
        let homeNode = try vn.required("home")
        var homes: [Int] = []
        switch homeNode.value.kind {
        case .array:
            for item in try homeNode.items() { homes.append(try graph.node(item)) }
            guard homes.count == count else { throw homeNode.error("list one home node per vehicle (\(count)), found \(homes.count)") }
        default:
            homes = Array(repeating: try graph.node(homeNode), count: count)
        }
        let depots = Set(homes)
        let pickupNode = try n.required("pickup"), dropoffNode = try n.required("dropoff")
        let pickup = try graph.node(pickupNode), dropoff = try graph.node(dropoffNode)
        guard pickup != dropoff else { throw dropoffNode.error("the drop-off must differ from the pickup") }
        for (node, what) in [(pickupNode, "pickup"), (dropoffNode, "drop-off")] where depots.contains(what == "pickup" ? pickup : dropoff) {
            throw node.error("the \(what) is a vehicle home (a depot); give vehicles a home node of their own")
        }
        let loadTime = try DurationDistribution.parse(try n.required("load"))
        let unloadTime = try DurationDistribution.parse(try n.required("unload"))
        let limits = MotionLimits(velocity: drive.maxSpeed, acceleration: drive.maxAcceleration, jerk: drive.maxJerk)
        let profile: ProfileKind = drive.maxJerk == nil ? .trapezoidal : .sCurve

        func trip(_ a: Int, _ b: Int, vehicle v: Int, _ what: String, _ at: ConfigNode) throws(ConfigError) -> (steps: [Program.Step], ticks: Int64) {
            guard let path = graph.path(from: a, to: b, vmax: drive.maxSpeed) else {
                throw at.error("route '\(graph.name)' has no path from '\(graph.nodeNames[a])' to '\(graph.nodeNames[b])' (\(what)); add an edge or fix a one-way edge")
            }
            let home = graph.positions[homes[v]]
            return try travel(path, graph: graph, depots: depots, actor: "\(d.name).vehicle\(v + 1)", vehicleStart: [home.x, home.y, .zero],
                              limits: limits, profile: profile, at: at)
        }
        var programs: [Program] = [], approach: [Int64] = []
        for v in 0..<count {
            let actor = "\(d.name).vehicle\(v + 1)"
            let toPickup = try trip(homes[v], pickup, vehicle: v, "home to pickup", homeNode)
            let loaded = try trip(pickup, dropoff, vehicle: v, "pickup to drop-off", dropoffNode)
            let back = try trip(dropoff, homes[v], vehicle: v, "drop-off back home", homeNode)
            var steps = toPickup.steps
            steps.append(.hold(loadTime, info: stepInfo(StepInfo(kind: .tool, actor: actor, label: "load"))))
            steps += loaded.steps
            steps.append(.hold(unloadTime, info: stepInfo(StepInfo(kind: .tool, actor: actor, label: "unload"))))
            programs.append(Program(steps: steps, after: back.steps))
            approach.append(toPickup.ticks)
        }
        let order = (0..<count).sorted { approach[$0] != approach[$1] ? approach[$0] < approach[$1] : $0 < $1 }
        return CellParts(servers: count, process: .constant(.zero), programs: programs, dispatchOrder: order)
    }

    /// The steps of one trip: reserve every node and edge ahead (depots excepted), then one timed
    /// leg per edge of a single rest-to-rest profile over the whole path, each releasing the
    /// edge and the node behind it. The vehicle keeps the last node.
    private mutating func travel(_ path: (nodes: [Int], edges: [Int]), graph: RouteGraph, depots: Set<Int>, actor: String, vehicleStart: [Fixed],
                                 limits: MotionLimits, profile: ProfileKind, at: ConfigNode) throws(ConfigError) -> (steps: [Program.Step], ticks: Int64) {
        guard !path.edges.isEmpty else { return ([], 0) }
        var speed = limits.velocity
        var total = Fixed.zero
        var offsets: [Fixed] = []
        for k in path.edges {
            if let s = graph.edges[k].speed { speed = min(speed, s) }
            total += graph.edges[k].length
            offsets.append(total)
        }
        let motion: MotionProfile
        do {
            motion = try MotionProfile(distance: total, limits: MotionLimits(velocity: speed, acceleration: limits.acceleration, jerk: limits.jerk),
                                       kind: profile, tickNanoseconds: tick)
        } catch {
            throw at.error("cannot plan the trip \(graph.nodeNames[path.nodes[0]]) → \(graph.nodeNames[path.nodes.last!]): \(error)")
        }
        var reserve: [Int] = []
        for (i, k) in path.edges.enumerated() {
            reserve.append(resource(graph.edgeResourceName(k)))
            let to = path.nodes[i + 1]
            if !depots.contains(to) { reserve.append(resource(graph.nodeResourceName(to))) }
        }
        var steps: [Program.Step] = [.acquire(reserve)]
        var previous: Int64 = 0
        let end = motion.durationTicks
        for (i, k) in path.edges.enumerated() {
            // The first tick at which the vehicle has covered this edge (the last edge ends with the profile).
            var passed = end
            if i < path.edges.count - 1 {
                var lo = previous, hi = end
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if motion.position(atTick: mid) >= offsets[i] { hi = mid } else { lo = mid + 1 }
                }
                passed = lo
            }
            let from = path.nodes[i], to = path.nodes[i + 1]
            let edgeResource = resource(graph.edgeResourceName(k))
            let d = graph.positions[to] - graph.positions[from]
            let info = stepInfo(StepInfo(kind: .leg, actor: actor, label: graph.nodeNames[to], from: graph.nodeNames[from],
                                         joints: [graph.positions[to].x, graph.positions[to].y, graph.positions[to].z],
                                         distance: graph.edges[k].length, occupies: edgeResource),
                                actor: (actor, vehicleStart), motion: .leg(motion, startTick: previous, points: path.nodes.map { graph.positions[$0] }, offsets: offsets),
                                end: [graph.positions[to].x, graph.positions[to].y, Fixed(raw: Angle.atan2(d.y, d.x).raw) * 360])
            steps.append(.hold(constantTicks(passed - previous), info: info))
            var release = [edgeResource]
            if !depots.contains(from) { release.append(resource(graph.nodeResourceName(from))) }
            steps.append(.release(release))
            previous = passed
        }
        return (steps, end)
    }

    // MARK: Robots and programs

    /// The cell's `robots` and `targets`, with the zones their targets lie in.
    private mutating func cellRobots(_ d: Declaration, required: Bool) throws(ConfigError) -> [CellRobot] {
        let n = d.node
        guard let robotsNode = required ? try n.required("robots") : try n.optional("robots") else {
            if let t = try n.optional("targets") { throw t.error("targets need robots: add \"robots\"") }
            return []
        }
        var robots: [CellRobot] = []
        for e in try robotsNode.entries() {
            if let reason = Self.nameProblem(e.key, kind: "robot") { throw e.error(reason) }
            robots.append(try CellRobot.parse(e, cell: d.name, library: library))
        }
        guard !robots.isEmpty else { throw robotsNode.error("list at least one robot, e.g. {\"arm\": {\"model\": \"ur5\", \"home\": […]}}") }
        if let targetsNode = try n.optional("targets") {
            for e in try targetsNode.entries() {
                if let reason = Self.nameProblem(e.key, kind: "target") { throw e.error(reason) }
                try e.node.checkLineKeys(CellRobot.targetKeys + ["pitch", "per_row", "row_pitch"])
                let r = try robotIndex(e.node, robots, forTarget: e.key)
                if e.key == "slot" {
                    guard let j = try e.node.optional("joints") else { throw e.node.error("the 'slot' target is given in joints, with \"pitch\" from one slot to the next") }
                    robots[r].targets["slot"] = try CellRobot.joints(j, of: robots[r].robot)
                    slotPattern[robots[r].qualified] = try slotPitch(e.node, robots[r].robot)
                } else {
                    try robots[r].addTarget(e)
                }
            }
        }
        for i in robots.indices { try attachZones(&robots[i]) }
        return robots
    }

    private func slotPitch(_ n: ConfigNode, _ robot: Robot) throws(ConfigError) -> (pitch: [Fixed], perRow: Int, rowPitch: [Fixed]) {
        let zero = robot.joints.map { _ in Fixed.zero }
        let pitch = try n.optional("pitch").map { x throws(ConfigError) in try jointOffsets(x, robot) } ?? zero
        let perRow = try n.optional("per_row")?.int(min: 1, max: 10_000) ?? Int.max
        let rowPitch = try n.optional("row_pitch").map { x throws(ConfigError) in try jointOffsets(x, robot) } ?? zero
        return (pitch, perRow, rowPitch)
    }

    private func jointOffsets(_ n: ConfigNode, _ robot: Robot) throws(ConfigError) -> [Fixed] {
        let items = try n.items()
        guard items.count == robot.joints.count else { throw n.error("give one offset per joint (\(robot.joints.count)), found \(items.count)") }
        var out: [Fixed] = []
        for (item, j) in zip(items, robot.joints) { out.append(try item.quantity(j.kind == .revolute ? .angle : .length)) }
        return out
    }

    private func robotIndex(_ n: ConfigNode, _ robots: [CellRobot], forTarget target: String) throws(ConfigError) -> Int {
        let names = robots.map { String($0.qualified.split(separator: ".").last!) }
        if let r = try n.optional("robot") {
            let name = try r.string()
            guard let i = names.firstIndex(of: name) else { throw r.error("no robot '\(name)' in this cell\(didYouMean(name, names, otherwise: "; its robots are \(listed(names))"))") }
            return i
        }
        guard robots.count == 1 else { throw n.error("the cell has \(robots.count) robots; say which one target '\(target)' belongs to with \"robot\"") }
        return 0
    }

    /// Marks the robot's targets that lie in interlock zones (from the top-level "zones").
    private mutating func attachZones(_ robot: inout CellRobot) throws(ConfigError) {
        guard let memberships = zoneMembers[robot.qualified] else { return }
        zoneRobotsFound.insert(robot.qualified)
        for m in memberships {
            for (target, node) in m.targets {
                guard robot.targets[target] != nil else {
                    throw node.error("\(robot.qualified) has no target '\(target)'\(didYouMean(target, robot.targets.keys.sorted(), otherwise: ""))")
                }
                robot.zones[target, default: []].append(m.zone)
            }
        }
    }

    /// Compiles a program (a list of steps) for one server. `copy` > 0 names the robots of
    /// server `copy` of a multi-server cell; `slot` resolves the target "slot" for a tending cell.
    mutating func compileSteps(_ list: ConfigNode, cell: String, robots: inout [CellRobot], copy: Int, returnHome: Bool, slot: Int? = nil) throws(ConfigError) -> [Program.Step] {
        var at = robots.map { _ in "home" }
        var steps: [Program.Step] = []
        let items = try list.items()
        guard !items.isEmpty else { throw list.error("the program has no steps; write e.g. [{\"move\": \"pick\"}, {\"tool\": \"grip\", \"time\": \"0.5 s\"}]") }
        func actor(_ r: Int) -> String { copy > 0 ? "\(robots[r].qualified)[\(copy)]" : robots[r].qualified }
        func joints(_ r: Int, _ target: String) -> [Fixed] {
            var q = robots[r].targets[target]!
            if target == "slot", let slot, let pattern = slotPattern[robots[r].qualified] {
                let col = slot % pattern.perRow, row = slot / pattern.perRow
                for j in q.indices { q[j] += pattern.pitch[j] * Fixed(col) + pattern.rowPitch[j] * Fixed(row) }
            }
            return q
        }
        func move(_ r: Int, to target: String, linear: (MotionLimits, MotionLimits)?, node: ConfigNode) throws(ConfigError) -> [Program.Step] {
            let from = joints(r, at[r]), to = joints(r, target)
            if let problem = robots[r].robot.jointProblem(to) {
                throw node.error("\(actor(r)) cannot move to '\(target)'\(slot.map { " of slot \($0 + 1)" } ?? ""): \(problem)")
            }
            var ticks: Int64 = 0
            var motion: CellMotions.Motion?
            let revolute = robots[r].robot.joints.map { $0.kind == .revolute }
            do {
                if let (lin, ang) = linear {
                    let pose = robots[r].robot.forward(to)
                    let m = try CartesianMove(robot: robots[r].robot, from: from, to: pose, linear: lin, angular: ang,
                                              kind: robots[r].profile, tickNanoseconds: tick)
                    ticks = m.durationTicks
                    motion = .cartesian(m, revolute: revolute)
                } else if from != to {
                    let m = try SyncedMove(from: from, to: to, limits: robots[r].limits, kind: robots[r].profile, tickNanoseconds: tick)
                    ticks = m.durationTicks
                    motion = .joint(m, revolute: revolute)
                }
            } catch {
                throw node.error("\(actor(r)) cannot move from '\(at[r])' to '\(target)': \(error)")
            }
            // Zones: taken before entering, given back once out.
            let inNow = Set(robots[r].zones[at[r]] ?? []), inNext = Set(robots[r].zones[target] ?? [])
            var out: [Program.Step] = []
            let entering = inNext.subtracting(inNow).sorted(), leaving = inNow.subtracting(inNext).sorted()
            if !entering.isEmpty { out.append(.acquire(entering)) }
            func shown(_ q: [Fixed]) -> [Fixed] { zip(q, revolute).map { $1 ? $0 * 360 : $0 } }   // degrees, metres
            let info = stepInfo(StepInfo(kind: .move, actor: actor(r), label: target, from: at[r], joints: shown(to)),
                                actor: (actor(r), shown(robots[r].targets["home"]!)), motion: motion, end: shown(to))
            out.append(.hold(constantTicks(ticks), info: info))
            if !leaving.isEmpty { out.append(.release(leaving)) }
            at[r] = target
            return out
        }
        for item in items {
            let verbs = Self.stepVerbs.filter { (try? item.optional($0)) != nil && ((try? item.optional($0)) ?? nil) != nil }
            guard verbs.count == 1 else {
                throw item.error(verbs.isEmpty ? "a step is one of {\"move\": target}, {\"tool\": name, \"time\": …}, {\"cycle\": time}"
                                                 : "a step does one thing, found \(listed(verbs.map { "\"\($0)\"" }))")
            }
            switch verbs[0] {
            case "move":
                try item.checkLineKeys(["move", "robot", "path", "speed"])
                let targetNode = try item.required("move")
                let target = try targetNode.string()
                let r = try moveRobot(item, robots, target: target)
                guard robots[r].targets[target] != nil else {
                    throw targetNode.error("\(robots[r].qualified) has no target '\(target)'\(didYouMean(target, robots[r].targets.keys.sorted(), otherwise: "; declare it under \"targets\""))")
                }
                var linear: (MotionLimits, MotionLimits)?
                if let p = try item.optional("path") {
                    switch try p.string() {
                    case "joint": break
                    case "linear":
                        let v = try item.optional("speed")?.quantity(.speed) ?? Fixed(1, over: 4)
                        guard v > .zero else { throw try item.required("speed").error("the tool speed must be greater than 0 m/s") }
                        linear = (MotionLimits(velocity: v, acceleration: Fixed(1), jerk: Fixed(10)),
                                  MotionLimits(velocity: Fixed(1, over: 2), acceleration: Fixed(1), jerk: Fixed(10)))
                    case let other: throw p.error("unknown path '\(other)'; use \"joint\" or \"linear\"")
                    }
                } else if let s = try item.optional("speed") {
                    throw s.error("\"speed\" sets the tool speed of a \"path\": \"linear\" move")
                }
                steps += try move(r, to: target, linear: linear, node: item)
            case "tool":
                try item.checkLineKeys(["tool", "time", "count", "robot"])
                let name = try item.required("tool").string()
                let time = try DurationDistribution.parse(try item.required("time"))
                let count = try item.optional("count")?.int(min: 1, max: 10_000) ?? 1
                let who: String
                if try item.optional("robot") != nil { who = actor(try moveRobot(item, robots, target: nil)) } else { who = "\(cell).tool" }
                let label = count > 1 ? "\(name) x\(count)" : name
                let info = stepInfo(StepInfo(kind: .tool, actor: who, label: label))
                if case .constant(let c) = time {
                    steps.append(.hold(.constant(c * Fixed(count)), info: info))
                } else {
                    for _ in 0..<count { steps.append(.hold(time, info: info)) }
                }
            default:
                try item.checkLineKeys(["cycle", "name"])
                let time = try DurationDistribution.parse(try item.required("cycle"))
                let name = try item.optional("name")?.string() ?? "cycle"
                steps.append(.hold(time, info: stepInfo(StepInfo(kind: .cycle, actor: cell, label: name))))
            }
        }
        if returnHome {
            for r in robots.indices where at[r] != "home" { steps += try move(r, to: "home", linear: nil, node: list) }
        }
        return steps
    }

    private func moveRobot(_ item: ConfigNode, _ robots: [CellRobot], target: String?) throws(ConfigError) -> Int {
        if try item.optional("robot") != nil { return try robotIndex(item, robots, forTarget: target ?? "") }
        guard !robots.isEmpty else { throw item.error("this cell has no robots; add \"robots\"") }
        if robots.count == 1 { return 0 }
        if let target {
            let owners = robots.indices.filter { robots[$0].targets[target] != nil && target != "home" }
            if owners.count == 1 { return owners[0] }
        }
        throw item.error("the cell has \(robots.count) robots; say which one with \"robot\"")
    }

    private func probability(_ n: ConfigNode) throws(ConfigError) -> Fixed {
        let p = try n.quantity(.fraction)
        guard p >= .zero, p <= .one else { throw n.error("a probability must be between 0 % and 100 %, found '\(n.text)'") }
        return p
    }

    /// `"to": {"pass": "next", "fail": "rework", "give_up": "scrap"}`.
    private func outcomeRouting(_ d: Declaration, limited: Bool) throws(ConfigError) -> Routing {
        let n = try d.node.required("to")
        guard case .object = n.value.kind else {
            throw n.error("a test station routes by its verdict: \"to\": {\"pass\": …, \"fail\": …} (and \"give_up\" with \"max_fails\")")
        }
        try n.checkLineKeys(["pass", "fail", "give_up"])
        func t(_ key: String) throws(ConfigError) -> Int {
            let x = try n.required(key)
            return try target(try x.string(), node: x, location: x.value.location, from: d)
        }
        var giveUp = -1
        if let g = try n.optional("give_up") {
            guard limited else { throw g.error("\"give_up\" needs \"max_fails\": after how many failed tests a unit goes there") }
            giveUp = try t("give_up")
        } else if limited {
            throw n.error("with \"max_fails\", say where a unit goes after its last failed test: \"give_up\": …")
        }
        return .outcome(pass: try t("pass"), fail: try t("fail"), giveUp: giveUp)
    }
}
