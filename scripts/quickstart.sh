#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One command from a fresh Debian machine to scans and pictures: installs packages, finds the reference data,
# builds darkscan (CUDA if a GPU and nvcc are present, else CPU threads), installs the plotting package
# darkscan-plot into a virtual environment (build/plot-venv), runs the --coarse version of every example scan in
# scans/ and draws every plot with darkscan-plot. A few minutes on 2 cores, most of it the build.
# Output in $OUT_DIR (default out/): the scan files *_coarse.h5 and the PNGs listed in the README (and one PDF).
# PLOT_DPI sets the PNG resolution (default 120; scripts/make_doc_images.sh uses it for docs/images/).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
out=${OUT_DIR:-out}
dpi=${PLOT_DPI:-120}
scripts/setup_system.sh
backend=OMP
if command -v nvcc >/dev/null && command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
  backend=CUDA
fi
build_dir="build/quickstart-${backend,,}"
scripts/build.sh "$backend" "$build_dir" -DDARKSCAN_BUILD_TESTS=OFF -DDARKSCAN_BUILD_BENCH=OFF >/dev/null
darkscan="$build_dir/host/darkscan"

# darkscan-plot in a virtual environment that uses Debian's numpy, matplotlib, h5py and xarray.
if [ ! -x build/plot-venv/bin/python ]; then
  /usr/bin/python3 -m venv --without-pip --system-site-packages build/plot-venv
fi
build/plot-venv/bin/python -m pip install --quiet --no-index --no-build-isolation --no-deps --upgrade ./python
rm -rf python/build python/*.egg-info
plot() { build/plot-venv/bin/darkscan-plot "$@" --dpi "$dpi"; }

mkdir -p "$out"
for scan in quickstart dark_photon light_dm baryonic sommerfeld_plane; do
  "$darkscan" scan "scans/$scan.ini" --coarse --out "$out/${scan}_coarse.h5" --overwrite --progress never
done
# The light-DM plane once per dark-matter type, for the four relic targets.
for type in dirac complex_scalar majorana pseudo_dirac; do
  "$darkscan" scan scans/light_dm_spins.ini --coarse --dm_type "$type" --out "$out/light_dm_spins_${type}_coarse.h5" \
    --overwrite --progress never
done

# Visible V (m_chi = 0.6 m_V closes V -> chi chibar): BRs against m_V; sigma v and Omega h^2 over (m_V, epsilon).
plot branching-ratios "$out/quickstart_coarse.h5" --select mchi_over_mV=0.6 epsilon=1e-3 alphaD=0.5 \
  --out "$out/quickstart_branching_ratios.png"
plot map "$out/quickstart_coarse.h5" sigmav_ee_cm3_s --select mchi_over_mV=0.6 alphaD=0.5 \
  --out "$out/quickstart_sigmav_ee.png"
plot map "$out/quickstart_coarse.h5" omega_h2 --select mchi_over_mV=0.6 alphaD=0.5 --relic-line --cmap cividis \
  --out "$out/quickstart_omega_h2.png"
# The standard planes: excluded regions of every constraint in the file, relic line, g-2 band; Omega h^2 beneath.
plot dark-photon "$out/dark_photon_coarse.h5" --select mchi_over_mV=0.3333 --background omega_h2 \
  --out "$out/dark_photon_invisible.png" --out "$out/dark_photon_invisible.pdf"
plot dark-photon "$out/dark_photon_coarse.h5" --select mchi_over_mV=0.6 --background omega_h2 \
  --out "$out/dark_photon_visible.png"
# The profile likelihood: chi2_total minimised over m_chi/m_V (both slices), written into the file by
# darkscan profile, drawn with the Delta chi^2 = 5.99 contour (95% for two parameters) above its minimum.
"$darkscan" profile "$out/dark_photon_coarse.h5" --keep mV,epsilon --overwrite
plot map "$out/dark_photon_coarse.h5" chi2_total --group profile_m_V_epsilon --scale log --contour chi2_total=5.99 \
  --out "$out/dark_photon_chi2_profile.png"
plot light-dm "$out/light_dm_coarse.h5" --background omega_h2 --out "$out/light_dm.png"
# The relic targets of Dirac, complex-scalar, Majorana and pseudo-Dirac (Delta = 0.1 m_chi) dark matter over the
# constraints of the complex scalar, the usual reference of the DM-beam searches.
plot light-dm "$out/light_dm_spins_complex_scalar_coarse.h5" --relic-of "$out/light_dm_spins_dirac_coarse.h5" \
  "$out/light_dm_spins_majorana_coarse.h5" "$out/light_dm_spins_pseudo_dirac_coarse.h5" --out "$out/light_dm_spins.png"
plot baryonic "$out/baryonic_coarse.h5" --select mchi_over_mV=0.6 --background omega_h2 --out "$out/baryonic.png"
# The Sommerfeld / SIDM plane, and the velocity curves at one point of it.
plot map "$out/sommerfeld_plane_coarse.h5" sommerfeld_s_recombination --y m_chi --select alphaD=0.1 \
  --contour bound_1s_exists=0.5 --cmap magma --out "$out/sommerfeld_plane_sommerfeld_s.png"
plot map "$out/sommerfeld_plane_coarse.h5" sigmaT_over_m_dwarf_cm2_g --y m_chi --select alphaD=0.1 \
  --contour bound_1s_exists=0.5 --cmap magma --out "$out/sommerfeld_plane_sigma_T.png"
plot sommerfeld --mV 0.01 --mchi 10 --alphaD 0.1 --darkscan "$darkscan" --file "$out/sommerfeld_plane_coarse.h5" \
  --out "$out/sommerfeld_curves.png"
