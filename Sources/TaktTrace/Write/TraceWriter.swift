import TaktEngine
import TaktLine

/// Where trace bytes go: a file (written under a temporary name, renamed when complete),
/// stdout, or memory (tests, `replay --verify`). Called once per filled buffer, not per event.
public protocol TraceOutput: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws(TraceError)
}

/// Writes the event stream of a run as a trace: the header, one line per event, a checkpoint
/// every `checkpointEvery` events (at the end of the tick that reaches it) and, from `close`,
/// the end line. Streams in constant memory: one byte buffer, flushed at 256 KiB; the running
/// SHA-256 covers every byte written, so a checkpoint states the digest of the trace up to it.
public struct TraceWriter: EventSink {
    public let model: LineModel
    let encoder: TraceEventEncoder
    let output: TraceOutput
    let every: Int64
    var buffer: [UInt8] = []
    /// Bytes of `buffer` already fed to `hasher`.
    var hashed = 0
    var hasher = SHA256()
    public private(set) var seq: Int64 = 0
    var sinceCheckpoint: Int64 = 0
    var checkpoints: Int64 = 0
    var started: Int64 = 0, completed: Int64 = 0, scrapped: Int64 = 0, made: Int64 = 0, consumed: Int64 = 0, wip: Int64 = 0
    var endTick: Int64 = 0
    /// The first write error; once set, nothing more is written.
    public private(set) var failure: TraceError?
    /// Pose samples of robots and vehicles (`header.sampleTicks` > 0 and a line with cells).
    var sampler: PoseSampler?

    static let flushAt = 1 << 18

    /// Starts the trace with `header`'s line; `motions` (the loaded line's) for pose samples.
    public init(header: TraceHeader, model: LineModel, output: TraceOutput, motions: CellMotions? = nil) {
        if header.sampleTicks > 0, let motions, !motions.isEmpty { sampler = PoseSampler(motions: motions, period: header.sampleTicks) }
        self.model = model
        encoder = TraceEventEncoder(model: model)
        self.output = output
        every = max(header.checkpointEvery, 1)
        buffer.reserveCapacity(Self.flushAt + 4096)
        buffer.append(contentsOf: header.text().utf8)
    }

    public mutating func record(_ event: EngineEvent) {
        if sampler != nil {
            sampler!.write(through: event.tick, into: &buffer)
            sampler!.observe(event)
        }
        seq += 1
        encoder.append(event, seq: seq, to: &buffer)
        switch event.kind {
        case .created: started += 1; wip += 1
        case .made: made += 1; wip += 1
        case .shipped: completed += 1; wip -= 1
        case .scrapped: scrapped += 1; wip -= 1
        case .consumed: consumed += 1; wip -= 1
        default: break
        }
        sinceCheckpoint += 1
        if buffer.count >= Self.flushAt { flush() }
    }

    public mutating func finish(atTick tick: Int64) {
        endTick = tick
        sampler?.write(through: tick, into: &buffer)
    }

    public func checkpointDue(afterPending pending: Int) -> Bool { sinceCheckpoint + Int64(pending) >= every }

    public mutating func checkpoint(_ simulation: Simulation) {
        checkpoints += 1
        let cp = TraceCheckpoint(index: checkpoints, seq: seq, sha256: digestSoFar(), state: Self.hex16(simulation.stateDigest()),
                                 snapshot: simulation.snapshot())
        buffer.append(contentsOf: cp.text(model: model).utf8)
        sinceCheckpoint = 0
    }

    /// Writes the end line and flushes. Call once, after the run (`finish(atTick:)` has been called).
    public mutating func close(outcome: TraceOutcome, stateDigest: UInt64) {
        let end = TraceEnd(outcome: outcome, seq: seq, tick: endTick, started: started, completed: completed, scrapped: scrapped,
                           made: made, consumed: consumed, wip: wip, state: Self.hex16(stateDigest), sha256: digestSoFar())
        buffer.append(contentsOf: end.text().utf8)
        flush()
    }

    /// SHA-256 of every byte so far.
    mutating func digestSoFar() -> String {
        hashPending()
        return hasher.hexDigest()
    }

    mutating func hashPending() {
        if hashed < buffer.count {
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[hashed...])) }
            hashed = buffer.count
        }
    }

    public mutating func flush() {
        hashPending()
        if failure == nil {
            let out = output
            failure = buffer.withUnsafeBytes { b -> TraceError? in
                do throws(TraceError) { try out.write(b) } catch { return error }
                return nil
            }
        }
        buffer.removeAll(keepingCapacity: true)
        hashed = 0
    }

    static func hex16(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

/// Collects a trace in memory.
public final class MemoryTraceOutput: TraceOutput {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ b: UnsafeRawBufferPointer) throws(TraceError) { bytes.append(contentsOf: b) }
}
