import Testing
import TaktEngine
import TaktLine
@testable import TaktTrace

/// Every event kind survives encoder → decoder unchanged, and a line that is not exactly what the
/// encoder writes is refused with a message that says what was expected.
@Suite("Trace format")
struct TraceFormatTests {
    static let model = try! TraceFixtures.load("cells/examples/kit-assembly.json").model
    /// A line with cells: program steps (moves, tool actions, legs) and resources (route nodes and edges).
    static let cellModel = try! TraceFixtures.load("cells/examples/logistics-cell.json").model

    @Test("every event kind round-trips, with extreme values")
    func everyKind() throws {
        let encoder = TraceEventEncoder(model: Self.cellModel), decoder = TraceEventDecoder(model: Self.cellModel)
        let model = Self.cellModel
        let last = Int32(model.elements.count - 1)
        for kind in TraceFormat.kinds {
            for (tick, unit, a, server) in [(Int64(0), Int64(-1), Int64(0), Int32(0)), (Int64.max / 4, Int64.max, Int64(1), Int32(1)), (123_456_789, 42, Int64(2), Int32(0))] {
                var e = EngineEvent(tick: tick, kind: kind, element: last, server: server, unit: unit, a: a)
                switch TraceFormat.extra(kind) {
                case .typeName: e.a = Int64(model.unitTypes.count - 1)
                case .elementName: e.a = 0
                case .cause: e.a = 0
                case .integer: e.a = kind == .operationEnd ? a % 2 : -a * 1_000_000_007
                case .none: e.a = 0            // these kinds carry no argument
                case .shipped: break
                case .step: e.a = a == 1 ? Int64(model.steps.count - 1) : a   // first, second and last step
                case .resource: e.a = a == 1 ? Int64(model.resources.count - 1) : a
                case .tested: e.a = a == 2 ? 3 : a      // pass, fail, fail of a defective unit
                }
                var bytes: [UInt8] = []
                encoder.append(e, seq: 99, to: &bytes)
                #expect(bytes.last == UInt8(ascii: "\n"))
                let decoded = try bytes.dropLast().withUnsafeBufferPointer { try decoder.decode($0) }
                #expect(decoded.seq == 99)
                #expect(decoded.event == e, "\(TraceFormat.kindNames[Int(kind.rawValue)]): \(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    @Test("lines that differ from the written form are refused, saying what was expected")
    func strict() {
        let decoder = TraceEventDecoder(model: Self.model)
        func error(_ line: String) -> String {
            let bytes = Array(line.utf8)
            return bytes.withUnsafeBufferPointer { b in
                do throws(TraceEventDecoder.DecodeError) { _ = try decoder.decode(b); return "no error" } catch { return error.message }
            }
        }
        #expect(error(#"{"seq":1,"t":0,"ev":"arrived","el":"depal","srv":0,"unit":3}"#) == "no error")
        #expect(error(#"{"seq":1, "t":0,"ev":"arrived","el":"depal","srv":0,"unit":3}"#).contains("column 9"))
        #expect(error(#"{"seq":1,"t":0,"ev":"arrivd","el":"depal","srv":0,"unit":3}"#) == "unknown event kind 'arrivd'")
        #expect(error(#"{"seq":1,"t":0,"ev":"arrived","el":"depot","srv":0,"unit":3}"#) == "no element named 'depot' in the trace's line")
        #expect(error(#"{"seq":1,"t":0,"ev":"arrived","el":"depal","srv":0,"unit":3,"x":1}"#).contains("expected '}'"))
        #expect(error(#"{"seq":1,"t":99999999999999999999,"ev":"arrived","el":"depal","srv":0,"unit":3}"#) == #""t": number too large"#)
        #expect(error(#"{"seq":1,"t":0,"ev":"made","el":"depal","srv":0,"unit":3,"type":"widget"}"#) == "unknown unit type 'widget'")
    }
}
