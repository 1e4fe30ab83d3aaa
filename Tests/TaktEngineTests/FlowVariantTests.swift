import Testing
import TaktFixed
import TaktRandom
@testable import TaktEngine
import TaktLine
import TaktTestSupport

/// The flow code compiled for plain lines (`PlainFlow`) is the full code with the checks of
/// unused features taken out: on every line it is chosen for, forcing the full code must give the
/// same run, event for event, and the choice must never fall on a line that uses a feature.
@Suite("Flow variants: plain lines run the same in the plain and the full code")
struct FlowVariantTests {
    /// Event fingerprint, summary (batch path), summary (KPIs booked as events happen) and state
    /// digest of a run, in the code the line is given or (`full`) forced into the full code.
    static func run(_ model: LineModel, seconds: Int, seed: UInt64, full: Bool) throws -> (UInt64, LineSummary, LineSummary, UInt64) {
        let ticks = model.ticks(seconds: Fixed(seconds))
        let options = RunOptions(seed: seed, durationTicks: ticks, warmupTicks: ticks / 5)
        var sim = try Simulation(model: model, options: options)
        if full { sim.isPlain = false }
        var pair = PairSink(Recorder(), KPIRecorder(model: model, warmupTicks: ticks / 5))
        sim.run(into: &pair)
        var fed = try Simulation(model: model, options: options)
        if full { fed.isPlain = false }
        var kpis = KPIRecorder(model: model, warmupTicks: ticks / 5)
        fed.run(into: &kpis)
        return (pair.first.hash, pair.second.summary(seed: seed), kpis.summary(seed: seed), sim.stateDigest())
    }

    static func expectSameInBothCodes(_ model: LineModel, seconds: Int, seeds: ClosedRange<UInt64>) throws {
        #expect(try Simulation(model: model, options: RunOptions(seed: 1, durationTicks: 1)).isPlain)
        for seed in seeds {
            let plain = try run(model, seconds: seconds, seed: seed, full: false)
            let full = try run(model, seconds: seconds, seed: seed, full: true)
            #expect(plain.0 == full.0, "events differ, seed \(seed)")
            #expect(plain.1 == full.1, "summaries differ, seed \(seed)")
            #expect(plain.2 == full.2, "summaries (as events happen) differ, seed \(seed)")
            #expect(plain.3 == full.3, "end states differ, seed \(seed)")
            #expect(plain.1.completed > 100, "seed \(seed): \(plain.1.completed) completed")
        }
    }

    /// Which shipped lines take the plain code: every line with a breakdown, shift, cell, test,
    /// merge, split, scrap, rework, conveyor or dispatch order must not.
    static let plainShippedLines: Set<String> = ["cells/bench/serial-5.json", "cells/examples/mm1.json"]

    @Test("the plain code is chosen for the shipped lines without features, and for no other", arguments: ShippedLines.paths)
    func choice(path: String) throws {
        let line = try ShippedLines.load(path)
        let sim = try Simulation(model: line.model, options: RunOptions(seed: 1, durationTicks: 1))
        #expect(sim.isPlain == Self.plainShippedLines.contains(path), "\(path): isPlain \(sim.isPlain)")
    }

    @Test("plain shipped lines: same events, summaries and end state in both codes", arguments: Array(plainShippedLines).sorted())
    func shipped(path: String) throws {
        try Self.expectSameInBothCodes(try ShippedLines.load(path).model, seconds: 1800, seeds: 1...2)
    }

    /// A plain line that still takes every plain path: random and interval sources (one with a
    /// limit), parallel servers, routing by probability with a rework loop back upstream (through
    /// a buffer of its own, large enough not to deadlock), a station fed by two buffers, routing
    /// by type, small buffers that block, and two sinks.
    static var builtLine: LineModel {
        let names = ["a-src", "b-src", "c-buf", "d-st", "e-buf", "f-st", "g-st", "h-good", "i-other", "j-rework"]
        let rank = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
        func fixed(_ n: String) -> Routing { .fixed(rank[n]!) }
        let exp = { (s: Int) in Distribution.exponential(mean: Fixed(s)) }
        let elements = [
            Element(name: "a-src", kind: .source(Source(arrivals: .random(exp(6)), unitType: 0)), routing: fixed("c-buf")),
            Element(name: "b-src", kind: .source(Source(arrivals: .interval(Fixed(10)), unitType: 1, limit: 300)), routing: fixed("c-buf")),
            Element(name: "c-buf", kind: .buffer(Buffer(capacity: 4)), routing: fixed("d-st")),
            Element(name: "d-st", kind: .station(Station(servers: 2, process: exp(2))), routing: fixed("e-buf")),
            Element(name: "e-buf", kind: .buffer(Buffer(capacity: 1)), routing: .byType(targets: [rank["f-st"]!, rank["g-st"]!], fallback: -1)),
            Element(name: "f-st", kind: .station(Station(servers: 1, process: .uniform(min: Fixed(1), max: Fixed(4)))),
                    routing: .probability(targets: [rank["h-good"]!, rank["j-rework"]!], probabilities: [Fixed(raw: 7 << 29), Fixed(raw: 1 << 29)])),
            Element(name: "g-st", kind: .station(Station(servers: 3, process: exp(4))), routing: fixed("i-other")),
            Element(name: "h-good", kind: .sink, routing: .none),
            Element(name: "i-other", kind: .sink, routing: .none),
            Element(name: "j-rework", kind: .buffer(Buffer(capacity: 60)), routing: fixed("d-st")),
        ]
        return LineModel(name: "plain-paths", tickNanoseconds: 1_000_000, elements: elements, unitTypes: ["a", "b"])
    }

    @Test("a built plain line with a rework loop, routing by type and parallel servers: same in both codes")
    func built() throws {
        try Self.expectSameInBothCodes(Self.builtLine, seconds: 3600, seeds: 1...5)
    }

    @Test("one feature on one station makes the whole line take the full code")
    func oneFeature() throws {
        var line = LineBuilder()
        line.source("in", .saturated, to: "A")
        line.station("A", .exponential(mean: Fixed(1)), to: "B")
        line.station("B", .exponential(mean: Fixed(1)), scrap: Fixed(raw: 1 << 28), to: "out")
        line.sink("out")
        #expect(try Simulation(model: line.build(), options: RunOptions(seed: 1, durationTicks: 1)).isPlain == false)
        var plain = LineBuilder()
        plain.source("in", .saturated, to: "A")
        plain.station("A", .exponential(mean: Fixed(1)), to: "out")
        plain.sink("out")
        #expect(try Simulation(model: plain.build(), options: RunOptions(seed: 1, durationTicks: 1)).isPlain)
    }
}
