#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Example Slurm job for a multi-node GPU scan: one MPI rank per GPU, continued from where the previous job
# stopped. Submit it again (or with --dependency=afterany:JOBID, or as a job array of %1) until the log says
# "complete"; each job computes only the tiles not done yet, and the result is bitwise the same whatever the
# node count of each job. Adjust the account, partition, modules and sizes to your cluster.
#
#   sbatch scans/cluster_slurm.sh                 # scans/cluster_plane.ini
#   sbatch scans/cluster_slurm.sh my_scan.ini
#
#SBATCH --job-name=darkscan
#SBATCH --nodes=8
#SBATCH --ntasks-per-node=4          # one rank per GPU
#SBATCH --gpus-per-node=4
#SBATCH --cpus-per-task=16           # CPU threads per rank: HDF5 writing and compression
#SBATCH --time=12:00:00
# Ask Slurm for SIGUSR1 to every rank 10 minutes before the time limit: darkscan finishes the tiles in flight,
# closes its files and exits 130. (At the limit itself Slurm sends SIGTERM, then SIGKILL after KillWait; even
# a SIGKILL loses only the tiles in flight.)
#SBATCH --signal=USR1@600
#SBATCH --output=darkscan-%j.log
set -euo pipefail

config=${1:-scans/cluster_plane.ini}
darkscan=${DARKSCAN:-build/cuda/host/darkscan}

# module load openmpi cuda hdf5           # whatever provides the libraries darkscan was built with

# Lustre and some NFS mounts refuse file locks; HDF5 then fails to open files unless locking is off.
export HDF5_USE_FILE_LOCKING=FALSE

# Check the configuration, the data files and what --resume would continue before taking the nodes' time.
"$darkscan" scan "$config" --resume --dry-run

# srun starts one rank per task with the MPI library's PMI. Each rank takes one GPU: the node's r-th rank the
# r-th visible GPU (or the only one, where Slurm binds a GPU to each task); --devices LIST picks others.
status=0
srun --kill-on-bad-exit=1 "$darkscan" scan "$config" --resume || status=$?
case $status in
  0) echo "darkscan: scan complete" ;;
  130) echo "darkscan: stopped before the time limit; submit this script again to continue" ;;
  *) echo "darkscan: failed with exit code $status" >&2; exit "$status" ;;
esac
