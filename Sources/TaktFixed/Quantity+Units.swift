/// What a quantity measures, and its internal unit.
public enum Dimension: Sendable, Hashable, CaseIterable {
    case dimensionless
    /// Metres.
    case length
    /// Turns: `Fixed(turns).raw == Angle.raw`.
    case angle
    /// Seconds.
    case duration
    /// m/s.
    case speed
    /// turn/s.
    case angularSpeed
    /// m/s².
    case acceleration
    /// turn/s².
    case angularAcceleration
    /// m/s³.
    case jerk
    /// turn/s³.
    case angularJerk
    /// Events per second ("60 /h", "0.8 /s", "3 per h").
    case rate
    /// A plain ratio written in percent ("99.5 %" → 0.995).
    case fraction

    /// The internal unit's symbol ("" for dimensionless and fraction).
    public var internalUnit: String {
        switch self {
        case .dimensionless, .fraction: ""
        case .length: "m"
        case .angle: "turn"
        case .duration: "s"
        case .speed: "m/s"
        case .angularSpeed: "turn/s"
        case .acceleration: "m/s^2"
        case .angularAcceleration: "turn/s^2"
        case .jerk: "m/s^3"
        case .angularJerk: "turn/s^3"
        case .rate: "/s"
        }
    }

    /// The unit symbols accepted for this dimension, as listed in error messages
    /// (aliases such as "m/s²", "°/s", "per h" are accepted too).
    public var units: [String] {
        QuantityUnit.table.filter { $0.dimension == self && $0.listed }.map(\.symbol)
    }

    var noun: String {
        switch self {
        case .dimensionless: "plain number"
        case .length: "length"
        case .angle: "angle"
        case .duration: "duration"
        case .speed: "speed"
        case .angularSpeed: "angular speed"
        case .acceleration: "acceleration"
        case .angularAcceleration: "angular acceleration"
        case .jerk: "jerk"
        case .angularJerk: "angular jerk"
        case .rate: "rate"
        case .fraction: "percentage"
        }
    }

    var pluralNoun: String { noun + "s" }

    var article: String {
        switch self {
        case .angle, .angularSpeed, .acceleration, .angularAcceleration, .angularJerk: "an"
        default: "a"
        }
    }

    /// A typical value, for error messages.
    var example: String {
        switch self {
        case .dimensionless: "0.5"
        case .length: "250 mm"
        case .angle: "90 deg"
        case .duration: "170 s"
        case .speed: "1.5 m/s"
        case .angularSpeed: "190 deg/s"
        case .acceleration: "2 m/s^2"
        case .angularAcceleration: "400 deg/s^2"
        case .jerk: "20 m/s^3"
        case .angularJerk: "2000 deg/s^3"
        case .rate: "60 /h"
        case .fraction: "99.5 %"
        }
    }

    /// `number` with this dimension's usual unit (a fixed example for percentages,
    /// where reusing a ratio like 0.995 would suggest the wrong value).
    func example(for number: String) -> String {
        switch self {
        case .dimensionless: number
        case .length: "\(number) m"
        case .angle: "\(number) deg"
        case .duration: "\(number) s"
        case .speed: "\(number) m/s"
        case .angularSpeed: "\(number) deg/s"
        case .acceleration: "\(number) m/s^2"
        case .angularAcceleration: "\(number) deg/s^2"
        case .jerk: "\(number) m/s^3"
        case .angularJerk: "\(number) deg/s^3"
        case .rate: "\(number) /h"
        case .fraction: example
        }
    }
}

/// One accepted unit symbol and its exact conversion to the internal unit.
struct QuantityUnit: Sendable {
    let symbol: String
    let dimension: Dimension
    let factor: DecimalScan.Factor
    /// Shown in "… take …" lists (aliases are not).
    let listed: Bool

    init(_ symbol: String, _ dimension: Dimension, _ factor: DecimalScan.Factor, listed: Bool = true) {
        self.symbol = symbol
        self.dimension = dimension
        self.factor = factor
        self.listed = listed
    }

    static func ratio(_ p: UInt128, _ q: UInt128) -> DecimalScan.Factor { .ratio(p, q) }

    /// Every accepted symbol, listed ones first within each dimension in display order.
    static let table: [QuantityUnit] = [
        // length → m
        .init("mm", .length, ratio(1, 1000)),
        .init("cm", .length, ratio(1, 100)),
        .init("m", .length, ratio(1, 1)),
        .init("km", .length, ratio(1000, 1)),
        // angle → turn
        .init("deg", .angle, ratio(1, 360)),
        .init("°", .angle, ratio(1, 360)),
        .init("rad", .angle, .perRadian),
        .init("turn", .angle, ratio(1, 1)),
        .init("rev", .angle, ratio(1, 1)),
        .init("turns", .angle, ratio(1, 1), listed: false),
        .init("revs", .angle, ratio(1, 1), listed: false),
        // duration → s
        .init("ms", .duration, ratio(1, 1000)),
        .init("s", .duration, ratio(1, 1)),
        .init("min", .duration, ratio(60, 1)),
        .init("h", .duration, ratio(3600, 1)),
        .init("d", .duration, ratio(86400, 1)),
        // speed → m/s
        .init("mm/s", .speed, ratio(1, 1000)),
        .init("m/s", .speed, ratio(1, 1)),
        .init("m/min", .speed, ratio(1, 60)),
        .init("km/h", .speed, ratio(1000, 3600)),
        .init("cm/s", .speed, ratio(1, 100), listed: false),
        // angular speed → turn/s
        .init("deg/s", .angularSpeed, ratio(1, 360)),
        .init("rad/s", .angularSpeed, .perRadian),
        .init("rpm", .angularSpeed, ratio(1, 60)),
        .init("turn/s", .angularSpeed, ratio(1, 1)),
        .init("°/s", .angularSpeed, ratio(1, 360), listed: false),
        .init("rev/s", .angularSpeed, ratio(1, 1), listed: false),
        // acceleration → m/s^2
        .init("mm/s^2", .acceleration, ratio(1, 1000)),
        .init("m/s^2", .acceleration, ratio(1, 1)),
        .init("mm/s²", .acceleration, ratio(1, 1000), listed: false),
        .init("m/s²", .acceleration, ratio(1, 1), listed: false),
        // angular acceleration → turn/s^2
        .init("deg/s^2", .angularAcceleration, ratio(1, 360)),
        .init("rad/s^2", .angularAcceleration, .perRadian),
        .init("turn/s^2", .angularAcceleration, ratio(1, 1)),
        .init("deg/s²", .angularAcceleration, ratio(1, 360), listed: false),
        .init("°/s^2", .angularAcceleration, ratio(1, 360), listed: false),
        .init("°/s²", .angularAcceleration, ratio(1, 360), listed: false),
        .init("rad/s²", .angularAcceleration, .perRadian, listed: false),
        .init("turn/s²", .angularAcceleration, ratio(1, 1), listed: false),
        // jerk → m/s^3
        .init("mm/s^3", .jerk, ratio(1, 1000)),
        .init("m/s^3", .jerk, ratio(1, 1)),
        .init("mm/s³", .jerk, ratio(1, 1000), listed: false),
        .init("m/s³", .jerk, ratio(1, 1), listed: false),
        // angular jerk → turn/s^3
        .init("deg/s^3", .angularJerk, ratio(1, 360)),
        .init("rad/s^3", .angularJerk, .perRadian),
        .init("turn/s^3", .angularJerk, ratio(1, 1)),
        .init("deg/s³", .angularJerk, ratio(1, 360), listed: false),
        .init("°/s^3", .angularJerk, ratio(1, 360), listed: false),
        .init("°/s³", .angularJerk, ratio(1, 360), listed: false),
        .init("rad/s³", .angularJerk, .perRadian, listed: false),
        .init("turn/s³", .angularJerk, ratio(1, 1), listed: false),
        // rate → per second: "/h" or "per h"
        .init("/s", .rate, ratio(1, 1)),
        .init("/min", .rate, ratio(1, 60)),
        .init("/h", .rate, ratio(1, 3600)),
        .init("/d", .rate, ratio(1, 86400)),
        .init("per s", .rate, ratio(1, 1), listed: false),
        .init("per min", .rate, ratio(1, 60), listed: false),
        .init("per h", .rate, ratio(1, 3600), listed: false),
        .init("per d", .rate, ratio(1, 86400), listed: false),
        // fraction → ratio
        .init("%", .fraction, ratio(1, 100)),
    ]

    /// The unit written `symbol`, or nil. A scan of `table` comparing UTF-8 bytes: no symbol has a
    /// canonically equivalent spelling in other bytes, and building a dictionary of the table (its
    /// non-ASCII keys hashed through Unicode normalization) cost more than all of a line file's
    /// lookups, at every start. (`QuantityTests` checks that no two symbols are the same.)
    static func find(_ symbol: String) -> QuantityUnit? {
        var symbol = symbol
        return symbol.withUTF8 { bytes in
            table.first { unit in
                var s = unit.symbol
                return s.withUTF8 { $0.elementsEqual(bytes) }
            }
        }
    }
}
