#!/usr/bin/env python3
"""Generates TrigTables.swift: the integer constants behind Angle.sin/cos/atan2/asin/acos
and the radian conversions (Angle+Trig.swift, Angle+Conversions.swift).

It prints TrigTables.swift (byte-for-byte reproducible). From the package root,
`bash Tests/tables/run.sh --update` writes it (and the other generated tables) with pinned mpmath;
`bash Tests/tables/run.sh` only compares and fails on a difference.

Every table entry is the exact real value rounded to nearest at the stated scale
(ties cannot occur: all values are irrational or exact dyadics).  The script also
asserts the truncation bounds quoted in Angle+Trig.swift and the "no near-tie"
bounds that make the radian conversions correctly rounded.
"""
import sys

import mpmath

mpmath.mp.prec = 600

Q = 62                    # internal working scale: value · 2^62 in an Int64
SIN_STEPS = 256           # table points per octant (257 with both ends)
ATAN_STEPS = 256          # atan table on [0, 1] at i/256 (257 points)
ATAN_TERMS = 4            # Taylor coefficients per atan table point (plus the value)
TWO = mpmath.mpf(2)
PI = mpmath.pi


def rnd(x):
    """Nearest integer; asserts the value is not (close to) a tie."""
    f = mpmath.floor(x)
    frac = x - f
    assert abs(frac - mpmath.mpf(1) / 2) > mpmath.mpf(2) ** -40 or frac == 0, x
    return int(f) + (1 if frac > mpmath.mpf(1) / 2 else 0)


def q(x, bits=Q):
    return rnd(x * TWO ** bits)


def limbs(x, n=3):
    """floor(x · 2^(64 n)) for 0 ≤ x < 1, split into n UInt64 limbs, most significant first."""
    v = int(mpmath.floor(x * TWO ** (64 * n)))
    assert 0 <= v < 2 ** (64 * n)
    return [(v >> (64 * (n - 1 - k))) & (2 ** 64 - 1) for k in range(n)]


def pi_convergent_denominators(limit):
    """Continued-fraction convergent denominators q_k of π, up to the first one > limit."""
    x = PI
    qs = [0, 1]     # q_{-2}, q_{-1}
    while qs[-1] <= limit:
        a = int(mpmath.floor(x))
        qs.append(a * qs[-1] + qs[-2])
        x = 1 / (x - a)
    return qs[2:]


def min_dist_q_pi(qmax):
    """A lower bound of min_{1 ≤ q ≤ qmax} |q π - p| over integers p (best-approximation theorem:
    the minimum is at the last convergent q_k ≤ qmax, and |q_k π - p_k| > 1/(q_k + q_{k+1}))."""
    qs = pi_convergent_denominators(qmax)
    k = max(i for i, d in enumerate(qs) if d <= qmax)
    return mpmath.mpf(1) / (qs[k] + qs[k + 1])


def atan_taylor(x, n):
    """[atan x, c1, ..., cn] with atan(x + h) = Σ c_k h^k, exactly: atan' = 1/(1+t²) =
    (1/(t-i) - 1/(t+i)) / 2i, and [h^m] 1/(x+h-a) = (-1)^m / (x-a)^(m+1)."""
    out = [mpmath.atan(x)]
    for k in range(1, n + 1):
        m = k - 1
        d = (-1) ** m * ((x - 1j) ** -(m + 1) - (x + 1j) ** -(m + 1)) / 2j
        assert abs(mpmath.im(d)) < TWO ** -500
        out.append(mpmath.re(d) / k)
    return out


def check_bounds():
    # sin/cos: |δ| ≤ half a table step = 2^20 units = 2π · 2^20 / 2^32 rad.
    d = 2 * PI * TWO ** 20 / TWO ** 32
    sin_rem = d ** 5 / 120           # after δ - δ³/6
    cos_rem = d ** 6 / 720           # after 1 - δ²/2 + δ⁴/24
    assert sin_rem < TWO ** -53 and cos_rem < TWO ** -64, (sin_rem, cos_rem)
    # atan: |h| ≤ 2^-9 around i/256; |atan⁽ⁿ⁾| ≤ (n-1)!, so the Lagrange remainder after the
    # h⁴ term is ≤ 4!/5! · |h|⁵ rad.
    atan_rem = TWO ** (-9 * 5) / 5 / (2 * PI)    # in turns
    assert atan_rem < TWO ** -49, atan_rem
    # Conversions with 192-bit constants: the product error (< 2^63 · 2^-192) must be far below
    # the closest approach of an exact result to a rounding tie (a half-integer).
    err = TWO ** 63 * TWO ** -192
    # n / 2π = m + 1/2  ⇔  n = (2m+1) π: distance ≥ min_{q ≤ 2^63/π + 1} ‖qπ‖ / (2π)
    to_angle = min_dist_q_pi(int(TWO ** 63 / PI) + 2) / (2 * PI)
    # n · 2π = m + 1/2  ⇔  4nπ = 2m+1: distance ≥ min_{q ≤ 2^65} ‖qπ‖ / 2
    to_radians = min_dist_q_pi(2 ** 65) / 2
    assert to_angle > err * TWO ** 40 and to_radians > err * TWO ** 40, (to_angle, to_radians)
    return sin_rem, cos_rem, atan_rem, to_angle, to_radians


def hexlit(v, width=16):
    s = '%0*X' % (width, abs(v))
    s = '_'.join(s[i:i + 4] for i in range(0, len(s), 4))
    return ('-0x' if v < 0 else '0x') + s


def array(name, doc, values, per_line=4):
    out = [doc, '    @usableFromInline static let %s: [Int64] = [' % name]
    for k in range(0, len(values), per_line):
        out.append('        ' + ', '.join(hexlit(v) for v in values[k:k + per_line]) + ',')
    out.append('    ]')
    return out


def generate():
    sin_rem, cos_rem, atan_rem, to_angle, to_radians = check_bounds()

    sincos = []
    for i in range(SIN_STEPS + 1):
        a = 2 * PI * i / (8 * SIN_STEPS)
        sincos += [q(mpmath.sin(a)), q(mpmath.cos(a))]
    assert sincos[0] == 0 and sincos[1] == 2 ** Q and sincos[-1] == sincos[-2]

    # atan Taylor coefficients at i/256, in turns: atan(x + h) = Σ_{k≤4} c_k h^k.
    atan = []
    for i in range(ATAN_STEPS + 1):
        atan += [q(c / (2 * PI)) for c in atan_taylor(mpmath.mpf(i) / ATAN_STEPS, ATAN_TERMS)]
    assert atan[0] == 0 and atan[1] == q(1 / (2 * PI)) and atan[2] == 0     # atan(h) = h - h³/3 …
    assert atan[(ATAN_TERMS + 1) * ATAN_STEPS] == 2 ** (Q - 3)

    # sin/cos remainder polynomial on the integer remainder δ (|δ| ≤ 2^20 units of 2π/2^32 rad):
    k = 2 * PI / TWO ** 32
    sin_c1 = q(k, 92)                  # δ rad in Q62        = δ · c1 >> 30
    cos_c2 = q(k ** 2 / 2, 120)        # δ²/2 rad² in Q62     = δ² · c2 >> 58
    sin_c3 = q(k ** 3 / 6, 152)        # δ³/6 rad³ in Q62     = δ³ · c3 >> 90
    cos_c4 = q(k ** 4 / 24, 182)       # δ⁴/24 rad⁴ in Q62    = (δ²/2^10)² · c4 >> 100
    for c in (sin_c1, cos_c2, sin_c3, cos_c4):
        assert 2 ** 59 < c < 2 ** 63, c

    inv_two_pi_limbs = limbs(1 / (2 * PI))
    two_pi_int = int(mpmath.floor(2 * PI))
    two_pi_limbs = limbs(2 * PI - two_pi_int)
    pi_raw, half_pi_raw, two_pi_raw = q(PI, 32), q(PI / 2, 32), q(2 * PI, 32)

    def e(x):
        return mpmath.nstr(x, 3, min_fixed=0, max_fixed=0)

    L = [
        '// GENERATED by gen_tables.py (python3 + mpmath). Do not edit by hand.',
        '// Regenerate from the package root:  bash Tests/tables/run.sh --update',
        '// (without --update it only checks that this file is up to date).',
        '//',
        '// Scales: Q62 = value · 2^62 in an Int64, rounded to nearest; angles in Q62 *turns*.',
        '// Truncation bounds asserted by the generator: sin series %s, cos series %s (rad),' % (e(sin_rem), e(cos_rem)),
        '// atan series %s (turns); closest approach of an exact conversion result to a rounding tie:' % e(atan_rem),
        '// radians→angle %s, angle→radians %s (vs. 192-bit constant error < 2^-129).' % (e(to_angle), e(to_radians)),
        '',
        '@usableFromInline',
        'enum TrigTables {',
        '    /// Table points per octant (sin/cos) and on [0, 1] (atan).',
        '    @inlinable static var sinSteps: Int { %d }' % SIN_STEPS,
        '    @inlinable static var atanSteps: Int { %d }' % ATAN_STEPS,
        '    @inlinable static var atanStride: Int { %d }' % (ATAN_TERMS + 1),
        '    /// sin/cos of the table remainder δ (integer units, |δ| ≤ 2^20), all in Q62:',
        '    /// δ rad = δ·c1 >> 30, δ²/2 = δ²·c2 >> 58, δ³/6 = δ³·c3 >> 90, δ⁴/24 = (δ² >> 10)²·c4 >> 100.',
        '    @inlinable static var sinC1: Int64 { %s }' % hexlit(sin_c1),
        '    @inlinable static var cosC2: Int64 { %s }' % hexlit(cos_c2),
        '    @inlinable static var sinC3: Int64 { %s }' % hexlit(sin_c3),
        '    @inlinable static var cosC4: Int64 { %s }' % hexlit(cos_c4),
        '    /// 1 / (2π) = 0.f0f1f2 (192 fraction bits, truncated; error < 2^-192).',
        '    @inlinable static var invTwoPiFraction: (UInt64, UInt64, UInt64) { (%s) }'
        % ', '.join(hexlit(v) for v in inv_two_pi_limbs),
        '    /// 2π = %d + 0.f0f1f2 (192 fraction bits, truncated; error < 2^-192).' % two_pi_int,
        '    @inlinable static var twoPiInteger: UInt64 { %d }' % two_pi_int,
        '    @inlinable static var twoPiFraction: (UInt64, UInt64, UInt64) { (%s) }'
        % ', '.join(hexlit(v) for v in two_pi_limbs),
        '    /// π, π/2, 2π in Q32.32, correctly rounded.',
        '    @inlinable static var piRaw: Int64 { %s }' % hexlit(pi_raw),
        '    @inlinable static var halfPiRaw: Int64 { %s }' % hexlit(half_pi_raw),
        '    @inlinable static var twoPiRaw: Int64 { %s }' % hexlit(two_pi_raw),
        '',
    ]
    L += array('sinCosQ62',
               '    /// sin, cos (interleaved) of i/%d of an octant (2π·i/%d rad), i = 0...%d, in Q62.'
               % (SIN_STEPS, 8 * SIN_STEPS, SIN_STEPS), sincos)
    L.append('')
    L += array('atanTaylorQ62',
               '    /// Per point x = i/%d, i = 0...%d: atan(x) and its Taylor coefficients c1...c%d (atan(x+h) ≈ Σ c_k h^k),\n'
               '    /// all divided by 2π (turns), in Q62; %d entries per point.'
               % (ATAN_STEPS, ATAN_STEPS, ATAN_TERMS, ATAN_TERMS + 1), atan, per_line=ATAN_TERMS + 1)
    L.append('}')
    return '\n'.join(L) + '\n'


# The file this generator's output is kept in, beside it (read by Tests/tables/run.sh).
OUTPUT = 'TrigTables.swift'

if __name__ == '__main__':
    sys.stdout.write(generate())
