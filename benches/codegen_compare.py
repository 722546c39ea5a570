#!/usr/bin/env python3
"""soapkit-codegen next to python-zeep loading the same WSDL, in one run.

zeep reads a WSDL into its client model when `zeep.Client(wsdl)` is made (node-soap and
suds do the same on every start); soapkit-codegen reads it once, at build time, and writes
Rust. This times both on one file, taking turns round after round on this shared machine:
zeep in-process (`Client(wsdl)`, no cache), soapkit-codegen as the release CLI process
(`soapkit-codegen WSDL -o OUT.rs`: its whole cost, process start and formatting included).
Each ratio is the median of the rounds' ratios. Uses the interop environment:

    bash interop/run            # once, to create interop/.venv
    interop/.venv/bin/python benches/codegen_compare.py [--wsdl PATH] [--rounds 11]

The default WSDL is the corpus's largest that zeep loads; pass a service's own
(`--wsdl Person.wsdl`) to measure what matters to you.
"""

import argparse
import pathlib
import statistics
import subprocess
import tempfile
import time

import zeep

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "codegen/tests/corpus/savon/betfair.xml"


def median_seconds(f, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wsdl", default=str(DEFAULT))
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=5, help="calls per side in each round (median taken)")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "soapkit-codegen"], cwd=ROOT, check=True)
    cli = ROOT / "target/release/soapkit-codegen"
    out = pathlib.Path(tempfile.mkdtemp()) / "generated.rs"
    wsdl = str(pathlib.Path(args.wsdl).resolve())

    def generate():
        subprocess.run([cli, wsdl, "-o", out], check=True, stderr=subprocess.DEVNULL)

    def load():
        zeep.Client(wsdl)

    generate(), load()  # warm-up: page cache, imports
    rounds = []
    for _ in range(args.rounds):
        ours = median_seconds(generate, args.repeat)
        theirs = median_seconds(load, args.repeat)
        rounds.append((ours, theirs))
    ours = statistics.median(r[0] for r in rounds)
    theirs = statistics.median(r[1] for r in rounds)
    ratio = statistics.median(t / o for o, t in rounds)
    size = pathlib.Path(wsdl).stat().st_size
    print(f"{pathlib.Path(wsdl).name} ({size:,} bytes), median of {args.rounds} rounds of {args.repeat} calls each side, zeep {zeep.__version__}")
    print(f"soapkit-codegen (CLI process): {ours * 1000:8.2f} ms")
    print(f"zeep.Client(wsdl):             {theirs * 1000:8.2f} ms")
    print(f"zeep / soapkit-codegen:        {ratio:8.1f}x (median of per-round ratios)")


if __name__ == "__main__":
    main()
