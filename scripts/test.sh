#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sets up, builds and runs every test: the OMP (threads) and CPP (serial) backends with warnings as errors,
# each running the unit, command-line, data and reader tests; the CPP backend built by clang with AddressSanitizer
# and UndefinedBehaviorSanitizer (every report fatal), running the unit tests and, beside them, the libFuzzer
# targets (DARKSCAN_FUZZ_SECONDS each, default 20); then a compile-and-link build of the CUDA backend for sm_80
# and sm_90 when nvcc exists (no GPU needed; the darkscan binary and the benchmarks; on a GPU machine
# `scripts/build.sh CUDA build/cuda && ctest --test-dir build/cuda` builds and runs the tests too).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
scripts/setup_system.sh
for backend in OMP CPP; do
  echo "== $backend backend: build and test (at ${SECONDS} s)" >&2
  scripts/build.sh "$backend" "build/test-${backend,,}" -DDARKSCAN_WERROR=ON >/dev/null
  ctest --test-dir "build/test-${backend,,}" --output-on-failure -j"$(nproc)"
done
echo "== CPP backend, clang, ASan + UBSan: unit tests and fuzzing (at ${SECONDS} s)" >&2
CC=clang-14 CXX=clang++-14 BUILD_TYPE=RelWithDebInfo scripts/build.sh CPP build/test-sanitize -DDARKSCAN_WERROR=ON \
  -DDARKSCAN_SANITIZE=address,undefined -DDARKSCAN_FUZZ=ON -DDARKSCAN_BUILD_BENCH=OFF >/dev/null
UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build/test-sanitize --output-on-failure -j2 -R '^(unit|fuzz_)'
cat build/test-sanitize/tests/fuzz/*/summary.txt >&2
if command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ]; then
  echo "== CUDA backend: compile and link for sm_80, sm_90 (at ${SECONDS} s)" >&2
  export PATH=$PATH:/usr/local/cuda/bin
  scripts/build.sh CUDA build/test-cuda -DDARKSCAN_WERROR=ON -DCMAKE_CUDA_ARCHITECTURES="80;90" \
    -DDARKSCAN_BUILD_TESTS=OFF >/dev/null
  echo "CUDA backend built: build/test-cuda/host/darkscan and build/test-cuda/bench/darkscan_bench" >&2
else
  echo "== CUDA backend: nvcc not found, compile check skipped" >&2
fi
echo "== all tests passed in ${SECONDS} s" >&2
