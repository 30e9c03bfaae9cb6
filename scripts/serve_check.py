#!/usr/bin/env python3
"""Live reload in a real browser: `rollbook serve` + headless Chromium (Selenium).

usage: serve_check.py ROLLBOOK_BINARY REPO_ROOT [--pupils N]

Makes a small synthetic school in a temporary folder (with a copy of the built-in punctuality
page and parents' page template, so there are files to edit), starts `rollbook serve` on it,
opens pages in headless Chromium and, without ever reloading by hand:

  1. edits the Markdown of a campaign page      -> the open page shows the new text
  2. edits a theme template                     -> the open page shows the new text
  3. edits Data/marks.csv (one pupil all present) -> the open pupil page shows the new figures
  4. breaks a page with an unknown {{variable}} -> the open page shows the file:line problem,
     and shows the page again once it is fixed

Each change must show within 10 s; the time each took is printed (the aim is under 1 s).
Then the server is stopped with Ctrl-C (SIGINT) and must remove its private folder.
Exit status 0 when every step passed, 1 otherwise, 2 on a setup error.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

TIMEOUT = 10.0


def start_driver():
    opts = Options()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def body_text(driver):
    try:
        return driver.find_element(By.TAG_NAME, "body").text
    except Exception:  # the page is being replaced by the reload
        return ""


def wait_for(driver, predicate, started):
    """Seconds from `started` until predicate(body text) holds, or None after TIMEOUT."""
    while time.monotonic() - started < TIMEOUT:
        if predicate(body_text(driver)):
            return time.monotonic() - started
        time.sleep(0.02)
    return None


def edit(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if old not in text:
        raise SystemExit(f"serve-check: setup error: {old!r} not in {path}")
    # Written in place, as an editor saving the file does.
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary, repo = os.path.abspath(args[0]), os.path.abspath(args[1])
    pupils = args[args.index("--pupils") + 1] if "--pupils" in args else "12"
    work = tempfile.mkdtemp(prefix="serve-check.")
    project = os.path.join(work, "school")
    subprocess.run([binary, "sample", project, "--pupils", pupils, "--seed", "7"], check=True, stdout=subprocess.DEVNULL)
    page_md = os.path.join(project, "Content/campaigns/punctuality.md")
    template = os.path.join(project, "Themes/default/parents/page.mustache")
    os.makedirs(os.path.dirname(page_md))
    os.makedirs(os.path.dirname(template))
    shutil.copy(os.path.join(repo, "Content/campaigns/punctuality.md"), page_md)
    shutil.copy(os.path.join(repo, "Themes/default/parents/page.mustache"), template)

    server = subprocess.Popen([binary, "serve", project, "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    out_lines, err_lines = [], []
    threading.Thread(target=lambda: [err_lines.append(l) for l in server.stderr], daemon=True).start()
    url = None
    deadline = time.monotonic() + 120
    while url is None and time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        out_lines.append(line)
        m = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if m:
            url = m.group(1)
    if url is None:
        print("serve-check: the server did not start:\n" + "".join(out_lines + err_lines), file=sys.stderr)
        server.kill()
        return 2
    threading.Thread(target=lambda: [out_lines.append(l) for l in server.stdout], daemon=True).start()
    folder = re.search(r"(\S+/rollbook-serve\.\w+)", "".join(out_lines))

    results = []

    def step(name, ok, seconds):
        results.append((name, ok, seconds))
        shown = f"{seconds:.2f} s" if seconds is not None else f"not seen within {TIMEOUT:.0f} s"
        print(f"  {name}: {'passed' if ok else 'FAILED'} ({shown})")

    driver = start_driver()
    try:
        print(f"serve-check: {url} (chromium, {pupils} pupils)")
        # 1. Markdown of a campaign page.
        driver.get(url + "parents/punctuality.html")
        assert "On time, every time" in body_text(driver), body_text(driver)[:300]
        time.sleep(0.5)  # let the page's long poll start
        t = time.monotonic()
        edit(page_md, "Getting to school on time helps", "Markdown edit seen live. Getting to school on time helps")
        s = wait_for(driver, lambda b: "Markdown edit seen live." in b, t)
        step("1. campaign page Markdown", s is not None, s)

        # 2. A theme template.
        time.sleep(0.5)
        t = time.monotonic()
        edit(template, "</article>", "<p>Theme edit seen live.</p></article>")
        s = wait_for(driver, lambda b: "Theme edit seen live." in b, t)
        step("2. theme template", s is not None, s)

        # 3. Data/marks.csv: every mark of the first pupil becomes present.
        driver.get(url + "intranet/pupils/P0001.html")
        before = body_text(driver)
        assert "Sessions missed" in before and "Sessions missed 0 of" not in before, before[:500]
        time.sleep(0.5)
        marks = os.path.join(project, "Data/marks.csv")
        with open(marks, encoding="utf-8") as f:
            rows = f.read().splitlines()
        header = rows[0].split(",")
        mi = header.index("mark")
        out = [rows[0]]
        for r in rows[1:]:
            cells = r.split(",")
            if cells[0] == "P0001":
                cells[mi] = "/"
            out.append(",".join(cells))
        t = time.monotonic()
        with open(marks, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        s = wait_for(driver, lambda b: re.search(r"Sessions missed\s+0 of", b) is not None, t)
        step("3. Data/marks.csv", s is not None, s)

        # 4. A build error shows in the page with file:line, and goes when fixed.
        driver.get(url + "parents/punctuality.html")
        time.sleep(0.5)
        t = time.monotonic()
        edit(page_md, "Markdown edit seen live.", "Markdown edit seen live. {{registers.lunch}}")
        s = wait_for(driver, lambda b: re.search(r"Content/campaigns/punctuality\.md:\d+: error: unknown variable \{\{registers\.lunch\}\}", b) is not None, t)
        step("4a. build error shown with file:line", s is not None, s)
        time.sleep(0.3)
        t = time.monotonic()
        edit(page_md, " {{registers.lunch}}", "")
        s = wait_for(driver, lambda b: "Markdown edit seen live." in b and "could not be built" not in b, t)
        step("4b. page back once fixed", s is not None, s)
    except AssertionError as e:
        step(f"setup: {e}", False, None)
    finally:
        driver.quit()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        time.sleep(0.2)

    stopped = server.returncode == 0
    step("Ctrl-C stops the server (exit 0)", stopped, None if not stopped else 0.0)
    if folder:
        gone = not os.path.exists(folder.group(1))
        step("private folder removed", gone, 0.0 if gone else None)
    if os.path.exists(os.path.join(project, "site")):
        step("project's site/ untouched", False, None)
    failed = [r for r in results if not r[1]]
    if failed:
        print("serve-check: server output:\n" + "".join(out_lines + err_lines))
    shutil.rmtree(work, ignore_errors=True)
    print(f"serve-check: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
