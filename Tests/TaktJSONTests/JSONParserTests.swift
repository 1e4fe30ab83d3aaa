import Testing
@testable import TaktJSON

@Suite("JSON parser")
struct JSONParserTests {
    @Test("numbers stay as written, so they reach fixed point without Double")
    func numbersKeepTheirText() throws {
        let v = try JSONParser.parse(#"{"a": -0.425, "b": 1e3, "c": 0.1000000000000000055}"#, file: "t.json")
        #expect(v["a"]?.kind == .number("-0.425"))
        #expect(v["b"]?.kind == .number("1e3"))
        #expect(v["c"]?.kind == .number("0.1000000000000000055"))
    }

    @Test("objects keep key order and values know their line and column")
    func locations() throws {
        let text = "{\n  \"x\": 1,\n  \"y\": [true, null, \"s\"]\n}"
        let v = try JSONParser.parse(text, file: "t.json")
        guard case .object(let ms) = v.kind else { Issue.record("not an object"); return }
        #expect(ms.map(\.key) == ["x", "y"])
        #expect(ms[1].keyLocation == SourceLocation(line: 3, column: 3))
        #expect(ms[1].value.location == SourceLocation(line: 3, column: 8))
    }

    @Test("malformed JSON names file, line and column", arguments: [
        ("{\n  \"a\": 1,\n}", "t.json:3:1: malformed JSON: expected a key in double quotes, found '}'"),
        ("{\"a\": 01}", "t.json:1:7: malformed JSON: numbers may not have leading zeros"),
        ("[1, 2", "t.json:1:6: malformed JSON: unterminated array: expected ',' or ']'"),
        ("{\"a\": 1, \"a\": 2}", "t.json:1:10: malformed JSON: duplicate key \"a\""),
        ("{\"a\": \"x\ny\"}", "t.json:1:9: malformed JSON: control character in string (escape it, e.g. \\n)"),
        ("{} x", "t.json:1:4: malformed JSON: unexpected text after the end of the JSON document"),
        ("", "t.json:1:1: malformed JSON: expected a value, found the end of the file"),
    ])
    func malformed(text: String, message: String) {
        #expect(throws: ConfigError.self) { try JSONParser.parse(text, file: "t.json") }
        do { _ = try JSONParser.parse(text, file: "t.json") } catch { #expect(error.description == message) }
    }

    @Test("escapes, including surrogate pairs, decode to the right characters")
    func escapes() throws {
        let v = try JSONParser.parse(#"["a\"b\\c\/\n\u00e9\ud83d\ude00"]"#, file: "t.json")
        guard case .array(let xs) = v.kind else { Issue.record("not an array"); return }
        #expect(xs[0].kind == .string("a\"b\\c/\né😀"))
    }

    @Test("deep nesting is an error, not a stack overflow")
    func deepNesting() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: ConfigError.self) { try JSONParser.parse(text, file: "deep.json") }
    }
}
