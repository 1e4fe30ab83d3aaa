import Foundation
import TaktJSON
import Testing
@testable import TaktLine

/// cells/README.md and cells/schema.json describe the format the loader accepts.
@Suite("Format documentation")
struct DocumentationTests {
    static func text(_ relative: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent(relative), encoding: .utf8)
    }

    /// The keys of `properties` of the schema object at `path` (a list of keys), notes left out.
    static func schemaKeys(_ schema: JSONValue, _ path: [String]) -> [String] {
        var v: JSONValue? = schema
        for k in path { v = v?[k] }
        guard case .object(let ms)? = v?["properties"]?.kind else { return [] }
        return ms.map(\.key).filter { !isCommentKey($0) }
    }

    @Test("the README's example line loads")
    func readmeExample() throws {
        let readme = try Self.text("cells/README.md")
        let start = try #require(readme.range(of: "```json\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let line = try LineFile.load(text: String(readme[start.upperBound..<end.lowerBound]), file: "README.md")
        #expect(line.model.elements.map(\.name) == ["B1", "S1", "S2", "in", "out"])
    }

    @Test("the schema lists the keys the loader accepts")
    func schemaKeys() throws {
        let schema = try JSONParser.parse(try Self.text("cells/schema.json"), file: "cells/schema.json")
        #expect(schema["$schema"] == JSONValue(.string("https://json-schema.org/draft/2020-12/schema"), at: schema["$schema"]!.location))
        #expect(Self.schemaKeys(schema, []) == LineCompiler.topKeys)
        #expect(Self.schemaKeys(schema, ["$defs", "source"]) == LineCompiler.sourceKeys)
        #expect(Self.schemaKeys(schema, ["$defs", "buffer"]) == LineCompiler.bufferKeys)
        #expect(Self.schemaKeys(schema, ["$defs", "station"]) == LineCompiler.stationKeys)
        for kind in LineCompiler.cellKindTypes {
            #expect(Self.schemaKeys(schema, ["$defs", kind.name + "Cell"]) == kind.keys, "cell kind \(kind.name)")
        }
        #expect(Self.schemaKeys(schema, ["$defs", "buffer", "properties", "conveyor"]) == LineCompiler.conveyorKeys)
        #expect(Self.schemaKeys(schema, ["$defs", "route"]) == ["nodes", "edges"])
        #expect(Self.schemaKeys(schema, ["$defs", "station", "properties", "failures"]) == LineCompiler.failureKeys)
        #expect(Self.schemaKeys(schema, ["$defs", "distributionObject"]) == DurationDistribution.kinds)
        #expect(Self.schemaKeys(schema, ["$defs", "sink"]) == ["at"])
        guard case .array(let arrivals)? = schema["$defs"]?["arrivals"]?["oneOf"]?.kind else { Issue.record("no arrivals"); return }
        #expect(Self.schemaKeys(arrivals[1], []) == LineCompiler.arrivalPatterns)
    }
}
