import Testing
@testable import TaktEngine

/// The event queue switches between a sorted array (small) and a binary heap (large): whatever
/// the layout, entries must come out in (tick, key) order.
@Suite("Event queue")
struct EventQueueTests {
    @Test("random pushes and pops across both layouts come out in (tick, key) order")
    func orderAcrossLayouts() {
        let capacity = 200
        let storage = UnsafeMutablePointer<EventQueue.Entry>.allocate(capacity: capacity)
        defer { storage.deallocate() }
        var queue = EventQueue(heap: Column(base: storage, count: capacity))
        var reference: [(tick: Int64, key: UInt64)] = []
        var state: UInt64 = 0x0DDB_A11
        func next(_ n: Int) -> Int {                                    // xorshift, enough for a test
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(n))
        }
        var now: Int64 = 0
        var sawHeap = false, sawSortedAgain = false
        for round in 0..<20_000 {
            // Grow to about 60 entries, then shrink to empty, then again: both switches, both ways.
            let target = (round / 2_000) % 2 == 0 ? 60 : 0
            let push = queue.count == 0 || (queue.count < capacity && next(100) < (queue.count < target ? 70 : 30))
            if push {
                let e = EventQueue.Entry(tick: now + Int64(next(5)), key: UInt64(next(4)) << 40 | UInt64(next(3)), version: 0)
                queue.push(e)
                reference.append((e.tick, e.key))
            } else {
                let e = queue.pop()
                let least = reference.indices.min { (reference[$0].tick, reference[$0].key) < (reference[$1].tick, reference[$1].key) }!
                #expect(e.tick == reference[least].tick && e.key == reference[least].key, "round \(round)")
                reference.remove(at: least)
                now = e.tick
            }
            #expect(queue.count == reference.count)
            if queue.isHeap { sawHeap = true } else if sawHeap { sawSortedAgain = true }
        }
        #expect(sawHeap && sawSortedAgain)
    }
}
