#!/usr/bin/env bash
# Set-up command 2: the whole test suite. The folder-dependency check (scripts/folder_deps.py),
# unit and end-to-end tests (swift test), then the site
# checks on the demo school's site (W3C validator, links, axe-core in headless Chromium), then the
# hostile-data (XSS and containment) check on a school built from scripts/xss-school.py, then the
# live-reload check of `rollbook serve` in headless Chromium (scripts/serve-check.sh).
# SKIP_SITE_CHECK=1 runs only swift test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Folders depend on each other only as the README's code map allows (no cycles), and the
# library's test folders mirror its source folders.
python3 scripts/folder_deps.py
swift build --build-tests
# The end-to-end tests run the rollbook binary, so build it too.
swift build --product rollbook
# Swift Testing only (no XCTest cases), so XCTest's empty "Executed 0 tests" is not printed.
set +e
swift test --skip-build --disable-xctest 2>&1 | grep -v ' started\.$'
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || { echo "swift test failed (exit $status)"; exit "$status"; }
if [ "${SKIP_SITE_CHECK:-0}" != "1" ]; then
  rm -rf .build/site-check-demo
  .build/debug/rollbook build . --output .build/site-check-demo/site --as-of 2026-07-22
  scripts/site-check.sh .build/site-check-demo/site
  # Escaping and containment: a school whose names, ids, classes, ... are script payloads and
  # paths (scripts/xss-school.py); the build must succeed and no payload may run in the browser.
  rm -rf .build/xss-school
  python3 scripts/xss-school.py .build/xss-school
  .build/debug/rollbook build .build/xss-school --output .build/xss-school/site --as-of 2025-10-17
  scripts/site-check.sh --xss-site .build/xss-school/site
  # Live reload in a real browser: `rollbook serve`, edits to a page, a theme file and marks.csv.
  scripts/serve-check.sh .build/debug/rollbook
fi
