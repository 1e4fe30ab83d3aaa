import Foundation
import Testing
import TaktEngine
import TaktFixed
import TaktLine
@testable import TaktTrace

/// `--sample`: pose lines every period, placed by tick among the events, that change nothing
/// else in the trace and that replay reproduces; positions agree with the steps' end poses.
@Suite("Pose samples")
struct PoseSampleTests {
    static func lines(_ bytes: [UInt8]) -> [Substring] { String(decoding: bytes, as: UTF8.self).split(separator: "\n") }

    @Test("samples every period, in tick order among events; events, checkpoints' states and the end are as without sampling",
          arguments: ["cells/examples/assembly-cell.json", "cells/examples/logistics-cell.json", "cells/examples/tending-cell.json"])
    func samplesAddOnly(path: String) throws {
        let line = try TraceFixtures.load(path)
        let plain = try TraceFixtures.run(line, seconds: 600, checkpointEvery: 1_000_000)
        let sampled = try TraceFixtures.run(line, seconds: 600, checkpointEvery: 1_000_000, sampleTicks: 500)
        let s = Self.lines(sampled.bytes), p = Self.lines(plain.bytes)
        let samples = s.filter { $0.hasPrefix(#"{"sample":"#) }
        #expect(samples.count == 600_000 / 500 + 1)
        // Without the samples and the header, the lines are the same except the end line's hash.
        let events = s.dropFirst().filter { !$0.hasPrefix(#"{"sample":"#) && !$0.hasPrefix(#"{"end":"#) }
        #expect(Array(events) == Array(p.dropFirst().filter { !$0.hasPrefix(#"{"end":"#) }))
        #expect(sampled.events == plain.events && sampled.summary == plain.summary)
        // Ticks never go back, samples included.
        var last: Int64 = 0
        for l in s.dropFirst() where !l.hasPrefix(#"{"end""#) {
            let key = l.hasPrefix(#"{"sample":"#) ? #"{"sample":"# : #","t":"#
            let t = Int64(l[l.range(of: key)!.upperBound...].prefix { $0.isNumber })!
            #expect(t >= last, "\(l.prefix(60))")
            last = t
        }
    }

    @Test("a robot standing after a move is sampled at the move's end joints")
    func standingAtEnd() throws {
        let line = try TraceFixtures.load("cells/examples/assembly-cell.json", overrides: ["stations.cell.servers=1"])
        let run = try TraceFixtures.run(line, seconds: 60, checkpointEvery: 1_000_000, sampleTicks: 1)
        let text = Self.lines(run.bytes)
        // The driver's first move ends at its "screw" target, then it screws 8 × 1.8 s standing still.
        let end = try #require(text.first { $0.contains(#""ev":"step_end""#) && $0.contains(#""by":"cell.driver","to":"screw""#) })
        let t = Int64(end[end.range(of: #","t":"#)!.upperBound...].prefix { $0.isNumber })!
        let joints = end[end.range(of: #""end":["#)!.upperBound...].prefix { $0 != "]" }.split(separator: ",").map { try! Fixed(decimal: String($0)) }
        let sample = try #require(text.first { $0.hasPrefix(#"{"sample":\#(t + 5000),"#) })
        let pose = sample[sample.range(of: #""cell.driver":["#)!.upperBound...].prefix { $0 != "]" }.split(separator: ",").map { try! Fixed(decimal: String($0)) }
        #expect(pose.count == joints.count)
        for (a, b) in zip(pose, joints) { #expect(abs(a.raw - b.raw) <= Fixed(1, over: 10_000).raw, "\(pose) vs \(joints)") }
    }

    @Test("replay --verify reproduces a sampled trace byte for byte")
    func verifies() throws {
        let line = try TraceFixtures.load("cells/examples/logistics-cell.json")
        let run = try TraceFixtures.run(line, seconds: 900, checkpointEvery: 200, sampleTicks: 250)
        let verdict = try TraceFixtures.withTemporaryFile(run.bytes) { try TraceVerifier.verify(path: $0) }
        guard case .identical = verdict else { Issue.record("not identical"); return }
    }
}

@Suite("Pose sample numbers")
struct PoseSampleNumberTests {
    @Test("sample numbers are written exactly as formatted(decimals: 4), ties and signs included")
    func decimals() {
        var rng = SystemRandomNumberGenerator()
        var values: [Fixed] = [.zero, Fixed(raw: -1), Fixed(raw: 1), Fixed(1, over: 20_000), -Fixed(1, over: 20_000), Fixed(raw: Int64.max), Fixed(raw: Int64.min + 1)]
        for _ in 0..<20_000 { values.append(Fixed(raw: Int64.random(in: -(1 << 45)...(1 << 45), using: &rng))) }
        for v in values {
            var out: [UInt8] = []
            PoseSampler.appendDecimal4(v, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == v.formatted(decimals: 4), "\(v.raw)")
        }
    }
}
