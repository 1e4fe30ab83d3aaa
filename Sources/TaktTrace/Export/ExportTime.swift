/// Times for exports, exact: a tick is `tickNanoseconds` whole nanoseconds, so every time is an
/// integer number of nanoseconds, written as decimal text built from integers (no floating point).
///
/// Wall-clock times (OCEL) are `epoch + tick × tick_ns`, in UTC. The default epoch is
/// 2025-01-06T00:00:00Z, a Monday at midnight, so shift calendars that start on Monday at tick 0
/// line up with real weekdays. Fractions of a second get the fewest digits of 3, 6 or 9 that show
/// every tick of the trace exactly (3 for the usual 1 ms tick).
public struct ExportClock: Sendable, Equatable {
    public static let defaultEpoch = "2025-01-06T00:00:00Z"

    public let tickNanoseconds: Int64
    /// Tick 0 in seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int64
    /// Digits after the decimal point in seconds: 3, 6 or 9.
    public let fractionDigits: Int

    /// - Precondition: `tickNanoseconds > 0`.
    public init(tickNanoseconds: Int64, epochSeconds: Int64 = 1_736_121_600) {
        precondition(tickNanoseconds > 0, "a tick lasts at least 1 ns")
        self.tickNanoseconds = tickNanoseconds
        self.epochSeconds = epochSeconds
        fractionDigits = tickNanoseconds % 1_000_000 == 0 ? 3 : tickNanoseconds % 1_000 == 0 ? 6 : 9
    }

    /// Nanoseconds since tick 0.
    @inline(__always)
    public func nanoseconds(_ tick: Int64) -> Int128 { Int128(tick) * Int128(tickNanoseconds) }

    /// `2025-01-06T00:01:08.492Z`: the epoch plus `tick`, UTC, with `fractionDigits` decimals.
    public func iso8601(_ tick: Int64) -> String {
        let total = Int128(epochSeconds) * 1_000_000_000 + nanoseconds(tick)
        var seconds = total / 1_000_000_000, nanos = total % 1_000_000_000
        if nanos < 0 { nanos += 1_000_000_000; seconds -= 1 }
        var days = seconds / 86_400, rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = Self.civil(daysSince1970: Int64(days))
        var s = Self.digits(Int128(y), 4) + "-" + Self.digits(Int128(m), 2) + "-" + Self.digits(Int128(d), 2)
        s += "T" + Self.digits(rest / 3600, 2) + ":" + Self.digits(rest / 60 % 60, 2) + ":" + Self.digits(rest % 60, 2)
        return s + "." + fraction(nanos) + "Z"
    }

    /// Seconds since tick 0 with `fractionDigits` decimals: `68.492`.
    public func seconds(_ tick: Int64) -> String {
        let ns = nanoseconds(tick)
        let sign = ns < 0 ? "-" : ""
        let m = ns.magnitude
        return sign + String(m / 1_000_000_000) + "." + fraction(Int128(m % 1_000_000_000))
    }

    /// Microseconds since tick 0, the fewest digits that are exact: `68492000`, `0.25`.
    public func microseconds(_ tick: Int64) -> String { Self.microseconds(nanoseconds: nanoseconds(tick)) }

    /// `ns` / 1000 as exact decimal text without trailing zeros.
    public static func microseconds(nanoseconds ns: Int128) -> String {
        let sign = ns < 0 ? "-" : ""
        let m = ns.magnitude
        var s = sign + String(m / 1000)
        let r = m % 1000
        if r != 0 {
            var f = digits(Int128(r), 3)
            while f.last == "0" { f.removeLast() }
            s += "." + f
        }
        return s
    }

    func fraction(_ nanos: Int128) -> String {
        switch fractionDigits {
        case 3: Self.digits(nanos / 1_000_000, 3)
        case 6: Self.digits(nanos / 1_000, 6)
        default: Self.digits(nanos, 9)
        }
    }

    /// `v` (≥ 0) zero-padded to `width` digits.
    static func digits(_ v: Int128, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian; Hinnant's algorithm).
    static func civil(daysSince1970 z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days since 1970-01-01 of a civil date (inverse of `civil`).
    static func days(year y0: Int64, month m: Int64, day d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds; `+00:00` may stand for `Z`) into seconds
    /// since 1970; nil with the reason when it is not that.
    public static func parseEpoch(_ text: String) -> Result<Int64, EpochError> {
        var s = Array(text.utf8)
        if s.count == 25, String(decoding: s[19...], as: UTF8.self) == "+00:00" { s = Array(s[..<19]) + [UInt8(ascii: "Z")] }
        let shape = Array("dddd-dd-ddTdd:dd:ddZ".utf8)
        guard s.count == shape.count, zip(s, shape).allSatisfy({ c, p in p == UInt8(ascii: "d") ? (48...57).contains(c) : c == p }) else {
            return .failure(EpochError(text: text, reason: "expected YYYY-MM-DDTHH:MM:SSZ (UTC, whole seconds), e.g. \(defaultEpoch)"))
        }
        func n(_ r: Range<Int>) -> Int64 { s[r].reduce(0) { $0 * 10 + Int64($1 - 48) } }
        let (y, mo, d, h, mi, se) = (n(0..<4), n(5..<7), n(8..<10), n(11..<13), n(14..<16), n(17..<19))
        guard (1...12).contains(mo), h < 24, mi < 60, se < 60, y >= 1 else {
            return .failure(EpochError(text: text, reason: "no such date or time"))
        }
        let day = days(year: y, month: mo, day: d)
        guard d >= 1, civil(daysSince1970: day) == (y, mo, d) else { return .failure(EpochError(text: text, reason: "no such date")) }
        return .success(day * 86_400 + h * 3600 + mi * 60 + se)
    }

    public struct EpochError: Error, Sendable, CustomStringConvertible {
        public var text: String
        public var reason: String
        public var description: String { "epoch '\(text)': \(reason)" }
    }
}
