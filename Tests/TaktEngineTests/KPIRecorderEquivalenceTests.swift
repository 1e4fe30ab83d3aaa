import Foundation
import Testing
import TaktFixed
import TaktRandom
@testable import TaktEngine
import TaktLine
import TaktTestSupport

/// The recorder must give exactly the KPIs of `KPIRecorderReference` (the straightforward
/// parallel-array version it replaced): the same `LineSummary` and the same bytes in every summary
/// format, on real engine runs and on arbitrary event streams. Independent of the random draws of
/// any particular build: both recorders always see the same events.
@Suite struct KPIRecorderEquivalenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func line(_ path: String) throws -> LineModel {
        let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        return try LineFile.load(text: text, file: path).model
    }

    /// Runs `model` once, feeding both recorders the same events, and checks they agree exactly.
    static func expectSame(_ model: LineModel, seed: UInt64, ticks: Int64, warmup: Int64, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var sim = try Simulation(model: model, options: RunOptions(seed: seed, durationTicks: ticks, warmupTicks: min(warmup, ticks)))
        var sinks = PairSink(KPIRecorder(model: model, warmupTicks: warmup), KPIRecorderReference(model: model, warmupTicks: warmup))
        sim.run(into: &sinks)
        let new = sinks.first.summary(seed: seed), old = sinks.second.summary(seed: seed)
        #expect(new == old, "\(model.name) seed \(seed) warm-up \(warmup)", sourceLocation: sourceLocation)
        #expect(new.json() == old.json(), sourceLocation: sourceLocation)
        #expect(new.text() == old.text(), sourceLocation: sourceLocation)
        #expect(new.tsv() == old.tsv(), sourceLocation: sourceLocation)
        #expect(warmup >= ticks || new.completed > 0, sourceLocation: sourceLocation)           // not a vacuous comparison
    }

    @Test(arguments: ["cells/bench/serial-5.json", "cells/examples/mm1.json", "cells/examples/serial-breakdown.json", "cells/examples/kit-assembly.json"])
    func shippedLines(path: String) throws {
        let model = try Self.line(path)
        let ticks = model.ticks(seconds: Fixed(4 * 3600))
        for seed in [UInt64(1), 42] {
            for warmup in [Int64(0), ticks / 7, ticks + 5] {
                try Self.expectSame(model, seed: seed, ticks: ticks, warmup: warmup)
            }
        }
    }

    /// Several servers per station, breakdowns on both bases, scrap, warm-start units.
    @Test func multiServerBreakdownsScrap() throws {
        let model = LineModel(
            name: "mixed", tickNanoseconds: 1_000_000,
            elements: [
                Element(name: "a_in", kind: .source(Source(arrivals: .random(.exponential(mean: Fixed(20))), unitType: 0)), routing: .fixed(1)),
                Element(name: "b_buf", kind: .buffer(Buffer(capacity: 4, initial: [0, 0])), routing: .fixed(2)),
                Element(name: "c_st", kind: .station(Station(
                    servers: 3, process: .triangular(min: Fixed(40), mode: Fixed(55), max: Fixed(90)), scrap: Fixed(1, over: 10),
                    reliability: Reliability(timeBetweenFailures: .exponential(mean: Fixed(400)), timeToRepair: .exponential(mean: Fixed(60)), basis: .calendar),
                    initial: [0])), routing: .fixed(3)),
                Element(name: "d_buf", kind: .buffer(Buffer(capacity: 1)), routing: .fixed(4)),
                Element(name: "e_st", kind: .station(Station(
                    servers: 1, process: .constant(Fixed(19)),
                    reliability: Reliability(timeBetweenFailures: .exponential(mean: Fixed(500)), timeToRepair: .constant(Fixed(90)), basis: .operating))),
                    routing: .fixed(5)),
                Element(name: "z_out", kind: .sink, routing: .none),
            ],
            unitTypes: ["p"])
        for seed in [UInt64(3), 7, 11] {
            for warmup in [Int64(0), 1, 600_000, 3_599_999] {
                try Self.expectSame(model, seed: seed, ticks: 10_800_000, warmup: warmup)
            }
        }
    }

    /// A `KPIRecorder` given to `run(into:)` is fed each event as it happens, not in batches: the
    /// summary and the event count must be exactly those of the batch path (the same recorder
    /// behind a `PairSink`), on every shipped line, with and without a warm-up, run whole or in
    /// chunks (the window opening inside a chunk or on its boundary).
    @Test(arguments: ShippedLines.paths)
    func fedDirectlyEqualsBatches(path: String) throws {
        let model = try ShippedLines.load(path).model
        // An hour; nine when the first hour is quiet (the shifts example opens at 06:00).
        var probe = try Simulation(model: model, options: RunOptions(seed: 1, durationTicks: model.ticks(seconds: Fixed(3600))))
        var none = NullSink()
        probe.run(into: &none)
        let ticks = model.ticks(seconds: Fixed((probe.eventCount < 1000 ? 9 : 1) * 3600))
        for (seed, warmup) in [(UInt64(1), Int64(0)), (5, ticks / 3), (9, ticks / 4 + 1)] {
            let options = RunOptions(seed: seed, durationTicks: ticks, warmupTicks: warmup)
            var batched = PairSink(KPIRecorder(model: model, warmupTicks: warmup), NullSink())
            var a = try Simulation(model: model, options: options)
            a.run(into: &batched)
            var direct = KPIRecorder(model: model, warmupTicks: warmup)
            var b = try Simulation(model: model, options: options)
            b.run(into: &direct)
            var chunked = KPIRecorder(model: model, warmupTicks: warmup)
            var c = try Simulation(model: model, options: options)
            for k in 1...7 { c.run(into: &chunked, before: k == 7 ? ticks : (warmup > 0 && k == 2 ? warmup : ticks * Int64(k) / 7)) }
            chunked.finish(atTick: c.deadlock?.tick ?? ticks)
            let expected = batched.first.summary(seed: seed)
            #expect(a.eventCount > 100, "\(path): not a vacuous comparison")
            #expect(direct.summary(seed: seed) == expected, "\(path) seed \(seed) warm-up \(warmup)")
            #expect(chunked.summary(seed: seed) == expected, "\(path) seed \(seed) warm-up \(warmup), in chunks")
            #expect(b.eventCount == a.eventCount && c.eventCount == a.eventCount)
            #expect(b.stateDigest() == a.stateDigest())
        }
    }

    /// Runs that stop early, on a waiting cycle or a stall (the clock then moves on to the end with
    /// no event after the stop), finish the directly fed recorder at the stop like the batch path.
    @Test(arguments: ["Tests/cli/lines/deadlock.json", "Tests/cli/lines/stall.json"])
    func fedDirectlyStopsLikeBatches(path: String) throws {
        let model = try Self.line(path)
        let options = RunOptions(seed: 1, durationTicks: model.ticks(seconds: Fixed(3600)))
        var batched = PairSink(KPIRecorder(model: model, warmupTicks: 0), NullSink())
        var a = try Simulation(model: model, options: options)
        a.run(into: &batched)
        var direct = KPIRecorder(model: model, warmupTicks: 0)
        var b = try Simulation(model: model, options: options)
        b.run(into: &direct)
        #expect(a.deadlock != nil && b.deadlock == a.deadlock)
        #expect(direct.summary(seed: 1) == batched.first.summary(seed: 1))
    }

    /// A recorder copied mid-run keeps its own figures: the copy gets its own storage before it
    /// is written (value semantics, though the tables live behind a reference).
    @Test func copiesAreIndependent() throws {
        let model = try Self.line("cells/examples/mm1.json")
        let ticks = model.ticks(seconds: Fixed(3600))
        var sim = try Simulation(model: model, options: RunOptions(seed: 2, durationTicks: ticks))
        var recorder = KPIRecorder(model: model, warmupTicks: 0)
        sim.run(into: &recorder, before: ticks / 2)
        var copy = recorder
        copy.finish(atTick: ticks / 2)
        sim.run(into: &recorder)
        let half = copy.summary(seed: 2), whole = recorder.summary(seed: 2)
        #expect(half.endTick == ticks / 2 && whole.endTick == ticks)
        #expect(half.completed < whole.completed)
    }

    /// Arbitrary event streams (any order of states, repeated downs and ups, negative levels,
    /// many events per tick, ends at or after the last event) over the tiny line.
    @Test func randomEventStreams() {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {                                          // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        let model = KPITiny.model()
        // Element indices: in 0 (source, 1 server), out 1 (sink), q 2 (buffer), st 3 (station, 2 servers).
        let serverKinds: [EngineEvent.Kind] = [.operationStart, .blocked, .starved, .down, .up, .departed, .unblocked]
        let kinds: [EngineEvent.Kind] = [.created, .arrived, .departed, .operationEnd, .unstarved, .scrapped, .shipped]
        for round in 0..<300 {
            var events: [EngineEvent] = []
            var t: Int64 = 0
            for _ in 0..<(1 + below(400)) {
                if below(3) == 0 { t += Int64(below(round % 2 == 0 ? 4 : 400)) }
                if below(2) == 0 {
                    let kind = serverKinds[below(serverKinds.count)]
                    let source = below(3) == 0
                    events.append(EngineEvent(tick: t, kind: kind, element: source ? KPITiny.source : KPITiny.station, server: source ? 0 : Int32(below(2))))
                } else {
                    let kind = kinds[below(kinds.count)]
                    events.append(EngineEvent(tick: t, kind: kind, element: Int32(below(4)), server: 0,
                                              unit: Int64(below(100)), a: kind == .shipped ? Int64(below(Int(t) + 1)) : Int64(below(2))))
                }
            }
            let end = t + Int64(below(3) == 0 ? 0 : below(50))
            let warmup = Int64(below(Int(end) + 20))
            var new = KPIRecorder(model: model, warmupTicks: warmup), old = KPIRecorderReference(model: model, warmupTicks: warmup)
            for e in events { new.record(e); old.record(e) }
            new.finish(atTick: end); old.finish(atTick: end)
            let a = new.summary(seed: UInt64(round)), b = old.summary(seed: UInt64(round))
            #expect(a == b, "round \(round)")
            #expect(a.json() == b.json(), "round \(round)")
            if a != b { break }                                          // one failing stream is enough to read
        }
    }

    /// What the simulation skips when it books events as they happen (`KPIRecorder.booksNothing`
    /// true for the event and element kind) indeed books nothing: a recorder that takes such an
    /// event, as the first one after the warm-up or later, ends with the same summary as one that
    /// never saw it. (The recorders take the events unchecked, the way a trace is fed, so nothing
    /// is skipped here.)
    @Test func skippedEventsBookNothing() {
        let model = KPITiny.model()
        let elements = [KPITiny.source, KPITiny.sink, KPITiny.buffer, KPITiny.station]
        var skipped = 0
        for raw in UInt8(0)...UInt8.max {
            guard let kind = EngineEvent.Kind(rawValue: raw) else { continue }
            for el in elements {
                let reference = KPIRecorder(model: model, warmupTicks: 0)
                guard KPIRecorder.booksNothing(kind, kind: reference.info[Int(el)].kind) else { continue }
                skipped += 1
                for warmup: Int64 in [0, 4] {
                    // A unit in the buffer, one busy on server 0: levels, WIP and a busy ledger run.
                    let before = KPITiny.make(1, 1) + KPITiny.make(1, 2) + KPITiny.load(2, 1, 0)
                    let event = KPITiny.ev(5, kind, el, 0, u: 2, a: Int64(KPITiny.station))
                    let after = KPITiny.ev(7, .blocked, KPITiny.station, 0, u: 1, a: Int64(KPITiny.sink))
                    var with = KPIRecorder(model: model, warmupTicks: warmup), without = KPIRecorder(model: model, warmupTicks: warmup)
                    for e in before + [event, after] { with.record(e) }
                    for e in before + [after] { without.record(e) }
                    with.finish(atTick: 10); without.finish(atTick: 10)
                    #expect(with.summary(seed: 1) == without.summary(seed: 1), "\(kind) at element \(el), warm-up \(warmup)")
                }
            }
        }
        #expect(skipped >= 8)   // arrivals at stations and sinks, departures from stations, … are skipped
    }
}
