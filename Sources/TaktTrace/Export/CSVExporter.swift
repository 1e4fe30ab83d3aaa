import TaktEngine

/// One CSV row per trace event, for pandas and spreadsheets (RFC 4180: comma-separated, fields
/// with a comma, quote or line break in double quotes with quotes doubled; LF line ends).
///
/// `seq,tick,time_s,event,element,server,unit,type,target,value,reworked`
///
/// | column | content |
/// |---|---|
/// | `seq` | the event's number in the trace (1, 2, …) |
/// | `tick`, `time_s` | when: ticks since the start, and exact seconds (3 decimals for 1 ms ticks) |
/// | `event` | the trace's kind name: `created`, `arrived`, `op_start`, … (see `TraceFormat`) |
/// | `element`, `server` | where: the element's name and the server within it (0 where there is none) |
/// | `unit` | the unit's id, −1 when none (starved, down, shifts) |
/// | `type` | the unit type, for `created` and `made` only |
/// | `target` | the element the unit goes to (`departed`) or waits for (`blocked`, `unblocked`) |
/// | `value` | `op_end`: 1 if scrapped; `scrapped`, `shipped`: the unit's creation tick; `consumed`: the unit it went into (a split's first) |
/// | `reworked` | `shipped`: 1 if the unit passed a rework station |
///
/// Empty fields mean "does not apply". Memory is constant: each row is written as it comes.
public struct CSVExporter: TraceExporter {
    public static let header = "seq,tick,time_s,event,element,server,unit,type,target,value,reworked\n"

    let clock: ExportClock
    /// Element and type names, quoted if needed, then followed by a comma.
    let elementFields: [String]
    /// Per program step "move A1.arm place"; per resource its name.
    let stepFields: [String]
    let resourceFields: [String]
    let typeFields: [String]

    public init(model: LineModel, clock: ExportClock) {
        self.clock = clock
        elementFields = model.elements.map { Self.field($0.name) }
        typeFields = model.unitTypes.map { Self.field($0) }
        stepFields = model.steps.map { Self.field("\($0.kind.rawValue) \($0.actor) \($0.label)") }
        resourceFields = model.resources.map { Self.field($0) }
    }

    /// `s` as a CSV field: quoted when it holds a comma, a quote or a line break.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        var out = "\""
        for c in s { out += c == "\"" ? "\"\"" : String(c) }
        return out + "\""
    }

    public func begin(into out: inout [UInt8]) { out.append(Self.header) }

    public func record(seq: Int64, event e: EngineEvent, into out: inout [UInt8]) {
        let kind = TraceFormat.kindNames[Int(e.kind.rawValue)]
        var row = "\(seq),\(e.tick),\(clock.seconds(e.tick)),\(kind),\(elementFields[Int(e.element)]),"
        row += "\(e.kind == .shipped ? 0 : e.server),\(e.unit),"
        var type = "", target = "", value = "", reworked = ""
        switch e.kind {
        case .created, .made: type = typeFields[Int(e.a)]
        case .departed, .blocked, .unblocked: target = elementFields[Int(e.a)]
        case .operationEnd, .scrapped, .consumed: value = String(e.a)
        case .shipped: value = String(e.a); reworked = String(e.server)
        case .stepStart, .stepEnd: value = stepFields[Int(e.a)]
        case .acquired, .released: value = resourceFields[Int(e.a)]
        case .tested: value = e.a & 1 != 0 ? "fail" : "pass"
        case .arrived, .operationStart, .starved, .unstarved, .down, .up, .offShift, .onShift: break
        }
        row += type + "," + target + "," + value + "," + reworked + "\n"
        out.append(row)
    }

    public func finish(endTick: Int64, into out: inout [UInt8]) {}
}
