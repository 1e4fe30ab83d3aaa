import TaktEngine
import TaktFixed
import TaktJSON
import TaktRandom
import Testing
@testable import TaktLine

@Suite("--set overrides and canonical JSON")
struct OverrideTests {
    static let text = """
    {
      "name": "o",
      "tick": "1 ms",
      "sources": { "in": { "arrivals": { "rate": "0.8 /s" }, "to": "A6" } },
      "stations": {
        "A6": { "servers": 40, "process": { "uniform": ["1 s", "2 s"] }, "to": "out", "comment": "welding" }
      },
      "sinks": { "out": {} }
    }
    """

    @Test("numbers, strings and array items are replaced before compiling")
    func apply() throws {
        let line = try LineFile.load(text: Self.text, file: "o.json", overrides: [
            "stations.A6.servers=48", "sources.in.arrivals.rate=0.9 /s", "tick = 10 ms", "stations.A6.process.uniform[1]=3 s",
        ])
        #expect(line.model.tickNanoseconds == 10_000_000)
        guard case .station(let s) = line.model.elements[0].kind,
              case .source(let src) = line.model.elements[1].kind, case .random(let d) = src.arrivals else { throw TestFailure() }
        #expect(s.servers == 48)
        #expect(s.process == .uniform(min: Fixed(1), max: Fixed(3)))
        #expect(d == .exponential(mean: LineCompiler.meanInterval(ofRate: "0.9 /s")!))
        #expect(line.overrides == [
            LineOverride(key: "stations.A6.servers", value: "48", previous: "40"),
            LineOverride(key: "sources.in.arrivals.rate", value: "0.9 /s", previous: "0.8 /s"),
            LineOverride(key: "tick", value: "10 ms", previous: "1 ms"),
            LineOverride(key: "stations.A6.process.uniform[1]", value: "3 s", previous: "2 s"),
        ])
        #expect(line.canonicalJSON == #"{"name":"o","tick":"10 ms","sources":{"in":{"arrivals":{"rate":"0.9 /s"},"to":"A6"}},"stations":{"A6":{"servers":48,"process":{"uniform":["1 s","3 s"]},"to":"out","comment":"welding"}},"sinks":{"out":{}}}"#)
    }

    @Test("overrides apply in order: the last one wins")
    func order() throws {
        let line = try LineFile.load(text: Self.text, file: "o.json", overrides: ["stations.A6.servers=2", "stations.A6.servers=3"])
        guard case .station(let s) = line.model.elements[0].kind else { throw TestFailure() }
        #expect(s.servers == 3)
        #expect(line.overrides.map(\.previous) == ["40", "2"])
    }

    @Test("bad overrides: missing key with suggestion, containers, numbers, syntax")
    func errors() {
        #expect(loadError(Self.text, file: "o.json", overrides: ["stations.A6.server=48"])
            == "o.json: --set stations.A6.server=48: no such key; did you mean 'stations.A6.servers'?")
        #expect(loadError(Self.text, file: "o.json", overrides: ["stations.A7.servers=48"])
            == "o.json: --set stations.A7.servers=48: no such key; did you mean 'stations.A6.servers'?")
        #expect(loadError(Self.text, file: "o.json", overrides: ["sources.in.arrivals.rates=1 /s"])
            == "o.json: --set sources.in.arrivals.rates=1 /s: no such key; did you mean 'sources.in.arrivals.rate'?")
        #expect(loadError(Self.text, file: "o.json", overrides: ["stations.A6=3"])
            == "o.json:6:11: stations.A6: --set stations.A6=3: 'stations.A6' is an object, not a single value; set a value inside it, e.g. 'stations.A6.servers'")
        #expect(loadError(Self.text, file: "o.json", overrides: ["stations.A6.servers=forty"])
            == "o.json:6:24: stations.A6.servers: --set stations.A6.servers=forty: 'forty' is not a number; the file has a number here (40)")
        #expect(loadError(Self.text, file: "o.json", overrides: ["tick"])
            == "o.json: --set tick: expected KEY=VALUE, e.g. stations.S1.servers=2")
        #expect(loadError(Self.text, file: "o.json", overrides: ["stations..servers=1"])
            == "o.json: --set stations..servers=1: malformed key 'stations..servers'; write a dotted path such as stations.S1.servers or stations.S1.process.uniform[0]")
        #expect(loadError(Self.text, file: "o.json", overrides: ["stations.A6.process.uniform[2]=1 s"])
            == "o.json: --set stations.A6.process.uniform[2]=1 s: no such key; did you mean 'stations.A6.process.uniform[0]' or 'stations.A6.process.uniform[1]'?")
    }

    @Test("an error in a value set by --set says so")
    func annotated() {
        #expect(loadError(Self.text, file: "o.json", overrides: ["stations.A6.servers=0"])
            == "o.json:6:24: stations.A6.servers: must be at least 1, found 0 (value set by --set stations.A6.servers=0)")
        #expect(loadError(Self.text, file: "o.json", overrides: ["tick=10"])
            == "o.json:3:11: tick: '10' has no unit; write e.g. '10 s' (value set by --set tick=10)")
        #expect(loadError(Self.text, file: "o.json", overrides: ["stations.A6.to=ot"])
            == "o.json:6:76: stations.A6.to: no element named 'ot'; did you mean 'out'? (value set by --set stations.A6.to=ot)")
    }

    @Test("canonical JSON: file order, no whitespace, numbers and strings as written")
    func canonical() throws {
        let a = try LineFile.load(text: Self.text, file: "o.json")
        let compact = try LineFile.load(text: a.canonicalJSON, file: "o.json")
        #expect(compact.canonicalJSON == a.canonicalJSON)
        #expect(a.canonicalJSON == #"{"name":"o","tick":"1 ms","sources":{"in":{"arrivals":{"rate":"0.8 /s"},"to":"A6"}},"stations":{"A6":{"servers":40,"process":{"uniform":["1 s","2 s"]},"to":"out","comment":"welding"}},"sinks":{"out":{}}}"#)
        let escaped = try JSONParser.parse(#"{"b": 1.50e+2, "a": "q\"\\\/\u00e9\n\u0001", "c": [true, false, null]}"#, file: "e.json")
        #expect(LineFile.canonicalJSON(escaped) == #"{"b":1.50e+2,"a":"q\"\\/é\n\u0001","c":[true,false,null]}"#)
    }
}
