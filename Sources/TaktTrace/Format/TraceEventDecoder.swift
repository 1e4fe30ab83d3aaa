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
    let elementIndex: [[UInt8]: Int32]
    let typeIndex: [[UInt8]: Int64]
    let kindIndex: [[UInt8]: Int]

    public init(model: LineModel) {
        var e: [[UInt8]: Int32] = [:]
        for (i, el) in model.elements.enumerated() { e[Array(el.name.utf8)] = Int32(i) }
        elementIndex = e
        var t: [[UInt8]: Int64] = [:]
        for (i, name) in model.unitTypes.enumerated() { t[Array(name.utf8)] = Int64(i) }
        typeIndex = t
        var k: [[UInt8]: Int] = [:]
        for (i, name) in TraceFormat.kindNames.enumerated() { k[Array(name.utf8)] = i }
        kindIndex = k
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
        guard let k = kindIndex[kindName] else { throw DecodeError("unknown event kind '\(String(decoding: kindName, as: UTF8.self))'") }
        let kind = TraceFormat.kinds[k]
        try c.expect(#","el":"#)
        let element = try name(&c, "el")
        try c.expect(#","srv":"#)
        var server = try c.integer("srv")
        try c.expect(#","unit":"#)
        let unit = try c.integer("unit")
        var a: Int64 = 0
        switch TraceFormat.extra(kind) {
        case .none: break
        case .typeName(let key):
            try c.expect(",\"\(key)\":")
            let t = try c.string(key)
            guard let i = typeIndex[t] else { throw DecodeError("unknown unit type '\(String(decoding: t, as: UTF8.self))'") }
            a = i
        case .elementName(let key):
            try c.expect(",\"\(key)\":")
            a = Int64(try name(&c, key))
        case .integer(let key):
            try c.expect(",\"\(key)\":")
            a = try c.integer(key)
        case .cause(let text):
            try c.expect(",\"cause\":\"\(text)\"")
        case .shipped:
            try c.expect(#","created":"#)
            a = try c.integer("created")
            try c.expect(#","reworked":"#)
            server = try c.integer("reworked")
        }
        try c.expect("}")
        guard c.atEnd else { throw DecodeError("unexpected text after the event's closing brace") }
        guard server >= 0, server <= Int64(Int32.max) else { throw DecodeError("server \(server) out of range") }
        return (seq, EngineEvent(tick: tick, kind: kind, element: element, server: Int32(server), unit: unit, a: a))
    }

    func name(_ c: inout Cursor, _ key: String) throws(DecodeError) -> Int32 {
        let n = try c.string(key)
        guard let i = elementIndex[n] else { throw DecodeError("no element named '\(String(decoding: n, as: UTF8.self))' in the trace's line") }
        return i
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

        mutating func expect(_ literal: String) throws(DecodeError) {
            for b in literal.utf8 {
                guard i < bytes.count, bytes[i] == b else { throw mismatch(literal) }
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

        /// A string without escapes (names and kinds never need them in a trace).
        mutating func string(_ key: String) throws(DecodeError) -> [UInt8] {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw DecodeError("\"\(key)\": expected a string at column \(i + 1)") }
            i += 1
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") { throw DecodeError("\"\(key)\": escapes are not used in trace names") }
                i += 1
            }
            guard i < bytes.count else { throw DecodeError("\"\(key)\": unterminated string") }
            let s = Array(bytes[start..<i])
            i += 1
            return s
        }
    }
}
