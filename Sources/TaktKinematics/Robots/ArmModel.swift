import TaktFixed

/// One link of a standard (distal) Denavit–Hartenberg table:
/// `A = Rz(θ + offset) · Tz(d) · Tx(a) · Rx(α)`.
@frozen
public struct DHLink: Sendable, Equatable {
    /// Link length a and offset d, metres.
    public var a: Fixed
    public var d: Fixed
    /// Twist α and joint zero offset.
    public var alpha: Angle
    public var offset: Angle
    /// sin α and cos α, computed once.
    public let sinAlpha: Fixed
    public let cosAlpha: Fixed

    public init(a: Fixed, d: Fixed, alpha: Angle, offset: Angle = .zero) {
        self.a = a; self.d = d; self.alpha = alpha; self.offset = offset
        let sc = alpha.sinCos
        // Exact values for the common twists 0 and ±90°, so FK of such arms carries no rounding from α.
        switch alpha.wrappedUnsigned.raw {
        case 0: (sinAlpha, cosAlpha) = (.zero, .one)
        case Angle.quarterTurn.raw: (sinAlpha, cosAlpha) = (.one, .zero)
        case Angle.halfTurn.raw: (sinAlpha, cosAlpha) = (.zero, -.one)
        case 3 * Angle.quarterTurn.raw: (sinAlpha, cosAlpha) = (-.one, .zero)
        default: (sinAlpha, cosAlpha) = (sc.sin, sc.cos)
        }
    }
}

/// A six-axis serial arm described by a standard DH table, with a tool (TCP) offset.
public struct ArmModel: Sendable, Equatable {
    /// Six links, base to flange.
    public var links: [DHLink]
    /// Flange-to-tool transform (identity when the TCP is the flange).
    public var tool: Pose
    /// The wrist structure, which decides the analytic IK used.
    public var wrist: WristKind

    public enum WristKind: Sendable, Equatable {
        /// Axes 4, 5, 6 meet in one point (Puma, FANUC, KUKA): a4 = a5 = d5 = 0, α2 = 0, α1, α3, α4, α5 = ±90°, α6 = 0.
        case spherical
        /// Universal Robots layout: α = [90°, 0, 0, 90°, −90°, 0], a1 = a4 = a5 = a6 = 0, d2 = d3 = 0.
        case universalRobots
        /// Anything else: forward kinematics only.
        case general
    }

    public init(links: [DHLink], tool: Pose = .identity) {
        precondition(links.count == 6, "an arm has six links")
        self.links = links
        self.tool = tool
        self.wrist = ArmModel.classify(links)
    }

    static func classify(_ l: [DHLink]) -> WristKind {
        func isRight(_ x: Angle) -> Bool { x.wrappedUnsigned == .quarterTurn || x.wrappedUnsigned.raw == 3 * Angle.quarterTurn.raw }
        func isZero(_ x: Angle) -> Bool { x.wrappedUnsigned == .zero }
        let q = Angle.quarterTurn
        if l[0].alpha.wrappedSigned == q, isZero(l[1].alpha), isZero(l[2].alpha), l[3].alpha.wrappedSigned == q,
           l[4].alpha.wrappedSigned == -q, isZero(l[5].alpha),
           l[0].a.isZero, l[1].d.isZero, l[2].d.isZero, l[3].a.isZero, l[4].a.isZero, l[5].a.isZero {
            return .universalRobots
        }
        if isRight(l[0].alpha), isZero(l[1].alpha), isRight(l[2].alpha), isRight(l[3].alpha), isRight(l[4].alpha),
           isZero(l[5].alpha), l[3].a.isZero, l[4].a.isZero, l[4].d.isZero, l[5].a.isZero {
            return .spherical
        }
        return .general
    }
}
