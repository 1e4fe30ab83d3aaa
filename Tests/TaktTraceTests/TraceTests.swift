import Foundation
import Testing
import TaktEngine
import TaktLine
@testable import TaktTrace

/// The trace is complete and faithful: what the engine emitted is what a reader gets back; the
/// KPIs recomputed from the file equal the run's; the state rebuilt from events equals the
/// simulation's own at every checkpoint; chunking and every-tick stepping change no byte; and
/// damage or truncation is reported where it is, never read as a different run.
@Suite("Traces")
struct TraceTests {
    static let lines = TraceFixtures.shippedLines

    @Test("writer → file → reader gives back every event, in order, and the end line's totals", arguments: lines)
    func roundTrip(path: String) throws {
        let run = try TraceFixtures.run(try TraceFixtures.load(path), seconds: TraceFixtures.seconds(path, 600))
        try TraceFixtures.withTemporaryFile(run.bytes) { path in
            let reader = try TraceReader(path: path)
            var events: [EngineEvent] = []
            var checkpoints = 0
            while let r = try reader.next() {
                switch r {
                case .event(let seq, let e):
                    #expect(seq == Int64(events.count + 1))
                    events.append(e)
                case .checkpoint: checkpoints += 1
                case .sample: Issue.record("a trace without --sample has no sample lines")
                case .end(let end):
                    #expect(end.seq == Int64(events.count) && end.outcome == .complete)
                    #expect(end.wip == Int64(run.summary.wipEnd))
                }
            }
            #expect(!reader.isTruncated)
            #expect(events == run.events)
            #expect(checkpoints == run.snapshots.count)
            #expect(events.count > 100)
        }
    }

    @Test("stats from the trace alone equal the run's own summary, with and without warm-up", arguments: lines)
    func statsEqualRun(path: String) throws {
        let line = try TraceFixtures.load(path)
        for warmup in [0, 300] {
            let run = try TraceFixtures.run(line, seconds: TraceFixtures.seconds(path, 900), warmupSeconds: warmup)
            let kpis = try TraceFixtures.withTemporaryFile(run.bytes) { path in
                let reader = try TraceReader(path: path)
                var kpis = KPIRecorder(model: reader.model, warmupTicks: reader.header.warmupTicks)
                _ = try reader.feed(into: &kpis)
                return (kpis, reader.header.seed)
            }
            #expect(kpis.0.summary(seed: kpis.1) == run.summary)
            #expect(kpis.0.summary(seed: kpis.1).json() == run.summary.json())
        }
    }

    @Test("the state rebuilt from events equals the simulation's snapshot at every checkpoint", arguments: lines)
    func stateFromEventsEqualsSnapshots(path: String) throws {
        let line = try TraceFixtures.load(path)
        // Busy lines checkpoint less often, so each line gets a few dozen checkpoints in debug-quick time.
        let busy = path.hasSuffix("serial-5.json") || path.hasSuffix("mm1.json")
        let run = try TraceFixtures.run(line, seconds: TraceFixtures.seconds(path, 400), checkpointEvery: busy ? 41 : 7)
        #expect(run.snapshots.count > 3)
        // Rebuild from tick 0 with events only, comparing at the end of each checkpoint's tick.
        var state = LineState(model: line.model)
        var i = 0
        var seen = 0
        for snap in run.snapshots {
            while i < run.events.count && run.events[i].tick <= snap.tick { state.apply(run.events[i]); i += 1 }
            #expect(state.snapshot == snap, "checkpoint at tick \(snap.tick)")
            seen += 1
        }
        // And a checkpoint written to the file reads back as the same snapshot.
        let k = try TraceFixtures.withTemporaryFile(run.bytes) { path in
            let reader = try TraceReader(path: path)
            var k = 0
            while let r = try reader.next() {
                if case .checkpoint(let cp) = r { #expect(cp.snapshot == run.snapshots[k]); k += 1 }
            }
            return k
        }
        #expect(k == seen)
    }

    @Test("chunked runs and every-tick stepping write the same bytes", arguments: ["cells/examples/serial-breakdown.json", "cells/examples/kit-assembly.json", "cells/examples/shifts.json"])
    func sameBytes(path: String) throws {
        let line = try TraceFixtures.load(path)
        let seconds = TraceFixtures.seconds(path, 900)
        let whole = try TraceFixtures.run(line, seconds: seconds)
        let chunked = try TraceFixtures.run(line, seconds: seconds, chunk: 7_777)
        let everyTick = try TraceFixtures.run(line, seconds: seconds, everyTick: true)
        #expect(whole.bytes == chunked.bytes)
        #expect(whole.bytes == everyTick.bytes)
    }

    @Test("the header round-trips and its line hash is checked")
    func header() throws {
        let line = try TraceFixtures.load("cells/bench/serial-5.json", overrides: ["buffers.B2.capacity=5"])
        let h = TraceHeader(taktVersion: "9.9.9", seed: 42, tickNanoseconds: 1_000_000, durationTicks: 5000, warmupTicks: 10,
                            checkpointEvery: 100, overrides: ["buffers.B2.capacity=5"], line: line.canonicalJSON)
        var text = h.text()
        text.removeLast()
        #expect(try TraceHeader.parse(text, file: "t") == h)
        #expect(!text.contains("\"file\"") && !text.contains("host"))
        let edited = text.replacingOccurrences(of: "\"capacity\":5", with: "\"capacity\":6")
        #expect(throws: TraceError.self) { try TraceHeader.parse(edited, file: "t") }
        do { _ = try TraceHeader.parse(edited, file: "t") } catch {
            #expect(error.description.contains("does not match its SHA-256"))
        }
    }

    @Test("a trace cut anywhere reads as truncated, with the figures up to its last event")
    func truncation() throws {
        let run = try TraceFixtures.run(try TraceFixtures.load("cells/examples/kit-assembly.json"), seconds: 1200)
        let count = run.bytes.count
        for cut in [count - 1, count / 2, count / 3 + 17, 2000] {
            try TraceFixtures.withTemporaryFile(Array(run.bytes[..<cut])) { path in
                let reader = try TraceReader(path: path)
                var n = 0
                while let r = try reader.next() { if case .event = r { n += 1 } }
                #expect(reader.isTruncated, "cut at \(cut)")
                #expect(reader.end == nil)
                #expect(reader.truncationMessage.contains("truncated: no end line"))
                #expect(n < run.events.count || cut == count - 1)
            }
        }
    }

    @Test("an edited event is caught by the next checkpoint's hash, naming its line")
    func damage() throws {
        let run = try TraceFixtures.run(try TraceFixtures.load("cells/examples/kit-assembly.json"), seconds: 1200, checkpointEvery: 100)
        var lines = run.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Line 51 is an event (100 events per checkpoint); change one digit of its tick, keeping it monotone.
        let i = lines.firstIndex { $0.hasPrefix(#"{"seq":50,"#) }!
        lines[i] = lines[i].replacingOccurrences(of: #""unit":"#, with: #""unit":1"#)
        var caught: TraceError?
        try TraceFixtures.withTemporaryFile(Array(lines.joined(separator: "\n").utf8)) { path in
            let reader = try TraceReader(path: path)
            do { while try reader.next() != nil {} } catch let e as TraceError { caught = e }
        }
        let e = try #require(caught)
        #expect(e.message.contains("checkpoint 1 states SHA-256"))
        #expect(e.line > i + 1)
    }

    @Test("replay --verify: identical for an untouched trace, the first different line otherwise")
    func verify() throws {
        let line = try TraceFixtures.load("cells/examples/serial-breakdown.json")
        let run = try TraceFixtures.run(line, seconds: 3600, checkpointEvery: 200)
        let untouched = try TraceFixtures.withTemporaryFile(run.bytes) { try TraceVerifier.verify(path: $0) }
        guard case .identical(let n) = untouched else { Issue.record("not identical"); return }
        #expect(n == run.text.split(separator: "\n").count)
        // A different seed in the same file: the run no longer matches from the first random draw.
        let other = run.text.replacingOccurrences(of: #""seed":7,"#, with: #""seed":8,"#)
        let edited = try TraceFixtures.withTemporaryFile(Array(other.utf8)) { try TraceVerifier.verify(path: $0) }
        guard case .different(let d) = edited else {
            Issue.record("a different seed verified"); return
        }
        #expect(d.line > 1)
    }

    @Test("SHA-256 of the stream: the end line states the digest of every byte before it (as sha256sum would)")
    func endDigest() throws {
        let run = try TraceFixtures.run(try TraceFixtures.load("cells/examples/mm1.json"), seconds: 600)
        let text = run.text
        let lastLine = text.dropLast().lastIndex(of: "\n")!
        let before = Array(text[...lastLine].utf8)
        #expect(text[text.index(after: lastLine)...].contains("\"sha256\":\"\(SHA256.hex(of: before))\""))
    }
}
