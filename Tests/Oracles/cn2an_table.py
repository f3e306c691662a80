#!/usr/bin/env python3
"""Numeral oracle for policylint's Chinese numeral parser, using cn2an (PyPI).

    python cn2an_table.py generate > Tests/Fixtures/cn2an-numerals.tsv
    python cn2an_table.py check Tests/Fixtures/cn2an-numerals.tsv   # regenerate and compare; exit 1 on a diff

The table has one numeral per line: `numeral <TAB> cn2an <TAB> expected <TAB> note`.
`cn2an` is what cn2an.cn2an(numeral, "normal") returns (`error` when it raises); `expected` is the value
policylint must read (`none`: not a number). They agree except on the rows listed in KNOWN_DIFFERENCES, where
cn2an is wrong for policy texts; the note says why. The Swift test NumeralOracleTests reads the committed
table always, and runs `check` when POLICYLINT_VENV points at a venv with cn2an.
"""
import sys

import cn2an

# Where cn2an and policy texts disagree: numeral -> (value policylint reads or None, why).
KNOWN_DIFFERENCES = {
    "千万": (10_000_000, "cn2an rejects a leading 千 without 一; policy texts write 千万 (e.g. 千万元)"),
    "百万": (1_000_000, "cn2an rejects a leading 百 without 一; policy texts write 百万 (e.g. 百万人口)"),
    "百亿": (10_000_000_000, "cn2an rejects a leading 百 without 一 (百亿元)"),
    "千亿": (100_000_000_000, "cn2an rejects a leading 千 without 一 (千亿立方米级)"),
    "百": (100, "cn2an rejects a bare 百; it is 100 (百年)"),
    "两两": (None, "cn2an reads 22; 两两 means 'in pairs', 两 is never written digit by digit"),
    "一二": (12, "cn2an reads 12 digit by digit; policylint's parser agrees but the extractor treats 2-digit "
              "strings without 年 as approximate pairs (一两, 三五天) and lists no figure"),
    "一亿五": (150_000_000, "cn2an rejects the colloquial trailing digit after 亿 (it reads 三万五 and 一百五); "
               "一亿五 is 1.5亿"),
    "一百十": (None, "cn2an (normal mode) reads 110; after 百 the tens need a digit (一百一十), strict cn2an rejects it"),
}


def lcg(seed):
    """A small deterministic generator, so the table does not depend on Python's random module."""
    state = seed
    while True:
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        yield state >> 33


def numerals():
    out = []
    seen = set()

    def add(s):
        if s not in seen:
            seen.add(s)
            out.append(s)

    # Every number 0..120 and the round numbers policy texts use.
    for n in range(0, 121):
        add(cn2an.an2cn(n))
    for n in [200, 300, 1000, 1001, 1010, 1100, 2000, 2035, 10000, 10001, 10010, 10100, 11000, 20000, 100000,
              100001, 1000000, 10000000, 100000000, 100000001, 105000000, 1008175288, 2000000000000]:
        add(cn2an.an2cn(n))
    # Pseudo-random integers of every size, with zeros inside.
    g = lcg(20231120)
    for digits in range(2, 14):
        for _ in range(18):
            n = next(g) % (10 ** digits)
            if n >= 10 ** (digits - 1):
                add(cn2an.an2cn(n))
    # 两 for 二 before units, as written: 两百, 两千, 两万, 两亿, 两万亿.
    for n in [200, 2000, 20000, 200000000, 2000000000000, 2500, 22000, 200300]:
        s = cn2an.an2cn(n)
        add(s.replace("二", "两", 1) if s.startswith("二") else s)
    # 一十 as well as 十.
    for n in [10, 12, 19, 100010, 110000]:
        s = cn2an.an2cn(n)
        add(("一" + s) if s.startswith("十") else s.replace("十", "一十", 1))
    # Years digit by digit.
    for y in [1949, 1957, 1978, 2000, 2012, 2021, 2023, 2024, 2025, 2027, 2035, 2049]:
        add("".join("〇一二三四五六七八九"[int(c)] for c in str(y)))
    # Decimals and colloquial forms.
    for s in ["零点五", "一点二", "三点一四", "十二点五", "一百点零一", "三万五", "一百五", "两千三", "一亿五", "十万零三",
              "二十万零五百", "一千零一十", "四千零五十", "一万零一百", "三千零五万", "一亿零五百万", "一千万亿", "五十万亿",
              "三十五万亿", "八百万亿"]:
        add(s)
    for s in KNOWN_DIFFERENCES:
        add(s)
    return out


def read(s):
    try:
        return cn2an.cn2an(s, "normal")
    except Exception:  # cn2an raises ValueError and others on what it cannot read
        return None


def fmt(v):
    if v is None:
        return "error"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return repr(v) if isinstance(v, float) else str(v)


def table():
    rows = []
    for s in numerals():
        got = read(s)
        if s in KNOWN_DIFFERENCES:
            expected, note = KNOWN_DIFFERENCES[s]
            rows.append((s, fmt(got), "none" if expected is None else fmt(expected), note))
        else:
            rows.append((s, fmt(got), fmt(got), ""))
    return rows


def render(rows):
    return "".join("\t".join(r) + "\n" for r in rows)


def main(argv):
    if len(argv) >= 2 and argv[1] == "generate":
        sys.stdout.write(render(table()))
        return 0
    if len(argv) >= 3 and argv[1] == "check":
        with open(argv[2], encoding="utf-8") as f:
            committed = f.read()
        fresh = render(table())
        if fresh == committed:
            return 0
        old = committed.splitlines()
        new = fresh.splitlines()
        for a, b in zip(old, new):
            if a != b:
                sys.stderr.write(f"committed: {a}\ncn2an now: {b}\n")
        if len(old) != len(new):
            sys.stderr.write(f"committed has {len(old)} rows, cn2an gives {len(new)}\n")
        return 1
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
