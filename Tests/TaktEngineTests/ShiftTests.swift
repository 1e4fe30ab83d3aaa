import Testing
import TaktFixed
import TaktRandom
@testable import TaktEngine

@Suite("Shifts and breaks")
struct ShiftTests {
    static func line(_ calendar: ShiftCalendar?) -> LineModel {
        let els = [
            Element(name: "S", kind: .station(Station(servers: 1, process: .constant(Fixed(60)), calendar: calendar)), routing: .fixed(2)),
            Element(name: "in", kind: .source(Source(arrivals: .saturated, unitType: 0)), routing: .fixed(0)),
            Element(name: "out", kind: .sink, routing: .none),
        ]
        return LineModel(name: "shift", tickNanoseconds: 1_000_000, elements: els, unitTypes: ["unit"])
    }

    @Test("a 30-minute break in an 8-hour shift costs exactly 30 cycles, and the paused unit resumes")
    func breakCostsItsLength() throws {
        // 60 s per unit. Without the break: completions at 60 s, 120 s, …; the one at exactly 8 h
        // falls on the run's end tick and is not taken, so 479 units. With a break from 2 h to 2.5 h the
        // station works 7.5 h = 27,000 s: completions at working time 60·k, the last (k = 450) again
        // exactly at the end, so 449 units — 30 fewer. Breaks fall on cycle boundaries here (2 h = 120
        // cycles), and a unit in process across a break would simply finish 30 min later.
        let cal = ShiftCalendar(period: Fixed(8 * 3600), off: [.init(start: Fixed(2 * 3600), length: Fixed(1800))])
        let run = RunOptions(seed: 1, durationTicks: 8 * 3_600_000)
        var always = try Simulation(model: Self.line(nil), options: run)
        var a = Recorder()
        always.run(into: &a)
        var shifted = try Simulation(model: Self.line(cal), options: run)
        var b = Recorder(); b.keep = true
        shifted.run(into: &b)
        #expect(a.shipped == 479)
        #expect(b.shipped == 449)
        let off = b.events.filter { $0.kind == .offShift }, on = b.events.filter { $0.kind == .onShift }
        #expect(off.map(\.tick) == [7_200_000])
        #expect(on.map(\.tick) == [9_000_000])
    }

    @Test("the break is booked as off-shift time, left out of OEE's planned time")
    func breakInLedger() throws {
        let cal = ShiftCalendar(period: Fixed(8 * 3600), off: [.init(start: Fixed(2 * 3600), length: Fixed(1800))])
        let model = Self.line(cal)
        var sim = try Simulation(model: model, options: RunOptions(seed: 1, durationTicks: 8 * 3_600_000))
        var kpi = KPIRecorder(model: model, warmupTicks: 0)
        sim.run(into: &kpi)
        let s = kpi.summary(seed: 1)
        let station = try #require(s.element(named: "S"))
        let ledger = try #require(station.ledger)
        #expect(ledger.offShift == 1_800_000)
        #expect(ledger.total == ledger.capacity)
        // Busy the whole 7.5 working hours except the unit cut off at the end: availability 1.
        #expect(station.station?.availability == Fixed.one)
    }

    @Test("a unit caught by a break finishes later by exactly the break's length")
    func pausedUnitResumes() throws {
        // Break from 90 s for 45 s: unit 2 starts at 60 s, has 30 s done at 90 s, resumes at 135 s and ends at 165 s.
        let cal = ShiftCalendar(period: Fixed(3600), off: [.init(start: Fixed(90), length: Fixed(45))])
        var sim = try Simulation(model: Self.line(cal), options: RunOptions(seed: 1, durationTicks: 200_000))
        var r = Recorder(); r.keep = true
        sim.run(into: &r)
        #expect(r.events.filter { $0.kind == .shipped }.map(\.tick) == [60_000, 165_000])
    }

    @Test("a night shift wrapping past the period's end is off from 22:00 to 06:00 every day")
    func nightShiftWraps() throws {
        let cal = ShiftCalendar(period: Fixed(86_400), off: [.init(start: .zero, length: Fixed(6 * 3600)), .init(start: Fixed(22 * 3600), length: Fixed(2 * 3600))])
        var sim = try Simulation(model: Self.line(cal), options: RunOptions(seed: 1, durationTicks: 2 * 86_400_000))
        var r = Recorder(); r.keep = true
        sim.run(into: &r)
        // Off at 0 (start of day 1), on at 6 h, off at 22 h, then 24 h is the boundary between two windows
        // (off → off, no event), on at 30 h, off at 46 h.
        #expect(r.events.filter { $0.kind == .offShift }.map(\.tick) == [0, 79_200_000, 165_600_000])
        #expect(r.events.filter { $0.kind == .onShift }.map(\.tick) == [21_600_000, 108_000_000])
        // 16 working hours a day at 60 s: 960 units a day, 1,920 over two days (the last falls before the end).
        #expect(r.shipped == 1_920)
    }

    @Test("overlapping off windows are refused when the run is set up")
    func overlapRefused() {
        let cal = ShiftCalendar(period: Fixed(3600), off: [.init(start: Fixed(100), length: Fixed(200)), .init(start: Fixed(200), length: Fixed(10))])
        #expect(throws: EngineError.self) { try Simulation(model: Self.line(cal), options: RunOptions(seed: 1, durationTicks: 10)) }
    }
}
