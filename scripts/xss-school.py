#!/usr/bin/env python3
"""Write a small hostile school project for Rollbook's escaping and containment check.

usage: scripts/xss-school.py OUTDIR

OUTDIR gets rollbook.yml and Data/pupils.csv, marks.csv, contacts.csv (format: the data
contract, sections 2-3; same shape as Tests/RollbookKitTests/Fixtures/tiny-school/). Pupil
names, surnames, class names, year groups, pupil ids, UPNs, contact reasons and channels, the
school name, a term name, a closure reason, the national label and source, one unknown mark
and one unknown pupil id carry payloads that would run script (they set window.__xss) or climb
out of the output folder if Rollbook ever failed to escape or contain them. Every pupil has
absences, so each appears on the cases page, the fix list and in letters.

Build it with `rollbook build OUTDIR --output OUTDIR/site --as-of AS_OF` (AS_OF is printed)
and check it with `scripts/site-check.sh --xss-site OUTDIR/site`.
Stdlib only; the output is the same on every run.
"""

import csv
import datetime as dt
import json
import sys
from pathlib import Path

AS_OF = "2025-10-17"
YEAR_START = dt.date(2025, 9, 1)
TERM = (dt.date(2025, 9, 1), dt.date(2025, 10, 24))
CLOSURE = (dt.date(2025, 9, 10), "PM")

# The payloads of the issue "Escaping and containment".
SCRIPT = "<script>window.__xss=1</script>"
IMG = '"><img src=x onerror="window.__xss=1">'
SVG = "'><svg onload=window.__xss=1>"
JSURL = "javascript:window.__xss=1"
TEXTAREA = "</textarea><script>window.__xss=1</script>"
MUSTACHE2 = "{{x}}"
MUSTACHE3 = "{{{x}}}"
DOTS = "../../etc/passwd"
SLASH = "/"
CLASSY = "7/B"
NEWLINE = "Line one\nline two"
LONG = "Long" + "o" * 4992 + "name"          # 5 000 characters
QUOTES = "O\"Brien D'Arcy"
AMP = "Smith &amp; Jones &lt;b&gt;"
RLO = "\u202egnp.exe\u202c Evil"              # right-to-left override ... pop
# Escapes that work per Unicode scalar are safe; ones that work per grapheme cluster (Swift
# Character) are not: U+0600 (a "prepend" character) glues itself to the next `<` or `>`, and
# U+0301 (a combining accent) to the `"` before it, so a Character-based escaper that looks up
# "<" or "\"" misses them.
GRAPHEME = "\"\u0301 \u0600>\u0600<img src=x onerror=window.__xss=1 \u0600>"
TEMPLATE = "{{name}} {{school_name}} {{>partials.key}}"  # letter placeholders, Mustache partial

assert len(LONG) == 5000

# (pupil_id, upn, forename, surname, class, year_group)
PUPILS = [
    (SCRIPT, IMG, SCRIPT, "Adams", CLASSY, "7"),
    (IMG, SVG, "Ben", IMG, CLASSY, "7"),
    (SVG, JSURL, SVG, "Cole " + MUSTACHE2, SLASH, SVG),
    (JSURL, TEXTAREA, JSURL, "Dune", SLASH, SVG),
    (TEXTAREA, MUSTACHE2, "Eve " + MUSTACHE3, TEXTAREA, DOTS, "../../etc"),
    (MUSTACHE2, MUSTACHE3, TEMPLATE, "Ford", DOTS, "../../etc"),
    (MUSTACHE3, DOTS, "Gail", "Green " + MUSTACHE3, SCRIPT, TEXTAREA),
    (DOTS, SLASH, NEWLINE, "Hart", SCRIPT, TEXTAREA),
    (SLASH, CLASSY, "Ivy", NEWLINE, IMG, MUSTACHE2),
    (CLASSY, "7_2FB", LONG, "Jones", IMG, MUSTACHE2),
    ("7_2FB", QUOTES, "Kit", LONG, TEXTAREA, JSURL),   # Slug.make("7/B") is "7_2FB"
    ("7-2FB", AMP, QUOTES, AMP, RLO, JSURL),
    ("ab1", RLO, RLO, "Lane", RLO, MUSTACHE3),
    ("AB1", "", AMP, RLO, "7A", "7"),                    # differs from "ab1" only in case
    ("AB1--2", "", "Nia", "Case", "7A", "7"),           # the slug "AB1" gets for "ab1" taken
    ("L" * 300, "", "Mia", QUOTES, "7A", "7"),          # a file name longer than any FS allows
    (GRAPHEME, GRAPHEME, GRAPHEME, "Nash " + GRAPHEME, GRAPHEME, GRAPHEME),
    ("P17", "A17", "Omar", GRAPHEME + " Oak", CLASSY, "7"),
]


def school_days():
    d = TERM[0]
    while d <= min(TERM[1], dt.date.fromisoformat(AS_OF)):
        if d.weekday() < 5:
            yield d
        d += dt.timedelta(days=1)


def sessions():
    for d in school_days():
        for s in ("AM", "PM"):
            if (d, s) != CLOSURE:
                yield d, s


def mark_for(k: int, n: int, d: dt.date, s: str):
    """The mark of pupil k on its n-th session (or None for no mark)."""
    kind = k % 5
    if kind == 0 and 10 <= n < 34:          # 12 school days in a row unauthorised: run, penalty
        return "O"
    if kind == 1 and n % 2 == 0 and n >= 4:  # half the sessions unauthorised: severe, penalty
        return "U" if n % 4 else "G"
    if kind == 2 and n in (2, 3, 8, 9, 14, 15, 20, 21):  # unexplained N, long overdue
        return "N"
    if kind == 2 and 30 <= n < 36:
        return "I"
    if kind == 3 and n % 6 == 1:             # persistent, penalty threshold
        return "G"
    if kind == 4 and n % 5 == 0:             # persistent, with an N left unresolved
        return "N" if n < 20 else "C"
    return "/" if s == "AM" else "\\"


def yaml_str(s: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(s, ensure_ascii=True)


def main(argv) -> int:
    if len(argv) != 2 or argv[1].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])
    (out / "Data").mkdir(parents=True, exist_ok=True)

    # The school's name is on every parents' page too, so its payloads must not repeat a pupil's
    # id, UPN or name word for word (the privacy check would rightly stop the build): they set
    # window.__xss=2 and load src=s.
    def other(p):
        return p.replace("=1", "=2").replace("src=x", "src=s")
    school = " ".join(["Oak", other(SCRIPT), other(IMG), other(SVG), other(JSURL) + ";", other(TEXTAREA),
                       "{{school}} {{{school}}} ../../.. / 7/C &amp; \"Q\" 'q' \u202etsurT\u202c",
                       other(GRAPHEME), "Academy"])
    (out / "rollbook.yml").write_text(f"""\
# A hostile school written by scripts/xss-school.py: every text field carries a payload.
school:
  name: {yaml_str(school)}
  urn: {yaml_str("1<b>0" + IMG.replace("img", "img class=u"))}
year:
  start: {YEAR_START.isoformat()}
  end: 2026-07-22
as_of: {AS_OF}
terms:
  - {{ name: {yaml_str("Autumn " + SCRIPT.replace("=1", "=1;/*t*/") + " " + GRAPHEME.replace("img", "img class=t"))}, start: {TERM[0]}, end: {TERM[1]} }}
  - {{ name: "Autumn 2", start: 2025-11-03, end: 2025-12-19 }}
closures:
  - {{ date: {CLOSURE[0]}, session: {CLOSURE[1]}, reason: {yaml_str("Parents' evening " + IMG.replace("img", "img class=c") + " " + GRAPHEME.replace("img", "img class=c"))} }}
registers:
  am_opens: "08:45"
  am_closes: "09:15"
  pm_opens: "13:15"
  pm_closes: "13:30"
national:
  label: {yaml_str("national " + SCRIPT.replace("=1", "=1;/*n*/") + " " + GRAPHEME.replace("img", "img class=n"))}
  source: {yaml_str(JSURL + " " + IMG.replace("img", "img class=n"))}
""", encoding="utf-8")

    with open(out / "Data" / "pupils.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["pupil_id", "upn", "forename", "surname", "class", "year_group", "admitted", "left"])
        for pid, upn, fore, sur, cls, year in PUPILS:
            w.writerow([pid, upn, fore, sur, cls, year, "", ""])

    slots = list(sessions())
    with open(out / "Data" / "marks.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["pupil_id", "date", "session", "mark", "minutes_late", "recorded_at"])
        for k, p in enumerate(PUPILS):
            for n, (d, s) in enumerate(slots):
                if k == 3 and n == 41:
                    continue                          # a missing mark for the fix list
                m = mark_for(k, n, d, s)
                w.writerow([p[0], d.isoformat(), s, m, "", ""])
                if k == 5 and n == 40:                # conflicting marks
                    w.writerow([p[0], d.isoformat(), s, "O", "", ""])
        # Hostile values where the rules quote them back: an unknown code, an unknown pupil.
        d, s = slots[12]
        w.writerow([PUPILS[0][0], d.isoformat(), s, SCRIPT.replace("=1", "=1;/*m*/"), "", ""])
        w.writerow([PUPILS[15][0], d.isoformat(), s, GRAPHEME.replace("img", "img class=m"), "", ""])
        w.writerow([IMG.replace("img", "img class=x") + " nobody", d.isoformat(), s, "/", "", ""])
        w.writerow([GRAPHEME.replace("img", "img class=x") + " nobody", d.isoformat(), s, "/", "", ""])

    with open(out / "Data" / "contacts.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["pupil_id", "date", "session", "kind", "reason", "received_at", "channel"])
        reasons = [SCRIPT, IMG, SVG, JSURL, TEXTAREA, MUSTACHE2, MUSTACHE3, DOTS, NEWLINE, QUOTES, AMP, RLO, GRAPHEME]
        channels = [IMG, SVG, TEXTAREA, MUSTACHE3, JSURL, SCRIPT, RLO, GRAPHEME]
        for k, p in enumerate(PUPILS):
            for j, n in enumerate((2, 10, 41)):
                d, s = slots[n]
                w.writerow([p[0], d.isoformat(), s if j != 1 else "", "absence" if j != 2 else "late",
                            reasons[(k + j) % len(reasons)], f"{d.isoformat()}T08:0{j}",
                            channels[(k + j) % len(channels)]])
        d, _ = slots[4]
        w.writerow([SCRIPT.replace("=1", "=1;/*k*/") + " nobody", d.isoformat(), "", "absence", SVG, "", IMG])

    print(f"xss-school: wrote {out} ({len(PUPILS)} pupils, {len(slots)} sessions, as_of {AS_OF})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
