/// A binary min-heap of scheduled events, ordered by (tick, key). The key packs the element
/// rank, server index and event kind, so simultaneous events come out in a fixed, documented
/// order that depends only on names — never on insertion order or hashing.
///
/// Storage is reserved once; `push` and `pop` do not allocate while the count stays within it.
struct EventQueue {
    struct Entry {
        var tick: Int64
        var key: UInt64
        /// A cancelled event is left in the heap and skipped when its version is stale.
        var version: UInt32
    }

    private(set) var heap: [Entry] = []

    init(capacity: Int) { heap.reserveCapacity(capacity) }

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var minTick: Int64? { heap.first?.tick }

    @inline(__always) static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.tick != b.tick ? a.tick < b.tick : a.key < b.key
    }

    mutating func push(_ e: Entry) {
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if !EventQueue.less(heap[i], heap[p]) { break }
            heap.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> Entry {
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            let n = heap.count
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                let r = l + 1
                let c = (r < n && EventQueue.less(heap[r], heap[l])) ? r : l
                if !EventQueue.less(heap[c], heap[i]) { break }
                heap.swapAt(i, c)
                i = c
            }
        }
        return top
    }
}

/// What a scheduled event does. The raw value is the last tie-break after element and server.
enum ScheduledKind: UInt64 {
    case repairEnd = 0
    case processEnd = 1
    case failure = 2
    case arrival = 3
    /// A station's shift calendar changes (server field unused).
    case shiftChange = 4
}

extension EventQueue.Entry {
    /// Key layout: element rank (bits 40–63), server (bits 8–39), kind (bits 0–7).
    @inline(__always)
    static func key(element: Int, server: Int, kind: ScheduledKind) -> UInt64 {
        UInt64(element) << 40 | UInt64(server) << 8 | kind.rawValue
    }

    var element: Int { Int(key >> 40) }
    var server: Int { Int((key >> 8) & 0xFFFF_FFFF) }
    var kind: ScheduledKind { ScheduledKind(rawValue: key & 0xFF)! }
}
