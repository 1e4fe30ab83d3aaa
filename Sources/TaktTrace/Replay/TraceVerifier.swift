#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TaktEngine

/// `takt replay --verify`: runs the line of a trace's header again and compares the trace it
/// would write, line by line, with the file — in constant memory, stopping at the first
/// difference.
public enum TraceVerifier {
    public struct Difference: Sendable {
        /// 1-based line number in the trace.
        public var line: Int
        public var expected: String
        public var found: String
        /// The last checkpoint line that agreed: (line number, checkpoint index, seq, tick).
        public var lastAgreeingCheckpoint: (line: Int, index: Int64, seq: Int64, tick: Int64)?
    }

    public enum Result: Sendable {
        case identical(lines: Int)
        /// The trace was interrupted; every line before its end line is what the run writes.
        case identicalUntilInterrupted(lines: Int)
        case different(Difference)
    }

    /// Re-simulates `path` (`-`: stdin) from its header.
    public static func verify(path: String) throws(TraceError) -> Result {
        let reader = try TraceReader(path: path)   // parses and checks the header
        let header = reader.header
        let model = reader.model
        var sim: Simulation
        do { sim = try Simulation(model: model, options: header.runOptions) } catch {
            throw TraceError(file: reader.file, line: 1, "the line in the header cannot run: \(error)")
        }
        let compare = ComparingOutput(actual: reader)
        var writer = TraceWriter(header: header, model: model, output: compare, motions: reader.line.motions)
        // In chunks, so a difference stops the run early.
        let chunk = max(header.durationTicks / 100, 1)
        var limit: Int64 = 0
        while limit < header.durationTicks && sim.deadlock == nil && compare.difference == nil && !compare.interrupted {
            limit = min(limit + chunk, header.durationTicks)
            sim.run(into: &writer, before: limit)
            writer.flush()
        }
        if compare.interrupted { return .identicalUntilInterrupted(lines: compare.lines) }
        if compare.difference == nil {
            sim.run(into: &writer)
            // The end line says how the run ended; an interrupted trace ends where it was stopped.
            writer.close(outcome: TraceOutcome(endOf: sim), stateDigest: sim.stateDigest())
            compare.finish()
        }
        if let d = compare.difference { return .different(d) }
        if compare.interrupted { return .identicalUntilInterrupted(lines: compare.lines) }
        return .identical(lines: compare.lines)
    }
}

/// Compares written trace bytes with the lines of an existing trace.
final class ComparingOutput: TraceOutput {
    let reader: TraceReader
    var pending: [UInt8] = []
    /// Lines compared and equal (the header, already read by the reader, counts as the first).
    var lines = 0
    var difference: TraceVerifier.Difference?
    var lastCheckpoint: (line: Int, index: Int64, seq: Int64, tick: Int64)?
    var skippedHeader = false
    /// The file's next line was an end line marked interrupted: comparison stops there.
    var interrupted = false

    init(actual: TraceReader) { reader = actual }

    func write(_ bytes: UnsafeRawBufferPointer) throws(TraceError) {
        guard difference == nil && !interrupted else { return }
        pending.append(contentsOf: bytes)
        var start = 0
        while difference == nil && !interrupted, let nl = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            compare(pending[start..<nl])
            start = nl + 1
        }
        pending.removeSubrange(0..<start)
    }

    func compare(_ expected: ArraySlice<UInt8>) {
        if !skippedHeader {
            // The header was re-made from the parsed one; it must round-trip exactly.
            skippedHeader = true
            lines = 1
            return
        }
        let lineNo = lines + 1
        let found: UnsafeBufferPointer<UInt8>?
        do { found = try reader.rawLine() } catch {
            difference = .init(line: lineNo, expected: String(decoding: expected, as: UTF8.self), found: "(\(error.message))", lastAgreeingCheckpoint: lastCheckpoint)
            return
        }
        guard let found else {
            difference = .init(line: lineNo, expected: String(decoding: expected, as: UTF8.self), found: "(end of file: the trace is truncated)", lastAgreeingCheckpoint: lastCheckpoint)
            return
        }
        if !found.elementsEqual(expected) && TraceReader.hasPrefix(found, #"{"end":"interrupted""#) {
            interrupted = true
            return
        }
        guard found.elementsEqual(expected) else {
            difference = .init(line: lineNo, expected: String(decoding: expected, as: UTF8.self), found: String(decoding: found, as: UTF8.self), lastAgreeingCheckpoint: lastCheckpoint)
            return
        }
        lines = lineNo
        if expected.starts(with: #"{"cp":"#.utf8) {
            let text = String(decoding: expected, as: UTF8.self)
            if let cp = try? TraceCheckpoint.parse(text, model: reader.model, file: reader.file, line: lineNo) {
                lastCheckpoint = (lineNo, cp.index, cp.seq, cp.tick)
            }
        }
    }

    /// After the last write: the file must have no more lines.
    func finish() {
        guard difference == nil && !interrupted else { return }
        if let extra = try? reader.rawLine() {
            difference = .init(line: lines + 1, expected: "(end of the trace)", found: String(decoding: extra, as: UTF8.self), lastAgreeingCheckpoint: lastCheckpoint)
        }
    }
}
