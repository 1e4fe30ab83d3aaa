import TaktEngine
import TaktFixed
import TaktJSON
import TaktRandom

/// Turns the (overridden) JSON tree of a line file into a validated `LineModel`.
///
/// Checks run in a fixed order, and within each step in file order, so the one error reported
/// for a file is always the same: top-level keys, name, tick, unit types; element names (syntax,
/// uniqueness); at least one source and one sink; each element's body; reachability.
struct LineCompiler {
    enum Section: String, CaseIterable {
        case sources, buffers, stations, sinks
        var singular: String {
            switch self {
            case .sources: "source"
            case .buffers: "buffer"
            case .stations: "station"
            case .sinks: "sink"
            }
        }
    }

    /// One element as declared: its section, name, where its key stands, and its body.
    struct Declaration {
        let section: Section
        let name: String
        let keyLocation: SourceLocation
        let node: ConfigNode

        func error(_ message: String) -> ConfigError {
            ConfigError(file: node.file, location: keyLocation, path: node.path, message: message)
        }
    }

    struct Compiled {
        var model: LineModel
        var description: String?
        var motions: CellMotions
        var layout: FloorLayout
    }

    /// `$schema` (a string, ignored): how editors bind a file to `cells/schema.json`.
    static let topKeys = ["$schema", "name", "description", "tick", "unit_types", "calendar", "routes", "zones", "sources", "buffers", "stations", "sinks"]
    static let sourceKeys = ["arrivals", "type", "start", "limit", "to", "at"]
    static let bufferKeys = ["capacity", "conveyor", "initial", "to", "at"]
    static let conveyorKeys = ["length", "speed", "pitch"]
    static let stationKeys = ["kind", "servers", "process", "yield", "failures", "initial", "staggered", "calendar", "needs", "makes", "rework", "recovery", "to", "at"]
    static let calendarKeys = ["period", "off"]
    static let offWindowKeys = ["from", "for"]
    static let failureKeys = ["between", "repair", "basis"]
    static let arrivalPatterns = ["interval", "every", "rate", "schedule"]
    /// Sections of an earlier draft of the format: merges and splits are stations.
    static let retiredSections = ["merges", "splits"]
    /// Names that would be ambiguous as element or unit type names.
    static let reservedNames = ["comment", "estimate", "by_type", "default"]

    let root: ConfigNode
    let library: RobotLibrary
    var file: String { root.file }
    /// The line's tick in nanoseconds.
    var tick: Int64 = 1_000_000

    // Cells (see LineCompiler+Cells.swift).
    var resources: [String] = []
    var resourceIndex: [String: Int] = [:]
    var stepInfos: [StepInfo] = []
    var motions = CellMotions()
    var actorIndex: [String: Int] = [:]
    var routes: [String: RouteGraph] = [:]
    /// Where elements and routes stand on the floor (drawing only).
    var layout = FloorLayout()
    /// Interlock zones by robot ("A1.arm"): the zone and the robot's targets inside it.
    var zoneMembers: [String: [(zone: Int, targets: [(String, ConfigNode)])]] = [:]
    var zoneRobotKeys: [(String, Entry)] = []
    var zoneRobotsFound: Set<String> = []
    /// Tending cells: how the "slot" target steps from one slot to the next, by loader robot.
    var slotPattern: [String: (pitch: [Fixed], perRow: Int, rowPitch: [Fixed])] = [:]

    var unitTypes: [String] = []
    /// Whether the file has "unit_types" (else the only type is "unit").
    private var unitTypesDeclared = false
    private var declarations: [Declaration] = []
    private var byName: [String: Declaration] = [:]
    /// Rank of each name in byte order of UTF-8: the element index.
    private var rank: [String: Int] = [:]
    /// The calendar of every station that has none of its own.
    private var lineCalendar: ShiftCalendar?

    init(root: ConfigNode, library: RobotLibrary = .none) { self.root = root; self.library = library }

    mutating func compile() throws(ConfigError) -> Compiled {
        guard case .object(let top) = root.value.kind else {
            throw root.error("expected an object with \"name\", \"sources\", \"stations\", …, found \(root.value.kindName)")
        }
        for m in top where Self.retiredSections.contains(m.key) {
            throw ConfigError(file: file, location: m.keyLocation, path: m.key,
                              message: "there is no '\(m.key)' section: a merge is a station with \"needs\" and \"makes\", a split a station with \"makes\" only (see cells/README.md, Merges and splits)")
        }
        try root.checkLineKeys(Self.topKeys)
        _ = try root.optional("$schema")?.string()

        let nameNode = try root.required("name")
        let name = try nameNode.string()
        guard !name.isEmpty else { throw nameNode.error("the line needs a non-empty name") }
        let description = try root.optional("description")?.string()
        tick = try tickNanoseconds(try root.optional("tick"))
        unitTypes = try declaredUnitTypes(try root.optional("unit_types"))
        unitTypesDeclared = try root.optional("unit_types") != nil

        // Pass 1: names, in file order.
        for m in top {
            guard let section = Section(rawValue: m.key) else { continue }
            let sectionNode = ConfigNode(m.value, file: file, path: m.key)
            for e in try sectionNode.entries() {
                try checkName(e.key, kind: "element", at: e)
                if let previous = byName[e.key] {
                    throw e.error("the name '\(e.key)' is already used by \(previous.node.path) at \(previous.keyLocation); names must be unique across sources, buffers, stations and sinks")
                }
                let d = Declaration(section: section, name: e.key, keyLocation: e.keyLocation, node: e.node)
                declarations.append(d)
                byName[e.key] = d
            }
        }
        for section in [Section.sources, .sinks] where !declarations.contains(where: { $0.section == section }) {
            let node = try root.optional(section.rawValue)
            throw ConfigError(file: file, location: node?.value.location ?? root.value.location, path: section.rawValue,
                              message: "the line has no \(section.singular); add one under \"\(section.rawValue)\"")
        }
        let sorted = declarations.map(\.name).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (i, n) in sorted.enumerated() { rank[n] = i }

        if let c = try root.optional("calendar") { lineCalendar = try shiftCalendar(c) }
        if let r = try root.optional("routes") {
            for e in try r.entries() {
                if let reason = Self.nameProblem(e.key, kind: "route") { throw e.error(reason) }
                routes[e.key] = try RouteGraph.parse(e)
            }
        }
        if let z = try root.optional("zones") { try interlockZones(z) }

        // Pass 2: bodies, in file order.
        var built: [String: Element] = [:]
        for d in declarations {
            built[d.name] = try element(d)
            if let at = try d.node.optional("at") { layout.elements[d.name] = try FloorLayout.point(at) }
        }
        layout.routes = routes.keys.sorted().map { FloorLayout.route(routes[$0]!) }

        for (robot, e) in zoneRobotKeys where !zoneRobotsFound.contains(robot) {
            let known = declarations.filter { $0.section == .stations }.map(\.name)
            let cell = robot.split(separator: ".").first.map(String.init) ?? robot
            throw e.error("no robot '\(robot)' in the line: name a robot as CELL.ROBOT, e.g. \"A1.arm\"\(known.contains(cell) ? " (cell '\(cell)' has no robot of that name)" : didYouMean(cell, known, otherwise: ""))")
        }
        try checkReachability(built)
        try checkTypedFlow(built)

        let elements = sorted.map { built[$0]! }
        return Compiled(model: LineModel(name: name, tickNanoseconds: tick, elements: elements, unitTypes: unitTypes,
                                         resources: resources, steps: stepInfos),
                        description: description, motions: motions, layout: layout)
    }

    // MARK: Top level

    private func tickNanoseconds(_ n: ConfigNode?) throws(ConfigError) -> Int64 {
        guard let n else { return 1_000_000 }
        let seconds = try n.quantity(.duration)
        guard seconds > .zero else { throw n.error("the tick must be longer than 0 s, found '\(n.text)'") }
        let ns = Fixed.roundedQuotient(Int128(seconds.raw) * 1_000_000_000, Int128(1) << 32)
        guard ns >= 1, Fixed.roundedQuotient(ns << 32, 1_000_000_000) == Int128(seconds.raw) else {
            throw n.error("the tick must be a whole number of nanoseconds, found '\(n.text)'")
        }
        return Int64(ns)
    }

    private func declaredUnitTypes(_ n: ConfigNode?) throws(ConfigError) -> [String] {
        guard let n else { return ["unit"] }
        let items = try n.items()
        guard !items.isEmpty else { throw n.error("declare at least one unit type, e.g. [\"part\"]") }
        var out: [String] = []
        for item in items {
            let t = try item.string()
            if let reason = Self.nameProblem(t, kind: "unit type") { throw item.error(reason) }
            if out.contains(t) { throw item.error("unit type '\(t)' is declared twice") }
            out.append(t)
        }
        return out
    }

    static func nameProblem(_ name: String, kind: String) -> String? {
        if name.isEmpty { return "a \(kind) name must not be empty" }
        if reservedNames.contains(name) { return "'\(name)' is reserved; choose another \(kind) name" }
        let ok = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        return ok ? nil : "\(kind) name '\(name)' may contain only letters, digits, '_' and '-'"
    }

    private func checkName(_ name: String, kind: String, at e: Entry) throws(ConfigError) {
        if let reason = Self.nameProblem(name, kind: kind) { throw e.error(reason) }
    }

    // MARK: Elements

    private mutating func element(_ d: Declaration) throws(ConfigError) -> Element {
        let n = d.node
        switch d.section {
        case .sources:
            try n.checkLineKeys(Self.sourceKeys)
            let arrivals = try self.arrivals(try n.required("arrivals"))
            let type: Int
            if let t = try n.optional("type") {
                type = try unitType(t)
            } else if unitTypes.count == 1 {
                type = 0
            } else {
                throw n.error("missing required key 'type': the line has \(unitTypes.count) unit types (\(listed(unitTypes.map { "'\($0)'" }))); say which one this source creates")
            }
            var start = Fixed.zero
            if let s = try n.optional("start") {
                if case .schedule = arrivals {
                    throw s.error("'start' does not apply to a schedule: schedule times count from time 0")
                }
                start = try DurationDistribution.duration(s)
            }
            let limit = try n.optional("limit")?.int(min: 0)
            return Element(name: d.name, kind: .source(Source(arrivals: arrivals, unitType: type, start: start, limit: limit)),
                           routing: try routing(d))
        case .buffers:
            try n.checkLineKeys(Self.bufferKeys)
            var transit = Fixed.zero, spacing = Fixed.zero
            var capacity: Int
            if let c = try n.optional("conveyor") {
                // An accumulating conveyor: room for length / pitch units, each travelling length / speed.
                try c.checkLineKeys(Self.conveyorKeys)
                let length = try c.required("length").quantity(.length)
                let speedNode = try c.required("speed"), pitchNode = try c.required("pitch")
                let speed = try speedNode.quantity(.speed), pitch = try pitchNode.quantity(.length)
                guard length > .zero else { throw try c.required("length").error("a conveyor's length must be greater than 0 m") }
                guard speed > .zero else { throw speedNode.error("a conveyor's speed must be greater than 0 m/s") }
                guard pitch > .zero, pitch <= length else { throw pitchNode.error("the pitch (room per unit) must be more than 0 m and at most the length") }
                transit = length / speed
                spacing = pitch / speed
                let fits = Int((length / pitch).raw >> 32)
                if let cap = try n.optional("capacity") {
                    capacity = try cap.int(min: 1, max: fits)
                } else {
                    capacity = fits
                }
            } else {
                capacity = try n.required("capacity").int(min: 1, max: LineFile.maxCapacity)
            }
            let initial = try initialWIP(try n.optional("initial"), fits: capacity, limit: "the capacity of \(capacity)")
            return Element(name: d.name, kind: .buffer(Buffer(capacity: capacity, initial: initial, transit: transit, spacing: spacing)), routing: try routing(d))
        case .stations:
            var cell: CellParts?
            if let kindNode = try n.optional("kind") {
                let kind = try Self.cellKind(try kindNode.string(), n)
                try n.checkLineKeys(kind.keys)
                cell = try kind.compile(d, &self)
            } else {
                try n.checkLineKeys(Self.stationKeys)
            }
            let servers: Int, process: Distribution
            if let cell {
                servers = cell.servers
                // A program's nominal cycle (every step at its mean, no waiting) is the ideal cycle of OEE performance.
                process = cell.programs.isEmpty ? cell.process : .constant(Self.nominalCycle(cell.programs))
            } else {
                servers = try n.optional("servers")?.int(min: 1, max: LineFile.maxServers) ?? 1
                process = try DurationDistribution.parse(try n.required("process"))
            }
            var scrap = Fixed.zero
            if let y = try n.optional("yield") {
                let v = try y.quantity(.fraction)
                guard v > .zero, v <= .one else { throw y.error("a yield must be more than 0 % and at most 100 %, found '\(y.text)'") }
                scrap = .one - v
            }
            var reliability: Reliability?
            if let f = try n.optional("failures") { reliability = try failures(f) }
            let initial = try initialWIP(try n.optional("initial"), fits: servers,
                                         limit: servers == 1 ? "the station's 1 server" : "the station's \(servers) servers")
            var calendar = lineCalendar
            if let c = try n.optional("calendar") { calendar = try shiftCalendar(c) }
            let transform = try self.transform(n)
            let rework = try n.optional("rework")?.bool() ?? false
            var recovery: Fixed?
            if let r = try n.optional("recovery") {
                guard rework else { throw r.error("\"recovery\" is the chance that a rework station repairs a defective unit; add \"rework\": true") }
                recovery = try r.quantity(.fraction)
                guard recovery! >= .zero, recovery! <= .one else { throw r.error("a recovery rate must be between 0 % and 100 %, found '\(r.text)'") }
            }
            var station = Station(servers: servers, process: process, scrap: scrap, reliability: reliability, initial: initial, calendar: calendar,
                                  transform: transform, rework: rework, recovery: recovery,
                                  programs: cell?.programs ?? [], inspection: cell?.inspection)
            station.dispatchOrder = cell?.dispatchOrder ?? []
            if let st = try n.optional("staggered") {
                station.staggered = try st.bool()
                guard !station.staggered || !initial.isEmpty else { throw st.error("\"staggered\" spreads the warm-start units of \"initial\" over one process time; give \"initial\" units") }
            }
            let routing: Routing
            if let r = cell?.routing { routing = r } else { routing = try self.routing(d) }
            return Element(name: d.name, kind: .station(station), routing: routing)
        case .sinks:
            if let e = try n.entries().first(where: { $0.key != "at" }) {
                throw e.error("unknown key '\(e.key)'; a sink takes only \"at\", its place on the floor (write {} or {\"at\": [\"0 m\", \"0 m\"]})")
            }
            return Element(name: d.name, kind: .sink, routing: .none)
        }
    }

    /// `"needs": {"tray": 18, "switch": 9}, "makes": "rack"` (a merge) or `"makes": {"tray": 4}`
    /// (a split); neither: the unit passes unchanged.
    private func transform(_ n: ConfigNode) throws(ConfigError) -> Station.Transform {
        let needsNode = try n.optional("needs"), makesNode = try n.optional("makes")
        guard let makesNode else {
            if let needsNode { throw needsNode.error("a merge needs \"makes\": the unit type it assembles, e.g. \"makes\": \"\(unitTypes.last!)\"") }
            return .none
        }
        if let needsNode {
            guard case .string = makesNode.value.kind else {
                throw makesNode.error("with \"needs\" (a merge), \"makes\" is one unit type such as \"\(unitTypes.last!)\", found \(makesNode.value.kindName)")
            }
            let makes = try unitType(makesNode)
            return .merge(needs: try typeCounts(needsNode, what: "needs"), makes: makes)
        }
        guard case .object = makesNode.value.kind else {
            throw makesNode.error("without \"needs\", \"makes\" splits each unit into counts per type, e.g. {\"\(unitTypes[0])\": 4}; to assemble, add \"needs\"")
        }
        return .split(makes: try typeCounts(makesNode, what: "makes"))
    }

    /// `{"tray": 18, "switch": 9}` → a count per declared unit type (0 where not listed).
    private func typeCounts(_ n: ConfigNode, what: String) throws(ConfigError) -> [Int] {
        var counts = [Int](repeating: 0, count: unitTypes.count)
        let es = try n.entries()
        guard !es.isEmpty else { throw n.error("\"\(what)\" lists no unit types; write e.g. {\"\(unitTypes[0])\": 2}") }
        for e in es {
            guard let t = unitTypes.firstIndex(of: e.key) else { throw e.error("unknown unit type '\(e.key)'\(unknownTypeHint(e.key))") }
            counts[t] = try e.node.int(min: 1, max: LineFile.maxCapacity)
        }
        return counts
    }

    private func arrivals(_ n: ConfigNode) throws(ConfigError) -> Source.Arrivals {
        let hint = "write \"saturated\" or one of {\"interval\": \"60 s\"}, {\"every\": {\"exponential\": \"60 s\"}}, {\"rate\": \"0.8 /s\"}, {\"schedule\": [\"0 s\", \"10 s\"]}"
        switch n.value.kind {
        case .string(let s):
            guard s == "saturated" else { throw n.error("unknown arrivals '\(s)'; \(hint)") }
            return .saturated
        case .object:
            let es = try n.entries()
            guard es.count == 1 else {
                throw n.error(es.isEmpty ? "no arrival pattern; \(hint)"
                              : "give exactly one arrival pattern, found \(listed(es.map { "'\($0.key)'" }))")
            }
            let e = es[0], v = e.node
            switch e.key {
            case "interval":
                return .interval(try DurationDistribution.positiveDuration(v))
            case "every":
                let d = try DurationDistribution.parse(v)
                guard let mean = d.mean, mean > .zero else {
                    throw v.error("the mean time between arrivals must be greater than 0 s")
                }
                return .random(d)
            case "rate":
                let rate = try v.quantity(.rate)
                guard rate > .zero else { throw v.error("the rate must be greater than 0, found '\(v.text)'") }
                let (quotient, overflow) = Fixed.one.dividedReportingOverflow(by: rate)
                let mean = Self.meanInterval(ofRate: v.text) ?? (overflow ? .zero : quotient)
                guard mean > .zero else { throw v.error("the rate '\(v.text)' is too small: the mean time between arrivals exceeds the fixed-point range") }
                return .random(.exponential(mean: mean))
            case "schedule":
                var times: [Fixed] = []
                var previous: (Fixed, String)?
                for item in try v.items() {
                    let t = try DurationDistribution.duration(item)
                    if let (p, text) = previous, t < p {
                        throw item.error("schedule times must not decrease: '\(item.text)' comes after '\(text)'")
                    }
                    previous = (t, item.text)
                    times.append(t)
                }
                guard !times.isEmpty else { throw v.error("the schedule lists no times") }
                return .schedule(times)
            default:
                throw e.error("unknown arrival pattern '\(e.key)'\(didYouMean(e.key, Self.arrivalPatterns, otherwise: "; \(hint)"))")
            }
        default:
            throw n.error("expected \"saturated\" or an object, found \(n.value.kindName); \(hint)")
        }
    }

    /// `{"period": "24 h", "off": [{"from": "22 h", "for": "8 h"}, …]}`: off windows repeating every
    /// period. A window running past the period's end wraps to its start (a night shift).
    func shiftCalendar(_ n: ConfigNode) throws(ConfigError) -> ShiftCalendar {
        try n.checkLineKeys(Self.calendarKeys)
        let periodNode = try n.required("period")
        let period = try periodNode.quantity(.duration)
        guard period > .zero else { throw periodNode.error("the period must be longer than 0 s") }
        var windows: [ShiftCalendar.OffWindow] = []
        for w in try n.required("off").items() {
            try w.checkLineKeys(Self.offWindowKeys)
            let fromNode = try w.required("from"), forNode = try w.required("for")
            let from = try fromNode.quantity(.duration), length = try forNode.quantity(.duration)
            guard from >= .zero, from < period else { throw fromNode.error("an off window must start within the period (0 s up to \(period) s)") }
            guard length > .zero, length < period else { throw forNode.error("an off window must last more than 0 s and less than the period") }
            if from + length > period {
                windows.append(.init(start: from, length: period - from))
                windows.append(.init(start: .zero, length: from + length - period))
            } else {
                windows.append(.init(start: from, length: length))
            }
        }
        windows.sort { $0.start < $1.start }
        let calendar = ShiftCalendar(period: period, off: windows)
        if let problem = calendar.problem() { throw n.error(problem) }
        return calendar
    }

    private func failures(_ n: ConfigNode) throws(ConfigError) -> Reliability {
        try n.checkLineKeys(Self.failureKeys)
        let betweenNode = try n.required("between")
        let between = try DurationDistribution.parse(betweenNode)
        if let mean = between.mean, mean <= .zero {
            throw betweenNode.error("the mean time between failures must be greater than 0 s")
        }
        let repair = try DurationDistribution.parse(try n.required("repair"))
        var basis = Reliability.Basis.operating
        if let b = try n.optional("basis") {
            switch try b.string() {
            case "operating": basis = .operating
            case "calendar": basis = .calendar
            case let other:
                throw b.error("unknown basis '\(other)'\(didYouMean(other, ["operating", "calendar"], otherwise: "; use \"operating\" (failure clocks run while busy) or \"calendar\" (they always run)"))")
            }
        }
        return Reliability(timeBetweenFailures: between, timeToRepair: repair, basis: basis)
    }

    /// The mean over servers of the sum of each program's step means (seconds).
    static func nominalCycle(_ programs: [Program]) -> Fixed {
        var total = Fixed.zero
        for p in programs {
            for case .hold(let d, _) in p.steps { total += d.mean ?? .zero }
        }
        return total / Fixed(programs.count)
    }

    /// `"zones": {"handoff": {"A1.arm": ["place"], "A2.arm": ["pick"]}}`: interlock zones, each
    /// listing the robots that share it and their targets inside it. A robot takes a zone before
    /// it moves to a target inside and gives it back once it has moved out.
    private mutating func interlockZones(_ n: ConfigNode) throws(ConfigError) {
        for z in try n.entries() {
            if let reason = Self.nameProblem(z.key, kind: "zone") { throw z.error(reason) }
            let zone = resource("zone \(z.key)")
            let members = try z.node.entries()
            guard members.count >= 1 else { throw z.node.error("a zone lists its robots and their targets inside it, e.g. {\"A1.arm\": [\"place\"], \"A2.arm\": [\"pick\"]}") }
            for m in members {
                var targets: [(String, ConfigNode)] = []
                for t in try m.node.items() { targets.append((try t.string(), t)) }
                guard !targets.isEmpty else { throw m.node.error("list the targets of \(m.key) that lie inside zone '\(z.key)'") }
                zoneMembers[m.key, default: []].append((zone, targets))
                zoneRobotKeys.append((m.key, m))
            }
        }
    }

    private func unitType(_ n: ConfigNode) throws(ConfigError) -> Int {
        let t = try n.string()
        guard let i = unitTypes.firstIndex(of: t) else {
            throw n.error("unknown unit type '\(t)'\(unknownTypeHint(t))")
        }
        return i
    }

    private func unknownTypeHint(_ t: String) -> String {
        guard unitTypesDeclared else {
            return "; without \"unit_types\" the only unit type is 'unit' (declare e.g. \"unit_types\": [\"\(t)\"])"
        }
        return didYouMean(t, unitTypes, otherwise: "; \"unit_types\" declares \(listed(unitTypes.map { "'\($0)'" }))")
    }

    private func initialWIP(_ n: ConfigNode?, fits: Int, limit: String) throws(ConfigError) -> [Int] {
        guard let n else { return [] }
        var units: [Int]
        switch n.value.kind {
        case .number:
            let count = try n.int(min: 0)
            guard count <= fits else { throw n.error("initial WIP of \(count) units exceeds \(limit)") }
            guard unitTypes.count == 1 || count == 0 else {
                throw n.error("the line has several unit types; list the initial units' types instead, e.g. [\"\(unitTypes[0])\", \"\(unitTypes[1])\"]")
            }
            units = Array(repeating: 0, count: count)
        case .array:
            units = []
            for item in try n.items() { units.append(try unitType(item)) }
            guard units.count <= fits else { throw n.error("initial WIP of \(units.count) units exceeds \(limit)") }
        default:
            throw n.error("expected a count such as 2 or a list of unit types such as [\"\(unitTypes[0])\"], found \(n.value.kindName)")
        }
        return units
    }

    // MARK: Routing

    private func routing(_ d: Declaration) throws(ConfigError) -> Routing {
        guard let n = try d.node.optional("to") else {
            throw d.node.error("missing required key 'to': where units go next, e.g. \"to\": \"S2\"")
        }
        switch n.value.kind {
        case .string(let s):
            return .fixed(try target(s, node: n, location: n.value.location, from: d))
        case .object(let ms):
            if ms.contains(where: { $0.key == "by_type" }) { return try byType(n, from: d) }
            return try shares(n, from: d)
        default:
            throw n.error("expected an element name such as \"S2\", shares such as {\"S2\": \"70 %\", \"S3\": \"30 %\"}, or {\"by_type\": {…}}, found \(n.value.kindName)")
        }
    }

    func target(_ name: String, node: ConfigNode, location: SourceLocation, from d: Declaration) throws(ConfigError) -> Int {
        guard let t = byName[name], let i = rank[name] else {
            let names = declarations.filter { $0.section != .sources && $0.name != d.name }.map(\.name)
            throw node.error(at: location, "no element named '\(name)'\(didYouMean(name, names, otherwise: ""))")
        }
        if t.section == .sources { throw node.error(at: location, "'\(name)' is a source; units cannot be sent into a source") }
        if name == d.name { throw node.error(at: location, "'\(name)' sends units to itself") }
        return i
    }

    private func byType(_ n: ConfigNode, from d: Declaration) throws(ConfigError) -> Routing {
        try n.checkLineKeys(["by_type", "default"])
        let table = try n.required("by_type")
        var targets = [Int?](repeating: nil, count: unitTypes.count)
        for e in try table.entries() {
            guard let type = unitTypes.firstIndex(of: e.key) else {
                throw e.error("unknown unit type '\(e.key)'\(unknownTypeHint(e.key))")
            }
            targets[type] = try target(try e.node.string(), node: e.node, location: e.node.value.location, from: d)
        }
        var fallback = -1
        if let f = try n.optional("default") {
            fallback = try target(try f.string(), node: f, location: f.value.location, from: d)
        }
        var out: [Int] = []
        for (type, t) in targets.enumerated() {
            guard let t = t ?? (fallback >= 0 ? fallback : nil) else {
                throw table.error("no target for unit type '\(unitTypes[type])'; list it or add \"default\"")
            }
            out.append(t)
        }
        return .byType(targets: out, fallback: fallback)
    }

    private func shares(_ n: ConfigNode, from d: Declaration) throws(ConfigError) -> Routing {
        let es = try n.entries()
        guard !es.isEmpty else { throw n.error("no targets; write e.g. {\"S2\": \"70 %\", \"S3\": \"30 %\"}") }
        if let e = es.first(where: { $0.key == "default" }) {
            throw e.error("\"default\" goes only with \"by_type\"")
        }
        var targets: [Int] = [], probabilities: [Fixed] = []
        var exactTotal: Int128 = 0            // percent × 10^9
        var exact = true
        for e in es {
            targets.append(try target(e.key, node: e.node, location: e.keyLocation, from: d))
            let p = try e.node.quantity(.fraction)
            guard p >= .zero, p <= .one else { throw e.node.error("a share must be between 0 % and 100 %, found '\(e.node.text)'") }
            probabilities.append(p)
            if let nanos = Self.percentNanos(e.node.text) { exactTotal += nanos } else { exact = false }
        }
        let rawTotal = probabilities.reduce(Int64(0)) { $0 + $1.raw }
        let hundred: Int128 = 100_000_000_000
        if exact ? exactTotal != hundred : rawTotal != Fixed.one.raw {
            let sum = exact ? Self.formatNanos(exactTotal) : Fixed(raw: rawTotal * 100).description
            throw n.error("the shares sum to \(sum) %, not 100 %")
        }
        // Exactly 100 % as written; give the rounding remainder to the largest share (first among equals)
        // so the fixed-point probabilities sum to exactly 1.
        var largest = 0
        for i in probabilities.indices where probabilities[i] > probabilities[largest] { largest = i }
        probabilities[largest].raw += Fixed.one.raw - rawTotal
        return .probability(targets: targets, probabilities: probabilities)
    }

    /// The written percentage of "70 %", "33.333333333 %", "2.5e1 %" × 10^9, exactly; nil if not of that form.
    static func percentNanos(_ text: String) -> Int128? {
        let (number, unit) = splitNumber(text)
        return unit == "%" ? decimalNanos(number) : nil
    }

    /// The mean gap of a rate such as "0.8 /s", "120 /h" or "3 per min", computed exactly from the
    /// written decimal (one rounding); nil if the text is not of that form.
    static func meanInterval(ofRate text: String) -> Fixed? {
        var (number, unit) = splitNumber(text)
        if unit.hasPrefix("/") { unit.removeFirst() } else if unit.hasPrefix("per") { unit.removeFirst(3) } else { return nil }
        guard let nanos = decimalNanos(number), nanos > 0,
              let period = try? Quantity.parse("1 " + Overrides.trimmed(Substring(unit)), as: .duration),
              period > .zero else { return nil }
        // mean = period / (nanos / 10^9); raw = period.raw · 10^9 / nanos
        let raw = Fixed.roundedQuotient(Int128(period.raw) * 1_000_000_000, nanos)
        guard raw > 0, raw <= Int128(Int64.max) else { return nil }
        return Fixed(raw: Int64(raw))
    }

    /// "2.5e1 %" → ("2.5e1", "%"): the leading decimal number and the rest, both trimmed.
    static func splitNumber(_ text: String) -> (number: Substring, unit: String) {
        let s = Substring(Overrides.trimmed(Substring(text)))
        var i = s.startIndex
        func digits() { while i < s.endIndex, s[i].isASCII, s[i].isNumber { i = s.index(after: i) } }
        if i < s.endIndex, s[i] == "+" || s[i] == "-" { i = s.index(after: i) }
        digits()
        if i < s.endIndex, s[i] == "." { i = s.index(after: i); digits() }
        if i < s.endIndex, s[i] == "e" || s[i] == "E" {
            var j = s.index(after: i)
            if j < s.endIndex, s[j] == "+" || s[j] == "-" { j = s.index(after: j) }
            if j < s.endIndex, s[j].isASCII, s[j].isNumber { i = j; digits() }
        }
        return (s[..<i], Overrides.trimmed(s[i...]))
    }

    /// The decimal number `text` × 10^9, exactly; nil if it is malformed, has more than 9 places or is too large.
    static func decimalNanos(_ text: Substring) -> Int128? {
        var s = text
        var negative = false
        if s.first == "+" || s.first == "-" { negative = s.first == "-"; s = s.dropFirst() }
        var mantissa = "", fraction = ""
        var exponent = 0
        var i = s.startIndex
        while i < s.endIndex, s[i].isASCII, s[i].isNumber { mantissa.append(s[i]); i = s.index(after: i) }
        if i < s.endIndex, s[i] == "." {
            i = s.index(after: i)
            while i < s.endIndex, s[i].isASCII, s[i].isNumber { fraction.append(s[i]); i = s.index(after: i) }
        }
        if i < s.endIndex, s[i] == "e" || s[i] == "E" {
            var e = s[s.index(after: i)...]
            if e.first == "+" { e = e.dropFirst() }
            guard let x = Int(e), abs(x) < 100 else { return nil }
            exponent = x
            i = s.endIndex
        }
        guard i == s.endIndex, !(mantissa + fraction).isEmpty else { return nil }
        while fraction.last == "0" { fraction.removeLast() }
        var digits = String((mantissa + fraction).drop { $0 == "0" })
        var scale = exponent - fraction.count + 9       // value × 10^9 = digits × 10^scale
        if digits.isEmpty { return 0 }
        while scale < 0, digits.last == "0" { digits.removeLast(); scale += 1 }
        guard scale >= 0, digits.count + scale <= 30, var v = Int128(digits) else { return nil }
        for _ in 0..<scale { v *= 10 }
        return negative ? -v : v
    }

    static func formatNanos(_ v: Int128) -> String {
        let whole = v / 1_000_000_000, frac = v % 1_000_000_000
        guard frac != 0 else { return "\(whole)" }
        var f = String(frac)
        f = String(repeating: "0", count: 9 - f.count) + f
        while f.last == "0" { f.removeLast() }
        return "\(whole).\(f)"
    }

    // MARK: Reachability

    /// A sink must be reachable from every element (checked first: a dead end explains more than the
    /// unreachable sink behind it), and every element must be reachable from a source.
    private func checkReachability(_ built: [String: Element]) throws(ConfigError) {
        let count = rank.count
        var forward = [[Int]](repeating: [], count: count), backward = forward
        var names = [String](repeating: "", count: count)
        for (name, e) in built {
            let i = rank[name]!
            names[i] = name
            for t in e.routing.successors { forward[i].append(t); backward[t].append(i) }
        }
        func closure(_ starts: [Int], _ edges: [[Int]]) -> [Bool] {
            var seen = [Bool](repeating: false, count: count)
            var stack = starts
            for s in starts { seen[s] = true }
            while let x = stack.popLast() {
                for y in edges[x] where !seen[y] { seen[y] = true; stack.append(y) }
            }
            return seen
        }
        // Units start at sources and in warm-start work in progress.
        func holdsWarmStart(_ e: Element) -> Bool {
            switch e.kind {
            case .buffer(let b): !b.initial.isEmpty
            case .station(let s): !s.initial.isEmpty
            default: false
            }
        }
        let starts = declarations.filter { $0.section == .sources || holdsWarmStart(built[$0.name]!) }.map { rank[$0.name]! }
        let fromSource = closure(starts, forward)
        let toSink = closure(declarations.filter { $0.section == .sinks }.map { rank[$0.name]! }, backward)
        // A dead end: point inside the line (a buffer or station) rather than at the source feeding it.
        let stuck = declarations.filter { !toSink[rank[$0.name]!] }
        if let d = stuck.first(where: { $0.section != .sources }) ?? stuck.first {
            let reached = closure([rank[d.name]!], forward)
            let names = declarations.filter { $0.name != d.name && reached[rank[$0.name]!] }.map { "'\($0.name)'" }
            let onward = names.isEmpty ? "" : " (units from here reach only \(listed(names.count > 6 ? Array(names.prefix(5)) + ["\(names.count - 5) more"] : names)))"
            throw d.error("no sink can be reached from here\(onward)")
        }
        for d in declarations where !fromSource[rank[d.name]!] {
            throw d.error("nothing can reach this \(d.section.singular): no source sends units here and it starts with none (\"initial\")")
        }
    }

    /// Follows unit types through the line: which types can arrive where. A merge must be able to
    /// receive every type its BOM lists (else its kits can never complete) and nothing else (a unit
    /// it has no place for would wait forever).
    private func checkTypedFlow(_ built: [String: Element]) throws(ConfigError) {
        let count = rank.count, types = unitTypes.count
        var elements = [Element?](repeating: nil, count: count)
        var declaration = [Declaration?](repeating: nil, count: count)
        for d in declarations { elements[rank[d.name]!] = built[d.name]; declaration[rank[d.name]!] = d }
        // arrives[e][τ]: a unit of type τ can be at e; from[e][τ]: an element that sends it (-1: starts there).
        var arrives = [[Bool]](repeating: [Bool](repeating: false, count: types), count: count)
        var from = [[Int]](repeating: [Int](repeating: -1, count: types), count: count)
        var work: [(Int, Int)] = []
        var assembledAtStart: [(Int, Int)] = []
        func reach(_ e: Int, _ t: Int, by sender: Int) {
            guard !arrives[e][t] else { return }
            arrives[e][t] = true; from[e][t] = sender; work.append((e, t))
        }
        for e in 0..<count {
            switch elements[e]!.kind {
            case .source(let src): reach(e, src.unitType, by: -1)
            case .buffer(let b): for t in b.initial { reach(e, t, by: -1) }
            case .station(let st):
                // In process at the start: a merge's initial units are already assembled and leave as they are.
                if case .merge = st.transform { assembledAtStart += st.initial.map { (e, $0) } } else { for t in st.initial { reach(e, t, by: -1) } }
            case .sink: break
            }
        }
        var merged = [Bool](repeating: false, count: count)
        func send(_ e: Int, _ t: Int) {
            switch elements[e]!.routing {
            case .none: break
            case .fixed(let x): reach(x, t, by: e)
            case .probability(let ts, let ps): for (x, p) in zip(ts, ps) where p > .zero { reach(x, t, by: e) }
            case .byType(let ts, let fallback): if t < ts.count, ts[t] >= 0 { reach(ts[t], t, by: e) } else if fallback >= 0 { reach(fallback, t, by: e) }
            case .outcome: for x in elements[e]!.routing.successors { reach(x, t, by: e) }
            }
        }
        for (e, t) in assembledAtStart { send(e, t) }
        while let (e, t) = work.popLast() {
            guard case .station(let st) = elements[e]!.kind else {
                send(e, t)
                continue
            }
            switch st.transform {
            case .none:
                send(e, t)
            case .split(let makes):
                for (x, n) in makes.enumerated() where n > 0 { send(e, x) }
            case .merge(let needs, let makes):
                guard needs[t] > 0 else {
                    let d = declaration[e]!
                    let sender = from[e][t] >= 0 ? " from '\(declaration[from[e][t]]!.name)'" : ""
                    throw d.error("units of type '\(unitTypes[t])' arrive here\(sender) but \"needs\" does not list '\(unitTypes[t])': they would wait forever; add it to \"needs\" or route it elsewhere")
                }
                if !merged[e], (0..<types).allSatisfy({ needs[$0] == 0 || arrives[e][$0] }) {
                    merged[e] = true
                    send(e, makes)
                }
            }
        }
        for e in 0..<count {
            guard case .station(let st) = elements[e]!.kind, case .merge(let needs, _) = st.transform else { continue }
            for t in 0..<types where needs[t] > 0 && !arrives[e][t] {
                let d = declaration[e]!
                throw ConfigError(file: d.node.file, location: (try? d.node.required("needs"))?.value.location ?? d.keyLocation, path: d.node.path + ".needs",
                                  message: "this bill of materials can never be satisfied: it needs \(needs[t]) '\(unitTypes[t])' but no '\(unitTypes[t])' unit can reach \(d.name) (no source, split or merge upstream makes one that is routed here)")
            }
        }
    }
}
