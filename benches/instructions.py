#!/usr/bin/env python3
"""Instructions per encode and decode, soapkit against the hand-written floor, by callgrind.

Wall-clock medians on a shared 2-core machine move by tens of percent between runs;
instruction counts repeat. For each case this runs the codec bench's loop mode under
`valgrind --tool=callgrind` with N iterations and with 0, and reports the difference / N
(so setup, such as building the documents, cancels out).

    python3 benches/instructions.py [--count 2000] [case ...]
"""
import argparse
import json
import os
import re
import subprocess
import sys

CASES = ["encode", "services88", "entity_50", "array_10k", "fault12"]


def bench_executable():
    out = subprocess.run(
        ["cargo", "bench", "--bench", "codec", "--no-run", "--message-format=json"],
        check=True, capture_output=True, text=True,
    ).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "codec" and msg.get("executable"):
            return msg["executable"]
    sys.exit("no codec bench executable")


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
    exe = bench_executable()
    print(f"| case | soapkit instr/op | floor instr/op | ratio |  ({args.count} iterations, callgrind)")
    print("|---|---|---|---|")
    for case in args.cases:
        # The array reply is 1.9 MB: fewer iterations keep the run short.
        count = max(args.count // 100, 10) if case == "array_10k" else args.count
        per = {}
        for variant in ["soapkit", "by_hand"]:
            name = f"{case}/{variant}"
            per[variant] = (instructions(exe, name, count) - instructions(exe, name, 0)) / count
        print(f"| {case} | {per['soapkit']:,.0f} | {per['by_hand']:,.0f} | {per['soapkit'] / per['by_hand']:.2f}x |",
              flush=True)


if __name__ == "__main__":
    main()
