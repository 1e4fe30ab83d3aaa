import Testing
import TaktFixed
@testable import TaktEngine

/// The engine keeps its state in columns owned by one object (`RunState`): copies must still
/// behave as values, and the growable lists must grow without changing a single event.
@Suite("Run state")
struct RunStateTests {
    static func line() -> LineModel {
        var b = LineBuilder()
        b.source("in", .random(.exponential(mean: seconds(1))), to: "Q")
        b.buffer("Q", capacity: 3, to: "S")
        b.station("S", .exponential(mean: Fixed(9, over: 10)), to: "out")
        b.sink("out")
        return b.build()
    }

    @Test("a copy taken mid-run runs on independently: both finish exactly like an uncopied run")
    func copiesAreValues() throws {
        let options = RunOptions(seed: 9, durationTicks: 400_000)
        var reference = try Simulation(model: Self.line(), options: options)
        var referenceSink = Recorder()
        reference.run(into: &referenceSink)

        var original = try Simulation(model: Self.line(), options: options)
        var originalSink = Recorder()
        original.run(into: &originalSink, before: 150_000)
        var copy = original
        var copySink = originalSink
        original.run(into: &originalSink)       // runs first: must not disturb the copy
        copy.run(into: &copySink)
        #expect(originalSink.count > 1000)
        #expect(originalSink.hash == referenceSink.hash && copySink.hash == referenceSink.hash)
        #expect(original.stateDigest() == reference.stateDigest())
        #expect(copy.stateDigest() == reference.stateDigest())
    }

    @Test("thousands of events in one tick grow the pending list; chunked runs agree")
    func bigTickGrows() throws {
        // 3000 units scheduled at the same instant into a buffer large enough to take them all.
        var b = LineBuilder()
        b.elements.append(("in", .source(Source(arrivals: .schedule(Array(repeating: seconds(1), count: 3000)), unitType: 0)), ["Q"]))
        b.buffer("Q", capacity: 3000, to: "S")
        b.station("S", .constant(Fixed(1, over: 100)), to: "out")
        b.sink("out")
        let model = b.build()
        let options = RunOptions(seed: 1, durationTicks: 60_000)
        var whole = try Simulation(model: model, options: options)
        var wholeSink = Recorder()
        whole.run(into: &wholeSink)
        #expect(wholeSink.created == 3000)
        #expect(wholeSink.shipped == 3000)
        #expect(Int64(wholeSink.count) == whole.eventCount)
        var chunked = try Simulation(model: model, options: options)
        var chunkedSink = Recorder()
        for limit in stride(from: Int64(500), to: 60_000, by: 997) { chunked.run(into: &chunkedSink, before: limit) }
        chunked.run(into: &chunkedSink)
        #expect(wholeSink.hash == chunkedSink.hash)
        #expect(whole.stateDigest() == chunked.stateDigest())
    }
}
