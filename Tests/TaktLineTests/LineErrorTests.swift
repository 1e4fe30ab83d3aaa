import Foundation
import Testing
@testable import TaktLine

/// Each class of bad input gives one error with its exact text: file:line:col: key path: message.
@Suite("Line file errors")
struct LineErrorTests {
    @Test("malformed JSON")
    func malformed() {
        #expect(loadError("{\n  \"name\": \"t\",\n  \"sources\": {\n}") == #"l.json:4:2: malformed JSON: unterminated object: expected ',' or '}'"#)
    }

    @Test("an unknown key names the nearest valid key")
    func unknownKey() {
        #expect(loadError(line(stations: #""S": { "servrs": 2, "process": "1 s", "to": "out" }"#)) == #"l.json:5:24: stations.S.servrs: unknown key 'servrs'; did you mean 'servers'?"#)
        #expect(loadError(line(extra: #" "tik": "1 ms","#)) == #"l.json:2:16: tik: unknown key 'tik'; did you mean 'tick'?"#)
    }

    @Test("a quantity of the wrong dimension or with an unknown unit")
    func units() {
        #expect(loadError(line(stations: #""S": { "process": "3 m", "to": "out" }"#)) == #"l.json:5:35: stations.S.process: expected a duration like '170 s', got a length '3 m'"#)
        #expect(loadError(line(stations: #""S": { "process": "8 parsecs", "to": "out" }"#)) == #"l.json:5:35: stations.S.process: unknown unit 'parsecs' in '8 parsecs'; durations take ms, s, min, h, d"#)
        #expect(loadError(line(stations: #""S": { "process": 170, "to": "out" }"#)) == #"l.json:5:35: stations.S.process: '170' needs a unit: write it as a string such as "170 s""#)
        #expect(loadError(line(extra: #" "tick": "8 parsecs","#)) == #"l.json:2:24: tick: unknown unit 'parsecs' in '8 parsecs'; durations take ms, s, min, h, d"#)
        #expect(loadError(line(stations: #""S": { "process": "1 s", "yield": "0.995", "to": "out" }"#)) == #"l.json:5:51: stations.S.yield: '0.995' has no unit; write e.g. '99.5 %'"#)
    }

    @Test("capacity and servers must be at least 1")
    func counts() {
        #expect(loadError(line(buffers: #""B": { "capacity": 0, "to": "S" }"#)) == #"l.json:4:35: buffers.B.capacity: must be at least 1, found 0"#)
        #expect(loadError(line(buffers: #""B": { "capacity": -3, "to": "S" }"#)) == #"l.json:4:35: buffers.B.capacity: must be at least 1, found -3"#)
        #expect(loadError(line(stations: #""S": { "servers": 0, "process": "1 s", "to": "out" }"#)) == #"l.json:5:35: stations.S.servers: must be at least 1, found 0"#)
    }

    @Test("routing to an unknown element suggests the nearest name")
    func unknownTarget() {
        #expect(loadError(line(buffers: #""B": { "capacity": 2, "to": "s" }"#)) == #"l.json:4:44: buffers.B.to: no element named 's'; did you mean 'S'?"#)
        #expect(loadError(line(buffers: #""B": { "capacity": 2, "to": { "S": "50 %", "Q": "50 %" } }"#)) == #"l.json:4:59: buffers.B.to.Q: no element named 'Q'; did you mean 'S'?"#)
        #expect(loadError(line(buffers: #""B": { "capacity": 2, "to": "in" }"#)) == #"l.json:4:44: buffers.B.to: 'in' is a source; units cannot be sent into a source"#)
        #expect(loadError(line(buffers: #""B": { "capacity": 2, "to": "B" }"#)) == #"l.json:4:44: buffers.B.to: 'B' sends units to itself"#)
    }

    @Test("unit types must be declared")
    func unitTypes() {
        #expect(loadError(line(source: #""in": { "arrivals": "saturated", "type": "prat", "to": "B" }"#,
                               extra: #" "unit_types": ["part", "tray"],"#)) == #"l.json:3:57: sources.in.type: unknown unit type 'prat'; did you mean 'part' or 'tray'?"#)
        #expect(loadError(line(source: #""in": { "arrivals": "saturated", "to": "B" }"#,
                               extra: #" "unit_types": ["part", "tray"],"#)) == #"l.json:3:22: sources.in: missing required key 'type': the line has 2 unit types ('part' and 'tray'); say which one this source creates"#)
        #expect(loadError(line(buffers: #""B": { "capacity": 2, "initial": ["part"], "to": "S" }"#)) == #"l.json:4:50: buffers.B.initial[0]: unknown unit type 'part'; without "unit_types" the only unit type is 'unit' (declare e.g. "unit_types": ["part"])"#)
    }

    @Test("shares must sum to exactly 100 %")
    func shares() {
        #expect(loadError(line(buffers: #""B": { "capacity": 2, "to": { "S": "60 %", "out": "30 %" } }"#)) == #"l.json:4:44: buffers.B.to: the shares sum to 90 %, not 100 %"#)
        #expect(loadError(line(buffers: #""B": { "capacity": 2, "to": { "S": "33.333333333 %", "out": "66.666666666 %" } }"#)) == #"l.json:4:44: buffers.B.to: the shares sum to 99.999999999 %, not 100 %"#)
    }

    @Test("every element is reachable from a source and reaches a sink")
    func reachability() {
        #expect(loadError(line(stations: #""S": { "process": "1 s", "to": "out" }, "T": { "process": "1 s", "to": "out" }"#)) == #"l.json:5:57: stations.T: nothing can reach this station: no source sends units here and it starts with none ("initial")"#)
        #expect(loadError(line(stations: #""S": { "process": "1 s", "to": "T" }, "T": { "process": "1 s", "to": "S" }"#)) == #"l.json:4:16: buffers.B: no sink can be reached from here (units from here reach only 'S' and 'T')"#)
    }

    @Test("initial WIP must fit")
    func initialWIP() {
        #expect(loadError(line(buffers: #""B": { "capacity": 2, "initial": 3, "to": "S" }"#)) == #"l.json:4:49: buffers.B.initial: initial WIP of 3 units exceeds the capacity of 2"#)
        #expect(loadError(line(stations: #""S": { "servers": 2, "process": "1 s", "initial": ["unit", "unit", "unit"], "to": "out" }"#)) == #"l.json:5:67: stations.S.initial: initial WIP of 3 units exceeds the station's 2 servers"#)
    }

    @Test("names are unique across sections")
    func duplicateNames() {
        #expect(loadError(line(stations: #""B": { "process": "1 s", "to": "out" }"#)) == #"l.json:5:17: stations.B: the name 'B' is already used by buffers.B at 4:16; names must be unique across sources, buffers, stations and sinks"#)
    }

    @Test("distribution parameters are validated where they are written")
    func distributions() {
        #expect(loadError(line(stations: #""S": { "process": { "uniform": ["2 s", "1 s"] }, "to": "out" }"#)) == #"l.json:5:35: stations.S.process: uniform: min (2) is greater than max (1)"#)
        #expect(loadError(line(stations: #""S": { "process": { "expo": "1 s" }, "to": "out" }"#)) == #"l.json:5:37: stations.S.process.expo: unknown distribution 'expo'; did you mean 'exponential'?"#)
        #expect(loadError(line(stations: #""S": { "process": "-1 s", "to": "out" }"#)) == #"l.json:5:35: stations.S.process: a duration must not be negative, found '-1 s'"#)
    }

    @Test("a 'merges' section (an earlier draft) points to merge stations")
    func mergesSection() {
        #expect(loadError(line(extra: #" "merges": {},"#)) == #"l.json:2:16: merges: there is no 'merges' section: a merge is a station with "needs" and "makes", a split a station with "makes" only (see cells/README.md, Merges and splits)"#)
    }

    static let kitLine = """
    {
      "name": "k", "unit_types": ["x", "y", "z"],
      "sources": { "X": { "arrivals": { "interval": "1 s" }, "type": "x", "to": "M" }, "Y": { "arrivals": { "interval": "1 s" }, "type": "y", "to": "M" } },
      "stations": { "M": { "process": "1 s", "needs": { "x": 2, "y": 1 }, "makes": "z", "to": "out" } },
      "sinks": { "out": {} }
    }
    """

    @Test("a bill of materials that can never be satisfied, or a part a merge has no place for")
    func billOfMaterials() {
        let noY = Self.kitLine.replacingOccurrences(of: #""type": "y""#, with: #""type": "x""#)
        #expect(loadError(noY) == #"l.json:4:51: stations.M.needs: this bill of materials can never be satisfied: it needs 1 'y' but no 'y' unit can reach M (no source, split or merge upstream makes one that is routed here)"#)
        let extra = Self.kitLine.replacingOccurrences(of: #""needs": { "x": 2, "y": 1 }"#, with: #""needs": { "x": 2 }"#)
        #expect(loadError(extra) == #"l.json:4:17: stations.M: units of type 'y' arrive here from 'Y' but "needs" does not list 'y': they would wait forever; add it to "needs" or route it elsewhere"#)
        let zero = Self.kitLine.replacingOccurrences(of: #""y": 1"#, with: #""y": 0"#)
        #expect(loadError(zero) == #"l.json:4:66: stations.M.needs.y: must be at least 1, found 0"#)
        let unknown = Self.kitLine.replacingOccurrences(of: #""y": 1"#, with: #""w": 1"#)
        #expect(loadError(unknown) == #"l.json:4:61: stations.M.needs.w: unknown unit type 'w'; did you mean 'x' or 'y' or 'z'?"#)
        let noMakes = Self.kitLine.replacingOccurrences(of: #", "makes": "z""#, with: "")
        #expect(loadError(noMakes) == #"l.json:4:51: stations.M.needs: a merge needs "makes": the unit type it assembles, e.g. "makes": "z""#)
        let splitWithNeeds = Self.kitLine.replacingOccurrences(of: #""makes": "z""#, with: #""makes": { "z": 2 }"#)
        #expect(loadError(splitWithNeeds) == #"l.json:4:80: stations.M.makes: with "needs" (a merge), "makes" is one unit type such as "z", found an object"#)
        #expect(loadError(Self.kitLine) == "no error")
    }

    @Test("a missing 'to'")
    func missingTo() {
        #expect(loadError(line(buffers: #""B": { "capacity": 2 }"#)) == #"l.json:4:21: buffers.B: missing required key 'to': where units go next, e.g. "to": "S2""#)
    }

    @Test("more element checks")
    func more() {
        #expect(loadError(line(source: #""in": { "arrivals": { "rte": "1 /s" }, "to": "B" }"#)) == #"l.json:3:38: sources.in.arrivals.rte: unknown arrival pattern 'rte'; did you mean 'rate'?"#)
        #expect(loadError(line(source: #""in": { "arrivals": { "rate": "1 /s", "interval": "1 s" }, "to": "B" }"#)) == #"l.json:3:36: sources.in.arrivals: give exactly one arrival pattern, found 'rate' and 'interval'"#)
        #expect(loadError(line(source: #""in": { "arrivals": { "schedule": ["0 s", "1 min", "30 s"] }, "to": "B" }"#)) == #"l.json:3:67: sources.in.arrivals.schedule[2]: schedule times must not decrease: '30 s' comes after '1 min'"#)
        #expect(loadError(line(source: #""in": { "arrivals": { "rate": "1 /s" }, "start": "-1 s", "to": "B" }"#)) == #"l.json:3:65: sources.in.start: a duration must not be negative, found '-1 s'"#)
        #expect(loadError(line(stations: #""S": { "process": "1 s", "yield": "120 %", "to": "out" }"#)) == #"l.json:5:51: stations.S.yield: a yield must be more than 0 % and at most 100 %, found '120 %'"#)
        #expect(loadError(line(stations: #""S": { "process": "1 s", "failures": { "between": "8 h", "repair": "1 h", "basis": "calender" }, "to": "out" }"#)) == #"l.json:5:100: stations.S.failures.basis: unknown basis 'calender'; did you mean 'calendar'?"#)
        #expect(loadError(line(stations: #""S": { "process": "1 s", "failures": { "between": "0 s", "repair": "1 h" }, "to": "out" }"#)) == #"l.json:5:67: stations.S.failures.between: the mean time between failures must be greater than 0 s"#)
        #expect(loadError(line(stations: #""S": { "process": "1 s", "to": { "by_type": { "tray": "out" } } }"#,
                               extra: #" "unit_types": ["tray", "rack"],"#).replacingOccurrences(of: #""saturated","#, with: #""saturated", "type": "tray","#)) == #"l.json:5:61: stations.S.to.by_type: no target for unit type 'rack'; list it or add "default""#)
        #expect(loadError(line(extra: #" "tick": "0.0000015 ms","#)) == #"l.json:2:24: tick: the tick must be a whole number of nanoseconds, found '0.0000015 ms'"#)
        #expect(loadError(line(buffers: #""B.1": { "capacity": 2, "to": "S" }"#)) == #"l.json:4:16: buffers.B.1: element name 'B.1' may contain only letters, digits, '_' and '-'"#)
        #expect(loadError(line().replacingOccurrences(of: #""out": {}"#, with: #""out": { "capacity": 1 }"#)) == #"l.json:6:23: sinks.out.capacity: unknown key 'capacity'; a sink takes only "at", its place on the floor (write {} or {"at": ["0 m", "0 m"]})"#)
        #expect(loadError(line(source: "")) == #"l.json:3:14: sources: the line has no source; add one under "sources""#)
    }
}

