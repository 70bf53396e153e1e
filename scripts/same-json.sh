#!/usr/bin/env bash
# Whether two builds of renda answer the same searches alike: indexes the
# seeds (corpus/) and, when present, ../shared/corpus/real with each build,
# runs every search of scripts/same-json-queries.txt with `--format json`
# and compares the outputs (and what each says on stderr) byte for byte. For changes that must not change
# behaviour (a refactoring).
#
#   scripts/same-json.sh BASE_REV [WORKDIR]     (default WORKDIR /tmp/renda-same-json)
#
# BASE_REV is built in a git worktree of WORKDIR; the working tree is the
# other build. Exit status 0 when every output is the same, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev=${1:?usage: scripts/same-json.sh BASE_REV [WORKDIR]}
work=${2:-/tmp/renda-same-json}
mkdir -p "$work"
base="$work/base"
if [ ! -d "$base" ]; then
  git worktree add --detach "$base" "$base_rev" >/dev/null
else
  git -C "$base" checkout --quiet --detach "$base_rev"
fi
(cd "$base" && cargo build --release --locked --quiet)
cargo build --release --locked --quiet
corpora=(corpus)
[ -d ../shared/corpus/real ] && corpora+=(../shared/corpus/real)
differ=0
for side in base head; do
  bin=target/release/renda
  [ "$side" = base ] && bin="$base/target/release/renda"
  for c in "${corpora[@]}"; do
    name=$(basename "$c")
    "$bin" index "$c" --index "$work/$side-$name" --rebuild --quiet >/dev/null
    mkdir -p "$work/out-$side-$name"
    n=0
    while IFS= read -r line; do
      case "$line" in ''|'#'*) continue ;; esac
      n=$((n + 1))
      IFS=$'\t' read -r -a args <<<"$line"
      "$bin" search "${args[@]}" --format json --index "$work/$side-$name" \
        >"$work/out-$side-$name/$n.json" 2>"$work/out-$side-$name/$n.err" || true
    done <scripts/same-json-queries.txt
  done
done
for c in "${corpora[@]}"; do
  name=$(basename "$c")
  for f in "$work/out-base-$name"/*.json; do
    n=$(basename "$f" .json)
    if ! cmp -s "$f" "$work/out-head-$name/$n.json" ||
      ! cmp -s "$work/out-base-$name/$n.err" "$work/out-head-$name/$n.err"; then
      echo "differs: $name, search $n ($(grep -v '^#' scripts/same-json-queries.txt | grep -v '^$' | sed -n "${n}p" | tr '\t' ' '))"
      differ=1
    fi
  done
  echo "$name: $(ls "$work/out-base-$name"/*.json | wc -l) searches compared"
done
exit $differ
