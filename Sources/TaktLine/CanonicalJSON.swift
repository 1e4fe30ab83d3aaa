import TaktEngine
import TaktJSON

/// Canonical serialisation of a parsed document: object keys in file order, no whitespace,
/// numbers exactly as written, strings as UTF-8 with only '"', '\' and U+0000…U+001F escaped
/// (\b \f \n \r \t, otherwise \u00xx in lower-case hex). Equal trees give equal bytes.
enum CanonicalJSON {
    static func write(_ value: JSONValue, to out: inout String) {
        switch value.kind {
        case .object(let members):
            out += "{"
            for (i, m) in members.enumerated() {
                if i > 0 { out += "," }
                writeString(m.key, to: &out)
                out += ":"
                write(m.value, to: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .string(let s): writeString(s, to: &out)
        case .number(let text): out += text
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    static func writeString(_ s: String, to out: inout String) { JSONText.append(s, to: &out) }
}
