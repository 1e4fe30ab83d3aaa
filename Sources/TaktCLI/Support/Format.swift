import TaktFixed
import TaktEngine

/// Text formatting of fixed-point values for output (exact, half-even).
enum Format {
    /// A JSON array of numbers printed with `decimals` places.
    static func jsonArray(_ xs: [Fixed], decimals: Int) -> String {
        "[" + xs.map { $0.formatted(decimals: decimals) }.joined(separator: ",") + "]"
    }

    /// A JSON string literal (the one escaping rule of every takt serializer).
    static func jsonString(_ s: String) -> String { JSONText.quoted(s) }

    /// Parses "a,b,c" (each a plain decimal, or a quantity when `unit` is given) exactly.
    static func decimals(_ text: String, option: String, unit: String? = nil, dimension: Dimension? = nil) throws(UsageError) -> [Fixed] {
        var out: [Fixed] = []
        for (i, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let s = part.trimmingSpaces
            guard !s.isEmpty else { throw UsageError("--\(option): value \(i + 1) is empty in '\(text)'") }
            do {
                if let dimension {
                    let hasUnit = s.unicodeScalars.contains { $0.properties.isAlphabetic || $0 == "°" }
                    out.append(try Quantity.parse(hasUnit ? s : "\(s) \(unit ?? "")", as: dimension))
                } else {
                    out.append(try Fixed(decimal: s))
                }
            } catch {
                throw UsageError("--\(option): value \(i + 1) '\(s)': \(error)")
            }
        }
        return out
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

extension String {
    /// `self` cut or padded with spaces to `length` UTF-16 code units: Foundation's
    /// `padding(toLength:withPad: " ", startingAt: 0)`, which needs the full Foundation (and ICU
    /// loaded at every launch) where the CLI imports only FoundationEssentials.
    func padded(toLength length: Int) -> String {
        let n = utf16.count
        if n <= length { return self + String(repeating: " ", count: length - n) }
        let cut = utf16[..<utf16.index(utf16.startIndex, offsetBy: length)]
        return String(cut) ?? String(prefix(length))
    }
}
