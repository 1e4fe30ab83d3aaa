import Foundation
import Testing
import TaktEngine
import TaktJSON
import TaktLine
@testable import TaktTrace

/// A shipped line run for `durationTicks` into a trace file, with the run's own KPIs.
struct ExportFixture {
    let path: String
    let summary: LineSummary
    let model: LineModel
    /// Tick of every event, by seq (index 0 unused).
    let ticks: [Int64]
    /// Events of kind starved or unstarved.
    let starved: Int

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init(_ lineFile: String, durationTicks: Int64, name: String) throws {
        Fixtures.cleanup
        let text = try String(contentsOf: Self.repository.appendingPathComponent(lineFile), encoding: .utf8)
        let line = try LineFile.load(text: text, file: lineFile)
        let header = TraceHeader(taktVersion: "test", seed: 1, tickNanoseconds: line.model.tickNanoseconds, durationTicks: durationTicks,
                                 warmupTicks: 0, checkpointEvery: 100_000, overrides: [], line: line.canonicalJSON)
        let output = MemoryTraceOutput()
        var sim = try Simulation(model: line.model, options: header.runOptions)
        var sink = PairSink(KPIRecorder(model: line.model, warmupTicks: 0), TraceWriter(header: header, model: line.model, output: output))
        sim.run(into: &sink)
        sink.second.close(outcome: .complete, stateDigest: sim.stateDigest())
        path = NSTemporaryDirectory() + "takt-export-\(name)-\(getpid()).jsonl"
        try Data(output.bytes).write(to: URL(fileURLWithPath: path))
        summary = sink.first.summary(seed: 1)
        model = line.model
        var ticks: [Int64] = [0]
        var starved = 0
        let reader = try TraceReader(path: path)
        while let r = try reader.next() {
            guard case .event(_, let e) = r else { continue }
            ticks.append(e.tick)
            if e.kind == .starved || e.kind == .unstarved { starved += 1 }
        }
        self.ticks = ticks
        self.starved = starved
    }

    func export(_ format: TraceExport.Format, path: String? = nil, epochSeconds: Int64 = 1_736_121_600) throws -> (text: String, outcome: TraceExport.Outcome) {
        let reader = try TraceReader(path: path ?? self.path)
        var bytes: [UInt8] = []
        let outcome = try TraceExport.run(reader, format: format, clock: ExportClock(tickNanoseconds: model.tickNanoseconds, epochSeconds: epochSeconds)) {
            bytes += $0
        }
        return (String(decoding: bytes, as: UTF8.self), outcome)
    }
}

/// Shared fixtures: made once per test process; their trace files are removed when it exits.
enum Fixtures {
    static let cleanup: Void = {
        atexit { for n in ["kit", "breakdown", "shifts"] { unlink(NSTemporaryDirectory() + "takt-export-\(n)-\(getpid()).jsonl") } }
    }()
    static let kit = Result { try ExportFixture("cells/examples/kit-assembly.json", durationTicks: 3_600_000, name: "kit") }
    static let breakdown = Result { try ExportFixture("cells/examples/serial-breakdown.json", durationTicks: 8 * 3_600_000 + 900_000, name: "breakdown") }
    static let shifts = Result { try ExportFixture("cells/examples/shifts.json", durationTicks: 13 * 3_600_000, name: "shifts") }
}

/// Exact nanoseconds of a decimal microsecond text as written by the Chrome export ("1500", "0.25").
func nanoseconds(micros text: String) -> Int128? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard let whole = Int128(parts[0]) else { return nil }
    guard parts.count == 2 else { return whole * 1000 }
    let f = String(parts[1])
    guard f.count <= 3, let frac = Int128(f + String(repeating: "0", count: 3 - f.count)) else { return nil }
    return whole * 1000 + frac
}

func number(_ v: JSONValue?) -> String? { if case .number(let t)? = v?.kind { return t }; return nil }
func string(_ v: JSONValue?) -> String? { if case .string(let s)? = v?.kind { return s }; return nil }
func items(_ v: JSONValue?) -> [JSONValue] { if case .array(let a)? = v?.kind { return a }; return [] }

@Suite("Export")
struct ExportTests {
    // MARK: CSV

    @Test("CSV: a header and one row per event, RFC 4180 fields")
    func csvRowsPerEvent() throws {
        let f = try Fixtures.kit.get()
        let (text, outcome) = try f.export(.csv)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.first.map(String.init) == String(CSVExporter.header.dropLast()))
        #expect(rows.last == "")
        #expect(Int64(rows.count - 2) == outcome.events)
        #expect(outcome.events == Int64(f.ticks.count - 1))
        #expect(!outcome.truncated)
        for row in rows.dropFirst().dropLast() { #expect(row.split(separator: ",", omittingEmptySubsequences: false).count == 11) }
        let shipped = rows.filter { $0.contains(",shipped,") }
        #expect(Int64(shipped.count) == f.summary.completed)
        #expect(CSVExporter.field("plain") == "plain")
        #expect(CSVExporter.field("a,b") == "\"a,b\"")
        #expect(CSVExporter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVExporter.field("two\nlines") == "\"two\nlines\"")
    }

    @Test("A truncated trace exports its whole events and says it is truncated")
    func truncated() throws {
        let f = try Fixtures.kit.get()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: f.path))
        let cut = NSTemporaryDirectory() + "takt-export-cut-\(getpid()).jsonl"
        try bytes.prefix(40_000).write(to: URL(fileURLWithPath: cut))
        defer { try? FileManager.default.removeItem(atPath: cut) }
        let (text, outcome) = try f.export(.csv, path: cut)
        #expect(outcome.truncated)
        let whole = String(decoding: bytes.prefix(40_000), as: UTF8.self).split(separator: "\n").dropLast().filter { $0.hasPrefix("{\"seq\":") }.count
        #expect(outcome.events == Int64(whole))
        #expect(text.split(separator: "\n").count == whole + 1)
    }

    // MARK: Chrome

    /// Per element index: ns of each slice name; and checks no slices overlap on a track.
    func chromeSlices(_ f: ExportFixture) throws -> [Int: [String: Int128]] {
        let (text, _) = try f.export(.chrome)
        let root = try JSONParser.parse(text, file: "chrome.json")
        var tracks: [String: [(Int128, Int128)]] = [:]
        var byElement: [Int: [String: Int128]] = [:]
        var threadNames = 0
        for e in items(root["traceEvents"]) {
            let ph = string(e["ph"])
            if ph == "M" && string(e["name"]) == "thread_name" { threadNames += 1 }
            guard ph == "X", let pid = number(e["pid"]).flatMap(Int.init), let tid = number(e["tid"]), let name = string(e["name"]),
                  let ts = number(e["ts"]).flatMap(nanoseconds(micros:)), let dur = number(e["dur"]).flatMap(nanoseconds(micros:)) else { continue }
            #expect(dur > 0)
            tracks["\(pid)/\(tid)", default: []].append((ts, dur))
            byElement[pid - 2, default: [:]][name, default: 0] += dur
        }
        for (track, slices) in tracks {
            let sorted = slices.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                #expect(a.0 + a.1 <= b.0, "slices overlap on track \(track)")
            }
        }
        let servers = f.summary.elements.compactMap { $0.ledger == nil ? nil : $0.servers }.reduce(0, +)
        #expect(threadNames == servers)
        return byElement
    }

    @Test("Chrome: slices never overlap on a track; time per state per element equals the KPI ledger",
          arguments: ["kit", "breakdown", "shifts"])
    func chromeMatchesLedger(_ which: String) throws {
        let f = try (which == "kit" ? Fixtures.kit : which == "breakdown" ? Fixtures.breakdown : Fixtures.shifts).get()
        let slices = try chromeSlices(f)
        let ns = Int128(f.model.tickNanoseconds)
        var nonzero: Set<String> = []
        for (i, element) in f.summary.elements.enumerated() {
            guard let ledger = element.ledger else { continue }
            let got = slices[i] ?? [:]
            #expect(got["busy", default: 0] == Int128(ledger.busy) * ns, "busy of \(element.name)")
            #expect(got["blocked", default: 0] == Int128(ledger.blocked) * ns, "blocked of \(element.name)")
            #expect(got["down", default: 0] == Int128(ledger.down) * ns, "down of \(element.name)")
            #expect(got["off shift", default: 0] == Int128(ledger.offShift) * ns, "off shift of \(element.name)")
            for (k, v) in got where v > 0 { nonzero.insert(k) }
        }
        #expect(nonzero.contains("busy"))
        if which == "breakdown" { #expect(nonzero.contains("down")) }
        if which == "shifts" { #expect(nonzero.contains("off shift")) }
    }

    // MARK: OCEL

    @Test("OCEL: parses; times are epoch + ticks exactly; every relationship names a declared object")
    func ocel() throws {
        let f = try Fixtures.kit.get()
        let epoch: Int64 = 1_709_251_199   // 2024-02-29T23:59:59Z
        let (text, _) = try f.export(.ocel2, epochSeconds: epoch)
        let root = try JSONParser.parse(text, file: "ocel.json")
        let objectTypes = Set(items(root["objectTypes"]).compactMap { string($0["name"]) })
        #expect(objectTypes == Set(f.model.unitTypes + ["source", "station", "buffer", "sink"]))
        var eventAttributes: [String: Set<String>] = [:]
        for t in items(root["eventTypes"]) {
            eventAttributes[string(t["name"])!] = Set(items(t["attributes"]).compactMap { string($0["name"]) })
        }
        var objects: [String: String] = [:]
        for o in items(root["objects"]) { objects[string(o["id"])!] = string(o["type"]) }
        #expect(objects.values.filter { f.model.unitTypes.contains($0) }.count == Int(f.summary.started + f.summary.made))

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let events = items(root["events"])
        #expect(events.count == f.ticks.count - 1 - f.starved)   // all but starved/unstarved
        for e in events {
            let id = string(e["id"])!, type = string(e["type"])!
            let tick = f.ticks[Int(id.dropFirst())!]
            // Expected: the epoch plus tick × tick_ns, whole seconds by Foundation's calendar, the fraction by integers.
            let ns = Int64(tick) * f.model.tickNanoseconds
            let date = Date(timeIntervalSince1970: TimeInterval(epoch + ns / 1_000_000_000))
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!,
                                  Int(ns % 1_000_000_000 / 1_000_000))
            #expect(string(e["time"]) == expected)
            let declared = eventAttributes[type] ?? []
            for a in items(e["attributes"]) { #expect(declared.contains(string(a["name"])!), "\(type) has an undeclared attribute") }
            for r in items(e["relationships"]) { #expect(objects[string(r["objectId"])!] != nil, "\(id) relates to an unknown object") }
        }
    }

    // MARK: Time

    @Test("Times: ISO 8601 from integers, across leap days and for short ticks; epochs parsed strictly")
    func clock() throws {
        let ms = ExportClock(tickNanoseconds: 1_000_000)
        #expect(ms.iso8601(0) == "2025-01-06T00:00:00.000Z")
        #expect(ms.iso8601(68_492) == "2025-01-06T00:01:08.492Z")
        #expect(ms.iso8601(86_400_000 * 366) == "2026-01-07T00:00:00.000Z")
        #expect(ms.seconds(68_492) == "68.492")
        #expect(ms.microseconds(68_492) == "68492000")
        let leap = ExportClock(tickNanoseconds: 1_000, epochSeconds: 1_709_251_199)   // 2024-02-29T23:59:59Z
        #expect(leap.iso8601(1_000_001) == "2024-03-01T00:00:00.000001Z")
        let odd = ExportClock(tickNanoseconds: 7)
        #expect(odd.iso8601(3) == "2025-01-06T00:00:00.000000021Z")
        #expect(odd.microseconds(3) == "0.021")
        #expect(ExportClock.microseconds(nanoseconds: 250) == "0.25")
        #expect(try ExportClock.parseEpoch(ExportClock.defaultEpoch).get() == 1_736_121_600)
        #expect(try ExportClock.parseEpoch("1970-01-01T00:00:00+00:00").get() == 0)
        #expect(try ExportClock.parseEpoch("2000-03-01T00:00:00Z").get() == 951_868_800)
        for bad in ["2025-02-29T00:00:00Z", "2025-01-06", "2025-01-06T24:00:00Z", "2025-01-06T00:00:00.5Z", "2025-13-01T00:00:00Z"] {
            #expect(throws: ExportClock.EpochError.self) { try ExportClock.parseEpoch(bad).get() }
        }
        // The civil-date arithmetic against Foundation's calendar, one day in 97 over four centuries.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for day in stride(from: Int64(-50_000), to: 100_000, by: 97) {
            let (y, m, d) = ExportClock.civil(daysSince1970: day)
            let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(day * 86_400)))
            #expect(y == Int64(c.year!) && m == Int64(c.month!) && d == Int64(c.day!))
            #expect(ExportClock.days(year: y, month: m, day: d) == day)
        }
    }
}
