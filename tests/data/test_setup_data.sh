#!/usr/bin/env bash
# Tests for scripts/setup_data.sh, run on temporary copies of the data.
#
# Usage: tests/data/test_setup_data.sh [SHARED_DATA_DIR]
# The reference copy of the data is taken from the argument, else from
# $DARKSCAN_SHARED_DATA, else from <repo>/../shared/data. Only files listed in
# data/MANIFEST.tsv are copied, into a temporary directory that is removed on
# exit. Downloads are tested against a fake upstream tree through file:// URLs,
# so no network is needed.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
setup="$repo/scripts/setup_data.sh"
manifest="$repo/data/MANIFEST.tsv"
shared=${1:-${DARKSCAN_SHARED_DATA:-$repo/../shared/data}}
[ -d "$shared" ] || { echo "shared data directory $shared not found" >&2; exit 1; }

# Keep the caller's settings from steering the script under test.
unset DARKSCAN_DATA_DIR DARKSCAN_DATA_CACHE DARKSCAN_DATA_URL_BASE

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tmp=$(cd "$tmp" && pwd)

passed=0 failed=0
check() {  # check NAME COMMAND...: count and report one test
    local name=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok   $name"
    else failed=$((failed + 1)); echo "FAIL $name (exit $rc; stdout: $out; stderr: $err)"; fi
}
run() {  # run COMMAND...: sets rc, out (stdout) and err (stderr)
    rc=0
    out=$("$@" 2>"$tmp/stderr") || rc=$?
    err=$(cat "$tmp/stderr")
}
ok_quiet() { [ "$rc" -eq 0 ] && [ -z "$err" ] && [ "$out" = "$1" ]; }
one_error_line() {  # exit 2 and a single stderr line containing $1
    [ "$rc" -eq 2 ] && [ "$(wc -l <<<"$err")" -eq 1 ] && [[ $err == *"$1"* ]]
}

# Data copy, laid out as in the shared directory (only manifest files).
tail -n +2 "$manifest" | cut -f1 > "$tmp/files"
mkdir -p "$tmp/data"
tar -C "$shared" -cf - -T "$tmp/files" | tar -C "$tmp/data" -xf - ||
    { echo "cannot copy data from $shared" >&2; exit 1; }
nfiles=$(wc -l < "$tmp/files")

# (a) success: quiet, prints the directory; argument beats $DARKSCAN_DATA_DIR.
run "$setup" "$tmp/data"
check "explicit directory verifies and is printed" ok_quiet "$tmp/data"
run env DARKSCAN_DATA_DIR="$tmp/data" "$setup"
check "DARKSCAN_DATA_DIR is used" ok_quiet "$tmp/data"
run env DARKSCAN_DATA_DIR=/nonexistent "$setup" "$tmp/data"
check "argument overrides DARKSCAN_DATA_DIR" ok_quiet "$tmp/data"

# (b) an altered file: exit 2, one line naming it.
f=rratio/rratio.dat
echo "0 0 0" >> "$tmp/data/$f"
run "$setup" "$tmp/data"
check "altered file is named" one_error_line "data file $f has SHA-256"
cp "$shared/$f" "$tmp/data/$f"

# (c) a missing file: exit 2, one line naming it.
f=limits/darkcast/limits/BaBar_Lees2014xha.lmt
mv "$tmp/data/$f" "$tmp/moved"
run "$setup" "$tmp/data"
check "missing file is named" one_error_line "data file $f is missing in $tmp/data"
mv "$tmp/moved" "$tmp/data/$f"

# (d) download mode. A copy of the scripts in a fake checkout with no
# ../shared/data beside it, and a fake upstream <repository>/<commit>/<path>.
mkdir -p "$tmp/checkout/scripts" "$tmp/checkout/data" "$tmp/upstream"
cp "$setup" "$tmp/checkout/scripts/"
cp "$manifest" "$tmp/checkout/data/"
tail -n +2 "$manifest" | while IFS=$'\t' read -r path _ repository commit upstream_path _; do
    mkdir -p "$(dirname "$tmp/upstream/$repository/$commit/$upstream_path")"
    cp "$tmp/data/$path" "$tmp/upstream/$repository/$commit/$upstream_path"
done
fake_setup="$tmp/checkout/scripts/setup_data.sh"
url_base="file://$tmp/upstream"

run env DARKSCAN_DATA_URL_BASE="$url_base" DARKSCAN_DATA_CACHE="$tmp/cache" "$fake_setup"
check "download fills an empty cache" ok_quiet "$tmp/cache"
check "cache holds every manifest file" \
    test "$(find "$tmp/cache" -type f | wc -l)" -eq "$nfiles"
check "downloaded file equals the original" cmp -s "$tmp/cache/$f" "$shared/$f"

# Altered cached file is fetched again; a bad upstream copy is rejected.
echo "x" >> "$tmp/cache/$f"
run env DARKSCAN_DATA_URL_BASE="$url_base" DARKSCAN_DATA_CACHE="$tmp/cache" "$fake_setup"
check "altered cached file is downloaded again" ok_quiet "$tmp/cache"
rm "$tmp/cache/$f"
up_f=$(awk -F'\t' -v p="$f" '$1 == p { print $3 "/" $4 "/" $5 }' "$manifest")
echo "x" >> "$tmp/upstream/$up_f"
run env DARKSCAN_DATA_URL_BASE="$url_base" DARKSCAN_DATA_CACHE="$tmp/cache" "$fake_setup"
check "download with wrong SHA-256 is rejected" one_error_line "data file $f downloaded from"
check "rejected download leaves no file" \
    test ! -e "$tmp/cache/$f" -a -z "$(find "$tmp/cache" -name '.download.*')"
cp "$shared/$f" "$tmp/upstream/$up_f"

# An unreachable upstream is a download error (exit 3) naming the file.
run env DARKSCAN_DATA_URL_BASE="file://$tmp/nowhere" DARKSCAN_DATA_CACHE="$tmp/cache" "$fake_setup"
check "failed download gives exit 3" test "$rc" -eq 3 -a -n "$(grep -F "could not download data file $f" <<<"$err")"

# Without DARKSCAN_DATA_CACHE the cache is <repo>/build/data (pre-filled
# except for one file, to keep the test fast).
mkdir -p "$tmp/checkout/build"
cp -R "$tmp/cache" "$tmp/checkout/build/data"
rm -f "$tmp/checkout/build/data/$f"   # absent already after the rejected download
run env DARKSCAN_DATA_URL_BASE="$url_base" "$fake_setup"
check "default cache is <repo>/build/data" ok_quiet "$tmp/checkout/build/data"
check "default cache got the missing file" cmp -s "$tmp/checkout/build/data/$f" "$shared/$f"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
