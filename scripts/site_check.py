#!/usr/bin/env python3
"""Python half of scripts/site-check.sh (stdlib + selenium only).

Subcommands (SITE_DIR holds intranet/ and parents/):

  site_check.py refs SITE_DIR
      Scan every .html/.css file (and warn on .js) for references that would
      load or lead outside the site: http:, https:, //host, /root-relative,
      paths that climb out of SITE_DIR, parents/ pointing into intranet/, and
      links to a directory (over file:// that opens a directory listing, not
      index.html), and #fragments that name no id in the target page.  Pages
      that cannot be reached from intranet/index.html or parents/index.html
      are listed (linkchecker never sees them) and their relative links are
      checked for missing targets here.
      Exit 0 = clean, 1 = problems found.

  site_check.py browser SITE_DIR --shots DIR --axe AXE_JS [PAGE ...]
      Headless Chromium through Selenium: run axe-core on each page (WCAG 2.2
      AA tags + best-practice; serious/critical fail, moderate/minor warn) and
      save screenshots at 1280x900 and 390x844 plus a print PDF into DIR.
      Pages: PAGE args, else $PAGES (whitespace separated), else the file
      named by $PAGES_FILE (one per line, # comments), else auto-chosen.
      Exit 0 = no serious/critical violation, 1 = violations or errors.

  site_check.py xss SITE_DIR [--project DIR] [--pupils N]
      Hostile-data check for a site built from scripts/xss-school.py (or any
      site): every .html page is opened in headless Chromium with JavaScript
      on; the finder (#finder-q) and the pupil filter (#pupil-filter) get
      payloads typed into them, every sortable column heading is clicked, every
      <details> is opened, and pupils.html is also loaded with ?q=<payload>.
      Fails if window.__xss is ever set (a setter installed before any page
      script records it, in every frame), if alert/confirm/prompt/print is
      called or a dialog opens, if a page navigates away by itself, or if the
      DOM holds an inline event handler (on*=), a javascript:/vbscript: URL,
      an inline or foreign <script>, <iframe>/<object>/<embed>/<base>/<frame>
      or a meta refresh.  Also fails if any file under SITE_DIR resolves
      (realpath) outside it or is a symlink, if the project folder (DIR, or
      SITE_DIR/.. when it holds rollbook.yml) holds files the build should not
      have written, or if pupil pages collide: the number of
      intranet/pupils/*.html files, of rows in pupils.html and of distinct
      pupil links there must all equal the number of pupils (N, else the rows
      of DIR/Data/pupils.csv).
      Exit 0 = clean, 1 = problems found.
"""

from __future__ import annotations

import argparse
import base64
import glob
import html.parser
import os
import re
import sys
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

TREES = ("intranet", "parents")

# --------------------------------------------------------------------------
# refs: references that leave the site
# --------------------------------------------------------------------------

# Attributes whose value is one URL.
URL_ATTRS = {
    "href", "src", "action", "formaction", "poster", "data", "cite",
    "background", "manifest", "longdesc", "ping", "xlink:href",
}
SRCSET_ATTRS = {"srcset", "imagesrcset"}
SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
FAIL_SCHEMES = {"http", "https", "ftp", "ws", "wss", "file"}
OK_SCHEMES = {"mailto", "tel", "sms", "data", "about", "blob"}
CSS_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
CSS_IMPORT_RE = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
JS_URL_RE = re.compile(r"""["'`]((?:https?:)?//[^"'`\s]+)""")


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def css_refs(text: str, base_line: int = 1):
    """Yield (line, url) for url(...) and @import in CSS text."""
    # Blank out comments but keep newlines so line numbers stay right.
    text = CSS_COMMENT_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for rx in (CSS_URL_RE, CSS_IMPORT_RE):
        for m in rx.finditer(text):
            url = next(g for g in m.groups() if g is not None)
            yield base_line + line_of(text, m.start()) - 1, url


class RefParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[int, str, str]] = []  # (line, what, url)
        self.ids: set[str] = set()
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        a = {k.lower(): (v or "") for k, v in attrs}
        for k, v in a.items():
            if k in ("id", "name") and v:
                self.ids.add(v)
            if k in URL_ATTRS:
                self.refs.append((line, f"<{tag} {k}>", v))
            elif k in SRCSET_ATTRS:
                for cand in v.split(","):
                    cand = cand.strip().split()
                    if cand:
                        self.refs.append((line, f"<{tag} {k}>", cand[0]))
            elif k == "style":
                for _, u in css_refs(v):
                    self.refs.append((line, f"<{tag} style>", u))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            m = re.search(r"url\s*=\s*['\"]?([^'\"]+)", a.get("content", ""), re.I)
            if m:
                self.refs.append((line, "<meta refresh>", m.group(1).strip()))
        if tag == "style":
            self._in_style = True

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            for ln, u in css_refs(data, self.getpos()[0]):
                self.refs.append((ln, "<style>", u))


def classify(url: str):
    """Return ('ok'|'fail'|'warn'|'local', reason)."""
    u = url.strip()
    if not u or u.startswith("#"):
        return "ok", ""
    if u.startswith("//"):
        return "fail", "protocol-relative URL (loads from another host)"
    m = SCHEME_RE.match(u)
    if m:
        scheme = m.group(1).lower()
        if scheme in FAIL_SCHEMES:
            return "fail", f"{scheme}: URL (external; pages must load nothing from outside the site)"
        if scheme in OK_SCHEMES:
            return "ok", ""
        if scheme == "javascript":
            return "warn", "javascript: URL"
        return "warn", f"unusual scheme {scheme}:"
    if u.startswith("/") or u.startswith("\\"):
        return "fail", "root-relative URL (over file:// this points at the filesystem root)"
    return "local", ""


def resolve_local(src: Path, url: str) -> Path:
    path = urllib.parse.unquote(urllib.parse.urlsplit(url.strip()).path)
    return Path(os.path.normpath(src.parent / path)) if path else src


def tree_of(root: Path, p: Path):
    try:
        rel = p.relative_to(root)
    except ValueError:
        return None
    return rel.parts[0] if rel.parts else ""


def cmd_refs(site: Path) -> int:
    site = site.resolve()
    fails, warns = [], []
    links: dict[Path, list[tuple[int, str, str, Path]]] = defaultdict(list)
    html_files, n_files = [], 0
    ids: dict[Path, set[str]] = {}
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames.sort()
        for fn in sorted(filenames):
            p = Path(dirpath) / fn
            ext = p.suffix.lower()
            if ext not in (".html", ".htm", ".css", ".js", ".mjs"):
                continue
            n_files += 1
            text = p.read_text(encoding="utf-8", errors="replace")
            rel = p.relative_to(site)
            if ext in (".js", ".mjs"):
                for m in JS_URL_RE.finditer(text):
                    warns.append(f"{rel}:{line_of(text, m.start())}: JS mentions {m.group(1)!r} "
                                 "(not verified: make sure nothing external is fetched)")
                continue
            if ext == ".css":
                refs = [(ln, "css url()", u) for ln, u in css_refs(text)]
            else:
                html_files.append(p)
                parser = RefParser()
                parser.feed(text)
                parser.close()
                refs = parser.refs
                ids[p] = parser.ids
            for ln, what, url in refs:
                kind, why = classify(url)
                if ext != ".css" and url.strip().startswith("#") and what.endswith(" href>"):
                    links[p].append((ln, what, url, p))  # same-page fragment
                where = f"{rel}:{ln}: {what} {url!r}"
                if kind == "fail":
                    fails.append(f"{where}: {why}")
                elif kind == "warn":
                    warns.append(f"{where}: {why}")
                elif kind == "local":
                    target = resolve_local(p, url)
                    t_tree, s_tree = tree_of(site, target), tree_of(site, p)
                    if t_tree is None:
                        fails.append(f"{where}: leaves the site directory (resolves to {target})")
                    elif t_tree != s_tree and s_tree in TREES:
                        if s_tree == "parents":
                            fails.append(f"{where}: parents/ page references {target.relative_to(site)}; "
                                         "the parents site must be self-contained")
                        else:
                            warns.append(f"{where}: reaches into {t_tree}/ "
                                         "(each tree should be self-contained)")
                    elif target.is_dir():
                        fails.append(f"{where}: links to a directory; over file:// that shows a "
                                     "directory listing - link to .../index.html instead")
                    if ext != ".css":
                        links[p].append((ln, what, url, target))

    # Reachability from the two entry pages (linkchecker only crawls these).
    start = [site / t / "index.html" for t in TREES]
    seen, todo = set(), [s for s in start if s.is_file()]
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        for _, _, _, target in links.get(p, ()):
            if target.suffix.lower() in (".html", ".htm") and target.is_file() and target not in seen:
                todo.append(target)
    orphans = [p for p in html_files if p not in seen]
    for p in orphans:
        warns.append(f"{p.relative_to(site)}: not reachable from intranet/index.html or "
                     "parents/index.html (linkchecker does not crawl it; its links are checked here)")
        for ln, what, url, target in links.get(p, ()):
            if not target.exists():
                fails.append(f"{p.relative_to(site)}:{ln}: {what} {url!r}: target does not exist")

    # Fragments (#id) of links between pages: linkchecker runs without its slow
    # AnchorCheck plugin, so every page's links are checked here.
    n_frag = 0
    for p, items in links.items():
        for ln, what, url, target in items:
            frag = urllib.parse.unquote(urllib.parse.urlsplit(url.strip()).fragment)
            if not frag or frag == "top" or frag.startswith(":~:") or target not in ids:
                continue
            n_frag += 1
            if frag not in ids[target]:
                fails.append(f"{p.relative_to(site)}:{ln}: {what} {url!r}: no id={frag!r} in "
                             f"{target.relative_to(site)}")

    for w in warns:
        print(f"  warning: {w}")
    for f in fails:
        print(f"  ERROR: {f}")
    print(f"  refs: scanned {n_files} html/css/js files ({n_frag} #fragment links), {len(fails)} error(s), "
          f"{len(warns)} warning(s), {len(orphans)} unreachable page(s)")
    return 1 if fails else 0


# --------------------------------------------------------------------------
# browser: axe-core + screenshots
# --------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAIL_IMPACTS = ("critical", "serious")
WARN_IMPACTS = ("moderate", "minor")
VIEWPORTS = [("desktop", 1280, 900, False), ("phone", 390, 844, True)]
MAX_SHOT_HEIGHT = 12000

# role -> glob patterns tried in order (relative to SITE_DIR); then a regex
# over all pages of the tree as a fallback, since the exact names may change.
AUTO_PAGES = [
    ("intranet index", ["intranet/index.html"], None),
    ("class page", ["intranet/classes/*.html", "intranet/classes/*/index.html",
                    "intranet/class/*.html", "intranet/class/*/index.html",
                    "intranet/class-*.html", "intranet/classes-*.html"],
     r"^intranet/.*class"),
    ("pupil page", ["intranet/pupils/*.html", "intranet/pupils/*/index.html",
                    "intranet/pupil/*.html", "intranet/pupil/*/index.html",
                    "intranet/pupil-*.html", "intranet/pupils-*.html"],
     r"^intranet/.*pupil"),
    ("fix list", ["intranet/fix-list.html", "intranet/fixlist.html", "intranet/fix_list.html",
                  "intranet/fixes.html", "intranet/fix-list/index.html", "intranet/fixes/index.html"],
     r"^intranet/.*fix"),
    ("cases page", ["intranet/cases.html", "intranet/cases/index.html", "intranet/case-list.html"],
     r"^intranet/.*case"),
    # Issue 15's insight pages.
    ("groups page", ["intranet/groups.html"], None),
    ("bands page", ["intranet/bands.html"], None),
    ("projection page", ["intranet/projection.html"], None),
    ("trends page", ["intranet/trends.html"], None),
    ("national page", ["intranet/benchmarks.html"], None),
    ("meeting pack", ["intranet/pack.html"], None),
    ("last year page", ["intranet/compare.html"], None),
    ("returns page", ["intranet/returns.html"], None),
    ("pupils list", ["intranet/pupils.html"], None),
    ("parents index", ["parents/index.html"], None),
    ("campaign page", ["parents/campaigns/*.html", "parents/campaigns/*/index.html",
                       "parents/campaign/*.html", "parents/campaign/*/index.html",
                       "parents/campaign-*.html", "parents/campaigns-*.html"],
     # else: any other parents page, preferring one without a language suffix (x.pl.html)
     [r"^parents/.*campaign", r"^parents/(?!index\.html$)[^/]+(?<!\.[a-z]{2})(?<!\.[a-z]{2}-[A-Za-z]{2})\.html$",
      r"^parents/(?!index\.html$)"]),
]


def natural_key(s: str):
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", s)]


def auto_pages(site: Path):
    all_html = sorted((p.relative_to(site).as_posix() for p in site.rglob("*.html")), key=natural_key)
    chosen, missing = [], []
    for role, patterns, fallback in AUTO_PAGES:
        pick = None
        for pat in patterns:
            hits = sorted((Path(h).relative_to(site).as_posix() for h in glob.glob(str(site / pat))),
                          key=natural_key)
            # "first class page" means a page about one class, not the list of classes
            hits = [h for h in hits if h not in chosen
                    and not (pat.endswith("/*.html") and h.endswith("/index.html"))]
            if hits:
                pick = hits[0]
                break
        for rx in ([fallback] if isinstance(fallback, str) else fallback or []):
            if pick is not None:
                break
            hits = [h for h in all_html if re.search(rx, h, re.I) and h not in chosen]
            pick = hits[0] if hits else None
        if pick:
            chosen.append(pick)
        else:
            missing.append(role)
    return chosen, missing


def page_list(site: Path, args_pages):
    if args_pages:
        return list(args_pages), [], "command line"
    if os.environ.get("PAGES", "").strip():
        return os.environ["PAGES"].split(), [], "$PAGES"
    if os.environ.get("PAGES_FILE", "").strip():
        lines = Path(os.environ["PAGES_FILE"]).read_text().splitlines()
        pages = [ln.split("#", 1)[0].strip() for ln in lines]
        return [p for p in pages if p], [], f"$PAGES_FILE ({os.environ['PAGES_FILE']})"
    chosen, missing = auto_pages(site)
    return chosen, missing, "auto"


def make_driver():
    os.environ.setdefault("SE_AVOID_STATS", "true")
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--hide-scrollbars", "--force-color-profile=srgb", "--lang=en-GB",
              "--window-size=1280,900", "--disable-extensions", "--no-first-run",
              "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--disable-default-apps"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    drv = webdriver.Chrome(service=service, options=opts)
    drv.set_page_load_timeout(60)
    drv.set_script_timeout(120)
    return drv


def set_viewport(drv, w, h, mobile):
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                        {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile})


def clear_console(drv):
    """Forgets the browser console's output so far (the log is read once, then empty)."""
    try:
        drv.get_log("browser")
    except Exception:  # noqa: BLE001
        pass


def settle(drv):
    # wait for load + fonts + two animation frames
    drv.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const go = () => requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
        const fonts = document.fonts ? document.fonts.ready : Promise.resolve();
        if (document.readyState === 'complete') fonts.then(go); else
          addEventListener('load', () => fonts.then(go));
    """)


def full_page_png(drv, path: Path, w: int, h: int):
    height = drv.execute_script(
        "return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)")
    height = max(h, min(int(height or h), MAX_SHOT_HEIGHT))
    shot = drv.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": w, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


AXE_RUN_JS = """
const done = arguments[arguments.length - 1];
const tags = arguments[0];
try {
  axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
    .then(r => done({ok: true, version: axe.version,
      passes: r.passes.length, incomplete: r.incomplete.length,
      violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        helpUrl: v.helpUrl, nodes: v.nodes.length,
        sample: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
          summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' ').replace(/\\s+/g, ' ')}))}))}))
    .catch(e => done({ok: false, error: String(e)}));
} catch (e) { done({ok: false, error: String(e)}); }
"""


def shot_name(rel: str) -> str:
    stem = rel[:-5] if rel.endswith(".html") else rel
    return re.sub(r"[^A-Za-z0-9._-]+", "__", stem)


def cmd_browser(site: Path, shots: Path, axe_js: Path, pages_args, no_shots=False) -> int:
    site = site.resolve()
    pages, missing, source = page_list(site, pages_args)
    for role in missing:
        print(f"  warning: no {role} found to check (looked for the usual names)")
    if not pages:
        print("  ERROR: no pages to check")
        return 1
    print(f"  pages ({source}): {' '.join(pages)}")
    errors = 0
    for p in pages:
        if not (site / p).is_file():
            print(f"  ERROR: page not found: {p}")
            errors += 1
    pages = [p for p in pages if (site / p).is_file()]

    axe_src = axe_js.read_text(encoding="utf-8")
    if not no_shots:
        shots.mkdir(parents=True, exist_ok=True)
        (shots / ".gitignore").write_text("*\n")
        for old in list(shots.glob("*.png")) + list(shots.glob("*.pdf")):
            old.unlink()

    t0 = time.time()
    drv = make_driver()
    caps = drv.capabilities
    print(f"  browser: {caps.get('browserName')} {caps.get('browserVersion')}, "
          f"chromedriver {caps.get('chrome', {}).get('chromedriverVersion', '?').split(' ')[0]} "
          f"(started in {time.time() - t0:.1f}s)")
    totals = Counter()
    axe_version = None
    shot_count = 0
    try:
        for rel in pages:
            url = (site / rel).as_uri()
            w, h, mobile = 1280, 900, False
            set_viewport(drv, w, h, mobile)
            clear_console(drv)  # the previous page's output (and its phone reload)
            try:
                drv.get(url)
                settle(drv)
            except Exception as e:  # noqa: BLE001 - report and go on
                print(f"  ERROR: {rel}: could not load: {e.__class__.__name__}: {str(e).splitlines()[0]}")
                errors += 1
                continue
            # Console errors (failed loads, script errors) are warnings here.
            try:
                for entry in drv.get_log("browser"):
                    if entry.get("level") == "SEVERE":
                        print(f"  warning: {rel}: browser console: {entry.get('message')}")
            except Exception:  # noqa: BLE001 - log API is optional
                pass
            drv.execute_script(axe_src)
            res = drv.execute_async_script(AXE_RUN_JS, AXE_TAGS)
            clear_console(drv)  # axe's own noise (its CSSOM preload is blocked over file://)
            if not res or not res.get("ok"):
                print(f"  ERROR: {rel}: axe failed: {res and res.get('error')}")
                errors += 1
                continue
            axe_version = res["version"]
            by = Counter(v["impact"] or "minor" for v in res["violations"])
            bad = sum(by[i] for i in FAIL_IMPACTS)
            status = "FAIL" if bad else "ok  "
            counts = ", ".join(f"{by[i]} {i}" for i in FAIL_IMPACTS + WARN_IMPACTS if by[i]) or "no violations"
            print(f"  {status} {rel}: {counts} ({res['passes']} rules passed, "
                  f"{res['incomplete']} need review)")
            order = {i: n for n, i in enumerate(FAIL_IMPACTS + WARN_IMPACTS)}
            for v in sorted(res["violations"], key=lambda v: order.get(v["impact"], 9)):
                imp = v["impact"] or "minor"
                totals[imp] += 1
                label = "ERROR" if imp in FAIL_IMPACTS else "warning"
                print(f"       {label} [{imp}] {v['id']}: {v['help']} ({v['nodes']} element(s)) {v['helpUrl']}")
                for n in v["sample"]:
                    print(f"         - {n['target']}: {n['summary']}")

            # Phones (issue 15, item 7): at 390 px the page itself never scrolls sideways;
            # wide tables scroll inside their own wrapper.
            set_viewport(drv, 390, 844, True)
            drv.get(url)
            settle(drv)
            # (compared with 390, not innerWidth: a phone widens its layout viewport to fit a wide page)
            wide = drv.execute_script("return document.documentElement.scrollWidth")
            if wide > 390:
                print(f"  ERROR: {rel}: at 390 px the page scrolls sideways ({wide} px wide)")
                errors += 1
            set_viewport(drv, 1280, 900, False)
            if no_shots:
                continue
            try:
                base = shot_name(rel)
                for name, vw, vh, mob in VIEWPORTS:
                    set_viewport(drv, vw, vh, mob)
                    if mob:
                        drv.get(url)  # reload so the mobile meta viewport applies
                    settle(drv)
                    full_page_png(drv, shots / f"{base}.{name}.png", vw, vh)
                    shot_count += 1
                set_viewport(drv, 1280, 900, False)
                pdf = drv.execute_cdp_cmd("Page.printToPDF", {"printBackground": True,
                                                               "preferCSSPageSize": True})
                (shots / f"{base}.print.pdf").write_bytes(base64.b64decode(pdf["data"]))
            except Exception as e:  # noqa: BLE001 - screenshots never fail the check
                print(f"  warning: {rel}: screenshot failed: {e.__class__.__name__}: {e}")
        errors += check_letters_fit_a4(drv, site)
        errors += check_pack_fits_a4(drv, site)
    finally:
        drv.quit()

    print(f"  axe-core {axe_version}: {len(pages)} page(s); violations by impact: "
          + ", ".join(f"{i} {totals[i]}" for i in FAIL_IMPACTS + WARN_IMPACTS)
          + (f"; {errors} page error(s)" if errors else ""))
    if not no_shots:
        print(f"  screenshots: {shot_count} PNG + {len(pages)} print PDF in {shots}")
    return 1 if (errors or any(totals[i] for i in FAIL_IMPACTS)) else 0


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF from Chromium: the largest /Count of its page tree (Chromium writes the
    page tree uncompressed); falls back to counting /Type /Page objects."""
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    return max(counts) if counts else len(re.findall(rb"/Type\s*/Page\b", data))


def check_letters_fit_a4(drv, site: Path) -> int:
    """Every penalty-threshold letter prints on one A4 page (issue 17): printed as Chromium
    prints it (the letter's own @page size and margins), pages counted. Returns the errors."""
    letters = sorted((site / "intranet" / "letters").glob("*penalty*.html"))
    if not letters:
        return 0
    errors, most = 0, 0
    for f in letters:
        drv.get(f.as_uri())
        pdf = drv.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
        n = pdf_page_count(base64.b64decode(pdf["data"]))
        most = max(most, n)
        if n != 1:
            print(f"  ERROR: {f.relative_to(site)}: prints on {n} A4 pages, not 1")
            errors += 1
    print(f"  penalty letters: {len(letters)} printed to PDF, at most {most} page(s) each")
    return errors


def check_pack_fits_a4(drv, site: Path) -> int:
    """The meeting pack prints on A4 without cut tables (issue 15, item 6): laid out with print
    styles at the width of an A4 page inside its margins (210 mm less 2 x 12 mm = 703 CSS px),
    no table may reach past the page's right edge or overflow its own box, and the page may not
    be wider than the paper; then printed to PDF as Chromium prints it, pages counted. Returns
    the errors."""
    pack = site / "intranet" / "pack.html"
    if not pack.is_file():
        return 0
    width = round((210 - 24) / 25.4 * 96)
    set_viewport(drv, width, 1000, False)
    drv.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    errors = 0
    try:
        drv.get(pack.as_uri())
        settle(drv)
        cut = drv.execute_script("""
            const w = document.documentElement.clientWidth;
            return [...document.querySelectorAll('table')].filter(t => {
              const r = t.getBoundingClientRect();
              return r.right > w + 1 || t.scrollWidth > t.clientWidth + 1;
            }).map(t => (t.caption ? t.caption.textContent : t.id || 'table').slice(0, 80));
        """)
        tables = drv.execute_script("return document.querySelectorAll('table').length")
        wide = drv.execute_script("return document.documentElement.scrollWidth")
        for c in cut:
            print(f"  ERROR: intranet/pack.html: table cut at the side on A4: {c}")
            errors += 1
        if wide > width + 1:
            print(f"  ERROR: intranet/pack.html: wider than an A4 page when printed ({wide} px, page {width} px)")
            errors += 1
        pdf = drv.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
        n = pdf_page_count(base64.b64decode(pdf["data"]))
        print(f"  meeting pack: {tables - len(cut)} of {tables} table(s) fit an A4 page's width; prints on {n} A4 page(s)")
    finally:
        drv.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        set_viewport(drv, 1280, 900, False)
    return errors


# --------------------------------------------------------------------------
# xss: hostile data must never run as script, and files stay in the site
# --------------------------------------------------------------------------

# Installed before any script of every document and frame: window.__xss becomes a recording
# setter, and the dialog functions record their calls instead of blocking the page.
XSS_HOOK_JS = r"""
(() => {
  let topWin = window;
  try { topWin = window.top || window; void topWin.document; } catch (e) { topWin = window; }
  const hit = (what) => {
    const where = String(location.href).replace(/^.*\/(intranet|parents)\//, '$1/');
    try { (topWin.__xssHits = topWin.__xssHits || []).push(what + ' [' + where + ']'); } catch (e) {}
    try { (window.__xssHits = window.__xssHits || []).push(what + ' [' + where + ']'); } catch (e) {}
    try { console.error('ROLLBOOK-XSS-HIT ' + what + ' [' + where + ']'); } catch (e) {}
  };
  let value;
  try {
    Object.defineProperty(window, '__xss', {
      configurable: false, enumerable: true,
      get() { return value; },
      set(v) { value = v; hit('window.__xss = ' + String(v)); },
    });
  } catch (e) {}
  for (const f of ['alert', 'confirm', 'prompt', 'print']) {
    try {
      const wrapped = function (m) { hit(f + '(' + String(m === undefined ? '' : m).slice(0, 80) + ')'); return f === 'confirm' ? false : null; };
      Object.defineProperty(window, f, { configurable: false, writable: false, value: wrapped });
    } catch (e) {}
  }
})();
"""

# Static audit of the live DOM (after scripts ran): anything that could run script.
XSS_AUDIT_JS = r"""
const bad = [];
const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc'];
const OK_SCRIPT = /(^|\/)assets\/(rollbook|pupil-index)\.js$/;
const show = (el) => '<' + el.localName + (el.id ? '#' + el.id : '') + '>';
for (const el of document.querySelectorAll('*')) {
  for (const a of Array.from(el.attributes)) {
    const n = a.name.toLowerCase();
    if (/^on/.test(n)) bad.push('inline event handler ' + n + '= on ' + show(el) + ': ' + a.value.slice(0, 60));
    if (URL_ATTRS.includes(n) && /^[\s\u0000-\u001f]*(javascript|vbscript|data:text\/html)/i.test(a.value))
      bad.push(n + '="' + a.value.slice(0, 60) + '" on ' + show(el));
  }
  const t = el.localName;
  if (['iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'applet'].includes(t)) bad.push('unexpected element ' + show(el));
  if (t === 'script') {
    const src = el.getAttribute('src');
    if (!src || !OK_SCRIPT.test(src)) bad.push('unexpected script ' + (src ? 'src=' + src.slice(0, 60) : 'inline: ' + el.textContent.slice(0, 60)));
  }
  if (t === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '')) bad.push('meta refresh');
}
return {bad: bad, xss: window.__xss === undefined ? null : String(window.__xss), hits: window.__xssHits || [],
        finder: !!document.getElementById('finder-q'), filter: !!document.getElementById('pupil-filter'),
        pupils: !!window.ROLLBOOK_PUPILS};
"""

# Typed into the finder and the pupil filter: one word that matches the hostile names (so the
# finder lists them) and then a payload of its own.
XSS_TYPED = ["xss", '"><img src=x onerror=window.__xss=1>']

XSS_INTERACT_JS = r"""
for (const d of document.querySelectorAll('details')) d.open = true;
let n = 0;
for (const b of document.querySelectorAll('table.sortable thead button')) { b.click(); b.click(); n += 1; }
return n;
"""

PROJECT_OK_TOP = {"rollbook.yml", "Data", "Content", "Themes", "site", "site-check-shots"}


def count_pupils_csv(path: Path) -> int:
    import csv
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    return max(0, len(rows) - 1)


def containment(site: Path, project) -> list:
    """Files under SITE that resolve outside it, symlinks, stray files in the project folder."""
    fails = []
    root = os.path.realpath(site)
    n = 0
    for dirpath, dirnames, filenames in os.walk(site, followlinks=False):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            real = os.path.realpath(p)
            if os.path.islink(p):
                fails.append(f"{os.path.relpath(p, site)}: is a symlink (to {os.readlink(p)})")
            if not (real == root or real.startswith(root + os.sep)):
                fails.append(f"{os.path.relpath(p, site)}: resolves outside the site folder: {real}")
            n += 1
    if project is not None:
        # The build writes only SITE (and a temporary .site.rollbook-* sibling it removes).
        site_name = os.path.basename(root)
        for e in sorted(os.listdir(project)):
            if e in PROJECT_OK_TOP or e == site_name:
                continue
            fails.append(f"{project}/{e}: unexpected file next to the site (written by the build?)")
        data = Path(project) / "Data"
        if data.is_dir():
            for e in sorted(os.listdir(data)):
                if not e.endswith(".csv"):
                    fails.append(f"{data}/{e}: unexpected file in Data/ (written by the build?)")
    print(f"  containment: {n} file(s) and folder(s) under the site, all inside it" if not fails
          else f"  containment: {len(fails)} problem(s)")
    return fails


class _PupilRows(html.parser.HTMLParser):
    """Rows of #pupil-list in pupils.html and the pupil links in them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_table = self.in_body = False
        self.rows = 0
        self.links = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id") == "pupil-list":
            self.in_table = True
        elif self.in_table and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows += 1
        elif self.in_body and tag == "a" and a.get("href"):
            self.links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.in_table = False


def pupil_pages(site: Path, expected) -> list:
    fails = []
    intranet = site / "intranet"
    files = sorted(p for p in (intranet / "pupils").glob("*.html")) if (intranet / "pupils").is_dir() else []
    parser = _PupilRows()
    if (intranet / "pupils.html").is_file():
        parser.feed((intranet / "pupils.html").read_text(encoding="utf-8", errors="replace"))
    else:
        fails.append("intranet/pupils.html is missing")
    targets = {Path(os.path.normpath(intranet / urllib.parse.unquote(urllib.parse.urlsplit(h).path)))
               for h in parser.links}
    missing = [t for t in targets if not t.is_file()]
    counts = {"pupil pages (intranet/pupils/*.html)": len(files), "rows in pupils.html": parser.rows,
              "distinct pupil links in pupils.html": len(targets)}
    if expected is not None:
        counts = {"pupils in the data": expected, **counts}
    print("  pupils: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if len(set(counts.values())) != 1:
        fails.append("pupil pages collide or are missing: " + ", ".join(f"{k} = {v}" for k, v in counts.items()))
    for t in missing:
        fails.append(f"pupils.html links to a missing page: {t.relative_to(site) if t.is_relative_to(site) else t}")
    return fails


def cmd_xss(site: Path, project, pupils) -> int:
    from selenium.common.exceptions import UnexpectedAlertPresentException, NoAlertPresentException
    from selenium.webdriver.common.by import By

    site = site.resolve()
    if project is None and (site.parent / "rollbook.yml").is_file():
        project = site.parent
    if pupils is None and project is not None and (Path(project) / "Data" / "pupils.csv").is_file():
        pupils = count_pupils_csv(Path(project) / "Data" / "pupils.csv")
    fails = containment(site, project)
    fails += pupil_pages(site, pupils)

    pages = sorted((p.relative_to(site).as_posix() for t in TREES if (site / t).is_dir()
                    for p in (site / t).rglob("*.html")), key=natural_key)
    visits = [(rel, (site / rel).as_uri()) for rel in pages]
    if "intranet/pupils.html" in pages:   # the filter also reads ?q= from the URL
        visits.append(("intranet/pupils.html?q=<payload>", (site / "intranet/pupils.html").as_uri() + "?q="
                       + urllib.parse.quote(XSS_TYPED[1], safe="")))
    if not pages:
        fails.append("no .html pages found")

    t0 = time.time()
    drv = make_driver()
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": XSS_HOOK_JS})
    print(f"  browser: {drv.capabilities.get('browserName')} {drv.capabilities.get('browserVersion')} "
          f"(started in {time.time() - t0:.1f}s); {len(visits)} page load(s) with JavaScript on")
    stats = Counter()
    bad_pages = 0

    def dialog_open():
        try:
            a = drv.switch_to.alert
            text = a.text
            a.dismiss()
            return text
        except NoAlertPresentException:
            return None

    def type_keys(el, text):
        try:
            el.send_keys(text)
        except Exception:  # noqa: BLE001 - not interactable: fire the same events from script
            set_value(el, el.get_attribute("value") + text)

    def set_value(el, text):
        drv.execute_script("arguments[0].focus(); arguments[0].value = arguments[1];"
                           "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", el, text)

    try:
        for rel, url in visits:
            problems = []
            clear_console(drv)
            try:
                drv.get(url)
                settle(drv)
                sorted_n = drv.execute_script(XSS_INTERACT_JS)
                stats["sort buttons clicked"] += sorted_n or 0
                for sel in ("finder-q", "pupil-filter"):
                    els = drv.find_elements(By.ID, sel)
                    if not els:
                        continue
                    stats[f"#{sel} typed into"] += 1
                    # Real key presses for the word that lists the hostile names (focus, input
                    # events); the finder loads assets/pupil-index.js on first use, so wait for
                    # it and type once more. The payload itself is set from script (typing 40
                    # characters key by key is the slowest step of the whole check).
                    type_keys(els[0], XSS_TYPED[0])
                    if sel == "finder-q":
                        drv.execute_async_script("""
                            const done = arguments[arguments.length - 1], t0 = Date.now();
                            (function wait() { if (window.ROLLBOOK_PUPILS || Date.now() - t0 > 2000) done(true);
                                               else setTimeout(wait, 20); })();""")
                        type_keys(els[0], " ")
                    for text in XSS_TYPED[1:]:
                        set_value(els[0], text)
                settle(drv)
                res = drv.execute_script(XSS_AUDIT_JS)
                if drv.current_url.split("?")[0].split("#")[0] != url.split("?")[0]:
                    problems.append(f"navigated away to {drv.current_url}")
            except UnexpectedAlertPresentException as e:
                problems.append(f"a dialog opened: {e.alert_text!r}")
                dialog_open()
                res = None
            except Exception as e:  # noqa: BLE001 - report and go on
                text = dialog_open()
                problems.append(f"a dialog opened: {text!r}" if text is not None else
                                f"could not check: {e.__class__.__name__}: {str(e).splitlines()[0] if str(e) else ''}")
                res = None
            text = dialog_open()
            if text is not None:
                problems.append(f"a dialog opened: {text!r}")
            if res:
                if res["xss"] is not None:
                    problems.append(f"window.__xss is set ({res['xss']})")
                problems += [f"script ran: {h}" for h in res["hits"]]
                problems += res["bad"]
                if res["finder"] and not res["pupils"]:
                    problems.append("the finder did not load assets/pupil-index.js (its payloads were not exercised)")
            try:
                for entry in drv.get_log("browser"):
                    msg = entry.get("message", "")
                    if "ROLLBOOK-XSS-HIT" in msg:
                        hit = "script ran (console): " + msg.split("ROLLBOOK-XSS-HIT", 1)[1].strip().strip('"')
                        if not any(hit.endswith(p) or p.endswith(hit.split(': ', 1)[1]) for p in problems):
                            problems.append(hit)
            except Exception:  # noqa: BLE001 - log API is optional
                pass
            if problems:
                bad_pages += 1
                print(f"  FAIL {rel}")
                for p in dict.fromkeys(problems):
                    print(f"       ERROR: {p}")
                    fails.append(f"{rel}: {p}")
    finally:
        drv.quit()

    for f in fails:
        if ": " in f and any(f.startswith(v[0] + ": ") for v in visits):
            continue   # already printed under its page
        print(f"  ERROR: {f}")
    print(f"  xss: {len(visits)} page load(s) of {len(pages)} page(s) in {time.time() - t0:.1f}s "
          f"({stats['sort buttons clicked']} sort buttons clicked twice, finder typed into on "
          f"{stats['#finder-q typed into']} page(s), filter on {stats['#pupil-filter typed into']}); "
          f"{bad_pages} page(s) failed, {len(fails)} problem(s) in all")
    return 1 if fails else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("refs")
    r.add_argument("site", type=Path)
    b = sub.add_parser("browser")
    b.add_argument("site", type=Path)
    b.add_argument("pages", nargs="*")
    b.add_argument("--shots", type=Path, required=True)
    b.add_argument("--axe", type=Path, required=True, help="path to axe.min.js")
    b.add_argument("--no-shots", action="store_true")
    x = sub.add_parser("xss")
    x.add_argument("site", type=Path)
    x.add_argument("--project", type=Path, help="the school project the site was built from "
                   "(default: SITE/.. when it holds rollbook.yml)")
    x.add_argument("--pupils", type=int, help="expected number of pupils (default: rows of pupils.csv)")
    a = ap.parse_args(argv)
    if a.cmd == "refs":
        return cmd_refs(a.site)
    if a.cmd == "xss":
        return cmd_xss(a.site, a.project, a.pupils)
    return cmd_browser(a.site, a.shots, a.axe, a.pages, a.no_shots)


if __name__ == "__main__":
    sys.exit(main())
