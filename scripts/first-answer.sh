#!/usr/bin/env bash
# Time from unpacking the bundle to the first answer, as BENCHMARKS.md
# reports it: unpack TARBALL into an empty folder, start 启动 renda.sh with
# a clean HOME (so the per-user index is new), choose CORPUS as the page's
# form does (POST /start), and ask /api/search?q=密切联系群众 until it
# answers with hits. Prints the seconds of each step.
#   scripts/first-answer.sh target/dist/renda-*-linux-x86_64.tar.gz corpus
set -euo pipefail
tarball=$(realpath "$1")
corpus=$(realpath "$2")
port=${PORT:-18479}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
now() { date +%s.%N; }
t0=$(now)
mkdir "$work/unpacked" "$work/home"
tar -xzf "$tarball" -C "$work/unpacked"
t1=$(now)
folder=$(ls -d "$work"/unpacked/renda-*)
env -i HOME="$work/home" PATH=/usr/bin:/bin RENDA_PORT="$port" \
  sh "$folder/启动 renda.sh" >"$work/out" 2>"$work/err" </dev/null &
pid=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$port/start" 2>/dev/null; do sleep 0.05; done
t2=$(now)
curl -fsS -o /dev/null -H "Origin: http://127.0.0.1:$port" \
  --data-urlencode "folder=$corpus" "http://127.0.0.1:$port/start"
q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("密切联系群众"))')
answered() {
  local out
  out=$(curl -fsS "http://127.0.0.1:$port/api/search?q=$q" 2>/dev/null) || return 1
  [[ $out == *'"total":'[1-9]* ]]
}
until answered; do sleep 0.1; done
t3=$(now)
files=$(find "$corpus" -type f | wc -l)
echo "unpack $(echo "$t1 - $t0" | bc) s; page up $(echo "$t2 - $t1" | bc) s; folder chosen to first answer $(echo "$t3 - $t2" | bc) s; total $(echo "$t3 - $t0" | bc) s ($files files in $corpus)"
