#!/usr/bin/env bash
# Two renda binaries side by side on one index, with rg over its corpus
# (BENCHMARKS.md, issue 16): end-to-end exact phrases and first theme
# searches, hyperfine means in ms, as a Markdown table.
#
#   benches/before_after.sh OLD_RENDA NEW_RENDA INDEX CORPUS [RUNS]
#
# Each phrase of benches/phrases.txt is searched quoted by both binaries and
# counted by `rg -c -F` over CORPUS; each theme of THEMES (default: five
# themes of local 人大 work) is searched unquoted, each run a fresh process.
# INDEX is the index both read; when the two write different index formats,
# give it as OLD_INDEX:NEW_INDEX, each built by its binary from CORPUS.
set -euo pipefail
[ $# -ge 4 ] || {
  echo "usage: benches/before_after.sh OLD_RENDA NEW_RENDA INDEX|OLD_INDEX:NEW_INDEX CORPUS [RUNS]" >&2
  exit 2
}
OLD=$1 NEW=$2 INDEX=$3 CORPUS=$4 RUNS=${5:-15}
OLD_INDEX=${INDEX%%:*} NEW_INDEX=${INDEX#*:}
REPO=$(cd "$(dirname "$0")/.." && pwd)
THEMES=${THEMES:-密切联系群众 代表建议办理 乡村振兴 营商环境 备案审查}
command -v hyperfine >/dev/null || {
  echo "before_after.sh: hyperfine is needed (apt-get install -y hyperfine)" >&2
  exit 2
}
mean() { # mean in ms of hyperfine's JSON export $1, command $2 (0-based)
  python3 -c "import json,sys; print('%.1f' % (json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['mean']*1000))" "$1" "$2"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| phrase | before | after | rg | rg ÷ before | rg ÷ after |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
grep -v '^#' "$REPO/benches/phrases.txt" | while read -r p; do
  [ -n "$p" ] || continue
  hyperfine -N -i -w 2 -r "$RUNS" --export-json "$tmp/p.json" \
    "$OLD search \"\\\"$p\\\"\" --index $OLD_INDEX --limit 10" \
    "$NEW search \"\\\"$p\\\"\" --index $NEW_INDEX --limit 10" \
    "rg -c -F $p $CORPUS" >/dev/null 2>&1
  o=$(mean "$tmp/p.json" 0) n=$(mean "$tmp/p.json" 1) r=$(mean "$tmp/p.json" 2)
  python3 -c "import sys; o,n,r=map(float,sys.argv[2:]); print(f'| {sys.argv[1]} | {o} | {n} | {r} | {r/o:.1f}× | {r/n:.1f}× |')" "$p" "$o" "$n" "$r"
done
echo
echo "| theme (first search of a process) | before | after |"
echo "| --- | ---: | ---: |"
for t in $THEMES; do
  hyperfine -N -i -w 1 -r "$RUNS" --export-json "$tmp/t.json" \
    "$OLD search $t --index $OLD_INDEX --limit 10" \
    "$NEW search $t --index $NEW_INDEX --limit 10" >/dev/null 2>&1
  echo "| $t | $(mean "$tmp/t.json" 0) | $(mean "$tmp/t.json" 1) |"
done
