#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages darkscan needs (build tools, HDF5, Boost.Program_options, Thrust, doctest,
# nlohmann-json, OpenSSL, Google Benchmark, OpenMPI, Python readers (h5py, xarray, netCDF4, ncdump) and plotting,
# venv and setuptools for the plotting package, and clang 14 with its compiler-rt for the sanitizer and libFuzzer
# build of the tests: libclang_rt.fuzzer comes with libclang-rt-14-dev). Skips apt when all are present.
# MPI scans use the serial HDF5 library (libhdf5-dev): rank 0 writes one file, or each rank its own part file,
# so libhdf5-openmpi-dev is not needed (it installs beside libhdf5-dev without conflict if wanted elsewhere).
set -euo pipefail
packages=(
  build-essential cmake git curl ca-certificates
  libhdf5-dev hdf5-tools libboost-program-options-dev libthrust-dev libcub-dev doctest-dev
  nlohmann-json3-dev libssl-dev libbenchmark-dev clang-14 libclang-rt-14-dev libopenmpi-dev openmpi-bin
  python3 python3-numpy python3-h5py python3-xarray python3-h5netcdf python3-matplotlib python3-netcdf4 netcdf-bin
  python3-venv python3-pip python3-setuptools
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "darkscan setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
