#!/usr/bin/env bash
# renda's whole-program benchmark (BENCHMARKS.md, issue 5).
#
#   benches/run.sh SIZE_MB [WORKDIR]
#
# builds renda in release, makes a corpus of SIZE_MB MB from
# ../shared/corpus/bulk in WORKDIR/corpus (kept and reused by later runs of
# the same size), and measures: plain jieba-rs on one thread; renda's reading
# half alone (walk, decode, clean, parse; no index); `renda index`
# under /usr/bin/time -v; the index's size; a no-op re-index; `renda search`
# processes against `rg -c -F`, alternating; in-process query latency; where
# the index's bytes go. The Markdown report goes to stdout and to
# WORKDIR/results/report.md, with every raw result beside it.
#
# WORKDIR defaults to $CARGO_TARGET_DIR/renda-bench/SIZE_MB (or
# target/renda-bench/SIZE_MB). Environment: RUNS (end-to-end runs per phrase
# and command, default 5), QUERY_RUNS (in-process runs per phrase, default
# 20), PHRASES (default benches/phrases.txt), HYPERFINE=0 to skip the
# hyperfine cross-check, INGEST=0 to skip timing renda's reading half alone
# (about a fifth of the time of the index).
set -euo pipefail

usage() {
  echo "usage: benches/run.sh SIZE_MB [WORKDIR]" >&2
  exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
case "$1" in '' | *[!0-9]*) usage ;; esac
SIZE=$1

REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
WORK=${2:-$TARGET/renda-bench/$SIZE}
RUNS=${RUNS:-5}
QUERY_RUNS=${QUERY_RUNS:-20}
PHRASES=${PHRASES:-$REPO/benches/phrases.txt}
COMMAND="benches/run.sh $*"
# The checks below read renda's messages in English.
export RENDA_LANG=en

for tool in rg /usr/bin/time; do
  command -v "$tool" >/dev/null || {
    echo "run.sh: $tool is needed (apt-get install -y ripgrep time)" >&2
    exit 2
  }
done

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
CORPUS=$WORK/corpus
INDEX=$WORK/index
RESULTS=$WORK/results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# run_watched NAME CMD...: run CMD under /usr/bin/time -v (NAME.time), with
# stdout in NAME.out and stderr in NAME.err, sampling the process's RssAnon
# (its own memory) and RssFile (mapped files: the index's segments) every
# 0.2 s; the peaks, in kB, go to NAME.rss.
run_watched() {
  local name=$1
  shift
  /usr/bin/time -v -o "$name.time" "$@" >"$name.out" 2>"$name.err" &
  local tpid=$! pid="" anon=0 file=0 a f
  while [ -z "$pid" ] && kill -0 "$tpid" 2>/dev/null; do
    pid=$(pgrep -P "$tpid" | sed -n 1p) || true
  done
  while [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; do
    read -r a f < <(awk '/^RssAnon:/ {a = $2} /^RssFile:/ {f = $2} END {print a + 0, f + 0}' \
      "/proc/$pid/status" 2>/dev/null || echo 0 0)
    [ "${a:-0}" -gt "$anon" ] && anon=$a
    [ "${f:-0}" -gt "$file" ] && file=$f
    sleep 0.2
  done
  wait "$tpid"
  echo "$anon $file" >"$name.rss"
}

step() {
  echo "== $*" >&2
  printf '%-28s %s\n' "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/loadavg.txt"
}

step build
cargo build --release --locked --quiet
cargo bench --locked --quiet --bench bench --no-run
RENDA=$TARGET/release/renda
bench() { cargo bench --locked --quiet --bench bench -- "$@"; }
bench selftest >&2

{
  echo "command: $COMMAND"
  echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit:  $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock || echo ' (src changed since)')"
  echo "rustc:   $(rustc --version)"
  echo "rg:      $(rg --version | sed -n 1p)"
  echo "nproc:   $(nproc)"
  free -h
  lscpu | sed -n 1,15p
} >"$RESULTS/machine.txt"

step make-corpus
bench make-corpus --size-mb "$SIZE" --out "$CORPUS" --json "$RESULTS/corpus.json" >&2

step jieba
bench jieba --dir "$CORPUS" --json "$RESULTS/jieba.json" >&2

if [ "${INGEST:-1}" != 0 ]; then
  step ingest
  bench ingest --dir "$CORPUS" --json "$RESULTS/ingest.json" >&2
fi

step index
rm -rf "$INDEX"
run_watched "$RESULTS/index" "$RENDA" index "$CORPUS" --index "$INDEX" -q
cat "$RESULTS/index.out" >&2
du -sb "$INDEX" >"$RESULTS/index.du"

step no-op re-index
run_watched "$RESULTS/noop" "$RENDA" index "$CORPUS" --index "$INDEX" -q
cat "$RESULTS/noop.out" >&2
grep -q "up to date" "$RESULTS/noop.out" || {
  echo "run.sh: the second run re-indexed something" >&2
  exit 1
}

step end-to-end search
bench e2e --renda "$RENDA" --index "$INDEX" --dir "$CORPUS" --phrases "$PHRASES" \
  --runs "$RUNS" --json "$RESULTS/e2e.json" >&2

if [ "${HYPERFINE:-1}" != 0 ] && command -v hyperfine >/dev/null; then
  step hyperfine cross-check
  i=0
  while IFS= read -r phrase; do
    case "$phrase" in '' | '#'*) continue ;; esac
    hyperfine -N --style none --warmup 1 --runs "$RUNS" \
      --export-json "$RESULTS/hyperfine-$(printf %02d $i).json" \
      "$RENDA search '\"$phrase\"' --index $INDEX --format json --limit 10" \
      "rg -c -F --no-ignore $phrase $CORPUS" </dev/null >/dev/null
    i=$((i + 1))
  done <"$PHRASES"
fi

step in-process queries
bench query --index "$INDEX" --phrases "$PHRASES" --runs "$QUERY_RUNS" \
  --json "$RESULTS/query.json" >&2

step check
bench check --index "$INDEX" --dir "$CORPUS" --json "$RESULTS/check.json" >&2

step space
bench space --index "$INDEX" --json "$RESULTS/space.json" >/dev/null

step report
bench report --results "$RESULTS" | tee "$RESULTS/report.md"
echo >&2
echo "run.sh: results in $RESULTS" >&2
