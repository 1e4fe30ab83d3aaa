import TaktEngine

/// The takt trace format, version 1 — the one place that says how trace lines are spelled.
///
/// A trace is UTF-8 text, one JSON object per line (`\n`), written by this serializer only: keys
/// in a fixed order, no spaces, integers only (ticks, ids, counts; hashes as hex strings).
///
/// 1. **Header** (first line): `{"format":"takt-trace","version":1,…,"line":{…}}` — see `TraceHeader`.
/// 2. **Events**, one per line, numbered from 1:
///    `{"seq":7,"t":1500,"ev":"op_start","el":"S1","srv":0,"unit":3}` then the kind's own keys:
///
///    | `ev` | extra keys | meaning |
///    |---|---|---|
///    | `created` | `type` | a source (or a warm start) created `unit` |
///    | `arrived` | | `unit` entered `el` (a buffer, a station server `srv`, a sink) |
///    | `op_start` | | server `srv` of `el` started processing `unit` |
///    | `op_end` | `scrap` (0/1) | the process ended; 1 if the unit is scrapped |
///    | `departed` | `to` | `unit` left `el` for `to` |
///    | `blocked`, `unblocked` | `on` | a finished unit waits for room in `on` / stops waiting |
///    | `starved`, `unstarved` | | a server has nothing to take (`unit` −1) |
///    | `down`, `up` | `cause` | a breakdown (`"failure"`) starts / ends |
///    | `off_shift`, `on_shift` | `cause` | planned downtime (`"shift"`) starts / ends |
///    | `scrapped` | `created` | `unit` left as scrap; its creation tick |
///    | `shipped` | `created`, `reworked` (0/1) | `unit` reached sink `el` |
///    | `consumed` | `into` | a merge used `unit` for the unit `into`, or a split used it up and made `into`, `into`+1, … |
///    | `made` | `type` | a merge or split made `unit` |
///    | `step_start`, `step_end` | `step`, `do`, `by`, `to`, (`from`), (`end`), (`dist`) | a cell's timed step: `do` is `move`, `tool`, `cycle` or `leg`, `by` the robot, vehicle or machine, `to` the target, tool action or node; `from` a move's start target or a leg's start node; `end` (on `step_end` of moves and legs) the end joints (degrees, metres) or position (m); `dist` a leg's length (m) |
///    | `acquired`, `released` | `res` | a cell took / gave back an interlock zone, a shared robot, a route node or edge |
///    | `tested` | `result` (`pass`/`fail`), `defective` (0/1) | a test station's verdict on `unit` and the unit's true state |
///
///    `srv` is the server within the element (0 where there is none); `unit` is −1 when none.
///    `step` indexes the line's program steps; everything after it on the line is fixed by it.
/// 3. **Checkpoints** every N events, at the end of a tick: `{"cp":K,"seq":N,"t":T,"sha256":…,
///    "state":…,"units":…,"buffers":…,"servers":…}` — see `TraceCheckpoint`.
/// 4. **End** (last line): `{"end":"complete",…}` — see `TraceEnd`. A trace without it is truncated.
public enum TraceFormat {
    public static let name = "takt-trace"
    public static let version = 1

    /// Event kind names, indexed by `EngineEvent.Kind.rawValue`.
    public static let kindNames: [String] = [
        "created", "arrived", "op_start", "op_end", "departed", "blocked", "unblocked", "starved", "unstarved",
        "down", "up", "scrapped", "shipped", "off_shift", "on_shift", "consumed", "made",
        "step_start", "step_end", "acquired", "released", "tested",
    ]

    static let kinds: [EngineEvent.Kind] = [
        .created, .arrived, .operationStart, .operationEnd, .departed, .blocked, .unblocked, .starved, .unstarved,
        .down, .up, .scrapped, .shipped, .offShift, .onShift, .consumed, .made,
        .stepStart, .stepEnd, .acquired, .released, .tested,
    ]

    /// What follows `"unit":N` for each kind.
    enum Extra {
        case none
        case typeName(String)      // a = type index
        case elementName(String)   // a = element index
        case integer(String)       // a as it is
        case cause(String)         // fixed text, a = 0
        case shipped               // "created":a,"reworked":server
        case step(end: Bool)       // "step":a, then the step's fixed description
        case resource              // "res":name of resource a
        case tested                // "result":"pass"|"fail","defective":0|1 from a's bits
    }

    /// The fixed text after `"step":K` of a step event: what the step is.
    static func stepDescription(_ s: StepInfo, end: Bool) -> String {
        var out = ",\"do\":\"\(s.kind.rawValue)\",\"by\":\(JSONText.quoted(s.actor)),\"to\":\(JSONText.quoted(s.label))"
        if !s.from.isEmpty { out += ",\"from\":\(JSONText.quoted(s.from))" }
        if end && !s.joints.isEmpty { out += ",\"end\":[" + s.joints.map(\.description).joined(separator: ",") + "]" }
        if end && s.distance > .zero { out += ",\"dist\":\(s.distance.description)" }
        return out + "}"
    }

    static func extra(_ k: EngineEvent.Kind) -> Extra {
        switch k {
        case .created, .made: .typeName("type")
        case .departed: .elementName("to")
        case .blocked, .unblocked: .elementName("on")
        case .operationEnd: .integer("scrap")
        case .scrapped: .integer("created")
        case .consumed: .integer("into")
        case .down, .up: .cause("failure")
        case .offShift, .onShift: .cause("shift")
        case .shipped: .shipped
        case .stepStart: .step(end: false)
        case .stepEnd: .step(end: true)
        case .acquired, .released: .resource
        case .tested: .tested
        case .arrived, .operationStart, .starved, .unstarved: .none
        }
    }
}

/// Appends event lines to a byte buffer. Names are encoded once; an event costs a few
/// appends and integer conversions, no allocation.
public struct TraceEventEncoder {
    /// `"name"` per element, and per unit type, as UTF-8 bytes with quotes.
    let elementNames: [[UInt8]]
    let typeNames: [[UInt8]]
    let kindPrefix: [[UInt8]]
    let extraKey: [[UInt8]]
    /// `"name"` per resource; per program step its description (start and end forms).
    let resourceNames: [[UInt8]]
    let stepStartText: [[UInt8]]
    let stepEndText: [[UInt8]]

    public init(model: LineModel) {
        elementNames = model.elements.map { Array(JSONText.quoted($0.name).utf8) }
        typeNames = model.unitTypes.map { Array(JSONText.quoted($0).utf8) }
        resourceNames = model.resources.map { Array(JSONText.quoted($0).utf8) }
        stepStartText = model.steps.map { Array(TraceFormat.stepDescription($0, end: false).utf8) }
        stepEndText = model.steps.map { Array(TraceFormat.stepDescription($0, end: true).utf8) }
        kindPrefix = TraceFormat.kindNames.map { Array(",\"ev\":\"\($0)\",\"el\":".utf8) }
        extraKey = TraceFormat.kinds.map { k in
            switch TraceFormat.extra(k) {
            case .none: []
            case .typeName(let key), .elementName(let key), .integer(let key): Array(",\"\(key)\":".utf8)
            case .cause(let text): Array(",\"cause\":\"\(text)\"}".utf8)
            case .shipped: Array(",\"created\":".utf8)
            case .step: Array(",\"step\":".utf8)
            case .resource: Array(",\"res\":".utf8)
            case .tested: Array(",\"result\":".utf8)
            }
        }
    }

    /// `{"seq":…,"t":…,"ev":…,…}\n`
    @inlinable
    public func append(_ e: EngineEvent, seq: Int64, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"seq":"#.utf8)
        Self.appendInt(seq, to: &out)
        out.append(contentsOf: #","t":"#.utf8)
        Self.appendInt(e.tick, to: &out)
        appendBody(e, to: &out)
    }

    @usableFromInline
    func appendBody(_ e: EngineEvent, to out: inout [UInt8]) {
        let k = Int(e.kind.rawValue)
        out.append(contentsOf: kindPrefix[k])
        out.append(contentsOf: elementNames[Int(e.element)])
        out.append(contentsOf: #","srv":"#.utf8)
        Self.appendInt(e.kind == .shipped ? 0 : Int64(e.server), to: &out)
        out.append(contentsOf: #","unit":"#.utf8)
        Self.appendInt(e.unit, to: &out)
        switch TraceFormat.extra(e.kind) {
        case .none:
            out.append(contentsOf: "}\n".utf8)
            return
        case .cause:
            out.append(contentsOf: extraKey[k])
            out.append(UInt8(ascii: "\n"))
            return
        case .typeName:
            out.append(contentsOf: extraKey[k]); out.append(contentsOf: typeNames[Int(e.a)])
        case .elementName:
            out.append(contentsOf: extraKey[k]); out.append(contentsOf: elementNames[Int(e.a)])
        case .integer:
            out.append(contentsOf: extraKey[k]); Self.appendInt(e.a, to: &out)
        case .shipped:
            out.append(contentsOf: extraKey[k]); Self.appendInt(e.a, to: &out)
            out.append(contentsOf: #","reworked":"#.utf8); Self.appendInt(Int64(e.server), to: &out)
        case .step(let end):
            out.append(contentsOf: extraKey[k]); Self.appendInt(e.a, to: &out)
            out.append(contentsOf: end ? stepEndText[Int(e.a)] : stepStartText[Int(e.a)])
            out.append(UInt8(ascii: "\n"))
            return
        case .resource:
            out.append(contentsOf: extraKey[k]); out.append(contentsOf: resourceNames[Int(e.a)])
        case .tested:
            out.append(contentsOf: extraKey[k])
            out.append(contentsOf: (e.a & 1 != 0 ? #""fail""# : #""pass""#).utf8)
            out.append(contentsOf: #","defective":"#.utf8); Self.appendInt((e.a >> 1) & 1, to: &out)
        }
        out.append(contentsOf: "}\n".utf8)
    }

    /// Decimal digits of `v` (with `-` when negative).
    @inlinable
    public static func appendInt(_ v: Int64, to out: inout [UInt8]) {
        var x = v.magnitude
        if v < 0 { out.append(UInt8(ascii: "-")) }
        if x < 10 { out.append(UInt8(truncatingIfNeeded: x) &+ 48); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // up to 20 digits, filled from the end
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while x > 0 {
                n += 1
                buf[24 - n] = UInt8(truncatingIfNeeded: x % 10) &+ 48
                x /= 10
            }
            out.append(contentsOf: buf[(24 - n)...])
        }
    }
}
