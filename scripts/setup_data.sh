#!/usr/bin/env bash
# Make darkscan's reference data tables available and print their directory.
#
# The tables (limit curves, equations of state, R ratio, ...) are not kept in
# this repository. data/MANIFEST.tsv lists every file with its SHA-256 and the
# upstream GitHub repository, commit and path it was copied from.
#
# Usage: scripts/setup_data.sh [DATA_DIR]
#
# The data directory is, in this order:
#   1. DATA_DIR, if given;
#   2. $DARKSCAN_DATA_DIR, if set;
#   3. <repo>/../shared/data, if it exists (development machines and CI);
#   4. otherwise ${DARKSCAN_DATA_CACHE:-<repo>/build/data}, filled by
#      downloading each missing or outdated file from
#      ${DARKSCAN_DATA_URL_BASE:-https://raw.githubusercontent.com}/<repository>/<commit>/<upstream_path>
#      (tests point DARKSCAN_DATA_URL_BASE at a file:// tree).
# In every case each manifest file is then checked against its SHA-256.
#
# On success the only output is the absolute data directory, on stdout.
# Exit status: 0 ok; 1 usage or setup problem; 2 a data file is missing or
# altered (one line on stderr names it); 3 a download failed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
manifest="$repo/data/MANIFEST.tsv"

fail() { echo "darkscan setup: $2" >&2; exit "$1"; }
sha256() { local s; s=$(sha256sum < "$1"); echo "${s%% *}"; }

# Manifest rows without the header line, blank lines or comments.
rows() { tail -n +2 "$manifest" | grep -v -e '^#' -e '^[[:space:]]*$' || true; }
# Quick check of all files with one sha256sum call: true if every file is
# present and correct. The per-file loops below find and name a bad file.
all_ok() {
    rows | awk -F'\t' '{ print $2 "  " $1 }' |
        (cd "$dir" 2>/dev/null && sha256sum --check --quiet --status 2>/dev/null)
}

[ -f "$manifest" ] || fail 1 "manifest $manifest not found"
[ $# -le 1 ] || fail 1 "usage: $0 [DATA_DIR]"

download=false
if [ $# -eq 1 ]; then
    dir=$1
elif [ -n "${DARKSCAN_DATA_DIR:-}" ]; then
    dir=$DARKSCAN_DATA_DIR
elif [ -d "$repo/../shared/data" ]; then
    dir=$repo/../shared/data
else
    dir=${DARKSCAN_DATA_CACHE:-$repo/build/data}
    download=true
    mkdir -p "$dir"
fi
# Report an absolute path (left as given if the directory does not exist;
# the check below then names the first missing file).
[ -d "$dir" ] && dir=$(cd "$dir" && pwd)

if $download && ! all_ok; then
    base=${DARKSCAN_DATA_URL_BASE:-https://raw.githubusercontent.com}
    tmp=""
    trap 'rm -f "$tmp"' EXIT          # never leave a partial download behind
    while IFS=$'\t' read -r path sha repository commit upstream_path _; do
        dest="$dir/$path"
        if [ -f "$dest" ] && [ "$(sha256 "$dest")" = "$sha" ]; then
            continue                  # already present and correct
        fi
        # '+' occurs in some file names (rf.pi+_pi-...): send it as %2B so
        # that no server can read it as a space.
        url="$base/$repository/$commit/${upstream_path//+/%2B}"
        mkdir -p "$(dirname "$dest")"
        # Temporary file beside the destination, so the final mv is atomic.
        tmp=$(mktemp "$(dirname "$dest")/.download.XXXXXX")
        curl_rc=0
        curl --silent --fail --location --retry 3 --retry-delay 2 \
             --output "$tmp" "$url" || curl_rc=$?
        [ "$curl_rc" -eq 0 ] ||
            fail 3 "could not download data file $path from $url (curl exit $curl_rc)"
        got=$(sha256 "$tmp")
        [ "$got" = "$sha" ] ||
            fail 2 "data file $path downloaded from $url has SHA-256 $got, expected $sha (altered or wrong version)"
        chmod 644 "$tmp"              # mktemp makes it private; data is public
        mv -f "$tmp" "$dest"
        tmp=""
    done < <(rows)
fi

# Verify every file, whichever way the directory was found.
all_ok || while IFS=$'\t' read -r path sha _; do
    [ -f "$dir/$path" ] || fail 2 "data file $path is missing in $dir"
    got=$(sha256 "$dir/$path")
    [ "$got" = "$sha" ] ||
        fail 2 "data file $path has SHA-256 $got, expected $sha (altered or wrong version)"
done < <(rows)

echo "$dir"
