import TaktEngine

/// A trace that cannot be read: what is wrong and where (file and line number).
public struct TraceError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line number, or 0 for the file as a whole.
    public var line: Int
    public var message: String
    public init(file: String, line: Int, _ message: String) { self.file = file; self.line = line; self.message = message }
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// Reads event lines written by `TraceEventEncoder` back into `EngineEvent`s. Strict: the keys
/// must come in the written order, so a hand-edited or foreign line is an error naming the key
/// expected, never a silently different event.
public struct TraceEventDecoder {
    let elementIndex: NameTable
    let typeIndex: NameTable
    let kindIndex: NameTable
    let resourceIndex: NameTable
    /// Per program step, the text that must follow its index (start and end forms).
    let stepStartText: [[UInt8]]
    let stepEndText: [[UInt8]]
    /// What follows `"unit":N` for each kind, as bytes (`,"to":`, `,"cause":"failure"` …).
    let extraPrefix: [[UInt8]]

    public init(model: LineModel) {
        elementIndex = NameTable(model.elements.map(\.name))
        typeIndex = NameTable(model.unitTypes)
        kindIndex = NameTable(TraceFormat.kindNames)
        resourceIndex = NameTable(model.resources)
        stepStartText = model.steps.map { Array(TraceFormat.stepDescription($0, end: false).utf8) }
        stepEndText = model.steps.map { Array(TraceFormat.stepDescription($0, end: true).utf8) }
        extraPrefix = TraceFormat.kinds.map { k in
            switch TraceFormat.extra(k) {
            case .none: []
            case .typeName(let key), .elementName(let key), .integer(let key): Array(",\"\(key)\":".utf8)
            case .cause(let text): Array(",\"cause\":\"\(text)\"".utf8)
            case .shipped: Array(#","created":"#.utf8)
            case .step: Array(#","step":"#.utf8)
            case .resource: Array(#","res":"#.utf8)
            case .tested: Array(#","result":"#.utf8)
            }
        }
    }

    /// The sequence number and event of one event line (without its newline).
    public func decode(_ line: UnsafeBufferPointer<UInt8>) throws(DecodeError) -> (seq: Int64, event: EngineEvent) {
        var c = Cursor(bytes: line)
        try c.expect(#"{"seq":"#)
        let seq = try c.integer("seq")
        try c.expect(#","t":"#)
        let tick = try c.integer("t")
        try c.expect(#","ev":"#)
        let kindName = try c.string("ev")
        guard let k = kindIndex.index(of: UnsafeBufferPointer(rebasing: line[kindName])) else {
            throw DecodeError("unknown event kind '\(String(decoding: line[kindName], as: UTF8.self))'")
        }
        let kind = TraceFormat.kinds[k]
        try c.expect(#","el":"#)
        let element = try name(&c, "el")
        try c.expect(#","srv":"#)
        var server = try c.integer("srv")
        try c.expect(#","unit":"#)
        let unit = try c.integer("unit")
        var a: Int64 = 0
        try c.expect(bytes: extraPrefix[k])
        switch TraceFormat.extra(kind) {
        case .none, .cause: break
        case .typeName(let key):
            let t = try c.string(key)
            guard let i = typeIndex.index(of: UnsafeBufferPointer(rebasing: line[t])) else {
                throw DecodeError("unknown unit type '\(String(decoding: line[t], as: UTF8.self))'")
            }
            a = Int64(i)
        case .elementName(let key):
            a = Int64(try name(&c, key))
        case .integer(let key):
            a = try c.integer(key)
        case .shipped:
            a = try c.integer("created")
            try c.expect(#","reworked":"#)
            server = try c.integer("reworked")
        case .step(let end):
            a = try c.integer("step")
            guard a >= 0, a < Int64(stepStartText.count) else { throw DecodeError("\"step\": no program step \(a) in the trace's line") }
            // The rest of the line is fixed by the step; the closing brace is part of it.
            try c.expect(bytes: end ? stepEndText[Int(a)] : stepStartText[Int(a)])
            guard c.atEnd else { throw DecodeError("unexpected text after the event's closing brace") }
            return (seq, EngineEvent(tick: tick, kind: kind, element: element, server: Int32(server), unit: unit, a: a))
        case .resource:
            let r = try c.string("res")
            guard let i = resourceIndex.index(of: UnsafeBufferPointer(rebasing: line[r])) else {
                throw DecodeError("no resource named '\(String(decoding: line[r], as: UTF8.self))' in the trace's line")
            }
            a = Int64(i)
        case .tested:
            let r = try c.string("result")
            let text = String(decoding: line[r], as: UTF8.self)
            guard text == "pass" || text == "fail" else { throw DecodeError("\"result\": expected \"pass\" or \"fail\", found '\(text)'") }
            try c.expect(#","defective":"#)
            let d = try c.integer("defective")
            guard d == 0 || d == 1 else { throw DecodeError("\"defective\": expected 0 or 1, found \(d)") }
            a = (text == "fail" ? 1 : 0) | (d << 1)
        }
        try c.expect("}")
        guard c.atEnd else { throw DecodeError("unexpected text after the event's closing brace") }
        guard server >= 0, server <= Int64(Int32.max) else { throw DecodeError("server \(server) out of range") }
        return (seq, EngineEvent(tick: tick, kind: kind, element: element, server: Int32(server), unit: unit, a: a))
    }

    func name(_ c: inout Cursor, _ key: String) throws(DecodeError) -> Int32 {
        let n = try c.string(key)
        guard let i = elementIndex.index(of: UnsafeBufferPointer(rebasing: c.bytes[n])) else {
            throw DecodeError("no element named '\(String(decoding: c.bytes[n], as: UTF8.self))' in the trace's line")
        }
        return Int32(i)
    }

    /// What is wrong with one line (the reader adds file and line number).
    public struct DecodeError: Error, Sendable {
        public var message: String
        init(_ message: String) { self.message = message }
    }

    /// A position in one line.
    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        var atEnd: Bool { i == bytes.count }

        mutating func expect(_ literal: StaticString) throws(DecodeError) {
            let n = literal.utf8CodeUnitCount
            let p = literal.utf8Start
            guard i + n <= bytes.count else { throw DecodeError("expected '\(literal)' at column \(i + 1), found the end of the line") }
            for k in 0..<n where bytes[i + k] != p[k] { throw mismatch(String(describing: literal)) }
            i += n
        }

        mutating func expect(bytes literal: [UInt8]) throws(DecodeError) {
            for b in literal {
                guard i < bytes.count, bytes[i] == b else { throw mismatch(String(decoding: literal, as: UTF8.self)) }
                i += 1
            }
        }

        func mismatch(_ literal: String) -> DecodeError {
            let found = String(decoding: bytes[i..<min(bytes.count, i + literal.utf8.count + 8)], as: UTF8.self)
            return DecodeError("expected '\(literal)' at column \(i + 1), found '\(found)'")
        }

        mutating func integer(_ key: String) throws(DecodeError) -> Int64 {
            var negative = false
            if i < bytes.count && bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            let start = i
            var v: Int64 = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(bytes[i] - 48))
                if o1 || o2 { throw DecodeError("\"\(key)\": number too large") }
                v = s
                i += 1
            }
            guard i > start else { throw DecodeError("\"\(key)\": expected an integer at column \(start + 1)") }
            return negative ? -v : v
        }

        /// A string without escapes (names and kinds never need them in a trace): its byte range.
        mutating func string(_ key: String) throws(DecodeError) -> Range<Int> {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw DecodeError("\"\(key)\": expected a string at column \(i + 1)") }
            i += 1
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") { throw DecodeError("\"\(key)\": escapes are not used in trace names") }
                i += 1
            }
            guard i < bytes.count else { throw DecodeError("\"\(key)\": unterminated string") }
            let s = start..<i
            i += 1
            return s
        }
    }
}

/// Names (elements, unit types, event kinds) looked up by their UTF-8 bytes without building a
/// String or Array per lookup: open addressing on an FNV-1a hash, then a byte comparison.
struct NameTable {
    let names: [[UInt8]]
    /// Slot → index into `names`, or −1; the size is a power of two at least twice the count.
    let slots: [Int32]
    let mask: Int

    init(_ list: [String]) {
        names = list.map { Array($0.utf8) }
        var size = 8
        while size < 2 * max(names.count, 1) { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (i, n) in names.enumerated() {
            var h = n.withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            while slots[h] >= 0 { h = (h + 1) & (size - 1) }
            slots[h] = Int32(i)
        }
        self.slots = slots
        mask = size - 1
    }

    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h >> 1)
    }

    func index(of b: UnsafeBufferPointer<UInt8>) -> Int? {
        var h = Self.hash(b) & mask
        while true {
            let i = Int(slots[h])
            if i < 0 { return nil }
            if names[i].elementsEqual(b) { return i }
            h = (h + 1) & mask
        }
    }
}
