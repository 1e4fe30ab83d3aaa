import TaktEngine

/// OCEL 2.0 JSON (ocel-standard.org): an object-centric event log for process mining (pm4py,
/// OCPA, Celonis and others).
///
/// Objects:
/// - every unit, `unit:7`, of an object type named after its unit type (`tray`, `server`, …; a
///   type named like an element kind becomes `unit <name>`); an assembled unit relates to each of
///   its components as `contains`, a unit made by a split to what it was split from as `split from`;
/// - every element, `station:S1`, `buffer:B1`, `source:in`, `sink:out`, of the object type of its
///   kind; stations carry `servers`, buffers `capacity` (static: time 1970-01-01T00:00:00Z).
///
/// Events: `e<seq>` (the trace's event number), typed by the trace's kind name, at
/// `epoch + tick × tick_ns` in UTC (default epoch 2025-01-06T00:00:00Z). Every event relates to the
/// element it happens at (`at`) and names its server as the integer attribute `server`:
///
/// | type | attributes | relationships (qualifier) |
/// |---|---|---|
/// | `created` | | unit `created` |
/// | `arrived` | | unit `arrived` |
/// | `op_start`, `op_end` | `scrap` (boolean, op_end) | unit `processed` |
/// | `departed` | | unit `moved`, target element `to` |
/// | `blocked`, `unblocked` | | unit `blocked`, the element it waits for `waits for` |
/// | `scrapped` | | unit `scrapped` |
/// | `shipped` | `reworked` (boolean) | unit `shipped` |
/// | `consumed` | | merge: unit `component`, assembled unit `assembly`; split: unit `parent`, each unit made `child` |
/// | `made` | | merge: unit `assembly`, each component `component`; split: unit `child`, its parent `parent` |
/// | `down`, `up`, `off_shift`, `on_shift` | `cause` (string: `failure` or `shift`) | (the station only) |
///
/// A relationship to a unit is left out where the trace names none (`unit` −1: a saturated
/// source's `blocked`). `starved` and `unstarved` are left out: they concern no unit or object besides the station,
/// they are the complement of the other events (a server is starved exactly between its last
/// unit's departure and its next `op_start`) and in a lightly loaded line they would be a third
/// of the log. The ledger and the Chrome export show starvation.
///
/// Events are written as they are read; objects (one small entry per unit) are held until the end.
public struct OCELExporter: TraceExporter {
    /// Object types of elements, one entry per element kind with its attribute definitions:
    /// robots and vehicles will be one more entry each (and one more case in `elementAttributes`).
    static let elementTypes: [(name: String, attributes: [(name: String, type: String)])] = [
        ("source", []),
        ("station", [("servers", "integer")]),
        ("buffer", [("capacity", "integer")]),
        ("sink", []),
    ]

    /// Attribute values of an element object (static), as JSON values in `elementTypes` order.
    static func elementAttributes(_ e: Element) -> [(name: String, value: String)] {
        switch e.kind {
        case .source, .sink: []
        case .station(let s): [("servers", String(s.servers))]
        case .buffer(let b): [("capacity", String(b.capacity))]
        }
    }

    /// Event types with their attributes (beyond `server`, which all have).
    static let eventTypes: [(kind: EngineEvent.Kind, attributes: [(name: String, type: String)])] = [
        (.created, []), (.arrived, []), (.operationStart, []), (.operationEnd, [("scrap", "boolean")]),
        (.departed, []), (.blocked, []), (.unblocked, []), (.scrapped, []), (.shipped, [("reworked", "boolean")]),
        (.consumed, []), (.made, []), (.tested, [("result", "string")]),
        (.down, [("cause", "string")]), (.up, [("cause", "string")]),
        (.offShift, [("cause", "string")]), (.onShift, [("cause", "string")]),
    ]

    let model: LineModel
    let clock: ExportClock
    /// Quoted object id per element, and quoted object type name per unit type.
    let elementIds: [String]
    let unitTypeNames: [String]
    /// Per unit id (index = id): its type, −1 while unknown.
    var unitTypes: [Int32] = []
    /// O2O relationships, only for units made by a merge or split: (unit, [(other unit, qualifier)]).
    var unitLinks: [Int64: [(Int64, String)]] = [:]
    /// A split's children counts per station element (0 where the station does not split).
    let splitChildren: [Int64]
    var first = true

    public init(model: LineModel, clock: ExportClock) {
        self.model = model
        self.clock = clock
        let kindNames = Set(Self.elementTypes.map(\.name))
        elementIds = model.elements.map { JSONText.quoted($0.kindName + ":" + $0.name) }
        unitTypeNames = model.unitTypes.map { JSONText.quoted(kindNames.contains($0) ? "unit " + $0 : $0) }
        splitChildren = model.elements.map { e in
            if case .station(let s) = e.kind, case .split(let makes) = s.transform { return Int64(makes.reduce(0, +)) }
            return 0
        }
    }

    static func unitId(_ id: Int64) -> String { "\"unit:\(id)\"" }

    mutating func setType(_ unit: Int64, _ type: Int) {
        guard unit >= 0 else { return }
        let i = Int(unit)
        if i >= unitTypes.count { unitTypes.append(contentsOf: repeatElement(-1, count: i + 1 - unitTypes.count)) }
        unitTypes[i] = Int32(type)
    }

    func typeOf(_ unit: Int64) -> Int { unit >= 0 && Int(unit) < unitTypes.count ? Int(unitTypes[Int(unit)]) : -1 }

    public func begin(into out: inout [UInt8]) {
        func attributes(_ list: [(name: String, type: String)]) -> String {
            "[" + list.map { #"{"name":\#(JSONText.quoted($0.name)),"type":"\#($0.type)"}"# }.joined(separator: ",") + "]"
        }
        var s = #"{"objectTypes":["#
        var types = unitTypeNames.map { #"{"name":\#($0),"attributes":[]}"# }
        types += Self.elementTypes.map { #"{"name":\#(JSONText.quoted($0.name)),"attributes":\#(attributes($0.attributes))}"# }
        s += types.joined(separator: ",\n") + "],\n"
        s += #""eventTypes":["#
        s += Self.eventTypes.map { t in
            let name = TraceFormat.kindNames[Int(t.kind.rawValue)]
            return #"{"name":"\#(name)","attributes":\#(attributes([("server", "integer")] + t.attributes))}"#
        }.joined(separator: ",\n")
        s += "],\n" + #""events":["#
        out.append(s)
    }

    public mutating func record(seq: Int64, event e: EngineEvent, into out: inout [UInt8]) {
        let el = Int(e.element)
        var attributes: [String] = []
        var relations: [(String, String)] = []   // (quoted object id, qualifier)
        let unit = Self.unitId(e.unit)
        let transform: Station.Transform
        if case .station(let s) = model.elements[el].kind { transform = s.transform } else { transform = .none }
        switch e.kind {
        case .starved, .unstarved, .stepStart, .stepEnd, .acquired, .released:
            return
        case .tested:
            attributes.append(#""result","value":"\#(e.a & 1 != 0 ? "fail" : "pass")""#)
            relations.append((unit, "tested"))
        case .created:
            setType(e.unit, Int(e.a))
            relations.append((unit, "created"))
        case .arrived: relations.append((unit, "arrived"))
        case .operationStart: relations.append((unit, "processed"))
        case .operationEnd:
            attributes.append(#""scrap","value":\#(e.a != 0)"#)
            relations.append((unit, "processed"))
        case .departed: relations += [(unit, "moved"), (elementIds[Int(e.a)], "to")]
        case .blocked, .unblocked: relations += [(unit, "blocked"), (elementIds[Int(e.a)], "waits for")]
        case .scrapped: relations.append((unit, "scrapped"))
        case .shipped:
            attributes.append(#""reworked","value":\#(e.server != 0)"#)
            relations.append((unit, "shipped"))
        case .consumed:
            if case .merge(_, let makes) = transform {
                // The assembled unit is made after its components' consumed events: its type is known now.
                setType(e.a, makes)
                unitLinks[e.a, default: []].append((e.unit, "contains"))
                relations += [(unit, "component"), (Self.unitId(e.a), "assembly")]
            } else {
                relations.append((unit, "parent"))
                // The units made by one split have consecutive ids, in type order of `makes`.
                if case .split(let makes) = transform {
                    var id = e.a
                    for (type, n) in makes.enumerated() {
                        for _ in 0..<n {
                            setType(id, type)
                            unitLinks[id] = [(e.unit, "split from")]
                            relations.append((Self.unitId(id), "child"))
                            id += 1
                        }
                    }
                }
            }
        case .made:
            setType(e.unit, Int(e.a))
            if case .merge = transform {
                relations.append((unit, "assembly"))
                relations += (unitLinks[e.unit] ?? []).map { (Self.unitId($0.0), "component") }
            } else {
                relations.append((unit, "child"))
                relations += (unitLinks[e.unit] ?? []).map { (Self.unitId($0.0), "parent") }
            }
        case .down, .up: attributes.append(#""cause","value":"failure""#)
        case .offShift, .onShift: attributes.append(#""cause","value":"shift""#)
        }
        relations.append((elementIds[el], "at"))
        // A saturated source's blocked/unblocked name no unit (−1): no relation to one.
        if e.unit < 0 { relations.removeAll { $0.0 == unit } }
        let server = e.kind == .shipped ? 0 : e.server
        var s = first ? "\n" : ",\n"
        first = false
        s += #"{"id":"e\#(seq)","type":"\#(TraceFormat.kindNames[Int(e.kind.rawValue)])","time":"\#(clock.iso8601(e.tick))","attributes":[{"name":"server","value":\#(server)}"#
        for a in attributes { s += #",{"name":"# + a + "}" }
        s += #"],"relationships":["#
        s += relations.map { #"{"objectId":\#($0.0),"qualifier":"\#($0.1)"}"# }.joined(separator: ",")
        s += "]}"
        out.append(s)
    }

    public func finish(endTick: Int64, into out: inout [UInt8]) {
        out.append("\n],\n" + #""objects":["#)
        var firstObject = true
        func object(_ json: String) {
            out.append(firstObject ? "\n" : ",\n")
            firstObject = false
            out.append(json)
        }
        for (i, element) in model.elements.enumerated() {
            let attributes = Self.elementAttributes(element).map { #"{"name":"\#($0.name)","time":"1970-01-01T00:00:00Z","value":\#($0.value)}"# }
            object(#"{"id":\#(elementIds[i]),"type":"\#(element.kindName)","attributes":[\#(attributes.joined(separator: ","))],"relationships":[]}"#)
        }
        for id in unitTypes.indices where unitTypes[id] >= 0 {
            let links = (unitLinks[Int64(id)] ?? []).map { #"{"objectId":\#(Self.unitId($0.0)),"qualifier":"\#($0.1)"}"# }
            object(#"{"id":"unit:\#(id)","type":\#(unitTypeNames[Int(unitTypes[id])]),"attributes":[],"relationships":[\#(links.joined(separator: ","))]}"#)
        }
        out.append("\n]}\n")
    }
}
