#!/usr/bin/env python3
"""Instructions per encode and decode, soapkit against the hand-written floor, by callgrind.

Wall-clock medians on a shared 2-core machine move by tens of percent between runs;
instruction counts repeat. For each case this runs the codec bench's loop mode under
`valgrind --tool=callgrind` with N iterations and with 0, and reports the difference / N
(so setup, such as building the documents, cancels out).

    python3 benches/instructions.py [--count 2000] [case ...]

Cases: encode, services88, entity_50, array_10k, fault12 (codec bench: soapkit against the
hand-written quick-xml code), and round_trip (round_trip bench: one soapkit call against
plain reqwest, and against reqwest plus the hand-written decode, sequential calls to an
in-process server; its instructions include the server's).
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ["encode", "services88", "entity_50", "array_10k", "fault12", "round_trip"]


def bench_executable(bench):
    """The path of a bench's executable, built if needed (also used by zeep_compare.py)."""
    out = subprocess.run(
        ["cargo", "bench", "--bench", bench, "--no-run", "--message-format=json"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == bench and msg.get("executable"):
            return msg["executable"]
    sys.exit(f"no {bench} bench executable")


def instructions(exe, case, count):
    env = dict(os.environ, SOAPKIT_COUNT_LOOP=f"{case}:{count}")
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", exe],
        env=env, capture_output=True, text=True, check=True,
    )
    return int(re.search(r"refs:\s+([\d,]+)", run.stderr).group(1).replace(",", ""))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("cases", nargs="*", default=CASES)
    args = parser.parse_args()
    codec = [case for case in args.cases if case != "round_trip"]
    if codec:
        exe = bench_executable("codec")
        print(f"| case | soapkit instr/op | floor instr/op | ratio |  ({args.count} iterations, callgrind)")
        print("|---|---|---|---|")
    for case in codec:
        # The array reply is 1.9 MB: fewer iterations keep the run short.
        count = max(args.count // 100, 10) if case == "array_10k" else args.count
        per = {variant: per_op(exe, f"{case}/{variant}", count) for variant in ["soapkit", "by_hand"]}
        print(f"| {case} | {per['soapkit']:,.0f} | {per['by_hand']:,.0f} | {per['soapkit'] / per['by_hand']:.2f}x |",
              flush=True)
    if "round_trip" in args.cases:
        exe = bench_executable("round_trip")
        per = {v: per_op(exe, f"round_trip/{v}", args.count) for v in ["soapkit", "reqwest", "reqwest+floor"]}
        print(f"\nround trip, instructions per call ({args.count} sequential calls, client and server):")
        print("| soapkit | reqwest | reqwest + hand-written decode | reqwest / soapkit | floor / soapkit |")
        print("|---|---|---|---|---|")
        print(f"| {per['soapkit']:,.0f} | {per['reqwest']:,.0f} | {per['reqwest+floor']:,.0f} "
              f"| {per['reqwest'] / per['soapkit']:.3f} | {per['reqwest+floor'] / per['soapkit']:.3f} |")


def per_op(exe, name, count):
    """Instructions per iteration: the run with `count` iterations less the run with none."""
    return (instructions(exe, name, count) - instructions(exe, name, 0)) / count


if __name__ == "__main__":
    main()
