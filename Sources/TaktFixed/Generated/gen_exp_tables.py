#!/usr/bin/env python3
"""Generates ExpTables.swift: the integer constants behind Fixed.log / Fixed.exp.

It prints ExpTables.swift (byte-for-byte reproducible). From the package root,
`bash Tests/tables/run.sh --update` writes it (and the other generated tables) with pinned mpmath;
`bash Tests/tables/run.sh` only compares and fails on a difference.

Every constant is the exact real value rounded to nearest at the stated scale (ties
cannot occur: the values are irrational or exact dyadics; `rnd` asserts it). The script
also asserts the bounds quoted in Fixed+Exp.swift: the range of the log remainder r (so
r · 2^(64+b) fits an Int64), the truncation of both series, and that every word of the
log kernel fits 64 bits.

log (Fixed+Exp.swift, `lnWide`): x = m · 2^e with m in [1, 2) (held as M = m · 2^63),
i = round((m − 1) · 2^b) in 0...2^b, J_i = round(2^62 / (1 + i/2^b)), so that
r = m · J_i / 2^62 − 1 is small (|r| < 2^-(b+1)), and

    ln x = e · ln 2 + T_i + ln(1 + r),   T_i = ln(2^62 / J_i),
    ln(1 + r) = r − r²/2 + r³ · ((1/3 − r/4) + r² (1/5 − r/6 + r²/7))   (D = 7).

T_i is stored in two words, T_i · 2^127 rounded = hi · 2^64 + lo (hi rounded to Q63, lo signed),
so the table's own error (2^-128) is negligible.
"""
import sys
from fractions import Fraction

import mpmath

mpmath.mp.prec = 400
TWO = mpmath.mpf(2)

Q = 62                      # exp's working format: value · 2^62
LOG_BITS = 8                # b: log table index bits (2^b + 1 points, 24 bytes each)
LOG_DEGREE = 7              # D: ln(1 + r) series through r^D, |r| < 2^-(b+1)
LOG_SUM = 63 + 3 * LOG_BITS  # Q87: the scale of the log sum (where r³ · s lands)
EXP_TERMS = 17              # e^r = Σ_{n<17} r^n / n!, |r| ≤ ln2/2 + 2^-30


def rnd(x):
    """Nearest integer; asserts the value is not (close to) a tie."""
    f = mpmath.floor(x)
    frac = x - f
    assert abs(frac - mpmath.mpf(1) / 2) > TWO ** -40 or frac == 0, x
    return int(f) + (1 if frac > mpmath.mpf(1) / 2 else 0)


def q(value, bits=Q):
    return rnd(value * TWO ** bits)


def hexlit(v, width=16):
    s = '%0*X' % (width, abs(v))
    s = '_'.join(s[i:i + 4] for i in range(0, len(s), 4))
    return ('-0x' if v < 0 else '0x') + s


def log_table():
    """[J_0, Thi_0, Tlo_0, J_1, ...] for i = 0...2^b, and the largest |r · 2^(64+b)| the kernel
    can compute (r_pos: above every positive r; r_neg: the most negative). T_i · 2^127 rounded = Thi_i · 2^64 + Tlo_i, Thi_i = T_i rounded to Q63."""
    b = LOG_BITS
    out = []
    r_pos, r_neg = 0, 0
    for i in range(2 ** b + 1):
        c = Fraction(2 ** b + i, 2 ** b)
        j = round(Fraction(2 ** 62) / c)                      # Fraction rounding: exact (no ties occur)
        assert 2 ** 61 <= j <= 2 ** 62, (i, j)
        t = mpmath.log(TWO ** 62 / j)
        hi = q(t, 63)
        lo = q(t, 127) - hi * 2 ** 64
        assert 0 <= hi < 2 ** 63 and -2 ** 63 <= lo < 2 ** 63
        out += [j, hi, lo]
        # the mantissas M (Q63) with index i: i = (M − 2^63 + 2^(62−b)) >> (63−b)
        lo_m = max(2 ** 63, 2 ** 63 + i * 2 ** (63 - b) - 2 ** (62 - b))
        hi_m = min(2 ** 64 - 1, 2 ** 63 + i * 2 ** (63 - b) + 2 ** (62 - b) - 1)
        for m in (lo_m, hi_m):                                # r is monotone in M: the ends bound it
            r = (m * j - 2 ** 125) >> (61 - b)                # the kernel's r · 2^(64+b), floored
            r_pos, r_neg = max(r_pos, r + 1), min(r_neg, r)
    assert out[:3] == [2 ** 62, 0, 0]                         # i = 0: ln 1 = 0 exactly
    assert out[-3] == 2 ** 61                                 # i = 2^b: T = ln 2
    assert -2 ** 63 <= r_neg and r_pos < 2 ** 63, (r_neg, r_pos)
    return out, r_pos, r_neg


def log_coefficients():
    """(−1)^(k+1)/k for k = 3...D, the one for r^k scaled by 2^(63 − (k−3)·b), so that every
    product with r (Q(64+b)) or r² (Q(64+2b)), taken as its high 64 bits, lands on the scale
    of the term it is added to with no shift: 1/3 − r/4 in Q63, 1/5 − r/6 + r²/7 in Q(63−2b)."""
    assert LOG_DEGREE == 7                                   # the kernel's evaluation order is written for r⁷
    return [(k, q(mpmath.mpf((-1) ** (k + 1)) / k, 63 - (k - 3) * LOG_BITS)) for k in range(3, LOG_DEGREE + 1)]


def check_bounds(r_pos, r_neg):
    b, d = LOG_BITS, LOG_DEGREE
    r_max = max(r_pos, -r_neg)
    rp, rn = mpmath.mpf(r_pos) / TWO ** (64 + b), mpmath.mpf(-r_neg) / TWO ** (64 + b)
    r = max(rp, rn)                                           # |r| bound as computed
    assert r < TWO ** -(b + 1)
    # the series remainder: alternating for r > 0, ≤ r^(D+1)/(D+1); all one sign for r < 0,
    # ≤ |r|^(D+1) / ((D+1)(1 − |r|))
    log_rem = max(rp ** (d + 1) / (d + 1), rn ** (d + 1) / (d + 1) / (1 - rn))
    assert log_rem < TWO ** -75, log_rem
    # the words of the kernel: r² · 2^(64+2b), r³ · 2^(64+3b), the factor s = 1/3 − r/4 + r²/5 − …
    # in Q63 and r³ · s · 2^(63+3b) all fit an Int64 (with room for the floors).
    rr = r_max ** 2 >> 64
    rrr = rr * r_max >> 64
    s_max = (mpmath.mpf(1) / 3 + r / 4 + r * r / 5 + r ** 3 / 6 + r ** 4 / 7) * TWO ** 63
    assert rr < 2 ** 62 and rrr < 2 ** 62 and s_max < 2 ** 62, (rr, rrr, s_max)
    assert rrr * 2 ** 62 >> 64 < 2 ** 62
    r_exp = mpmath.log(2) / 2 + TWO ** -30
    exp_rem = r_exp ** EXP_TERMS / mpmath.factorial(EXP_TERMS) * 2
    assert exp_rem < TWO ** -66, exp_rem
    return r, log_rem, exp_rem


def generate():
    table, r_pos, r_neg = log_table()
    r, log_rem, exp_rem = check_bounds(r_pos, r_neg)
    coefficients = log_coefficients()
    for _, c in coefficients:
        assert -2 ** 63 <= c < 2 ** 63
    ln2 = mpmath.log(2)

    def e(x):
        return mpmath.nstr(x, 3, min_fixed=0, max_fixed=0)

    L = [
        '// GENERATED by gen_exp_tables.py (python3 + mpmath). Do not edit by hand.',
        '// Regenerate from the package root:  bash Tests/tables/run.sh --update',
        '// (without --update it only checks that this file is up to date).',
        '//',
        '// Scales: Qn = value · 2^n, rounded to nearest.',
        '// Asserted by the generator: log remainder |r| ≤ %s (< 2^-%d), log series truncation %s (< 2^-75),'
        % (e(r), LOG_BITS + 1, e(log_rem)),
        '// exp series truncation %s (< 2^-66).' % e(exp_rem),
        '',
        '@usableFromInline enum ExpTables {',
        '    // MARK: log',
        '',
        '    /// b: the log table is indexed by the top b fraction bits of the mantissa, rounded (0...2^b).',
        '    @usableFromInline static var logIndexBits: Int { %d }' % LOG_BITS,
        '    /// ln 2 in Q%d, the scale of the log sum (e · ln 2 for |e| ≤ 64 within 2^-%d).'
        % (LOG_SUM, LOG_SUM - 5),
        '    static var ln2Wide: Int128 { %d }' % q(ln2, LOG_SUM),
        '    /// ln(1 + r) = r − r²/2 + r³ ((c3 + r·c4) + r² (c5 + r·c6 + r²·c7)), cₖ = (−1)^(k+1)/k in Q(63 − (k−3)·%d).'
        % LOG_BITS,
    ]
    for k, c in coefficients:
        L.append('    static var logC%d: Int64 { %s }  // %s1/%d in Q%d'
                 % (k, hexlit(c), '-' if c < 0 else '+', k, 63 - (k - 3) * LOG_BITS))
    L += [
        '',
        '    /// Per point i = 0...%d: J_i = round(2^62 / (1 + i/%d)) and T_i = ln(2^62 / J_i) as two words,'
        % (2 ** LOG_BITS, 2 ** LOG_BITS),
        '    /// T_i · 2^127 = hi · 2^64 + lo (hi = T_i in Q63, lo signed), interleaved [J, hi, lo]. T_0 = 0, T_%d = ln 2.'
        % (2 ** LOG_BITS),
        '    static let logTable: [Int64] = [',
    ]
    for k in range(0, len(table), 3):
        L.append('        ' + ', '.join(hexlit(v) for v in table[k:k + 3]) + ',')
    L += [
        '    ]',
        '',
        '    // MARK: exp',
        '',
        '    /// 1.0 in Q62.',
        '    static let oneQ62: Int128 = %d' % (1 << Q),
        '    /// ln 2 in Q120 (for k · ln 2 with |k| ≤ 64 without losing bits).',
        '    static let ln2Q120: Int128 = %d' % q(ln2, 120),
        '    /// 1 / ln 2 in Q62.',
        '    static let invLn2Q62: Int64 = %d' % q(1 / ln2),
        '',
        '    /// 1 / n! in Q62, n = 0..<%d: the Taylor series of exp.' % EXP_TERMS,
        '    static let expCoefficients: [Int64] = [',
    ]
    for n in range(EXP_TERMS):
        L.append('        %d,  // 1/%d!' % (q(1 / mpmath.factorial(n)), n))
    L += ['    ]', '}']
    return '\n'.join(L) + '\n'


# The file this generator's output is kept in, beside it (read by Tests/tables/run.sh).
OUTPUT = 'ExpTables.swift'

if __name__ == '__main__':
    sys.stdout.write(generate())
