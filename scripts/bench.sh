#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs darkscan's benchmarks for one backend and writes bench/results/<host>-<backend>.json (Google
# Benchmark) and .md (bench/report.py: machine, build, points/s per benchmark, speed-ups from the same run),
# with MPI weak scaling on 1 and 2 ranks (bench/weak_scaling.py) when mpirun and an MPI build exist.
#   scripts/bench.sh [OMP|CPP|CUDA] [darkscan_bench arguments, e.g. --benchmark_filter=relic]
# OMP is the default. Build directory: build/bench-<backend>; DARKSCAN_BENCH_RESULTS overrides the output
# directory.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
backend=${1:-OMP}
if [ $# -gt 0 ]; then shift; fi
case $backend in
  OMP | CPP | CUDA) ;;
  *) echo "bench.sh: the backend must be OMP, CPP or CUDA, not '$backend'" >&2; exit 2 ;;
esac
name=${backend,,}
build_dir=$repo/build/bench-$name
results=${DARKSCAN_BENCH_RESULTS:-$repo/bench/results}
host=$(hostname -s)
json=$results/$host-$name.json
markdown=$results/$host-$name.md

echo "== building $backend benchmarks in $build_dir" >&2
"$repo/scripts/build.sh" "$backend" "$build_dir" -DDARKSCAN_BUILD_TESTS=OFF -DDARKSCAN_BUILD_BENCH=ON \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
mkdir -p "$results"
echo "== running $build_dir/bench/darkscan_bench" >&2
"$build_dir/bench/darkscan_bench" --benchmark_min_time=0.3 --benchmark_out="$json" --benchmark_out_format=json "$@"
scaling=()
if command -v mpirun >/dev/null && "$build_dir/host/darkscan" info | grep -q '^mpi: *yes'; then
  echo "== weak scaling on 1 and 2 MPI ranks" >&2
  export DARKSCAN_DATA_DIR=${DARKSCAN_DATA_DIR:-$("$repo/scripts/setup_data.sh" | tail -n 1)}
  /usr/bin/python3 "$repo/bench/weak_scaling.py" "$build_dir/host/darkscan" "$(command -v mpirun)" \
    --out "$results/$host-$name-scaling.json"
  scaling=(--scaling "$results/$host-$name-scaling.json")
fi
/usr/bin/python3 "$repo/bench/report.py" "$json" --build-dir "$build_dir" "${scaling[@]}" --out "$markdown"
echo "wrote $json and $markdown" >&2
