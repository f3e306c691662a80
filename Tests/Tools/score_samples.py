#!/usr/bin/env python3
"""Scores policylint on drafts with planted errors marked ⟦family:text⟧ (format of ../shared/SAMPLES.md).

A diagnostic matches a mark when its code family fits and its range overlaps the marked text within 8
UTF-16 units on either side. recall = matched marks / marks; precision = matched warnings / all warnings
(severity warning or error) over all drafts.

usage: score_samples.py POLICYLINT_BIN OUT_DIR DRAFT... [-- extra policylint check args]
Prints a JSON summary on stdout; exits 0.
"""
import json
import os
import re
import subprocess
import sys

FAMILIES = {"dup": "duplicate", "fig": "figure", "cnt": "figure", "stale": "slogan", "var": "slogan"}
MARK = re.compile(r"⟦([a-z|]+):(.*?)⟧", re.S)


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def strip(marked):
    """Returns the plain text and the marks as (families, start, end) in UTF-16 offsets."""
    out, marks, pos = [], [], 0
    for m in MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        start = utf16_len("".join(out))
        out.append(m.group(2))
        marks.append(({FAMILIES[f] for f in m.group(1).split("|")}, start, start + utf16_len(m.group(2)), m.group(0)))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), marks


def offset(text_lines, pos):
    return sum(utf16_len(l) for l in text_lines[: pos["line"]]) + pos["character"]


def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        i = args.index("--")
        args, extra = args[:i], args[i + 1:]
    binary, out_dir, drafts = args[0], args[1], args[2:]
    os.makedirs(out_dir, exist_ok=True)
    plain_paths, all_marks = [], {}
    for d in drafts:
        with open(d, encoding="utf-8") as f:
            text, marks = strip(f.read())
        p = os.path.join(out_dir, os.path.basename(d))
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        plain_paths.append(p)
        all_marks[os.path.abspath(p)] = (text, marks)
    r = subprocess.run([binary, "check", "--format", "json", "--fail-on", "never", *extra, *plain_paths],
                       capture_output=True, text=True)
    report = json.loads(r.stdout)
    total_marks = matched_marks = warnings = matched_warnings = 0
    details = []
    for f in report["files"]:
        text, marks = all_marks[os.path.abspath(f["path"])]
        lines = text.splitlines(keepends=True)
        diags = [(d, offset(lines, d["range"]["start"]), offset(lines, d["range"]["end"])) for d in f["diagnostics"]]
        total_marks += len(marks)
        for fams, s, e, label in marks:
            hit = any(d["code"].split("/")[0] in fams and ds <= e + 8 and de >= s - 8 for d, ds, de in diags)
            matched_marks += hit
            if not hit:
                details.append({"file": os.path.basename(f["path"]), "missed": label})
        for d, ds, de in diags:
            if d["severity"] > 2:
                continue
            warnings += 1
            ok = any(d["code"].split("/")[0] in fams and ds <= e + 8 and de >= s - 8 for fams, s, e, _ in marks)
            matched_warnings += ok
            if not ok:
                details.append({"file": os.path.basename(f["path"]), "false_warning": d["code"], "message": d["message"],
                                "line": d["range"]["start"]["line"] + 1})
    print(json.dumps({
        "marks": total_marks, "matched_marks": matched_marks, "warnings": warnings,
        "matched_warnings": matched_warnings,
        "recall": matched_marks / total_marks if total_marks else 1.0,
        "precision": matched_warnings / warnings if warnings else 1.0,
        "details": details, "errors": report.get("errors", []),
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
