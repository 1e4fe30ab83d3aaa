import Foundation
import TaktEngine
import TaktFixed
import Testing
@testable import TaktLine

/// Places on the floor (`"at"` of elements, route nodes) reach `LoadedLine.layout` exactly as
/// written, are checked like any quantity, can be moved with `--set`, and change no event of a run.
@Suite("Floor layout")
struct FloorLayoutTests {
    static func metres(_ text: String) -> Fixed { try! Quantity.parse(text, as: .length) }

    @Test("the \"at\" of sources, buffers, stations and sinks lands in the layout; elements without one are absent")
    func placesLoad() throws {
        let text = line(stations: #""S": { "process": "1 s", "to": "out", "at": ["12.5 m", "-3 m"] }"#,
                        buffers: #""B": { "capacity": 2, "to": "S", "at": ["6 m", "0 m"] }"#)
            .replacingOccurrences(of: #""out": {}"#, with: #""out": { "at": ["20 m", "0.25 m"] }"#)
        let layout = try LineFile.load(text: text, file: "l.json").layout
        #expect(layout.elements["S"] == .init(x: Self.metres("12.5 m"), y: Self.metres("-3 m")))
        #expect(layout.elements["B"] == .init(x: Self.metres("6 m"), y: .zero))
        #expect(layout.elements["out"] == .init(x: Self.metres("20 m"), y: Self.metres("0.25 m")))
        #expect(layout.elements["in"] == nil)
        #expect(layout.routes.isEmpty)
    }

    @Test("route nodes and edges are in the layout, in the same frame")
    func routes() throws {
        let layout = try loadShipped("cells/examples/logistics-cell.json").layout
        let loop = try #require(layout.routes.first { $0.name == "loop" })
        let dock = try #require(loop.nodes.first { $0.name == "dock" })
        #expect(dock.at == .init(x: Self.metres("30 m"), y: Self.metres("15 m")))
        #expect(loop.edges.count == 6 && loop.edges.filter(\.oneWay).count == 5)
        #expect(layout.elements.count == 7, "every element of the example is placed")
    }

    @Test("a wrong \"at\" is one clear error naming the place in the file")
    func errors() {
        #expect(loadError(line(buffers: #""B": { "capacity": 2, "to": "S", "at": ["6 m"] }"#))
                == #"l.json:4:55: buffers.B.at: "at" is the element's place on the floor as [x, y] in metres, e.g. ["12 m", "4 m"]; found 1 value"#)
        #expect(loadError(line(buffers: #""B": { "capacity": 2, "to": "S", "at": ["6 s", "0 m"] }"#)).contains("buffers.B.at[0]"))
        #expect(loadError(line(buffers: #""B": { "capacity": 2, "to": "S", "at": "6 m" }"#)).contains("buffers.B.at"))
    }

    @Test("--set moves an element")
    func override() throws {
        let moved = try loadShipped("cells/examples/logistics-cell.json", overrides: ["stations.assemble.at[0]=40 m"])
        #expect(moved.layout.elements["assemble"] == .init(x: Self.metres("40 m"), y: Self.metres("19 m")))
    }

    /// Every event of a short run, in order.
    static func events(_ line: LoadedLine) throws -> [EngineEvent] {
        struct Collect: EventSink {
            var all: [EngineEvent] = []
            mutating func record(_ e: EngineEvent) { all.append(e) }
        }
        var sink = Collect()
        var sim = try Simulation(model: line.model, options: RunOptions(seed: 3, durationTicks: 2 * 3_600_000))
        sim.run(into: &sink)
        return sink.all
    }

    @Test("places on the floor change no event: the same run with every \"at\" removed is identical")
    func drawingOnly() throws {
        let path = repositoryRoot.appendingPathComponent("cells/examples/logistics-cell.json")
        let text = try String(contentsOf: path, encoding: .utf8)
        let stripped = text.replacingOccurrences(of: #""at": \[[^\]]*\],?\s*"#, with: "", options: .regularExpression)
        #expect(!stripped.contains("\"at\""))
        let placed = try LineFile.load(text: text, file: "a.json", robots: robotLibrary)
        let bare = try LineFile.load(text: stripped, file: "b.json", robots: robotLibrary)
        #expect(bare.layout.elements.isEmpty && !placed.layout.elements.isEmpty)
        let a = try Self.events(placed), b = try Self.events(bare)
        #expect(a.count > 1000)
        #expect(a == b)
    }
}
