#!/usr/bin/env bash
# Import benchmark (issue 14; not a test): `rollbook import ctf` on a full-year CTF of 1 500
# pupils (target: under 1 s) and on larger ones (10 000 and 100 000 pupils), which must stream in
# bounded memory. Release build; wall time and peak RSS from /usr/bin/time -v.
#
# The CTF is the one `rollbook sample --export ctf` writes for a 1 500-pupil school (full year:
# `as_of` is the year's end); larger files repeat its pupils with fresh UPNs (so the marks are
# realistic and the file is made in seconds). Each import goes into a copy of the sample's
# rollbook.yml; its output files are counted, then deleted.
#   bench/import.sh [SIZES] [WORKDIR]        e.g. bench/import.sh 1500,10000,100000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-1500,10000,100000}; work=${2:-.build/bench-import}
bin=.build/release/rollbook
[ -x "$bin" ] || swift build -c release --product rollbook
mkdir -p "$work"
if [ ! -f "$work/school/exports/school.ctf.xml" ]; then
  rm -rf "$work/school"
  "$bin" sample "$work/school" --pupils 1500 --seed 2025 --export ctf > /dev/null
fi
base="$work/school/exports/school.ctf.xml"

# Repeat the base file's pupils with fresh UPNs until there are N of them.
scale() { # n, out
  python3 - "$base" "$1" "$2" <<'EOF'
import re, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(src, encoding="utf-8").read()
head, rest = text.split("<CTFpupilData>", 1)
body, tail = rest.rsplit("</CTFpupilData>", 1)
pupils = re.findall(r"<Pupil>.*?</Pupil>", body, re.S)
with open(out, "w", encoding="utf-8") as f:
    f.write(head + "<CTFpupilData>\n")
    for i in range(n):
        p = pupils[i % len(pupils)]
        if i >= len(pupils):
            p = re.sub(r"<UPN>[^<]*</UPN>", "<UPN>B%012d</UPN>" % i, p, count=1)
        f.write("    " + p + "\n")
    f.write("  </CTFpupilData>" + tail)
EOF
}

echo "| pupils | CTF size | marks written | wall | peak RSS | exit |"
echo "|---:|---:|---:|---:|---:|---:|"
IFS=, read -ra list <<< "$sizes"
for n in "${list[@]}"; do
  file="$work/ctf-$n.xml"
  [ -f "$file" ] || scale "$n" "$file"
  dest="$work/into-$n"
  rm -rf "$dest"; mkdir -p "$dest"
  cp "$work/school/rollbook.yml" "$dest/"
  set +e
  /usr/bin/time -v "$bin" import ctf "$file" --into "$dest" > "$work/out-$n.txt" 2> "$work/time-$n.txt"
  status=$?
  set -e
  wall=$(grep 'Elapsed (wall clock)' "$work/time-$n.txt" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/time-$n.txt" | awk '{print $NF}')
  marks=$(( $(wc -l < "$dest/Data/marks.csv") - 1 ))
  size=$(du -m "$file" | cut -f1)
  printf '| %s | %s MB | %s | %s | %s MB | %s |\n' "$n" "$size" "$marks" "$wall" $((rss / 1024)) "$status"
  rm -rf "$dest"
done
