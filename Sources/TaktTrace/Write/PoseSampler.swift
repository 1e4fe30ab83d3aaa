import TaktEngine
import TaktFixed
import TaktLine

/// Writes where every robot and vehicle is, every `period` ticks, as trace lines
/// `{"sample":T,"poses":{"A1.arm":[j1,…],"A0.vehicle1":[x,y,heading],…}}` (joints in degrees or
/// metres, positions in metres, headings in degrees; actors in name order).
///
/// The sample at tick T is written before the events of tick T and shows the state after the
/// events before T: an actor in the middle of a step is where that step's motion puts it T − start
/// ticks after it began; otherwise it stands where its last step ended (at first: home).
struct PoseSampler {
    let motions: CellMotions
    let period: Int64
    private(set) var next: Int64 = 0
    /// Per actor: the step under way (−1: none) and its start tick; where it stands otherwise.
    var current: [Int]
    var since: [Int64]
    var standing: [[Fixed]]
    let prefixes: [[UInt8]]

    init(motions: CellMotions, period: Int64) {
        self.motions = motions
        self.period = max(period, 1)
        current = Array(repeating: -1, count: motions.actors.count)
        since = Array(repeating: 0, count: motions.actors.count)
        standing = motions.actors.map(\.start)
        let order = motions.actors.indices.sorted { motions.actors[$0].name.utf8.lexicographicallyPrecedes(motions.actors[$1].name.utf8) }
        self.order = order
        prefixes = order.enumerated().map { k, i in Array(((k == 0 ? "" : ",") + JSONText.quoted(motions.actors[i].name) + ":[").utf8) }
    }

    /// Actor indices in name order.
    let order: [Int]

    /// `v` with 4 decimals, exactly as `v.formatted(decimals: 4)` (half to even), without a String.
    static func appendDecimal4(_ v: Fixed, to out: inout [UInt8]) {
        let scaled = UInt128(v.raw.magnitude) * 10_000
        var q = UInt64(scaled >> 32)
        let rest = scaled & 0xFFFF_FFFF, half: UInt128 = 1 << 31
        if rest > half || (rest == half && q & 1 != 0) { q += 1 }
        if v.raw < 0 && q != 0 { out.append(UInt8(ascii: "-")) }
        TraceEventEncoder.appendInt(Int64(q / 10_000), to: &out)
        out.append(UInt8(ascii: "."))
        let f = Int(q % 10_000)
        out.append(UInt8(truncatingIfNeeded: 48 + f / 1000)); out.append(UInt8(truncatingIfNeeded: 48 + f / 100 % 10))
        out.append(UInt8(truncatingIfNeeded: 48 + f / 10 % 10)); out.append(UInt8(truncatingIfNeeded: 48 + f % 10))
    }

    mutating func observe(_ e: EngineEvent) {
        guard e.kind == .stepStart || e.kind == .stepEnd else { return }
        let step = Int(e.a)
        let a = motions.stepActor[step]
        guard a >= 0 else { return }
        if e.kind == .stepStart {
            current[a] = step
            since[a] = e.tick
        } else {
            current[a] = -1
            standing[a] = motions.stepEnd[step]
        }
    }

    /// Writes every sample due at or before `tick`.
    mutating func write(through tick: Int64, into out: inout [UInt8]) {
        while next <= tick {
            out.append(contentsOf: #"{"sample":"#.utf8)
            TraceEventEncoder.appendInt(next, to: &out)
            out.append(contentsOf: #","poses":{"#.utf8)
            for (k, a) in order.enumerated() {
                out.append(contentsOf: prefixes[k])
                let p = current[a] >= 0 ? motions.position(step: current[a], elapsed: next - since[a]) : standing[a]
                for (j, v) in p.enumerated() {
                    if j > 0 { out.append(UInt8(ascii: ",")) }
                    Self.appendDecimal4(v, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
            out.append(contentsOf: "}}\n".utf8)
            next += period
        }
    }
}
