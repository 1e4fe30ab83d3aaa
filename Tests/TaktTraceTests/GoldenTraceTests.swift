import Foundation
import Testing
import TaktEngine
import TaktFixed
import TaktLine
@testable import TaktTrace

/// The golden traces in traces/ (listed in traces/golden.tsv) are what this build writes, byte for
/// byte: a change that alters any event, its order or the format fails here. The release-mode CI
/// step checks the same files with the release binary (Tests/cli/golden.sh), so debug and release
/// builds agree. After a deliberate change: `Tests/cli/golden.sh .build/release/takt --update`.
@Suite("Golden traces")
struct GoldenTraceTests {
    struct Golden: Sendable, CustomStringConvertible {
        var name: String, line: String, args: [String]
        var description: String { name }
        func value(_ option: String) -> String? { args.firstIndex(of: option).map { args[$0 + 1] } }
    }

    static var goldens: [Golden] {
        let text = (try? String(contentsOf: TraceFixtures.root.appendingPathComponent("traces/golden.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { row in
            let f = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Golden(name: f[0], line: f[1], args: f[2].split(separator: " ").map(String.init))
        }
    }

    @Test("there are golden traces for every shipped line")
    func coverage() {
        #expect(Set(Self.goldens.map(\.line)) == Set(TraceFixtures.shippedLines))
    }

    @Test("regenerating a golden trace gives the committed bytes", arguments: goldens)
    func regenerate(golden: Golden) throws {
        let committed = try [UInt8](Data(contentsOf: TraceFixtures.root.appendingPathComponent("traces/\(golden.name).trace.jsonl")))
        let firstLine = String(decoding: committed.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let header = try TraceHeader.parse(firstLine, file: golden.name)
        let line = try TraceFixtures.load(golden.line)
        func ticks(_ option: String) throws -> Int64 {
            guard let text = golden.value(option) else { return 0 }
            return line.model.ticks(seconds: try Quantity.parse(text, as: .duration))
        }
        var regenerated = TraceHeader(taktVersion: header.taktVersion, seed: UInt64(golden.value("--seed") ?? "1")!, tickNanoseconds: line.model.tickNanoseconds,
                                      durationTicks: try ticks("--duration"), warmupTicks: try ticks("--warmup"),
                                      checkpointEvery: Int64(golden.value("--checkpoint-every") ?? "100000")!, overrides: [], line: line.canonicalJSON)
        regenerated.sampleTicks = try ticks("--sample")
        #expect(regenerated == header, "the golden's header no longer matches its line file and options")
        let out = MemoryTraceOutput()
        var sim = try Simulation(model: line.model, options: regenerated.runOptions)
        var writer = TraceWriter(header: regenerated, model: line.model, output: out, motions: line.motions)
        sim.run(into: &writer)
        writer.close(outcome: .complete, stateDigest: sim.stateDigest())
        #expect(out.bytes.count == committed.count)
        if out.bytes != committed {
            let a = String(decoding: out.bytes, as: UTF8.self).split(separator: "\n"), b = String(decoding: committed, as: UTF8.self).split(separator: "\n")
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record("first different line \(i + 1):\n  now:       \(i < a.count ? a[i] : "(end)")\n  committed: \(i < b.count ? b[i] : "(end)")")
        }
        // And the committed file's SHA-256 is the one in SHA256SUMS.
        let sums = try String(contentsOf: TraceFixtures.root.appendingPathComponent("traces/SHA256SUMS"), encoding: .utf8)
        #expect(sums.contains("\(SHA256.hex(of: committed))  ./\(golden.name).trace.jsonl"))
    }
}
