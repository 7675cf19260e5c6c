#!/usr/bin/env bash
# Every figure of issue 6 (BENCHMARKS.md): the divan benchmarks, peak memory
# with /usr/bin/time -v, and the side-by-side comparisons (fzf --filter,
# zstd -3). Results go to target/bench-results/ and a summary is printed.
#
#   benches/run.sh            # everything (the data sets are made once)
#   benches/run.sh --cli      # only the command-line figures (no cargo bench)
#   RUNS=5 benches/run.sh     # repetitions for each median (default 3)
#
# Needs: /usr/bin/time (apt-get install time), fzf, zstd, taskset (util-linux).
# The machine is shared: run it under `nice` when others are building, and
# read the load average printed with each figure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-3}
DATA=${JUWU_BENCH_DATA:-$ROOT/target/bench-data}
OUT=$ROOT/target/bench-results
BIN=$ROOT/target/release/juwu
CLI_ONLY=0
[ "${1:-}" = "--cli" ] && CLI_ONLY=1
mkdir -p "$DATA" "$OUT"
export JUWU_BENCH_DATA=$DATA JUWU_NOW=2026-11-29T02:00:00Z

for t in /usr/bin/time fzf zstd taskset; do
  command -v "$t" >/dev/null || { echo "missing $t (apt-get install time fzf zstd util-linux)"; exit 1; }
done

SUMMARY=$OUT/summary.txt
: >"$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# measure NAME CMD...: runs CMD $RUNS times under /usr/bin/time; prints the
# median wall time (s), the median CPU time (user + sys, s: the comparable
# figure when the machine is shared) and the median peak RSS (MB).
measure() {
  local name=$1; shift
  local times=() cpus=() rss=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M %U %S" -o "$OUT/.time" "$@" >/dev/null 2>"$OUT/.err" || {
      echo "$name failed:"; cat "$OUT/.err"; return 1; }
    read -r t m u s <"$OUT/.time"
    times+=("$t"); rss+=("$m"); cpus+=("$(echo "$u + $s" | bc -l)")
  done
  local mt mr mc
  mt=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mc=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1024}')
  say "$(printf '%-44s median %8.3f s  CPU %7.3f s  peak RSS %7s MB  (runs: %s; load %s)' "$name" "$mt" "$mc" "$mr" "${times[*]}" "$(load)")"
  echo "$mt" >"$OUT/.last"
  echo "$mc" >"$OUT/.lastcpu"
}

say "== juwu benchmarks $(date -u +%FT%TZ) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB"
say "   commit $(git rev-parse --short HEAD)  load $(load)"

nice cargo build --release --quiet
SIZE=$(stat -c %s "$BIN")
cp "$BIN" "$OUT/juwu.stripped" && strip "$OUT/juwu.stripped" 2>/dev/null || true
say "$(printf '%-44s %8.2f MB (stripped: %.2f MB)' 'release binary' "$(echo "$SIZE/1048576" | bc -l)" "$(echo "$(stat -c %s "$OUT/juwu.stripped")/1048576" | bc -l)")"

gen() { # gen FILE OFFICES EVENTS
  if [ ! -s "$DATA/$1" ]; then
    echo "generating $1 …"
    nice "$BIN" --db "$DATA/$1" gen --offices "$2" --events "$3" --seed 1
  fi
}
gen r100k.redb 1 302000
gen street.redb 500 2000

if [ $CLI_ONLY = 0 ]; then
  say "-- cargo bench --bench store (divan; medians in the 'median' column)"
  nice cargo bench --quiet --bench store 2>&1 | tee "$OUT/divan-store.txt" | tee -a "$SUMMARY"
fi

say "-- command line"
cp "$DATA/r100k.redb" "$OUT/verify.redb"
measure "verify --rebuild, 100k records" "$BIN" --db "$OUT/verify.redb" verify --rebuild
measure "verify (check only), 100k records" "$BIN" --db "$OUT/verify.redb" verify
measure "export --format lines, 100k records" "$BIN" --db "$DATA/r100k.redb" export --format lines --out "$OUT/r100k.lines"
say "   $(wc -l <"$OUT/r100k.lines") lines, $(du -h "$OUT/r100k.lines" | cut -f1)"
say "$(printf '%-44s %s' 'street database (500 × 2,000 events)' "$(du -h --apparent-size "$DATA/street.redb" | cut -f1)")"

# First frame: open the database, build the app, draw (examples/first_frame).
nice cargo build --release --quiet --examples
FF=$ROOT/target/release/examples/first_frame
CLERK=$("$BIN" --db "$DATA/r100k.redb" operator list 2>/dev/null | awk -F'\t' '/clerk|办事员/ {print $1; exit}')
say "-- first frame, 100k records, 200x50 (target ≤ 100 ms, peak RSS ≤ 40 MB; one core ≤ 2×)"
measure "first frame: sign-in" "$FF" "$DATA/r100k.redb" 200x50
measure "first frame: Today, signed in ($CLERK)" "$FF" "$DATA/r100k.redb" 200x50 --as "$CLERK"
measure "taskset -c 0 first frame: sign-in" taskset -c 0 "$FF" "$DATA/r100k.redb" 200x50
measure "taskset -c 0 first frame: Today" taskset -c 0 "$FF" "$DATA/r100k.redb" 200x50 --as "$CLERK"
for i in 1 2 3; do "$FF" "$DATA/r100k.redb" 200x50 --as "$CLERK"; done | tee -a "$SUMMARY"
SCLERK=$("$BIN" --db "$DATA/street.redb" operator list 2>/dev/null | awk -F'\t' '/clerk|办事员/ {print $1; exit}')
measure "first frame: street db (500 offices), Today" "$FF" "$DATA/street.redb" 200x50 --as "$SCLERK"

# Search and screens: juwu's index against fzf --filter on the same lines,
# in one run (benches/tui.rs); one core too.
if [ $CLI_ONLY = 0 ]; then
  say "-- cargo bench --bench tui (divan): first frame, scrolling frames, search vs fzf"
  nice cargo bench --quiet --bench tui 2>&1 | tee "$OUT/divan-tui.txt" | tee -a "$SUMMARY"
  say "-- the same on one core (taskset -c 0): search and first frame"
  TB=$(ls -t "$ROOT"/target/release/deps/tui-* | grep -v '\.d$' | head -1)
  taskset -c 0 "$TB" --bench first_frame search 2>&1 | tee "$OUT/divan-tui-1core.txt" | tee -a "$SUMMARY"
fi
for q in "parking bays" "加装电梯" "jzdt"; do
  measure "juwu search '$q' (CLI, builds its index)" "$BIN" --db "$DATA/r100k.redb" search "$q" --limit 50
done

# Bundles: export + import of 100,000 events against zstd -3 on the same
# uncompressed bytes (compress, and compress + decompress).
say "-- bundles, 100,000 events (target: export + import ≤ 3 × zstd -3)"
gen e100k.redb 1 100000
KEY=$("$BIN" --db "$DATA/e100k.redb" --lang en key show | awk '/public key/ {print $3}')
B=$OUT/e100k.juwu
measure "bundle export --all (100k events)" "$BIN" --db "$DATA/e100k.redb" bundle export --all --out "$B"
EXP=$(cat "$OUT/.last"); EXPC=$(cat "$OUT/.lastcpu")
rm -f "$OUT"/imp.*
"$BIN" --db "$OUT/imp.redb" init --office-code JD01 --office-name 望京街道办事处 --level street >/dev/null
"$BIN" --db "$OUT/imp.redb" trust add --office SQ0001 --key "$KEY" >/dev/null
cp "$OUT/imp.redb" "$OUT/imp-empty.redb"
measure "bundle import (100k events, fresh database)" bash -c \
  'cp "$0/imp-empty.redb" "$0/imp.redb" && "$1" --db "$0/imp.redb" bundle import "$2"' "$OUT" "$BIN" "$B"
IMP=$(cat "$OUT/.last"); IMPC=$(cat "$OUT/.lastcpu")
cargo run --release --quiet --example raw_events -- "$DATA/e100k.redb" "$OUT/e100k.raw" >/dev/null
say "   raw events $(du -h --apparent-size "$OUT/e100k.raw" | cut -f1), bundle $(du -h --apparent-size "$B" | cut -f1)"
measure "zstd -3 of the same raw events" zstd -3 -q -f "$OUT/e100k.raw" -o "$OUT/e100k.raw.zst"
Z=$(cat "$OUT/.last"); ZC=$(cat "$OUT/.lastcpu")
measure "zstd -d of them" zstd -d -q -f "$OUT/e100k.raw.zst" -o "$OUT/e100k.raw.out"
ZD=$(cat "$OUT/.last"); ZDC=$(cat "$OUT/.lastcpu")
say "   wall: (export + import) / zstd -3 = $(echo "scale=2; ($EXP+$IMP)/$Z" | bc -l); / (zstd -3 + zstd -d) = $(echo "scale=2; ($EXP+$IMP)/($Z+$ZD)" | bc -l) (target ≤ 3)"
say "   CPU:  (export + import) / zstd -3 = $(echo "scale=2; ($EXPC+$IMPC)/$ZC" | bc -l); / (zstd -3 + zstd -d) = $(echo "scale=2; ($EXPC+$IMPC)/($ZC+$ZDC)" | bc -l)"

say "== done; divan output in $OUT/divan-*.txt"
