/// The scheduled events, taken least first in the order (tick, key). The key packs the element
/// rank, server index and event kind, so simultaneous events come out in a fixed, documented
/// order that depends only on names — never on insertion order or hashing.
///
/// The entries live in `heap[0 ..< count]`, a column of the run's state; `push` needs room
/// (`isFull` false): the simulation grows its state first when it is full.
///
/// Two layouts, by size (most lines keep a handful of events scheduled, one per busy server):
/// - up to `sortedLimit` entries, sorted in descending order: the least is the last, taken
///   without a comparison, and a new entry is inserted from the end;
/// - beyond, a binary min-heap (the least first). Ascending order is a valid heap, so switching
///   to it reverses the array; a heap that shrinks to `sortedLimit / 2` entries is sorted again.
/// Entries equal in (tick, key) are the same event scheduled twice, at most one of them current
/// (see `version`): the order among them, which the layouts may differ on, changes nothing.
struct EventQueue {
    struct Entry {
        var tick: Int64
        var key: UInt64
        /// A cancelled event is left in the queue and skipped when its version is stale.
        var version: UInt32
    }

    var heap: Column<Entry>
    private(set) var count = 0
    /// The layout: false sorted (descending), true binary heap.
    private(set) var isHeap = false
    static let sortedLimit = 16

    init(heap: Column<Entry>) { self.heap = heap }

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == heap.count }
    var minTick: Int64? { count > 0 ? heap[isHeap ? 0 : count &- 1].tick : nil }
    /// The scheduled events, in storage order.
    var entries: Column<Entry>.SubSequence { heap[0..<count] }

    /// The order (tick, key): ticks decide nearly always, the key only among events of one tick.
    @inline(__always) static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.tick < b.tick || (a.tick == b.tick && a.key < b.key)
    }

    /// Inlined where events are scheduled: the sorted layout's insertion is a few comparisons.
    @inline(__always)
    mutating func push(_ e: Entry) {
        precondition(!isFull, "EventQueue.push: no room")
        if !isHeap && count < Self.sortedLimit {
            // Entries less than the new one (the end of the array) move one place up.
            var i = count
            count &+= 1
            while i > 0 {
                let p = heap[i &- 1]
                guard Self.less(p, e) else { break }
                heap[i] = p
                i &-= 1
            }
            heap[i] = e
            return
        }
        pushBeyondSorted(e)
    }

    /// `push` when the sorted layout is full (it becomes a heap) or already a heap.
    @inline(never)
    private mutating func pushBeyondSorted(_ e: Entry) {
        if !isHeap {
            reverse()
            isHeap = true
        }
        heapPush(e)
    }

    mutating func pop() -> Entry {
        if !isHeap {
            count &-= 1
            return heap[count]
        }
        let top = heapPop()
        if count <= Self.sortedLimit / 2 {
            reverse()                  // a heap sorted ascending, then reversed
            isHeap = false
        }
        return top
    }

    /// Reverses `heap[0 ..< count]`. Before it becomes sorted descending, a heap is first sorted
    /// ascending (insertion sort: it has at most `sortedLimit / 2` entries then).
    private mutating func reverse() {
        if isHeap {
            for k in 1..<max(count, 1) {
                let e = heap[k]
                var i = k
                while i > 0 && Self.less(e, heap[i &- 1]) { heap[i] = heap[i &- 1]; i &-= 1 }
                heap[i] = e
            }
        }
        var i = 0, j = count &- 1
        while i < j {
            let t = heap[i]; heap[i] = heap[j]; heap[j] = t
            i &+= 1; j &-= 1
        }
    }

    /// Sifts the new entry up from the end: parents greater than it move down one level.
    private mutating func heapPush(_ e: Entry) {
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
    private mutating func heapPop() -> Entry {
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
