#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs darkscan into a staging prefix and builds a separate project against it with find_package(darkscan):
# a C++ program calling physics functions (darkscan::physics) whose output matches the closed forms, a program
# linking darkscan::host, and, where nvcc exists, a CUDA kernel calling the physics headers (compiled only).
# Usage: test_consumer.sh BUILD_DIR PYTHON
set -u
build=$1 python=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/../check.sh"
check "cmake --install into a staging prefix" cmake --install "$build" --prefix "$work/stage"
check "package files installed" test -f "$work/stage/lib/cmake/darkscan/darkscanConfig.cmake" \
    -a -f "$work/stage/include/darkscan/config.hpp" -a -f "$work/stage/include/darkscan/host/scan_config.hpp" \
    -a -x "$work/stage/bin/darkscan"
cuda_args=()
nvcc=$(command -v nvcc || true)
[ -n "$nvcc" ] || { [ -x /usr/local/cuda/bin/nvcc ] && nvcc=/usr/local/cuda/bin/nvcc; }
if [ -n "$nvcc" ]; then
    cuda_args=(-DCONSUMER_CUDA=ON -DCMAKE_CUDA_COMPILER="$nvcc" -DCMAKE_CUDA_ARCHITECTURES=80)
fi
check "configure the consumer with find_package(darkscan)" cmake -S "$here/consumer" -B "$work/build" \
    -DCMAKE_PREFIX_PATH="$work/stage" -DCMAKE_BUILD_TYPE=Release "${cuda_args[@]}"
check "build the consumer" cmake --build "$work/build" --parallel 2
# Gamma(V -> e+e-) = (alpha eps^2 M/3)(1 + 2 r)sqrt(1 - 4 r), r = m_e^2/M^2 (arXiv:1801.04847 eq. (2.13));
# the Coulomb S_s at eps_v = 0.1 is 10 pi / (1 - e^{-10 pi}).
check "consumer output equals the closed forms to 1e-12" bash -c "'$work/build/consumer' | '$python' -c '
import math, sys
values = dict(line.split() for line in sys.stdin)
alpha, me, M, eps = 1 / 137.035999084, 0.51099895000e-3, 0.1, 1e-3
r = me**2 / M**2
width = alpha * eps**2 * M / 3 * (1 + 2 * r) * math.sqrt(1 - 4 * r)
s = 10 * math.pi / -math.expm1(-10 * math.pi)
assert abs(float(values[\"width_ee_GeV\"]) / width - 1) < 1e-12, (values, width)
assert abs(float(values[\"sommerfeld_coulomb_s\"]) / s - 1) < 1e-12, (values, s)
'"
check "consumer linked against darkscan::host runs" "$work/build/consumer_host"
if [ -n "$nvcc" ]; then
    check "a user's CUDA kernel with the physics headers compiles under nvcc" test -n \
        "$(find "$work/build" -name 'kernel.cu.o' -print -quit)"
else
    echo "skip CUDA kernel compile: nvcc not found"
fi
finish
