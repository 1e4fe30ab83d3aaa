import TaktFixed
import TaktRandom
@testable import TaktEngine

/// Builds small lines in code: names are sorted into ranks the way the compiler does.
struct LineBuilder {
    var elements: [(name: String, kind: Element.Kind, to: [String])] = []

    mutating func source(_ n: String, _ a: Source.Arrivals, to: String, limit: Int? = nil) {
        elements.append((n, .source(Source(arrivals: a, unitType: 0, limit: limit)), [to]))
    }
    mutating func buffer(_ n: String, capacity: Int, to: String, initial: Int = 0) {
        elements.append((n, .buffer(Buffer(capacity: capacity, initial: Array(repeating: 0, count: initial))), [to]))
    }
    mutating func station(_ n: String, _ process: Distribution, servers: Int = 1, scrap: Fixed = .zero, reliability: Reliability? = nil, to: String) {
        elements.append((n, .station(Station(servers: servers, process: process, scrap: scrap, reliability: reliability)), [to]))
    }
    mutating func sink(_ n: String) { elements.append((n, .sink, [])) }

    func build(tickNanoseconds: Int64 = 1_000_000) -> LineModel {
        let sorted = elements.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        let index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($0.element.name, $0.offset) })
        let els = sorted.map { e in
            Element(name: e.name, kind: e.kind, routing: e.to.isEmpty ? .none : .fixed(index[e.to[0]]!))
        }
        return LineModel(name: "test", tickNanoseconds: tickNanoseconds, elements: els, unitTypes: ["unit"])
    }
}

/// Counts and fingerprints the event stream.
struct Recorder: EventSink {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var count = 0
    var created = 0, shipped = 0, scrapped = 0
    var finishTick: Int64 = -1
    var events: [EngineEvent] = []
    var keep = false

    mutating func record(_ e: EngineEvent) {
        count += 1
        for v in [e.tick, Int64(e.kind.rawValue), Int64(e.element), Int64(e.server), e.unit, e.a] {
            var x = UInt64(bitPattern: v)
            for _ in 0..<8 { hash = (hash ^ (x & 0xFF)) &* 0x100_0000_01b3; x >>= 8 }
        }
        switch e.kind {
        case .created: created += 1
        case .shipped: shipped += 1
        case .scrapped: scrapped += 1
        default: break
        }
        if keep { events.append(e) }
    }

    mutating func finish(atTick tick: Int64) { finishTick = tick }
}

func seconds(_ s: Int) -> Fixed { Fixed(s) }
