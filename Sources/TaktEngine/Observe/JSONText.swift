/// JSON string literals written by takt's own serializers (summaries, canonical line
/// files, CLI output): one escaping rule everywhere, so equal strings give equal bytes.
public enum JSONText {
    /// Appends `s` as a JSON string literal: `"` and `\` escaped, the short escapes
    /// `\b \f \n \r \t`, other control characters as `\u00XX`, everything else verbatim.
    public static func append(_ s: String, to out: inout String) {
        out += "\""
        // Most strings (names, keys, numbers) need no escape: appended whole, not scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }

    /// `s` as a JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = ""
        append(s, to: &out)
        return out
    }
}
