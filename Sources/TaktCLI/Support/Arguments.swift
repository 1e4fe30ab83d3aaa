import TaktJSON

/// Command-line arguments of one command: options (`--name value`, `--name=value`,
/// flags) and positionals. Options are declared up front so that an unknown or
/// misspelt one is an error that names the nearest valid option.
struct Arguments {
    private(set) var positionals: [String] = []
    /// Option values in the order given, and the flags given. Plain lists: a command has a
    /// handful, and a dictionary or set type costs its first use at start-up a generic-metadata
    /// instantiation of about 200,000 instructions (a conformance scan of the static binary).
    private var values: [(name: String, value: String)] = []
    private var flags: [String] = []

    /// - Parameters:
    ///   - options: names (without `--`) that take a value.
    ///   - flags: names that take none.
    init(_ args: [String], options: [String], flags flagNames: [String], command: String) throws(UsageError) {
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let a = args[i]
            i += 1
            if onlyPositionals || !a.hasPrefix("--") || a == "-" {
                if a.hasPrefix("-") && a != "-" && !onlyPositionals && !Arguments.isNumber(a) {
                    throw UsageError("\(command): unknown option '\(a)'; options start with '--' (see 'takt \(command) --help')")
                }
                positionals.append(a)
                continue
            }
            if a == "--" { onlyPositionals = true; continue }
            var name = String(a.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if flagNames.contains(name) {
                if inline != nil { throw UsageError("\(command): --\(name) takes no value") }
                if !flags.contains(name) { flags.append(name) }
            } else if options.contains(name) {
                let v: String
                if let inline { v = inline } else {
                    guard i < args.count else { throw UsageError("\(command): --\(name) needs a value") }
                    v = args[i]
                    i += 1
                }
                values.append((name, v))
            } else {
                let near = nearest(to: name, in: options + flagNames)
                let hint = near.isEmpty ? "see 'takt \(command) --help'" : "did you mean \(near.map { "--\($0)" }.joined(separator: " or "))?"
                throw UsageError("\(command): unknown option '--\(name)'; \(hint)")
            }
        }
    }

    static func isNumber(_ s: String) -> Bool {
        guard let f = s.dropFirst().first else { return false }
        return f.isNumber || f == "."
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }
    /// The last value given for an option.
    func value(_ name: String) -> String? { values.last { $0.name == name }?.value }
    /// Every value given for a repeatable option, in order.
    func all(_ name: String) -> [String] { values.filter { $0.name == name }.map(\.value) }

    /// One of a fixed set of words.
    func choice(_ name: String, _ allowed: [String], default d: String, command: String) throws(UsageError) -> String {
        guard let v = value(name) else { return d }
        guard allowed.contains(v) else {
            throw UsageError("\(command): --\(name) must be one of \(allowed.joined(separator: ", ")), not '\(v)'")
        }
        return v
    }
}
