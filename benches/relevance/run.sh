#!/usr/bin/env bash
# The relevance evaluation: index ../shared/corpus/{seeds,real} (corpus/ is
# the seeds) and print nDCG@10 and paraphrase recall@20 for renda and for
# the plain BM25 baselines, per theme, per half (dev, test) and overall.
# Arguments after WORKDIR go to `eval` (e.g. --half test, --systems …).
#
#   benches/relevance/run.sh [WORKDIR] [EVAL ARGS…]   (default /tmp/renda-relevance)
#
# Pooling for judges, on the index this builds:
#   cargo bench --bench relevance -- pool --index WORKDIR/index --out WORKDIR/pool --chunks N
#   cargo bench --bench relevance -- merge --pool WORKDIR/pool --judged pool-01.tsv …
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-/tmp/renda-relevance}
shared=../shared/corpus
if [ ! -d "$shared/real" ]; then
  echo "relevance: $shared/real not found: the evaluation needs the shared corpus" >&2
  exit 2
fi
cargo build --release --quiet
mkdir -p "$work/corpus"
rm -rf "$work/corpus/seeds" "$work/corpus/real"
cp -r "$shared/seeds" "$work/corpus/seeds"
cp -r "$shared/real" "$work/corpus/real"
rm -f "$work/corpus/real/MANIFEST.tsv"
target/release/renda index "$work/corpus" --index "$work/index" --rebuild --quiet
cargo bench --quiet --bench relevance -- eval --index "$work/index" "${@:2}"
