#!/usr/bin/env bash
# Runs the Windows exe under Wine, as an office would use it, in a folder
# whose name has Chinese and a space: the demo, verify, a bundle round trip
# between two new offices (init, key show, trust add, bundle export /
# inspect / import / status, both ways), the board page, a backup and
# restore. Prints each command and fails on the first that goes wrong.
#
# Usage: packaging/windows-wine-check.sh [path/to/juwu.exe]
# Needs wine (64-bit: Debian/Ubuntu apt-get install wine wine64). Uses its
# own throwaway WINEPREFIX under a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
EXE=$(realpath "${1:-target/x86_64-pc-windows-gnu/release/juwu.exe}")
[ -f "$EXE" ] || { echo "wine-check: no $EXE (run packaging/windows.sh first)" >&2; exit 1; }
command -v wine >/dev/null 2>&1 || {
  echo "wine-check: missing wine; install: apt-get install wine wine64" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'WINEPREFIX="$TMP/prefix" wineserver -k >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT
export WINEPREFIX="$TMP/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wineboot -i >/dev/null 2>&1 || true
DIR="$TMP/居委会 数据"
mkdir -p "$DIR"
cp "$EXE" "$DIR/juwu.exe"
# Rust's std (1.78+) takes its random numbers from ProcessPrng in
# bcryptprimitives.dll, which every Windows 10/11 has but Wine only since
# 8.13 (Debian 12 ships 8.0): there, a stand-in beside the exe for this
# check only (never in the package), built with the mingw compiler.
if [ ! -f "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" ]; then
  echo "wine-check: this Wine ($(wine --version)) has no bcryptprimitives.dll: using a stand-in for ProcessPrng" >&2
  cat >"$TMP/prng.c" <<'C'
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len) {
    ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
    if (!RtlGenRandom(data, n)) return FALSE;
    data += n; len -= n;
  }
  return TRUE;
}
C
  x86_64-w64-mingw32-gcc -O2 -shared -o "$DIR/bcryptprimitives.dll" "$TMP/prng.c" -ladvapi32
fi
cd "$DIR"
# The sample year's clock, so the output is the same every run.
export JUWU_NOW=2026-12-01T09:00:00Z JUWU_TODAY=2026-12-01

j() { echo "\$ juwu $*" >&2; wine juwu.exe --lang zh "$@" | tr -d '\r'; }
expect() { # expect TEXT: stdin must contain TEXT
  local out; out=$(cat); printf '%s\n' "$out"
  grep -qF -- "$1" <<<"$out" || { echo "wine-check: FAILED: expected '$1'" >&2; exit 1; }
}

j --db 演示.redb demo --no-tui | expect "清河社区居委会 (QH01)"
j --db 演示.redb verify | expect "正常"
j --db 演示.redb board --on 2026-06-10 --out "公开栏 a4.html" | expect "2 件"
grep -q "清河社区" "公开栏 a4.html" && echo "公开栏 a4.html: $(wc -c <"公开栏 a4.html") bytes"
j --db 演示.redb search cwgk --limit 2 | expect "财务"

j --db 青河.redb init --office-code QH09 --office-name 青河社区居委会 --level community --parent DC9 --parent-name 东城街道办 | expect "QH09"
j --db 青河.redb operator add --name 李晓燕 --role clerk | expect "李晓燕"
j --db 东城.redb init --office-code DC9 --office-name 东城街道办 --level street | expect "DC9"
key() { wine juwu.exe --db "$1" key show | tr -d '\r' | sed -n 's/^[^:：]*[:：] *\([0-9a-f]\{64\}\)$/\1/p'; }
mkdir -p "U盘 E"
KQ=$(key 青河.redb); KD=$(key 东城.redb)
[ ${#KQ} = 64 ] && [ ${#KD} = 64 ] || { echo "wine-check: FAILED: key show gave no key" >&2; exit 1; }
j --db 东城.redb trust add --office QH09 --key "$KQ"
j --db 青河.redb trust add --office DC9 --key "$KD"
j --db 青河.redb bundle export --to DC9 --out "U盘 E/QH09-to-DC9.juwu"
j --db 东城.redb bundle inspect "U盘 E/QH09-to-DC9.juwu"
j --db 东城.redb bundle import "U盘 E/QH09-to-DC9.juwu"
j --db 东城.redb bundle status | expect "QH09"
j --db 东城.redb bundle export --to QH09 --out "U盘 E/DC9-to-QH09.juwu"
j --db 青河.redb bundle import "U盘 E/DC9-to-QH09.juwu"
j --db 青河.redb bundle status | expect "DC9"
j --db 东城.redb verify | expect "正常"
j --db 青河.redb verify | expect "正常"

j --db 青河.redb backup --out "备份 1" --include-key
j --db 恢复.redb restore "备份 1"
j --db 恢复.redb verify | expect "正常"
echo "wine-check: all passed"
