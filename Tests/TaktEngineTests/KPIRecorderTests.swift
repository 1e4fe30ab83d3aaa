import Testing
import TaktFixed
import TaktRandom
import TaktEngine

/// A hand-written run of a tiny line: source "in" → buffer "q" (capacity 1) → station "st"
/// (2 servers, 5 s each) → sink "out"; 1-second ticks. Element indices by name: in 0, out 1, q 2, st 3.
enum KPITiny {
    static let source: Int32 = 0, sink: Int32 = 1, buffer: Int32 = 2, station: Int32 = 3

    static func model(tickNanoseconds: Int64 = 1_000_000_000) -> LineModel {
        LineModel(
            name: "tiny", tickNanoseconds: tickNanoseconds,
            elements: [
                Element(name: "in", kind: .source(Source(arrivals: .interval(Fixed(2)), unitType: 0)), routing: .fixed(2)),
                Element(name: "out", kind: .sink, routing: .none),
                Element(name: "q", kind: .buffer(Buffer(capacity: 1)), routing: .fixed(3)),
                Element(name: "st", kind: .station(Station(servers: 2, process: .constant(Fixed(5)), scrap: Fixed(1, over: 10))), routing: .fixed(1)),
            ],
            unitTypes: ["part"])
    }

    static func ev(_ t: Int64, _ k: EngineEvent.Kind, _ el: Int32, _ s: Int32 = 0, u: Int64 = -1, a: Int64 = 0) -> EngineEvent {
        EngineEvent(tick: t, kind: k, element: el, server: s, unit: u, a: a)
    }

    /// A unit made at the source at t that moves straight into the buffer.
    static func make(_ t: Int64, _ u: Int64) -> [EngineEvent] {
        [ev(t, .created, source, u: u), ev(t, .departed, source, u: u, a: Int64(buffer)), ev(t, .arrived, buffer, u: u)]
    }

    /// The buffer hands unit u to server s, which starts it.
    static func load(_ t: Int64, _ u: Int64, _ s: Int32) -> [EngineEvent] {
        [ev(t, .departed, buffer, u: u, a: Int64(station)), ev(t, .arrived, station, s, u: u), ev(t, .operationStart, station, s, u: u)]
    }

    /// Server s finishes good unit u, which leaves for the sink.
    static func ship(_ t: Int64, _ u: Int64, _ s: Int32) -> [EngineEvent] {
        [ev(t, .operationEnd, station, s, u: u), ev(t, .departed, station, s, u: u, a: Int64(sink))]
    }

    static func arriveOut(_ t: Int64, _ u: Int64, created c: Int64) -> [EngineEvent] {
        [ev(t, .arrived, sink, u: u), ev(t, .shipped, sink, u: u, a: c)]
    }

    /// Ends at tick 20. Timeline (server 0 / server 1 / source / buffer level):
    /// - st0: busy 0–9, down 9–13 (busy underneath), busy 13–20 → busy 16, down 4.
    /// - st1: starved 0–2, busy 2–20 → busy 18, starved 2.
    /// - in: blocked 10–12 and 16–17, idle otherwise → blocked 3, idle 17.
    /// - q: level 1 on [4,5), [6,7), [8,19) → ∫ = 13, max 1.
    /// - shipped u1 (t5, lead 5), u4 (t12, lead 6), u3 (t14, lead 10), u5 (t17, lead 9);
    ///   scrapped u2 (t7) and u6 (t19); WIP at the end: u7, u8.
    /// - WIP: 1 on [0,2), 2 on [2,4), 3 [4,5), 2 [5,6), 3 [6,7), 2 [7,8), 3 [8,10), 4 [10,12),
    ///   3 [12,16), 4 [16,17), 3 [17,19), 2 [19,20) → ∫ = 54.
    static let events: [EngineEvent] = {
        var e: [EngineEvent] = []
        e += make(0, 1) + load(0, 1, 0)
        e.append(ev(0, .starved, station, 1))
        e += make(2, 2) + load(2, 2, 1)
        e += make(4, 3)
        e += ship(5, 1, 0) + load(5, 3, 0) + arriveOut(5, 1, created: 0)
        e += make(6, 4)
        e += [ev(7, .operationEnd, station, 1, u: 2, a: 1), ev(7, .scrapped, station, u: 2, a: 2)] + load(7, 4, 1)
        e += make(8, 5)
        e.append(ev(9, .down, station, 0))
        e += [ev(10, .created, source, u: 6), ev(10, .blocked, source, u: 6, a: Int64(buffer))]
        e += ship(12, 4, 1) + load(12, 5, 1) + arriveOut(12, 4, created: 6)
        e += [ev(12, .unblocked, source, u: 6, a: Int64(buffer)), ev(12, .departed, source, u: 6, a: Int64(buffer)), ev(12, .arrived, buffer, u: 6)]
        e.append(ev(13, .up, station, 0))
        e += ship(14, 3, 0) + load(14, 6, 0) + arriveOut(14, 3, created: 4)
        e += make(14, 7)
        e += [ev(16, .created, source, u: 8), ev(16, .blocked, source, u: 8, a: Int64(buffer))]
        e += ship(17, 5, 1) + load(17, 7, 1) + arriveOut(17, 5, created: 8)
        e += [ev(17, .unblocked, source, u: 8, a: Int64(buffer)), ev(17, .departed, source, u: 8, a: Int64(buffer)), ev(17, .arrived, buffer, u: 8)]
        e += [ev(19, .operationEnd, station, 0, u: 6, a: 1), ev(19, .scrapped, station, u: 6, a: 10)] + load(19, 8, 0)
        return e
    }()

    static let end: Int64 = 20

    static func run(warmup: Int64, end: Int64 = end, tickNanoseconds: Int64 = 1_000_000_000, seed: UInt64 = 42) -> LineSummary {
        var recorder = KPIRecorder(model: model(tickNanoseconds: tickNanoseconds), warmupTicks: warmup)
        for e in events where e.tick <= end { recorder.record(e) }
        recorder.finish(atTick: end)
        return recorder.summary(seed: seed)
    }
}

@Suite struct KPIRecorderTests {
    @Test func wholeRunByHand() {
        let s = KPITiny.run(warmup: 0)
        #expect(s.line == "tiny" && s.seed == 42)
        #expect(s.windowTicks == 20 && s.windowSeconds == Fixed(20) && s.warmupSeconds == .zero && s.endSeconds == Fixed(20))
        #expect(s.started == 8 && s.completed == 4 && s.scrapped == 2 && s.wipStart == 0 && s.wipEnd == 2)
        #expect(s.throughputPerHour == Fixed(720))                    // 4 / 20 s × 3600
        #expect(s.leadTime.count == 4 && s.leadTime.sumTicks == 30)
        #expect(s.leadTime.meanSeconds == Fixed(15, over: 2))
        #expect(s.leadTime.p50Seconds == Fixed(6))                     // sorted 5 6 9 10: 2nd
        #expect(s.leadTime.p95Seconds == Fixed(10))                    // ⌈3.8⌉ = 4th
        #expect(s.leadTime.minSeconds == Fixed(5) && s.leadTime.maxSeconds == Fixed(10))
        #expect(s.wipMean == Fixed(54, over: 20))
        #expect(s.firstPassYield == Fixed(4, over: 6))
        #expect(s.bottleneck == "st")

        let st = s.element(named: "st")!
        #expect(st.kind == "station" && st.servers == 2)
        #expect(st.ledger == LineSummary.Ledger(busy: 34, blocked: 0, starved: 2, down: 4, idle: 0, offShift: 0, capacity: 40))
        #expect(st.ledger!.fractions == [Fixed(34, over: 40), .zero, Fixed(2, over: 40), Fixed(4, over: 40), .zero, .zero])
        let k = st.station!
        #expect(k.operations == 6 && k.scrapped == 2 && k.idealCycleSeconds == Fixed(5))
        #expect(k.availability == Fixed(36, over: 40))
        #expect(k.performance == Fixed(30, over: 36))                 // 5 s × 6 / 36 s
        #expect(k.quality == Fixed(4, over: 6))
        #expect(k.oee == Fixed(1, over: 2))                            // 5 s × 4 / 40 s
        #expect(k.activePeriods == 2 && k.activePeriodMeanSeconds == Fixed(19))   // (20 + 18) / 2

        let source = s.element(named: "in")!
        #expect(source.ledger == LineSummary.Ledger(busy: 0, blocked: 3, starved: 0, down: 0, idle: 17, offShift: 0, capacity: 20))
        #expect(source.created == 8 && source.station == nil && source.level == nil)
        #expect(s.element(named: "q")!.level == LineSummary.BufferLevel(mean: Fixed(13, over: 20), max: 1))
        #expect(s.element(named: "q")!.ledger == nil)
        #expect(s.element(named: "out")!.shipped == 4 && s.element(named: "out")!.ledger == nil)
    }

    @Test func warmupCut() {
        let s = KPITiny.run(warmup: 5)
        #expect(s.windowTicks == 15 && s.warmupSeconds == Fixed(5) && s.windowSeconds == Fixed(15))
        // u1, u2, u3 are in the system at tick 5; u4 … u8 are created after it.
        #expect(s.wipStart == 3 && s.started == 5 && s.completed == 4 && s.scrapped == 2 && s.wipEnd == 2)
        #expect(s.throughputPerHour == Fixed(960))
        #expect(s.leadTime.count == 4 && s.leadTime.meanSeconds == Fixed(15, over: 2))   // u1 ships at 5: counted
        #expect(s.wipMean == Fixed(3))                                 // 45 / 15
        let st = s.element(named: "st")!
        #expect(st.ledger == LineSummary.Ledger(busy: 26, blocked: 0, starved: 0, down: 4, idle: 0, offShift: 0, capacity: 30))
        let k = st.station!
        #expect(k.operations == 6 && k.scrapped == 2)
        #expect(k.availability == Fixed(26, over: 30) && k.performance == Fixed(30, over: 26))
        #expect(k.quality == Fixed(4, over: 6) && k.oee == Fixed(20, over: 30))
        #expect(k.activePeriods == 2 && k.activePeriodMeanSeconds == Fixed(15))   // both clipped to [5, 20)
        #expect(s.element(named: "in")!.ledger == LineSummary.Ledger(busy: 0, blocked: 3, starved: 0, down: 0, idle: 12, offShift: 0, capacity: 15))
        #expect(s.element(named: "in")!.created == 5)
        #expect(s.element(named: "q")!.level == LineSummary.BufferLevel(mean: Fixed(12, over: 15), max: 1))
    }

    /// Conservation of units and of server time, for every warm-up and end, including a warm-up
    /// beyond the end (empty window).
    @Test func balancesAreExact() {
        for end in [Int64(0), 3, 7, 12, 19, 20] {
            for warmup in Int64(0)...22 {
                let s = KPITiny.run(warmup: warmup, end: end)
                #expect(s.wipStart + s.started == s.completed + s.scrapped + s.wipEnd, "warm-up \(warmup), end \(end)")
                #expect(s.windowTicks == max(0, end - warmup))
                for e in s.elements {
                    if let ledger = e.ledger {
                        #expect(ledger.total == Int64(e.servers) * s.windowTicks, "\(e.name) warm-up \(warmup), end \(end)")
                        #expect(ledger.capacity == Int64(e.servers) * s.windowTicks)
                    }
                }
                if s.windowTicks == 0 {
                    #expect(s.throughputPerHour == nil && s.wipMean == nil && s.element(named: "st")!.station!.availability == nil)
                }
            }
        }
    }

    @Test func secondsFollowTheTickLength() {
        let s = KPITiny.run(warmup: 0, tickNanoseconds: 1_000_000)        // 1 ms ticks: everything 1000× shorter
        #expect(s.windowSeconds == Fixed(20, over: 1000))
        #expect(s.throughputPerHour == Fixed(720_000))
        #expect(s.leadTime.meanSeconds == Fixed(75, over: 10_000))
        #expect(s.leadTime.p95Seconds == Fixed(10, over: 1000))
        #expect(s.wipMean == Fixed(54, over: 20))                      // ratios do not change
        // The ideal cycle stays 5 s while the window is 0.04 server-s: performance 5 × 6 / 0.036.
        #expect(s.element(named: "st")!.station!.performance == Fixed(30_000, over: 36))
        #expect(s.element(named: "st")!.station!.activePeriodMeanSeconds == Fixed(19, over: 1000))
    }

    /// A server blocked, then down; while down it is unblocked and starves; after `up` it is starved.
    @Test func downHidesChangesUnderneath() {
        let model = LineModel(
            name: "one", tickNanoseconds: 1_000_000_000,
            elements: [
                Element(name: "a", kind: .source(Source(arrivals: .saturated, unitType: 0)), routing: .fixed(1)),
                Element(name: "m", kind: .station(Station(servers: 1, process: .exponential(mean: Fixed(2)))), routing: .fixed(2)),
                Element(name: "z", kind: .sink, routing: .none),
            ],
            unitTypes: ["p"])
        let ev = KPITiny.ev
        let events = [
            ev(0, .created, 0, 0, 1, 0), ev(0, .departed, 0, 0, 1, 1), ev(0, .arrived, 1, 0, 1, 0), ev(0, .operationStart, 1, 0, 1, 0),
            ev(2, .operationEnd, 1, 0, 1, 0), ev(2, .blocked, 1, 0, 1, 2),
            ev(3, .down, 1, 0, -1, 0),
            ev(5, .unblocked, 1, 0, 1, 2), ev(5, .departed, 1, 0, 1, 2), ev(5, .starved, 1, 0, -1, 0),
            ev(5, .arrived, 2, 0, 1, 0), ev(5, .shipped, 2, 0, 1, 0),
            ev(7, .up, 1, 0, -1, 0),
        ]
        var recorder = KPIRecorder(model: model, warmupTicks: 0)
        for e in events { recorder.record(e) }
        recorder.finish(atTick: 10)
        let s = recorder.summary(seed: 1)
        let m = s.element(named: "m")!
        #expect(m.ledger == LineSummary.Ledger(busy: 2, blocked: 1, starved: 3, down: 4, idle: 0, offShift: 0, capacity: 10))
        #expect(m.station!.activePeriods == 2 && m.station!.activePeriodMeanSeconds == Fixed(3))   // [0,2) and [3,7)
        #expect(m.station!.availability == Fixed(6, over: 10))
        #expect(m.station!.performance == Fixed(2, over: 6))           // mean 2 s × 1 operation / 6 s
        #expect(s.element(named: "a")!.ledger!.idle == 10)
        #expect(s.completed == 1 && s.wipEnd == 0 && s.firstPassYield == .one)
    }

    /// Active periods: averaged per server, split only by a real (non-zero) inactive gap, clipped to the window.
    @Test func bottleneckByActivePeriods() {
        let model = LineModel(
            name: "two", tickNanoseconds: 1_000_000_000,
            elements: [
                Element(name: "a", kind: .station(Station(servers: 1, process: .constant(Fixed(1)))), routing: .fixed(1)),
                Element(name: "b", kind: .station(Station(servers: 2, process: .constant(Fixed(1)))), routing: .none),
            ],
            unitTypes: ["p"])
        let ev = KPITiny.ev
        let events = [
            ev(0, .operationStart, 0, 0, 1, 0), ev(0, .operationStart, 1, 0, 2, 0),
            ev(2, .starved, 0, 0, -1, 0), ev(2, .operationStart, 0, 0, 3, 0),      // no gap: one period
            ev(4, .starved, 0, 0, -1, 0),
            ev(6, .operationStart, 0, 0, 4, 0),
            ev(9, .starved, 1, 0, -1, 0),
        ]
        func run(_ warmup: Int64) -> LineSummary {
            var r = KPIRecorder(model: model, warmupTicks: warmup)
            for e in events { r.record(e) }
            r.finish(atTick: 10)
            return r.summary(seed: 0)
        }
        // a: [0,4) and [6,10) → 4. b: server 0 [0,9) → 9, server 1 none → 0; (9 + 0) / 2 = 4.5.
        var s = run(0)
        #expect(s.element(named: "a")!.station!.activePeriods == 2 && s.element(named: "a")!.station!.activePeriodMeanSeconds == Fixed(4))
        #expect(s.element(named: "b")!.station!.activePeriods == 1 && s.element(named: "b")!.station!.activePeriodMeanSeconds == Fixed(9, over: 2))
        #expect(s.bottleneck == "b")
        // Warm-up 5: a keeps [6,10) → 4; b keeps [5,9) → 4 / 2 = 2.
        s = run(5)
        #expect(s.element(named: "a")!.station!.activePeriodMeanSeconds == Fixed(4))
        #expect(s.element(named: "b")!.station!.activePeriodMeanSeconds == Fixed(2))
        #expect(s.bottleneck == "a")
        // Nothing active in the window: no bottleneck.
        s = run(10)
        #expect(s.bottleneck == nil)
    }

    /// A real engine run: the recorder fed live and fed a recorded copy of the events (a trace)
    /// agree exactly, and the balances hold.
    @Test func engineRunReplaysExactly() throws {
        let model = LineModel(
            name: "real", tickNanoseconds: 1_000_000,
            elements: [
                Element(name: "a_in", kind: .source(Source(arrivals: .random(.exponential(mean: Fixed(30))), unitType: 0)), routing: .fixed(1)),
                Element(name: "b_buf", kind: .buffer(Buffer(capacity: 3, initial: [0, 0])), routing: .fixed(2)),
                Element(name: "c_st", kind: .station(Station(
                    servers: 2, process: .triangular(min: Fixed(40), mode: Fixed(55), max: Fixed(70)), scrap: Fixed(1, over: 20),
                    reliability: Reliability(timeBetweenFailures: .exponential(mean: Fixed(600)), timeToRepair: .exponential(mean: Fixed(60)), basis: .calendar),
                    initial: [0])), routing: .fixed(3)),
                Element(name: "d_buf", kind: .buffer(Buffer(capacity: 1)), routing: .fixed(4)),
                Element(name: "e_st", kind: .station(Station(
                    servers: 1, process: .constant(Fixed(28)),
                    reliability: Reliability(timeBetweenFailures: .exponential(mean: Fixed(900)), timeToRepair: .constant(Fixed(90)), basis: .operating))),
                    routing: .fixed(5)),
                Element(name: "z_out", kind: .sink, routing: .none),
            ],
            unitTypes: ["p"])
        for warmup in [Int64(0), 600_000] {
            var sim = try Simulation(model: model, options: RunOptions(seed: 7, durationTicks: 7_200_000, warmupTicks: warmup))
            var sinks = PairSink(KPIRecorder(model: model, warmupTicks: warmup), KPIEventLog())
            sim.run(into: &sinks)
            let live = sinks.first.summary(seed: 7)
            var replay = KPIRecorder(model: model, warmupTicks: warmup)
            for e in sinks.second.events { replay.record(e) }
            replay.finish(atTick: sinks.second.end)
            #expect(replay.summary(seed: 7) == live)
            #expect(live.completed > 50 && live.wipEnd == Int64(sim.wip))
            #expect(live.wipStart + live.started == live.completed + live.scrapped + live.wipEnd)
            for e in live.elements {
                if let ledger = e.ledger { #expect(ledger.total == Int64(e.servers) * live.windowTicks, "\(e.name)") }
            }
            #expect(live.element(named: "c_st")!.ledger!.down > 0 && live.element(named: "b_buf")!.level!.max <= 3)
            #expect(live.bottleneck != nil)
        }
    }
}

/// Keeps every event (a trace in memory).
struct KPIEventLog: EventSink {
    var events: [EngineEvent] = []
    var end: Int64 = -1
    mutating func record(_ event: EngineEvent) { events.append(event) }
    mutating func finish(atTick tick: Int64) { end = tick }
}
