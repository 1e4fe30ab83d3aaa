import Testing
import TaktFixed
@testable import TaktEngine
import TaktLine
import TaktTestSupport

/// Programs and resources in the engine: robots take turns at interlock zones, a deadlock among
/// cells is found and reported, and test stations route by outcome.
@Suite("Cell programs")
struct ProgramTests {
    /// Two single-robot cells; `aZones` and `bZones` put their targets into zones z1 and z2.
    static func twoCells(a1: String, a2: String, b1: String, b2: String) -> String {
        """
        {
          "name": "two-cells",
          "zones": {
            "z1": { "A.arm": [\(a1)], "B.arm": [\(b1)] },
            "z2": { "A.arm": [\(a2)], "B.arm": [\(b2)] }
          },
          "sources": {
            "inA": { "arrivals": "saturated", "to": "A" },
            "inB": { "arrivals": "saturated", "to": "B" }
          },
          "stations": {
            "A": { "kind": "assembly",
                   "robots": { "arm": { "model": "ur5", "home": ["0 deg", "-90 deg", "90 deg", "-90 deg", "-90 deg", "0 deg"] } },
                   "targets": { "p": { "joints": ["30 deg", "-90 deg", "90 deg", "-90 deg", "-90 deg", "0 deg"] },
                                "q": { "joints": ["60 deg", "-90 deg", "90 deg", "-90 deg", "-90 deg", "0 deg"] } },
                   "program": [ { "move": "p" }, { "tool": "work", "time": "1 s" }, { "move": "q" } ],
                   "to": "out" },
            "B": { "kind": "assembly",
                   "robots": { "arm": { "model": "ur5", "home": ["0 deg", "-90 deg", "90 deg", "-90 deg", "-90 deg", "0 deg"] } },
                   "targets": { "p": { "joints": ["-30 deg", "-90 deg", "90 deg", "-90 deg", "-90 deg", "0 deg"] },
                                "q": { "joints": ["-60 deg", "-90 deg", "90 deg", "-90 deg", "-90 deg", "0 deg"] } },
                   "program": [ { "move": "p" }, { "tool": "work", "time": "1 s" }, { "move": "q" } ],
                   "to": "out" }
          },
          "sinks": { "out": {} }
        }
        """
    }

    static func run(_ text: String, seconds: Int64) throws -> (Simulation, [EngineEvent]) {
        let line = try LineFile.load(text: text, file: "t.json", robots: ShippedLines.robots)
        var sim = try Simulation(model: line.model, options: RunOptions(seed: 1, durationTicks: seconds * 1000))
        var sink = Recorder()
        sink.keep = true
        sim.run(into: &sink)
        return (sim, sink.events)
    }

    @Test("robots sharing a zone take turns: the zone is never held twice, both cells keep working")
    func takeTurns() throws {
        // Both arms' "p" lies in z1: while one works there, the other waits.
        let (sim, events) = try Self.run(Self.twoCells(a1: #""p""#, a2: #""q""#, b1: #""p""#, b2: #""q""#), seconds: 600)
        #expect(sim.deadlock == nil)
        var holder: [Int64: Int32] = [:]
        for e in events where e.kind == .acquired || e.kind == .released {
            if e.kind == .acquired { #expect(holder[e.a] == nil, "zone \(e.a) taken twice at \(e.tick)"); holder[e.a] = e.element }
            else { #expect(holder[e.a] == e.element); holder[e.a] = nil }
        }
        let done = events.filter { $0.kind == .operationEnd }
        #expect(Set(done.map(\.element)).count == 2 && done.count > 50)
    }

    @Test("a deadlock among cells is found: each holds the zone the other needs")
    func resourceDeadlock() throws {
        // A enters z1 at p, then needs z2 at q (still in z1); B enters z2 at p, then needs z1 at q.
        let text = Self.twoCells(a1: #""p", "q""#, a2: #""q""#, b1: #""q""#, b2: #""p", "q""#)
        let (sim, _) = try Self.run(text, seconds: 600)
        let d = try #require(sim.deadlock)
        #expect(d.isCycle)
        #expect(d.elements.map { sim.model.elements[$0].name } == ["A", "B"])
        #expect(d.tick < 10_000, "found when the second cell starts waiting, not at the end")
    }
}

/// Lines that could never leave their first tick are refused before tick 0.
@Suite("Zero-time loops")
struct ZeroTimeTests {
    @Test("a saturated source feeding a sink through zero-time elements is refused, naming the path")
    func saturatedZeroTime() throws {
        let text = #"{"name":"g","sources":{"s":{"arrivals":"saturated","to":"b"}},"buffers":{"b":{"capacity":2,"to":"g"}},"#
            + #""stations":{"g":{"servers":1,"process":"0 s","to":"o"}},"sinks":{"o":{}}}"#
        let line = try LineFile.load(text: text, file: "g.json")
        #expect(throws: EngineError("source s is saturated and its units can reach sink o through b, g in no time: it would create units without end within one tick; give a station on the way a process time above 0")) {
            _ = try Simulation(model: line.model, options: RunOptions(seed: 1, durationTicks: 1000))
        }
        // A process time above zero anywhere on the way makes it a line that runs.
        let ok = try LineFile.load(text: text.replacingOccurrences(of: #""0 s""#, with: #""1 ms""#), file: "g.json")
        var sim = try Simulation(model: ok.model, options: RunOptions(seed: 1, durationTicks: 1000))
        var sink = NullSink()
        sim.run(into: &sink)
        #expect(sim.eventCount > 0)
    }
}

/// A warm start part-way through: staggered units finish spread over one process time.
@Suite("Staggered warm start")
struct StaggeredWarmStartTests {
    static func completions(_ station: String) throws -> [Int64] {
        let text = #"{"name":"w","sources":{"s":{"arrivals":{"interval":"1000 s"},"start":"1000 s","to":"S"}},"stations":{"S":"#
            + station + #"},"sinks":{"o":{}}}"#
        let line = try LineFile.load(text: text, file: "w.json", robots: ShippedLines.robots)
        var sim = try Simulation(model: line.model, options: RunOptions(seed: 1, durationTicks: 500_000))
        var sink = Recorder()
        sink.keep = true
        sim.run(into: &sink)
        return sink.events.filter { $0.kind == .shipped }.map(\.tick)
    }

    @Test("4 staggered units of a 100 s process leave at 25, 50, 75 and 100 s; fresh ones all at 100 s")
    func plain() throws {
        #expect(try Self.completions(#"{"servers":4,"process":"100 s","initial":4,"staggered":true,"to":"o"}"#) == [25_000, 50_000, 75_000, 100_000])
        #expect(try Self.completions(#"{"servers":4,"process":"100 s","initial":4,"to":"o"}"#) == [100_000, 100_000, 100_000, 100_000])
    }

    @Test("a tending cell's staggered units start in their machine cycle, then are unloaded")
    func tending() throws {
        let cell = #"{"kind":"tending","slots":2,"cycle":"100 s","robots":{"g":{"model":"gantry-loader","home":["0 m","0 m","0 m","0 deg"]}},"#
            + #""targets":{"slot":{"joints":["1 m","0 m","0 m","0 deg"],"pitch":["1 m","0 m","0 m","0 deg"]}},"#
            + #""load":[{"move":"slot"}],"unload":[{"tool":"grip","time":"2 s"}],"initial":2,"staggered":true,"to":"o"}"#
        // Slot 1 has 50 s of its cycle left, slot 2 100 s; the unload is 2 s of gripping (the loader
        // never left home: the load is skipped for units already in their slots).
        #expect(try Self.completions(cell) == [52_000, 102_000])
    }
}
