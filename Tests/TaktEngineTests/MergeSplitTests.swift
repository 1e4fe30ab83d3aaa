import Testing
import TaktFixed
@testable import TaktEngine
import TaktLine

/// Merges (assembly by a bill of materials), splits and rework: the unit bookkeeping the trace
/// will show (component ids, consecutive child ids), exact throughput of a deterministic kit
/// line, conservation, first-pass yield, and the stall a badly fed merge runs into.
@Suite("Merges and splits")
struct MergeSplitTests {
    static func load(_ json: String) throws -> LineModel { try LineFile.load(text: json, file: "test.json").model }

    static func run(_ model: LineModel, seconds: Int, seed: UInt64 = 1, everyTick: Bool = false) throws -> (Simulation, Recorder, LineSummary) {
        let ticks = model.ticks(seconds: Fixed(seconds))
        var sim = try Simulation(model: model, options: RunOptions(seed: seed, durationTicks: ticks, everyTick: everyTick))
        var rec = Recorder()
        rec.keep = true
        var sink = PairSink(rec, KPIRecorder(model: model, warmupTicks: 0))
        sim.run(into: &sink)
        return (sim, sink.first, sink.second.summary(seed: seed))
    }

    /// x every 10 s, y every 20 s, each into its own buffer; the merge needs 2 x + 1 y and takes 1 s.
    static let kit = """
    { "name": "kit", "unit_types": ["x", "y", "z"],
      "sources": { "X": { "arrivals": { "interval": "10 s" }, "type": "x", "to": "bx" },
                   "Y": { "arrivals": { "interval": "20 s" }, "type": "y", "to": "by" } },
      "buffers": { "bx": { "capacity": 4, "to": "M" }, "by": { "capacity": 4, "to": "M" } },
      "stations": { "M": { "process": "1 s", "needs": { "x": 2, "y": 1 }, "makes": "z", "to": "out" } },
      "sinks": { "out": {} } }
    """

    @Test("a deterministic merge ships one kit per 20 s, each 11 s after its first part was made")
    func deterministicKit() throws {
        let (_, rec, s) = try Self.run(try Self.load(Self.kit), seconds: 3600)
        // Kit k: x at 20k and 20k + 10, y at 20k. The kit is complete at 20k + 10, assembled by
        // 20k + 11 and shipped then. Shipped before 3,600 s: 20k + 11 < 3600 → k = 0 … 179.
        #expect(s.completed == 180)
        // Kits complete at 20k + 10 < 3600 → the same 180 kits, 3 parts each.
        #expect(s.consumed == 3 * 180 && s.made == 180)
        // The assembled unit's lead time counts from its earliest component: exactly 11 s each.
        #expect(s.leadTime.minSeconds == Fixed(11) && s.leadTime.maxSeconds == Fixed(11))
        #expect(s.wipStart + s.started + s.made == s.completed + s.scrapped + s.consumed + s.wipEnd)
        #expect(rec.events.filter { $0.kind == .made }.count == Int(s.made))
    }

    @Test("components are consumed before the assembled unit is made, and name its id")
    func componentIds() throws {
        let (_, rec, _) = try Self.run(try Self.load(Self.kit), seconds: 200)
        let events = rec.events
        for (i, e) in events.enumerated() where e.kind == .made {
            let consumed = events[(i - 3)..<i]
            #expect(consumed.allSatisfy { $0.kind == .consumed && $0.a == e.unit && $0.tick == e.tick })
            // Components were created (or made) before, and are never seen again.
            for c in consumed {
                #expect(events[..<i].contains { $0.kind == .created && $0.unit == c.unit })
                #expect(!events[(i + 1)...].contains { $0.unit == c.unit })
            }
            #expect(events[i + 1].kind == .operationStart && events[i + 1].unit == e.unit)
        }
    }

    static let pallets = """
    { "name": "pallets", "unit_types": ["pallet", "tray"],
      "sources": { "in": { "arrivals": { "interval": "100 s" }, "type": "pallet", "to": "depal" } },
      "stations": { "depal": { "process": "10 s", "makes": { "tray": 4 }, "to": "q" },
                    "pack": { "servers": 2, "process": "30 s", "to": "out" } },
      "buffers": { "q": { "capacity": 1, "to": "pack" } },
      "sinks": { "out": {} } }
    """

    @Test("a split makes consecutive ids, passes them on one by one and blocks between them")
    func split() throws {
        let (_, rec, s) = try Self.run(try Self.load(Self.pallets), seconds: 1000)
        let events = rec.events
        let consumed = events.filter { $0.kind == .consumed }
        #expect(consumed.count == 10)
        for c in consumed {
            let made = events.filter { $0.kind == .made && $0.tick == c.tick && $0.element == c.element }
            #expect(made.map(\.unit) == [c.a, c.a + 1, c.a + 2, c.a + 3])
        }
        // Pallet 1 at 0 s is split at 10 s: trays 1 and 2 go straight to the two packers, tray 3 to
        // q (capacity 1), tray 4 blocks depal until a packer frees at 40 s.
        let depal = try #require(s.element(named: "depal")?.ledger)
        #expect(depal.blocked > 0)
        #expect(events.contains { $0.kind == .blocked && $0.tick == 10_000 })
        #expect(events.contains { $0.kind == .unblocked && $0.tick == 40_000 })
        // Trays ship with their pallet's creation tick: lead time ≥ 10 s + 30 s.
        #expect(s.leadTime.minSeconds == Fixed(40))
        #expect(s.wipStart + s.started + s.made == s.completed + s.scrapped + s.consumed + s.wipEnd)
    }

    @Test("units through a rework station leave first-pass yield; FPY = (completed − reworked) / (completed + scrapped)")
    func reworkYield() throws {
        let json = """
        { "name": "rework", "sources": { "in": { "arrivals": { "interval": "60 s" }, "to": "test" } },
          "stations": { "test": { "process": "10 s", "yield": "98 %", "to": { "out": "80 %", "fix": "20 %" } },
                        "fix": { "process": "20 s", "rework": true, "to": "test" } },
          "sinks": { "out": {} } }
        """
        let model = try Self.load(json)
        let (_, rec, s) = try Self.run(model, seconds: 100_000)
        let events = rec.events
        // Units that arrived at the rework station, counted from the events alone.
        let fix = Int32(try #require(model.index(of: "fix")))
        let reworkedIds = Set(events.filter { $0.kind == .arrived && $0.element == fix }.map(\.unit))
        let shippedReworked = events.filter { $0.kind == .shipped && reworkedIds.contains($0.unit) }.count
        #expect(s.reworked == Int64(shippedReworked))
        #expect(s.reworked > 100)
        #expect(s.firstPassYield == LineSummary.ratio(Int128(s.completed - s.reworked), Int128(s.completed + s.scrapped)))
    }

    @Test("a merge fed through one buffer that fills with one type stalls; the run says where")
    func stall() throws {
        let json = """
        { "name": "stall", "unit_types": ["x", "y", "z"],
          "sources": { "A": { "arrivals": { "interval": "1 s" }, "type": "x", "to": "buf" },
                       "B": { "arrivals": { "interval": "10 s" }, "type": "y", "to": "buf" } },
          "buffers": { "buf": { "capacity": 2, "to": "M" } },
          "stations": { "M": { "process": "1 s", "needs": { "x": 2, "y": 1 }, "makes": "z", "to": "out" } },
          "sinks": { "out": {} } }
        """
        let model = try Self.load(json)
        let (sim, _, _) = try Self.run(model, seconds: 3600)
        let d = try #require(sim.deadlock)
        #expect(!d.isCycle)
        #expect(d.elements.map { model.elements[$0].name } == ["A", "B", "M", "buf"])
    }

    @Test("several merge servers gather their own kits, lowest server first")
    func serversGatherOwnKits() throws {
        let json = Self.kit.replacingOccurrences(of: "\"process\": \"1 s\"", with: "\"servers\": 2, \"process\": \"25 s\"")
        let (_, rec, s) = try Self.run(try Self.load(json), seconds: 3600)
        let made = rec.events.filter { $0.kind == .made }
        // Kits complete every 20 s but take 25 s: both servers are needed and used in turn.
        #expect(Set(made.map(\.server)) == [0, 1])
        #expect(s.completed >= 178)
    }

    @Test("every tick and jumping between events agree on a line with merges, splits and rework")
    func everyTick() throws {
        let model = try Self.load(Self.pallets)
        let a = try Self.run(model, seconds: 2000), b = try Self.run(model, seconds: 2000, everyTick: true)
        #expect(a.1.hash == b.1.hash && a.2 == b.2 && a.0.stateDigest() == b.0.stateDigest())
    }
}
