import Foundation
import TaktEngine
import TaktFixed
import TaktJSON
import TaktRandom
import Testing
import TaktTestSupport
@testable import TaktLine

/// The repository root of this checkout.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func loadShipped(_ relative: String, overrides: [String] = []) throws -> LoadedLine {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent(relative), encoding: .utf8)
    return try LineFile.load(text: text, file: relative, overrides: overrides, robots: robotLibrary)
}

/// The robot models in cells/robots, as `takt` finds them for the shipped lines.
let robotLibrary = ShippedLines.robots

/// The full one-line message of the error `load` throws, or "no error".
func loadError(_ text: String, file: String = "l.json", overrides: [String] = []) -> String {
    do {
        _ = try LineFile.load(text: text, file: file, overrides: overrides, robots: robotLibrary)
        return "no error"
    } catch {
        return error.description
    }
}

func seconds(_ text: String) -> Fixed { try! Quantity.parse(text, as: .duration) }

@Suite("Shipped line files")
struct ShippedLineTests {
    /// Every line file under cells/ (robot definitions and the schema are not line files).
    static func lineFiles() -> [String] {
        let cells = repositoryRoot.appendingPathComponent("cells")
        guard let walker = FileManager.default.enumerator(atPath: cells.path) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix("robots/") && $0 != "schema.json" }
            .map { "cells/\($0)" }
            .sorted()
    }

    @Test("the shipped files are found")
    func found() {
        let files = Self.lineFiles()
        #expect(files.contains("cells/bench/serial-5.json"))
        #expect(files.contains("cells/examples/mm1.json"))
        #expect(files.contains("cells/examples/serial-breakdown.json"))
    }

    @Test("every shipped line file loads", arguments: lineFiles())
    func loads(_ file: String) throws {
        let line = try loadShipped(file)
        #expect(!line.model.elements.isEmpty)
        #expect(line.overrides.isEmpty)
    }

    @Test("serial-5: five exponential stations, four buffers of 3, sorted by name")
    func serial5() throws {
        let m = try loadShipped("cells/bench/serial-5.json").model
        #expect(m.name == "serial-5")
        #expect(m.tickNanoseconds == 1_000_000)
        #expect(m.unitTypes == ["part"])
        #expect(m.elements.map(\.name) == ["B1", "B2", "B3", "B4", "S1", "S2", "S3", "S4", "S5", "in", "out"])
        let means = ["1.0 s", "1.1 s", "0.9 s", "1.2 s", "1.0 s"]
        for k in 1...5 {
            let e = m.elements[m.index(of: "S\(k)")!]
            guard case .station(let s) = e.kind else { Issue.record("S\(k) is not a station"); continue }
            #expect(s.servers == 1 && s.scrap == .zero && s.reliability == nil && s.initial.isEmpty)
            #expect(s.process == .exponential(mean: seconds(means[k - 1])))
            #expect(e.routing == .fixed(m.index(of: k == 5 ? "out" : "B\(k)")!))
        }
        for k in 1...4 {
            let e = m.elements[m.index(of: "B\(k)")!]
            guard case .buffer(let b) = e.kind else { Issue.record("B\(k) is not a buffer"); continue }
            #expect(b.capacity == 3 && b.initial.isEmpty)
            #expect(e.routing == .fixed(m.index(of: "S\(k + 1)")!))
        }
        let src = m.elements[m.index(of: "in")!]
        guard case .source(let s) = src.kind, case .saturated = s.arrivals else { Issue.record("in is not a saturated source"); return }
        #expect(s.unitType == 0 && s.start == .zero && s.limit == nil)
        #expect(src.routing == .fixed(4))
        #expect(m.elements[10].routing == .none)
    }

    @Test("mm1: Poisson arrivals at 0.8 /s are exponential gaps of mean 1.25 s")
    func mm1() throws {
        let m = try loadShipped("cells/examples/mm1.json").model
        #expect(m.elements.map(\.name) == ["arrivals", "done", "queue", "server"])
        #expect(m.unitTypes == ["unit"])
        guard case .source(let s) = m.elements[0].kind, case .random(let d) = s.arrivals else { Issue.record("not a random source"); return }
        #expect(d == .exponential(mean: seconds("1.25 s")))
        guard case .buffer(let b) = m.elements[2].kind else { Issue.record("queue is not a buffer"); return }
        #expect(b.capacity == 100_000)
    }

    @Test("serial-breakdown: constant times and calendar failures on S2")
    func serialBreakdown() throws {
        let m = try loadShipped("cells/examples/serial-breakdown.json").model
        #expect(m.elements.map(\.name) == ["B1", "B2", "S1", "S2", "S3", "in", "out"])
        let expected: [String: String] = ["S1": "50 s", "S2": "60 s", "S3": "40 s"]
        for (name, t) in expected {
            guard case .station(let s) = m.elements[m.index(of: name)!].kind else { Issue.record("\(name)"); continue }
            #expect(s.process == .constant(seconds(t)))
            if name == "S2" {
                #expect(s.reliability?.timeBetweenFailures == .constant(Fixed(28_800)))
                #expect(s.reliability?.timeToRepair == .constant(Fixed(1_800)))
                #expect(s.reliability?.basis == .calendar)
            } else {
                #expect(s.reliability == nil)
            }
        }
        guard case .buffer(let b) = m.elements[0].kind else { Issue.record("B1"); return }
        #expect(b.capacity == 2)
    }
}
