import TaktFixed
import TaktEngine
import TaktTrace

/// `takt replay --at`: the state of the line at one tick, as text or JSON.
enum StateReport {
    static let stateNames = ["busy", "blocked", "starved", "idle"]

    static func source(_ from: TraceCheckpoint?, _ s: LineState) -> String {
        from.map { "checkpoint \($0.index) at tick \($0.tick) + \(s.eventsApplied) events" } ?? "the start + \(s.eventsApplied) events"
    }

    static func text(_ state: LineState, at tick: Int64, from: TraceCheckpoint?, file: String) -> String {
        let m = state.model
        let snap = state.snapshot
        func name(_ e: Int32) -> String { m.elements[Int(e)].name }
        func ids(_ xs: [Int64]) -> String { xs.isEmpty ? "-" : xs.map(String.init).joined(separator: " ") }
        var out = "line \(m.name) at \(m.seconds(ticks: tick).formatted(decimals: 3)) s (tick \(tick)), from \(source(from, state)) of \(file)\n"
        out += "\nbuffers (head first)\n"
        for b in snap.buffers {
            if case .buffer(let buf) = m.elements[Int(b.element)].kind {
                out += "  \(name(b.element))  \(b.units.count)/\(buf.capacity)  \(ids(b.units))\n"
            }
        }
        out += "\nservers\n"
        for v in snap.servers {
            var flags = stateNames[Int(v.state.rawValue)]
            if v.down { flags += ", down" }
            if v.offShift { flags += ", off shift" }
            var line = "  \(name(v.element))/\(v.server)  \(flags)  unit \(v.unit < 0 ? "-" : String(v.unit))"
            if !v.kit.isEmpty { line += "  kit \(ids(v.kit))" }
            if !v.outputs.isEmpty { line += "  to pass on \(ids(v.outputs))" }
            out += line + "\n"
        }
        out += "\nunits in the system: \(snap.units.count)\n"
        let locations = state.locations
        for u in snap.units {
            let place = locations[u.id].map { "\(m.elements[$0.element].name)\($0.server >= 0 ? "/\($0.server)" : "")" } ?? "-"
            out += "  \(u.id)  \(m.unitTypes[Int(u.type)])  created \(m.seconds(ticks: u.created).formatted(decimals: 3)) s  at \(place)\(u.reworked ? "  reworked" : "")\n"
        }
        return out
    }

    static func json(_ state: LineState, at tick: Int64, from: TraceCheckpoint?, file: String) -> String {
        let m = state.model
        let snap = state.snapshot
        func q(_ s: String) -> String { JSONText.quoted(s) }
        func ids(_ xs: [Int64]) -> String { "[" + xs.map(String.init).joined(separator: ",") + "]" }
        var out = "{\"line\":\(q(m.name)),\"tick\":\(tick),\"seconds\":\(m.seconds(ticks: tick).formatted(decimals: 3)),"
        out += "\"from_checkpoint\":\(from.map { String($0.index) } ?? "null"),\"events_applied\":\(state.eventsApplied),\n\"buffers\":["
        out += snap.buffers.map { "{\"name\":\(q(m.elements[Int($0.element)].name)),\"units\":\(ids($0.units))}" }.joined(separator: ",")
        out += "],\n\"servers\":["
        out += snap.servers.map { v in
            "{\"element\":\(q(m.elements[Int(v.element)].name)),\"server\":\(v.server),\"state\":\"\(stateNames[Int(v.state.rawValue)])\",\"down\":\(v.down),\"off_shift\":\(v.offShift),\"unit\":\(v.unit < 0 ? "null" : String(v.unit)),\"kit\":\(ids(v.kit)),\"to_pass_on\":\(ids(v.outputs))}"
        }.joined(separator: ",\n")
        out += "],\n\"units\":["
        let locations = state.locations
        out += snap.units.map { u in
            let loc = locations[u.id]
            return "{\"id\":\(u.id),\"type\":\(q(m.unitTypes[Int(u.type)])),\"created_tick\":\(u.created),\"reworked\":\(u.reworked),\"element\":\(loc.map { q(m.elements[$0.element].name) } ?? "null"),\"server\":\(loc.map { $0.server >= 0 ? String($0.server) : "null" } ?? "null")}"
        }.joined(separator: ",\n")
        out += "]}\n"
        return out
    }
}
