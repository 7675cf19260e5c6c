#!/usr/bin/env bash
# Builds the Windows package for the office PC:
#   target/dist/juwu-<version>-windows-x86_64.zip
# holding one folder `juwu\` with juwu.exe (cross-built for
# x86_64-pc-windows-gnu), juwu.bat (double-click: the app full-screen, the
# register in data\ beside it), 备份到U盘.bat, 使用说明.txt (the staff README),
# keymaps\ and sample-data\ (with the calendars and sample bundles).
#
# Needs, on Linux: the Rust target (rustup target add x86_64-pc-windows-gnu),
# the mingw-w64 C compiler and linker (Debian/Ubuntu: apt-get install
# gcc-mingw-w64-x86-64) and python3. The zip is written with Python's zipfile,
# not Info-ZIP's `zip`: zipfile marks the Chinese file names as UTF-8
# (general purpose flag bit 11), which Windows' own "Extract all" needs to
# show 使用说明.txt rather than mojibake; `zip` 3.0 stores them unmarked.
#
# Usage: packaging/windows.sh [--out DIR] [--no-build]
#   --out DIR    where to write the zip (default target/dist)
#   --no-build   package the exe already built (CI after its own build)
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu
CC_WIN=x86_64-w64-mingw32-gcc
OUT=target/dist
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT=${2:?--out needs a folder}; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "windows.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# Every missing tool at once, each with how to install it.
missing=0
need() { echo "windows.sh: missing $1" >&2; echo "  install: $2" >&2; missing=1; }
command -v cargo >/dev/null 2>&1 || need "cargo (the Rust toolchain)" "https://rustup.rs"
if command -v rustc >/dev/null 2>&1 &&
  [ ! -d "$(rustc --print sysroot)/lib/rustlib/$TARGET" ]; then
  need "the Rust target $TARGET" "rustup target add $TARGET"
fi
command -v "$CC_WIN" >/dev/null 2>&1 ||
  need "the mingw-w64 compiler $CC_WIN (links the exe; zstd and blake3 compile C)" \
    "apt-get install gcc-mingw-w64-x86-64   (Fedora: dnf install mingw64-gcc; Arch: pacman -S mingw-w64-gcc)"
command -v python3 >/dev/null 2>&1 ||
  need "python3 (writes the zip with its zipfile module)" "apt-get install python3"
[ "$missing" = 0 ] || exit 1

VERSION=$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml)
[ -n "$VERSION" ] || { echo "windows.sh: no version in Cargo.toml's [package]" >&2; exit 1; }
EXE=target/$TARGET/release/juwu.exe

if [ "$BUILD" = 1 ]; then
  echo "== cargo build --release --locked --target $TARGET"
  cargo build --release --locked --target "$TARGET"
fi
[ -f "$EXE" ] || { echo "windows.sh: $EXE is missing (run without --no-build)" >&2; exit 1; }

mkdir -p "$OUT"
ZIP="$OUT/juwu-$VERSION-windows-x86_64.zip"
# Entries dated by the last commit, so the same tree makes the same zip.
EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

echo "== writing $ZIP"
python3 - "$ZIP" "$EPOCH" "$EXE" <<'PY'
import os, sys, time, zipfile

zip_path, epoch, exe = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# zip dates are 1980..2107, local time without a zone: take the UTC fields.
stamp = time.gmtime(max(epoch, 315532800))[:6]
TOP = "juwu/"

def crlf(data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")

def entries():
    """(name in the zip, bytes, unix mode)"""
    yield "juwu.exe", open(exe, "rb").read(), 0o755
    for name in ("juwu.bat", "备份到U盘.bat"):
        data = crlf(open(os.path.join("packaging/windows", name), "rb").read())
        if data.startswith(b"\xef\xbb\xbf"):
            sys.exit(f"windows.sh: {name} starts with a BOM: cmd would not run its first line")
        head = data[: data.find(b"chcp 65001")]
        if b"chcp 65001" not in data or any(b > 127 for b in head):
            sys.exit(f"windows.sh: {name} must be ASCII up to `chcp 65001`")
        yield name, data, 0o644
    # Notepad before Windows 10 1903 reads UTF-8 only with a BOM, and shows
    # LF-only text on one line.
    readme = open("packaging/windows/使用说明.txt", "rb").read()
    if readme.startswith(b"\xef\xbb\xbf"):
        readme = readme[3:]
    yield "使用说明.txt", b"\xef\xbb\xbf" + crlf(readme), 0o644
    for folder in ("keymaps", "sample-data"):
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for f in sorted(files):
                path = os.path.join(root, f)
                data = open(path, "rb").read()
                if f.endswith((".toml", ".md", ".txt")):
                    data = crlf(data)
                yield path.replace(os.sep, "/"), data, 0o644

with zipfile.ZipFile(zip_path + ".part", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name, data, mode in entries():
        info = zipfile.ZipInfo(TOP + name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # Unix: keeps the modes below
        info.external_attr = (0o100000 | mode) << 16
        z.writestr(info, data)
os.replace(zip_path + ".part", zip_path)

with zipfile.ZipFile(zip_path) as z:
    bad = z.testzip()
    if bad:
        sys.exit(f"windows.sh: {bad} is damaged in the zip")
    for i in z.infolist():
        print(f"{i.file_size:>10}  {i.filename}")
print(f"{os.path.getsize(zip_path):>10}  {zip_path}")
PY
