import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TaktEngine
import TaktFixed
import TaktLine
import TaktTestSupport
@testable import TaktTrace

/// The report's timeline is the KPIs' ledger cut into columns: summed over the columns, each
/// station's ticks per state equal the run's own ledger exactly; the page and its charts are
/// well-formed and self-contained.
@Suite("Report")
struct ReportTests {
    static func report(_ path: String, seconds: Int) throws -> (RunReport, LineSummary) {
        let line = try TraceFixtures.load(path)
        let run = try TraceFixtures.run(line, seconds: seconds, checkpointEvery: 1_000_000)
        var timeline = RunTimeline(line: line, from: 0, to: line.model.ticks(seconds: .init(seconds)), columns: 97)
        for e in run.events { timeline.record(e) }
        timeline.finish(atTick: line.model.ticks(seconds: .init(seconds)))
        return (RunReport(line: line, summary: run.summary, timeline: timeline, notes: [], targetPerHour: nil, title: "t"), run.summary)
    }

    @Test("summed over columns, each station's and source's ticks per state equal its KPI ledger", arguments: ["cells/examples/kit-assembly.json", "cells/examples/serial-breakdown.json", "cells/examples/shifts.json", "cells/examples/tending-cell.json"])
    func ledgerAgrees(path: String) throws {
        let (report, summary) = try Self.report(path, seconds: TraceFixtures.seconds(path, 3 * 3600))
        let n = RunTimeline.State.allCases.count
        for e in summary.elements {
            guard let l = e.ledger else { continue }
            var sums = [Int64](repeating: 0, count: n)
            for tr in report.timeline.tracks where tr.name == e.name || tr.name.hasPrefix(e.name + " #") {
                for c in 0..<report.timeline.columns { for s in 0..<n { sums[s] += tr.ticks[c * n + s] } }
            }
            #expect([sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]] == [l.busy, l.blocked, l.starved, l.down, l.offShift, l.idle], "\(path): \(e.name)")
        }
    }

    @Test("the page is self-contained and every chart is a well-formed SVG document")
    func wellFormed() throws {
        let (report, _) = try Self.report("cells/examples/logistics-cell.json", seconds: 3600)
        let page = report.html()
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("Key figures") && page.contains("Route graphs"))
        for bad in ["<script", "<link", "src=", "@import", "url(http"] { #expect(!page.contains(bad), "\(bad)") }
        for chart in report.charts {
            let parser = XMLParser(data: Data(chart.svg.utf8))
            #expect(parser.parse(), "\(chart.name): \(parser.parserError.map { "\($0)" } ?? "")")
        }
    }

    @Test("a line with places is drawn to scale: box centres are the places times one scale, y up", arguments: ["cells/examples/logistics-cell.json", "cells/ev-general-assembly.json", "cells/server-rack-line.json"])
    func toScale(path: String) throws {
        let (report, _) = try Self.report(path, seconds: 600)
        #expect(report.planIsToScale)
        let g = report.scaledGeometry()
        let model = report.line.model
        func metres(_ v: Fixed) -> Double { Double(v.raw) / 4_294_967_296 }
        var checked = 0
        for (i, e) in model.elements.enumerated() {
            guard let p = report.line.layout.elements[e.name] else { continue }
            let b = try #require(g.boxes[i])
            #expect(abs(b.x + b.w / 2 - (g.left + (metres(p.x) - g.minX) * g.scale)) < 1e-9, "\(e.name)")
            #expect(abs(b.y + b.h / 2 - (g.top + (g.maxY - metres(p.y)) * g.scale)) < 1e-9, "\(e.name)")
            checked += 1
        }
        #expect(checked == model.elements.count, "every element of a shipped line is placed")
    }

    @Test("no two boxes of a shipped line's floor plan overlap, and all lie inside the drawing, within the page width", arguments: ["cells/examples/logistics-cell.json", "cells/ev-general-assembly.json", "cells/server-rack-line.json"])
    func noOverlap(path: String) throws {
        let (report, _) = try Self.report(path, seconds: 600)
        let g = report.scaledGeometry()
        let boxes = g.boxes.compactMap { $0 }
        #expect(boxes.count == report.line.model.elements.count)
        for (k, a) in boxes.enumerated() {
            #expect(a.x >= 0 && a.y >= 0 && a.x + a.w <= g.width && a.y + a.h <= g.height)
            for b in boxes[(k + 1)...] {
                let apart = a.x + a.w + 8 <= b.x + 1e-9 || b.x + b.w + 8 <= a.x + 1e-9 || a.y + a.h + 8 <= b.y + 1e-9 || b.y + b.h + 8 <= a.y + 1e-9
                #expect(apart, "\(a) and \(b) are less than 8 px apart")
            }
        }
        #expect(g.width <= 1160, "the plan fits the page without scrolling: \(g.width) px")
    }

    @Test("without places the plan is a flow diagram, and elements missing an \"at\" are listed below a plan to scale")
    func fallbacks() throws {
        let (flow, _) = try Self.report("cells/examples/kit-assembly.json", seconds: 600)
        #expect(!flow.planIsToScale && flow.html().contains("gives no places"))
        let path = "cells/examples/logistics-cell.json"
        let text = try String(contentsOf: TraceFixtures.root.appendingPathComponent(path), encoding: .utf8)
            .replacingOccurrences(of: #""at": ["44 m", "4 m"] "#, with: "")
        let line = try LineFile.load(text: text, file: path, robots: ShippedLines.robots)
        #expect(line.layout.elements["ship"] == nil && line.layout.elements.count == 6)
        let timeline = RunTimeline(line: line, from: 0, to: 1000, columns: 10)
        let (_, summary) = try Self.report(path, seconds: 1)
        let report = RunReport(line: line, summary: summary, timeline: timeline, notes: [], targetPerHour: nil, title: "t")
        let g = report.scaledGeometry()
        let shipIndex = try #require(line.model.index(of: "ship"))
        let ship = try #require(g.boxes[shipIndex])
        for (i, b) in g.boxes.enumerated() where i != shipIndex { #expect(b!.y + b!.h < ship.y) }
        #expect(report.floorPlan().contains("Not placed"))
    }
}
