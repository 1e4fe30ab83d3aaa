import Testing
@testable import TaktJSON

@Suite("Config nodes")
struct ConfigNodeTests {
    @Test("an unknown key is reported at its place with the nearest valid key")
    func unknownKeySuggestion() throws {
        let node = try ConfigNode.parse("{\n  \"speeed\": \"1 m/s\"\n}", file: "r.json")
        do {
            try node.checkKeys(["speed", "acceleration"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "r.json:2:3: speeed: unknown key 'speeed'; did you mean 'speed'?")
        }
    }

    @Test("a number where a quantity belongs asks for a unit")
    func quantityNeedsUnit() throws {
        let node = try ConfigNode.parse("{\"t\": 170}", file: "l.json")
        do {
            _ = try node.required("t").quantity(.duration)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "l.json:1:7: t: '170' needs a unit: write it as a string such as \"170 s\"")
        }
    }

    @Test("array items carry their index in the path")
    func arrayPaths() throws {
        let node = try ConfigNode.parse("{\"j\": [{\"n\": 1}, {\"n\": \"x\"}]}", file: "r.json")
        let items = try node.required("j").items()
        do {
            _ = try items[1].required("n").int()
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "r.json:1:24: j[1].n: expected an integer, found a string")
        }
    }

    @Test("suggestions come from edit distance")
    func suggestions() {
        #expect(nearest(to: "servrs", in: ["servers", "capacity", "process"]) == ["servers"])
        #expect(nearest(to: "zzzzzz", in: ["servers"]).isEmpty)
        #expect(editDistance("kitten", "sitting") == 3)
    }
}
