/// A binary min-heap of scheduled events, ordered by (tick, key). The key packs the element
/// rank, server index and event kind, so simultaneous events come out in a fixed, documented
/// order that depends only on names — never on insertion order or hashing.
///
/// The heap lives in `heap[0 ..< count]`, a column of the run's state; `push` needs room
/// (`isFull` false): the simulation grows its state first when it is full.
struct EventQueue {
    struct Entry {
        var tick: Int64
        var key: UInt64
        /// A cancelled event is left in the heap and skipped when its version is stale.
        var version: UInt32
    }

    var heap: Column<Entry>
    private(set) var count = 0

    init(heap: Column<Entry>) { self.heap = heap }

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == heap.count }
    var minTick: Int64? { count > 0 ? heap[0].tick : nil }
    /// The scheduled events, in heap order.
    var entries: Column<Entry>.SubSequence { heap[0..<count] }

    @inline(__always) static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.tick != b.tick ? a.tick < b.tick : a.key < b.key
    }

    /// Sifts the new entry up from the end: parents greater than it move down one level.
    mutating func push(_ e: Entry) {
        precondition(!isFull, "EventQueue.push: no room")
        var i = count
        count += 1
        while i > 0 {
            let p = (i - 1) >> 1
            if !EventQueue.less(e, heap[p]) { break }
            heap[i] = heap[p]
            i = p
        }
        heap[i] = e
    }

    /// Takes the least entry; the last one sifts down from the root into the hole.
    mutating func pop() -> Entry {
        let top = heap[0]
        count -= 1
        let n = count
        if n > 0 {
            let last = heap[n]
            var i = 0
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                let r = l + 1
                let c = (r < n && EventQueue.less(heap[r], heap[l])) ? r : l
                if !EventQueue.less(heap[c], last) { break }
                heap[i] = heap[c]
                i = c
            }
            heap[i] = last
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
    /// A conveyor's head unit reaches the discharge end (server field unused).
    case conveyorReady = 5
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
