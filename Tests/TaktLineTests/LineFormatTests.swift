import TaktEngine
import TaktFixed
import TaktRandom
import Testing
@testable import TaktLine

/// A small valid line: in → B → S → out. Tests replace parts of it.
func line(stations: String = #""S": { "process": "1 s", "to": "out" }"#,
          buffers: String = #""B": { "capacity": 2, "to": "S" }"#,
          source: String = #""in": { "arrivals": "saturated", "to": "B" }"#,
          extra: String = "") -> String {
    """
    {
      "name": "t",\(extra)
      "sources": { \(source) },
      "buffers": { \(buffers) },
      "stations": { \(stations) },
      "sinks": { "out": {} }
    }
    """
}

func station(_ text: String) throws -> Station {
    let m = try LineFile.load(text: text, file: "l.json").model
    guard case .station(let s) = m.elements[m.index(of: "S")!].kind else { throw TestFailure() }
    return s
}

struct TestFailure: Error {}

@Suite("Line format")
struct LineFormatTests {
    @Test("distributions in every written form")
    func distributions() throws {
        let cases: [(String, Distribution)] = [
            (#""170 s""#, .constant(Fixed(170))),
            (#"{"constant": "2 min"}"#, .constant(Fixed(120))),
            (#"{"exponential": "1.5 s"}"#, .exponential(mean: Fixed(3, over: 2))),
            (#"{"uniform": ["1 s", "2 s"]}"#, .uniform(min: Fixed(1), max: Fixed(2))),
            (#"{"triangular": ["1 s", "1.5 s", "3 s"]}"#, .triangular(min: Fixed(1), mode: Fixed(3, over: 2), max: Fixed(3))),
            (#"{"normal": {"mean": "60 s", "sd": "5 s"}}"#, .normal(mean: Fixed(60), sd: Fixed(5))),
            (#"{"lognormal": {"mean": "60 s", "sd": "5 s"}}"#, .lognormal(mean: Fixed(60), sd: Fixed(5))),
            (#"{"weibull": {"shape": "1.5", "scale": "40 h"}}"#, .weibull(shape: Fixed(3, over: 2), scale: Fixed(144_000))),
            (#"{"weibull": {"shape": 2, "scale": "1 h"}}"#, .weibull(shape: Fixed(2), scale: Fixed(3600))),
            (#"{"empirical": {"values": ["50 s", "60 s"], "weights": ["1", 3]}}"#,
             .empirical(values: [Fixed(50), Fixed(60)], weights: [Fixed(1), Fixed(3)])),
            (#"{"empirical": {"values": ["50 s"]}, "comment": "from MES"}"#, .empirical(values: [Fixed(50)], weights: nil)),
        ]
        for (text, expected) in cases {
            let s = try station(line(stations: #""S": { "process": \#(text), "to": "out" }"#))
            #expect(s.process == expected, "\(text)")
        }
    }

    @Test("station yield, servers, failures and warm start")
    func stationKeys() throws {
        let s = try station(line(stations: #"""
            "S": { "servers": 3, "process": "1 s", "yield": "99.5 %", "initial": 2,
                   "failures": { "between": {"exponential": "8 h"}, "repair": "30 min" }, "to": "out" }
            """#))
        #expect(s.servers == 3)
        #expect(s.scrap == .one - (try Quantity.parse("99.5 %", as: .fraction)))
        #expect(s.initial == [0, 0])
        #expect(s.reliability?.basis == .operating)
        #expect(s.reliability?.timeBetweenFailures == .exponential(mean: Fixed(28_800)))
        #expect(try station(line()).servers == 1)
    }

    @Test("arrival patterns")
    func arrivals() throws {
        func source(_ text: String) throws -> Source {
            let m = try LineFile.load(text: line(source: #""in": { \#(text), "to": "B" }"#), file: "l.json").model
            guard case .source(let s) = m.elements[m.index(of: "in")!].kind else { throw TestFailure() }
            return s
        }
        guard case .interval(let i) = try source(#""arrivals": {"interval": "60 s"}, "start": "5 min", "limit": 10"#).arrivals else { throw TestFailure() }
        #expect(i == Fixed(60))
        #expect(try source(#""arrivals": {"interval": "60 s"}, "start": "5 min", "limit": 10"#).start == Fixed(300))
        #expect(try source(#""arrivals": {"interval": "60 s"}, "limit": 10"#).limit == 10)
        guard case .random(let d) = try source(#""arrivals": {"every": {"uniform": ["1 s", "3 s"]}}"#).arrivals else { throw TestFailure() }
        #expect(d == .uniform(min: Fixed(1), max: Fixed(3)))
        guard case .random(let r) = try source(#""arrivals": {"rate": "120 /h"}"#).arrivals else { throw TestFailure() }
        #expect(r == .exponential(mean: Fixed(30)))
        #expect(LineCompiler.meanInterval(ofRate: "0.8 /s") == Fixed(5, over: 4))
        #expect(LineCompiler.meanInterval(ofRate: "3 per min") == Fixed(20))
        #expect(LineCompiler.meanInterval(ofRate: "2.4e1 / d") == Fixed(3600))
        guard case .schedule(let ts) = try source(#""arrivals": {"schedule": ["0 s", "10 s", "10 s", "1 min"]}"#).arrivals else { throw TestFailure() }
        #expect(ts == [Fixed(0), Fixed(10), Fixed(10), Fixed(60)])
    }

    @Test("routing by name, by shares and by unit type")
    func routing() throws {
        let text = """
        {
          "name": "r", "unit_types": ["tray", "rack"],
          "sources": { "in": { "arrivals": "saturated", "type": "tray", "to": { "A": "70 %", "B": "30 %" } } },
          "stations": {
            "A": { "process": "1 s", "to": { "by_type": { "rack": "B" }, "default": "out" } },
            "B": { "process": "1 s", "to": { "by_type": { "tray": "out", "rack": "out" } } }
          },
          "sinks": { "out": {} }
        }
        """
        let m = try LineFile.load(text: text, file: "r.json").model
        #expect(m.unitTypes == ["tray", "rack"])
        #expect(m.elements.map(\.name) == ["A", "B", "in", "out"])
        #expect(m.elements[2].routing == .probability(targets: [0, 1], probabilities: [
            try Quantity.parse("70 %", as: .fraction), try Quantity.parse("30 %", as: .fraction)]))
        #expect(m.elements[0].routing == .byType(targets: [3, 1], fallback: 3))
        #expect(m.elements[1].routing == .byType(targets: [3, 3], fallback: -1))
    }

    @Test("shares that sum to exactly 100 % as written sum to exactly 1 in fixed point")
    func sharesSumToOne() throws {
        let text = line(stations: #"""
            "S": { "process": "1 s", "to": "out" }, "T": { "process": "1 s", "to": "out" }, "U": { "process": "1 s", "to": "out" }
            """#, buffers: #""B": { "capacity": 2, "to": { "S": "33.333333333 %", "T": "33.333333333 %", "U": "33.333333334 %" } }"#)
        let m = try LineFile.load(text: text, file: "l.json").model
        guard case .probability(_, let ps) = m.elements[m.index(of: "B")!].routing else { throw TestFailure() }
        #expect(ps.reduce(Int64(0)) { $0 + $1.raw } == Fixed.one.raw)
        #expect(LineCompiler.percentNanos("2.5e1 %") == 25_000_000_000)
        #expect(LineCompiler.percentNanos(" 0.5% ") == 500_000_000)
        #expect(LineCompiler.percentNanos("100.000000000000 %") == 100_000_000_000)
    }

    @Test("elements are sorted by the bytes of their UTF-8 names; the index is the rank")
    func sortedByName() throws {
        let text = """
        {
          "name": "order",
          "sources": { "zz": { "arrivals": "saturated", "to": "b" } },
          "buffers": { "b": { "capacity": 1, "to": "B" }, "B": { "capacity": 1, "to": "Ätzen" } },
          "stations": { "Ätzen": { "process": "1 s", "to": "a10" }, "a10": { "process": "1 s", "to": "a2" }, "a2": { "process": "1 s", "to": "Z" } },
          "sinks": { "Z": {} }
        }
        """
        let m = try LineFile.load(text: text, file: "o.json").model
        #expect(m.elements.map(\.name) == ["B", "Z", "a10", "a2", "b", "zz", "Ätzen"])
        #expect(m.elements[5].routing == .fixed(4))
        #expect(m.elements[4].routing == .fixed(0))
        #expect(m.elements[0].routing == .fixed(6))
    }

    @Test("tick and warm-start buffers")
    func tickAndWarmStart() throws {
        let m = try LineFile.load(text: line(buffers: #""B": { "capacity": 3, "initial": ["part", "part"], "to": "S" }"#,
                                             extra: #" "tick": "10 ms", "unit_types": ["part"],"#), file: "l.json").model
        #expect(m.tickNanoseconds == 10_000_000)
        guard case .buffer(let b) = m.elements[m.index(of: "B")!].kind else { throw TestFailure() }
        #expect(b.initial == [0, 0])
        #expect(try LineFile.load(text: line(extra: #" "tick": "0.5 s","#), file: "l.json").model.tickNanoseconds == 500_000_000)
    }

    @Test("a top-level \"$schema\" (how editors bind a file to cells/schema.json) is accepted, ignored and kept in the canonical form; it must be a string")
    func schemaKey() throws {
        let plain = try LineFile.load(text: line(), file: "l.json")
        let bound = try LineFile.load(text: line(extra: #" "$schema": "../schema.json","#), file: "l.json")
        #expect(bound.model.elements.map(\.name) == plain.model.elements.map(\.name))
        #expect(bound.model.elements.map(\.routing) == plain.model.elements.map(\.routing))
        #expect(bound.canonicalJSON.contains(#""$schema":"../schema.json""#))
        #expect(loadError(line(extra: #" "$schema": 5,"#)).contains("$schema: expected a string"))
        // Only at the top: inside an element it is an unknown key like any other.
        #expect(loadError(line(stations: #""S": { "$schema": "x", "process": "1 s", "to": "out" }"#)).contains("unknown key '$schema'"))
    }
}
