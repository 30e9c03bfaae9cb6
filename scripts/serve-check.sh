#!/usr/bin/env bash
# Live reload in a real browser: `rollbook serve` with headless Chromium (scripts/serve_check.py).
#
# usage: scripts/serve-check.sh [ROLLBOOK_BINARY]     (default: .build/debug/rollbook)
#
# Edits a campaign page's Markdown, a theme template and Data/marks.csv of a served school and
# checks that the open page shows each change by itself within 10 s (prints how long each took),
# that a build error shows in the page with file:line, and that Ctrl-C removes the private folder.
# Uses the same Chromium, chromedriver and Selenium as scripts/site-check.sh, installed the
# same way (apt, and a venv at REPO/.venv-sitecheck) when missing.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
BIN=${1:-$REPO_ROOT/.build/debug/rollbook}
VENV="$REPO_ROOT/.venv-sitecheck"
SELENIUM=selenium==4.51.0   # as in site-check.sh

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else echo "serve-check: need root (or sudo) to run: $*" >&2; return 1
  fi
}
missing=()
for p in chromium chromium-driver; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "serve-check: installing with apt: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! [ -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" || { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; python3 -m venv "$VENV"; }
  printf '*\n' >"$VENV/.gitignore"
fi
if ! "$VENV/bin/python" -c 'import selenium' 2>/dev/null; then
  "$VENV/bin/python" -m pip -q --disable-pip-version-check --no-input install "$SELENIUM"
fi
[ -x "$BIN" ] || { echo "serve-check: no rollbook binary at $BIN (run swift build first)" >&2; exit 2; }
SE_AVOID_STATS=true SE_OFFLINE=true exec "$VENV/bin/python" "$SCRIPT_DIR/serve_check.py" "$BIN" "$REPO_ROOT"
