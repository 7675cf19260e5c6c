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
export JUWU_BENCH_DATA=$DATA JUWU_TODAY=2026-11-29 JUWU_NOW=2026-11-29T02:00:00Z

for t in /usr/bin/time fzf zstd taskset; do
  command -v "$t" >/dev/null || { echo "missing $t (apt-get install time fzf zstd util-linux)"; exit 1; }
done

SUMMARY=$OUT/summary.txt
: >"$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# measure NAME CMD...: runs CMD $RUNS times under /usr/bin/time; prints the
# median wall time (s) and the median peak RSS (MB).
measure() {
  local name=$1; shift
  local times=() rss=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/.time" "$@" >/dev/null 2>"$OUT/.err" || {
      echo "$name failed:"; cat "$OUT/.err"; return 1; }
    read -r t m <"$OUT/.time"
    times+=("$t"); rss+=("$m")
  done
  local mt mr
  mt=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1024}')
  say "$(printf '%-44s median %8.3f s  peak RSS %7s MB  (runs: %s; load %s)' "$name" "$mt" "$mr" "${times[*]}" "$(load)")"
  echo "$mt" >"$OUT/.last"
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

# Search: juwu search against fzf --filter on the same lines.
LINES=$OUT/r100k.lines
for q in "elevator:lift installation" "chinese:加装电梯" "initials:jzdt"; do
  name=${q%%:*}; query=${q#*:}
  measure "fzf --filter '$query' (top 50)" sh -c "fzf --filter '$query' <'$LINES' | head -50"
  f=$(cat "$OUT/.last")
  if "$BIN" search --help >/dev/null 2>&1; then
    measure "juwu search '$query' --limit 50" "$BIN" --db "$DATA/r100k.redb" search "$query" --limit 50
    j=$(cat "$OUT/.last")
    say "   $name: juwu/fzf = $(echo "scale=3; $j/$f" | bc -l) (target ≤ 0.25)"
    measure "taskset -c 0 juwu search '$query'" taskset -c 0 "$BIN" --db "$DATA/r100k.redb" search "$query" --limit 50
  else
    say "   juwu search: not on this branch yet (issue 3)"
  fi
done

# Bundles: export + import of 100,000 events against zstd -3 on the same bytes.
if "$BIN" bundle --help >/dev/null 2>&1; then
  say "   bundles: see the bundle section of BENCHMARKS.md"
else
  say "   juwu bundle: not on this branch yet (issue 4)"
fi
"$BIN" --db "$DATA/r100k.redb" export --format json --out "$OUT/r100k.json"
measure "zstd -3 of the JSON export (reference)" zstd -3 -q -f "$OUT/r100k.json" -o "$OUT/r100k.json.zst"

say "== done; divan output in $OUT/divan-store.txt"
