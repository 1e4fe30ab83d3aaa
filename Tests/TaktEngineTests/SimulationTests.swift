import Testing
import TaktFixed
import TaktRandom
@testable import TaktEngine

@Suite("Simulation")
struct SimulationTests {
    /// Saturated source → A (50 s) → B1 (2) → B (60 s) → B2 (2) → C (40 s) → sink.
    static func deterministicSerial(reliability: Reliability? = nil) -> LineModel {
        var b = LineBuilder()
        b.source("in", .saturated, to: "A")
        b.station("A", .constant(seconds(50)), to: "B1")
        b.buffer("B1", capacity: 2, to: "B")
        b.station("B", .constant(seconds(60)), reliability: reliability, to: "B2")
        b.buffer("B2", capacity: 2, to: "C")
        b.station("C", .constant(seconds(40)), to: "out")
        b.sink("out")
        return b.build()
    }

    @Test("a deterministic serial line ships exactly one unit per slowest cycle")
    func deterministicThroughput() throws {
        let model = Self.deterministicSerial()
        var sim = try Simulation(model: model, options: RunOptions(seed: 1, durationTicks: 8 * 3_600_000))
        var simSink = Recorder()
        sim.run(into: &simSink)
        // The first unit leaves at 50 + 60 + 40 = 150 s; after that B (60 s) paces the line:
        // one unit every 60 s. Shipped by 8 h = 28,800 s: units k = 0,1,… ship at 150 + 60k < 28,800 → k ≤ 477.
        #expect(simSink.shipped == 478)
        // Units in the system at the end: A holds one (blocked or busy), B1 full, B busy, B2 empty (C is faster), C busy or not.
        #expect(simSink.created == simSink.shipped + sim.wip)
    }

    @Test("one breakdown of B for 30 min loses exactly 30 units")
    func breakdownLoss() throws {
        // Calendar failure of B after 8 h … we place one failure inside the run: between = 4 h, repair = 30 min,
        // run 6 h so exactly one breakdown happens (at 4 h; the next would be at 8 h 30 min).
        let rel = Reliability(timeBetweenFailures: .constant(seconds(4 * 3600)), timeToRepair: .constant(seconds(1800)), basis: .calendar)
        let run = RunOptions(seed: 1, durationTicks: 6 * 3_600_000)
        var base = try Simulation(model: Self.deterministicSerial(), options: run)
        var baseSink = Recorder()
        base.run(into: &baseSink)
        var broken = try Simulation(model: Self.deterministicSerial(reliability: rel), options: run)
        var brokenSink = Recorder()
        broken.run(into: &brokenSink)
        // B is the bottleneck and never starved once the line is full (A and its buffer keep up), so
        // its 1,800 s of downtime is 1,800 / 60 = 30 cycles lost. The buffers cannot hide it: upstream
        // only fills B1 (already full), downstream C is starved for the same time.
        #expect(baseSink.shipped - brokenSink.shipped == 30)
    }

    @Test("blocking after service: a finished unit waits on its server until the next buffer has room")
    func blockingAfterService() throws {
        // A (1 s) feeds B (10 s) through a buffer of 1. At t = 1 s A finishes unit 1 → buffer → B.
        // t = 2 s unit 2 → buffer. t = 3 s unit 3 finishes but the buffer is full: A is blocked holding it
        // (it does not start unit 4) until B finishes unit 1 at t = 11 s and takes unit 2 from the buffer.
        var b = LineBuilder()
        b.source("in", .saturated, to: "A")
        b.station("A", .constant(seconds(1)), to: "Q")
        b.buffer("Q", capacity: 1, to: "B")
        b.station("B", .constant(seconds(10)), to: "out")
        b.sink("out")
        let model = b.build()
        var rec = Recorder(); rec.keep = true
        var sim = try Simulation(model: model, options: RunOptions(seed: 1, durationTicks: 12_000))
        var simSink = rec
        sim.run(into: &simSink)
        let a = Int32(model.index(of: "A")!)
        let blocked = simSink.events.filter { $0.kind == .blocked && $0.element == a }
        let unblocked = simSink.events.filter { $0.kind == .unblocked && $0.element == a }
        #expect(blocked.first?.tick == 3_000)
        #expect(blocked.first?.unit == 3)
        #expect(unblocked.first?.tick == 11_000)
        // A starts no fourth unit while blocked.
        let startsWhileBlocked = simSink.events.filter { $0.kind == .operationStart && $0.element == a && $0.tick > 3_000 && $0.tick < 11_000 }
        #expect(startsWhileBlocked.isEmpty)
    }

    @Test("stepping every tick gives the same events and the same final state as jumping between events")
    func everyTickMatchesSkipping() throws {
        let rel = Reliability(timeBetweenFailures: .exponential(mean: seconds(600)), timeToRepair: .exponential(mean: seconds(60)), basis: .operating)
        var b = LineBuilder()
        b.source("in", .random(.exponential(mean: Fixed(3, over: 2))), to: "Q1")
        b.buffer("Q1", capacity: 5, to: "A")
        b.station("A", .exponential(mean: seconds(1)), servers: 2, reliability: rel, to: "Q2")
        b.buffer("Q2", capacity: 2, to: "B")
        b.station("B", .triangular(min: Fixed(1, over: 2), mode: seconds(1), max: seconds(2)), scrap: Fixed(1, over: 50), to: "out")
        b.sink("out")
        let model = b.build()
        let d: Int64 = 3_600_000
        var fast = try Simulation(model: model, options: RunOptions(seed: 7, durationTicks: d))
        var fastSink = Recorder()
        fast.run(into: &fastSink)
        var slow = try Simulation(model: model, options: RunOptions(seed: 7, durationTicks: d, everyTick: true))
        var slowSink = Recorder()
        slow.run(into: &slowSink)
        #expect(fastSink.count > 1000)
        #expect(fastSink.hash == slowSink.hash)
        #expect(fastSink.count == slowSink.count)
        #expect(fast.stateDigest() == slow.stateDigest())
    }

    @Test("running in chunks (as the progress line does) gives the same events as one run")
    func chunkedRunMatches() throws {
        var b = LineBuilder()
        b.source("in", .random(.exponential(mean: seconds(1))), to: "Q")
        b.buffer("Q", capacity: 3, to: "S")
        b.station("S", .exponential(mean: Fixed(9, over: 10)), to: "out")
        b.sink("out")
        let model = b.build()
        let options = RunOptions(seed: 5, durationTicks: 500_000)
        var whole = try Simulation(model: model, options: options)
        var wholeSink = Recorder()
        whole.run(into: &wholeSink)
        var chunked = try Simulation(model: model, options: options)
        var chunkedSink = Recorder()
        for limit in stride(from: Int64(7_919), to: 500_000, by: 7_919) { chunked.run(into: &chunkedSink, before: limit) }
        chunked.run(into: &chunkedSink)
        #expect(wholeSink.hash == chunkedSink.hash)
        #expect(whole.stateDigest() == chunked.stateDigest())
    }

    @Test("units are conserved: created = shipped + scrapped + in system, over 100 seeds")
    func conservation() throws {
        var b = LineBuilder()
        b.source("in", .random(.exponential(mean: seconds(1))), to: "Q")
        b.buffer("Q", capacity: 4, to: "S")
        b.station("S", .exponential(mean: Fixed(9, over: 10)), scrap: Fixed(1, over: 10), to: "out")
        b.sink("out")
        let model = b.build()
        for seed in 1...100 as ClosedRange<UInt64> {
            var sim = try Simulation(model: model, options: RunOptions(seed: seed, durationTicks: 200_000))
            var simSink = Recorder()
            sim.run(into: &simSink)
            #expect(simSink.created == simSink.shipped + simSink.scrapped + sim.wip)
        }
    }

    @Test("the same seed gives the same events; another seed different ones")
    func determinism() throws {
        var b = LineBuilder()
        b.source("in", .random(.exponential(mean: seconds(1))), to: "S")
        b.station("S", .exponential(mean: Fixed(4, over: 5)), to: "out")
        b.sink("out")
        let model = b.build()
        func run(_ seed: UInt64) throws -> UInt64 {
            var sim = try Simulation(model: model, options: RunOptions(seed: seed, durationTicks: 600_000))
            var simSink = Recorder()
            sim.run(into: &simSink)
            return simSink.hash
        }
        #expect(try run(3) == run(3))
        #expect(try run(3) != run(4))
    }

    @Test("a rework loop that jams is reported as a deadlock with its cycle, and the run ends there")
    func deadlockDetected() throws {
        // in (saturated) → A → B; B sends half its units back to A (rework), half to out.
        // Sooner or later A holds a finished unit for B while B holds a reworked unit for A.
        let els = [
            Element(name: "A", kind: .station(Station(servers: 1, process: .exponential(mean: seconds(1)))), routing: .fixed(1)),
            Element(name: "B", kind: .station(Station(servers: 1, process: .exponential(mean: seconds(1)))), routing: .probability(targets: [0, 3], probabilities: [Fixed.half, Fixed.half])),
            Element(name: "in", kind: .source(Source(arrivals: .saturated, unitType: 0)), routing: .fixed(0)),
            Element(name: "out", kind: .sink, routing: .none),
        ]
        let model = LineModel(name: "loop", tickNanoseconds: 1_000_000, elements: els, unitTypes: ["unit"])
        var sim = try Simulation(model: model, options: RunOptions(seed: 1, durationTicks: 3_600_000))
        var rec = Recorder()
        sim.run(into: &rec)
        let d = try #require(sim.deadlock)
        #expect(Set(d.elements) == [0, 1])
        #expect(rec.finishTick == d.tick)
        #expect(d.tick < 3_600_000)
    }

    @Test("a loop through a buffer deadlocks when the buffer fills behind its blocked head")
    func deadlockThroughBuffer() throws {
        // A → B → (80% back to R, 20% out); R (capacity 3) → A. A saturated source keeps A busy, so R fills.
        let els = [
            Element(name: "A", kind: .station(Station(servers: 1, process: .exponential(mean: seconds(1)))), routing: .fixed(1)),
            Element(name: "B", kind: .station(Station(servers: 1, process: .exponential(mean: seconds(1)))), routing: .probability(targets: [2, 4], probabilities: [Fixed(4, over: 5), Fixed(1, over: 5)])),
            Element(name: "R", kind: .buffer(Buffer(capacity: 3)), routing: .fixed(0)),
            Element(name: "in", kind: .source(Source(arrivals: .saturated, unitType: 0)), routing: .fixed(0)),
            Element(name: "out", kind: .sink, routing: .none),
        ]
        let model = LineModel(name: "loop", tickNanoseconds: 1_000_000, elements: els, unitTypes: ["unit"])
        var sim = try Simulation(model: model, options: RunOptions(seed: 2, durationTicks: 3_600_000))
        var rec = Recorder()
        sim.run(into: &rec)
        let d = try #require(sim.deadlock)
        #expect(Set(d.elements) == [0, 1, 2])
        // Every event up to the deadlock, including those of its own tick, reached the sink:
        // the units the events account for are the units the simulation holds.
        #expect(rec.created - rec.shipped - rec.scrapped == sim.wip)
        #expect(rec.finishTick == d.tick)
    }

    @Test("a saturated source with a start time creates its first unit then, not at 0")
    func saturatedStart() throws {
        let els = [
            Element(name: "A", kind: .station(Station(servers: 1, process: .constant(seconds(10)))), routing: .fixed(2)),
            Element(name: "in", kind: .source(Source(arrivals: .saturated, unitType: 0, start: seconds(100))), routing: .fixed(0)),
            Element(name: "out", kind: .sink, routing: .none),
        ]
        let model = LineModel(name: "late", tickNanoseconds: 1_000_000, elements: els, unitTypes: ["unit"])
        var sim = try Simulation(model: model, options: RunOptions(seed: 1, durationTicks: 200_000))
        var rec = Recorder()
        rec.keep = true
        sim.run(into: &rec)
        let created = rec.events.filter { $0.kind == .created }
        #expect(created.first?.tick == 100_000)
        // From 100 s, A (10 s) is never starved: units ship at 110, 120, …, 200 s (the one at 200 s is at the end: excluded).
        #expect(rec.shipped == 9)
    }

    @Test("a loop with room to drain is not a deadlock")
    func loopWithoutDeadlock() throws {
        let els = [
            Element(name: "A", kind: .station(Station(servers: 1, process: .exponential(mean: seconds(1)))), routing: .fixed(1)),
            Element(name: "B", kind: .station(Station(servers: 1, process: .exponential(mean: Fixed.half))), routing: .probability(targets: [2, 4], probabilities: [Fixed(1, over: 10), Fixed(9, over: 10)])),
            Element(name: "R", kind: .buffer(Buffer(capacity: 50)), routing: .fixed(0)),
            Element(name: "in", kind: .source(Source(arrivals: .random(.exponential(mean: seconds(4))), unitType: 0)), routing: .fixed(0)),
            Element(name: "out", kind: .sink, routing: .none),
        ]
        let model = LineModel(name: "rework", tickNanoseconds: 1_000_000, elements: els, unitTypes: ["unit"])
        var sim = try Simulation(model: model, options: RunOptions(seed: 1, durationTicks: 3_600_000))
        var rec = Recorder()
        sim.run(into: &rec)
        #expect(sim.deadlock == nil)
        #expect(rec.shipped > 700)
    }

    @Test("a saturated source feeding a sink directly is refused")
    func saturatedIntoSink() {
        var b = LineBuilder()
        b.source("in", .saturated, to: "out")
        b.sink("out")
        #expect(throws: EngineError.self) { try Simulation(model: b.build(), options: RunOptions(seed: 1, durationTicks: 10)) }
    }
}
