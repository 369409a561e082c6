#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Registers, stack, spills and theoretical occupancy of every CUDA kernel of darkscan, from the compiler's own
resource-usage report (ptxas), per GPU architecture. Needs nvcc, not a GPU. Standard library only.

    cuda_resource_usage.py [--build-dir DIR] [--arch 80 --arch 90] [--out REPORT.md] [--json REPORT.json]

It configures a CUDA build in DIR (default build/cuda-resource-usage; tests and benchmarks off), takes the compile
command of each source in kernels/ from compile_commands.json and reruns it, one architecture at a time, with
--resource-usage. About 4 minutes per architecture on one core; the architectures run in parallel.

Theoretical occupancy is what the register file, shared memory and the block size allow on one SM (CUDA C
Programming Guide, "Compute Capabilities", table of technical specifications): 64 resident warps, 32 blocks,
65 536 32-bit registers allocated per warp in units of 256, at most 255 registers per thread; shared memory
164 KiB (sm_80) or 228 KiB (sm_90) per SM, 1 KiB of it reserved per block. Thrust launches its for_each
kernels (every darkscan point kernel) with 256 threads per block (CUB's for_each policy for sm_50 and later).
"""
import argparse
import concurrent.futures
import json
import platform
import re
import subprocess
import sys
from pathlib import Path

from report import compile_words

REPO = Path(__file__).resolve().parents[1]
BLOCK_THREADS = 256
SM_LIMITS = {  # per SM: resident warps, resident blocks, registers, shared memory in bytes
    80: dict(warps=64, blocks=32, registers=65536, shared=164 * 1024),
    90: dict(warps=64, blocks=32, registers=65536, shared=228 * 1024),
}
SHARED_RESERVED_PER_BLOCK = 1024


def theoretical_occupancy(arch, registers, shared_bytes, block_threads=BLOCK_THREADS):
    """Resident warps per SM over the maximum, and the limiting resource."""
    limits = SM_LIMITS[arch]
    warps_per_block = -(-block_threads // 32)
    registers_per_warp = -(-max(registers, 1) * 32 // 256) * 256
    by_resource = {
        "warps": limits["warps"] // warps_per_block,
        "blocks": limits["blocks"],
        "registers": limits["registers"] // (registers_per_warp * warps_per_block),
        "shared memory": limits["shared"] // (shared_bytes + SHARED_RESERVED_PER_BLOCK),
    }
    limiter = min(by_resource, key=by_resource.get)
    return by_resource[limiter] * warps_per_block / limits["warps"], limiter


def demangle(names):
    result = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def short_name(demangled):
    """The functor a Thrust/CUB for_each kernel applies (with its index type), or the kernel's own name."""
    index = re.search(r"static_kernel<[^,]+, ([\w ]+),", demangled)
    suffix = f" ({index.group(1)} index)" if index else ""
    functor = re.search(r"op_wrapper_t<[^,]+, ([^<,]*(?:<[^>]*>)?)", demangled)
    if functor:
        return re.sub(r"\(anonymous namespace\)::|darkscan::", "", functor.group(1)) + suffix
    fill = re.search(r"(__uninitialized_fill|__fill)::functor<.*?device_ptr<([^>]*)>", demangled)
    if fill:
        return f"{fill.group(1).lstrip('_')}<{fill.group(2)}>{suffix}"
    return re.sub(r"\(.*", "", re.sub(r"^void ", "", demangled)).replace("cub::", "").split("::")[-1]


def compile_commands(build_dir):
    subprocess.run(["cmake", "-S", str(REPO), "-B", str(build_dir), "-DDARKSCAN_BACKEND=CUDA",
                    "-DCMAKE_BUILD_TYPE=Release", "-DDARKSCAN_BUILD_TESTS=OFF", "-DDARKSCAN_BUILD_BENCH=OFF",
                    "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"], check=True, stdout=subprocess.DEVNULL)
    entries = json.loads((Path(build_dir) / "compile_commands.json").read_text())
    return [e for e in entries if "/kernels/" in e["file"]]


def arch_command(entry, arch, output):
    """The build's compile command for one source, for one architecture, with the resource report."""
    words = compile_words(entry)
    kept, skip = [], False
    for word in words:
        if skip:
            skip = False
            continue
        if word == "-o":
            skip = True
            continue
        if word.startswith(("--generate-code", "-gencode", "--threads")):
            continue
        kept.append(word)
    return kept + [f"--generate-code=arch=compute_{arch},code=sm_{arch}", "--resource-usage", "-o", str(output)]


def parse_ptxas(text):
    """One record per entry function: registers, stack frame, spills, shared memory (bytes)."""
    kernels, current = {}, None
    for line in text.splitlines():
        entry = re.search(r"Compiling entry function '([^']+)'", line)
        if entry:
            current = kernels.setdefault(entry.group(1), dict(registers=0, stack=0, spill_stores=0,
                                                               spill_loads=0, shared=0))
            continue
        properties = re.search(r"Function properties for (\S+)", line)
        if properties:
            current = kernels.get(properties.group(1))  # None for device functions: not reported
            continue
        if current is None:
            continue
        frame = re.search(r"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads", line)
        if frame:
            current.update(stack=int(frame.group(1)), spill_stores=int(frame.group(2)),
                           spill_loads=int(frame.group(3)))
        used = re.search(r"Used (\d+) registers", line)
        if used:
            current["registers"] = int(used.group(1))
            shared = re.search(r"(\d+) bytes smem", line)
            current["shared"] = int(shared.group(1)) if shared else 0
            current = None
    return kernels


def resource_usage(entry, arch, build_dir):
    output = Path(build_dir) / f"resource-usage-{Path(entry['file']).stem}-sm_{arch}.o"
    result = subprocess.run(arch_command(entry, arch, output), cwd=entry["directory"], capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit(f"cuda_resource_usage: compiling {entry['file']} for sm_{arch} failed:\n{result.stderr}")
    return parse_ptxas(result.stdout + result.stderr)


def nvcc_version(entry):
    nvcc = compile_words(entry)[0]
    text = subprocess.run([nvcc, "--version"], capture_output=True, text=True).stdout
    release = re.search(r"release ([\d.]+), (V[\d.]+)", text)
    return f"nvcc {release.group(2)}" if release else nvcc


def git_commit():
    result = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                            text=True)
    return result.stdout.strip() or "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default=str(REPO / "build" / "cuda-resource-usage"))
    parser.add_argument("--arch", type=int, action="append", choices=sorted(SM_LIMITS))
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "cuda-resource-usage.md"))
    parser.add_argument("--json")
    args = parser.parse_args()
    arches = args.arch or sorted(SM_LIMITS)
    entries = compile_commands(args.build_dir)
    jobs = [(entry, arch) for entry in entries for arch in arches]
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        reports = list(pool.map(lambda job: resource_usage(*job, args.build_dir), jobs))

    rows = []
    for (entry, arch), kernels in zip(jobs, reports):
        names = list(kernels)
        for mangled, readable in zip(names, demangle(names)):
            usage = kernels[mangled]
            occupancy, limiter = theoretical_occupancy(arch, usage["registers"], usage["shared"])
            rows.append(dict(source=str(Path(entry["file"]).relative_to(REPO)), arch=f"sm_{arch}",
                             kernel=short_name(readable), demangled=readable, occupancy=occupancy, limited_by=limiter, **usage))
    rows.sort(key=lambda r: (r["source"], r["kernel"], r["arch"]))

    lines = [
        "# CUDA kernels: compiler resource usage and theoretical occupancy", "",
        f"- commit {git_commit()}, {nvcc_version(entries[0])}, host {platform.node()}; generated by "
        "`bench/cuda_resource_usage.py` (ptxas `--resource-usage`, no GPU needed)",
        f"- occupancy: resident warps per SM over 64, at {BLOCK_THREADS} threads per block (Thrust's for_each)",
        "", "| source | kernel | arch | registers | stack frame [B] | spill stores / loads [B] | shared [B] | "
        "theoretical occupancy | limited by |", "|---|---|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r['source']} | `{r['kernel']}` | {r['arch']} | {r['registers']} | {r['stack']} | "
                     f"{r['spill_stores']} / {r['spill_loads']} | {r['shared']} | {r['occupancy']:.1%} | "
                     f"{r['limited_by']} |")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
