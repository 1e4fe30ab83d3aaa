import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TaktEngine
import TaktLine
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
}
