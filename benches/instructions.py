#!/usr/bin/env python3
"""Instructions per encode and decode, soapkit against the hand-written floor, by callgrind.

Wall-clock medians on a shared 2-core machine move by tens of percent between runs;
instruction counts repeat. For each case this runs the codec bench's loop mode under
`valgrind --tool=callgrind` with N iterations and with 0, and reports the difference / N
(so setup, such as building the documents, cancels out).

    python3 benches/instructions.py [--count 2000] [case ...]
    python3 benches/instructions.py --wall 11 [--count 200000] [case ...]

With `--wall ROUNDS` it times the same loops by the clock instead, without valgrind:
soapkit and the floor take turns for ROUNDS rounds and it prints the median time of
each and the median of the rounds' ratios, which a shared machine's load moves far less
than separate runs.

Cases: encode, services88, entity_50, array_10k, short_array (the growth bench's shorter
items), fault12 (codec bench: soapkit against the
hand-written quick-xml code, soapkit decoding as the client does: a reply of 1 KiB or more
by the streaming decoder, a smaller one by the tree; each decode also by either decoder
alone), and round_trip (round_trip bench: one soapkit call against
plain reqwest, and against reqwest plus the hand-written decode, sequential calls to an
in-process server; its instructions include the server's), and security (the encode case
written by clients with a WS-Security UsernameToken as text, as a digest, a digest with a
Timestamp, with WS-Addressing, and signed with an X.509 key and a Timestamp, against the
same client without; and gSOAP's signing client writing the same request signed the same
way, built by interop/gsoap/build.sh, as the reference), and layers (the round trip with
no timeout, and with each of soapkit::layers' layers and HTTP Basic, against the plain
client and plain reqwest in the same run), and gsoap (soapkit's encode of the Person
request and decode of the Services88 reply against gSOAP's generated C++ for the same
messages, interop/gsoap/bench.cpp, built by interop/gsoap/build.sh), and server (the
server bench's Person request answered by soapkit's `Server::handle` and by the
hand-written floor's handler, without HTTP).
"""
import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ["encode", "services88", "entity_50", "array_10k", "fault12", "round_trip"]
LAYERS = ["soapkit", "soapkit+no_timeout", "reqwest", "soapkit+retry", "soapkit+history", "soapkit+hooks",
          "soapkit+basic", "soapkit+refresh"]
SECURITY = ["plain", "wsse_text", "wsse_digest", "wsse_digest_timestamp", "wsa", "wsse_signed"]


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
    parser.add_argument("--count", type=int)
    parser.add_argument("--wall", type=int, metavar="ROUNDS")
    parser.add_argument("cases", nargs="*", default=CASES)
    args = parser.parse_args()
    codec = [case for case in args.cases if case not in ("round_trip", "security", "layers", "gsoap", "server")]
    if args.wall:
        return wall(bench_executable("codec"), codec, args.count or 200_000, args.wall)
    args.count = args.count or 2000
    if codec:
        exe = bench_executable("codec")
        print(f"| case | soapkit instr/op | floor instr/op | ratio |  ({args.count} iterations, callgrind)")
        print("|---|---|---|---|")
    for case in codec:
        # The array reply is 1.9 MB: fewer iterations keep the run short.
        count = max(args.count // 100, 10) if case in ("array_10k", "short_array") else args.count
        both = case not in ("encode", "fault12")
        variants = ["soapkit", "by_hand"] + (["tree", "stream"] if both else [])
        per = {variant: per_op(exe, f"{case}/{variant}", count) for variant in variants}
        each = f" tree {per['tree']:,.0f}, streaming {per['stream']:,.0f} |" if both else ""
        print(f"| {case} | {per['soapkit']:,.0f} | {per['by_hand']:,.0f} | {per['soapkit'] / per['by_hand']:.2f}x |{each}",
              flush=True)
    if "security" in args.cases:
        exe = bench_executable("codec")
        per = {v: per_op(exe, f"security/{v}", args.count) for v in SECURITY}
        print(f"\nencode with WS-Security and WS-Addressing, instructions per request ({args.count} iterations):")
        print("| variant | instr/op | over plain |")
        print("|---|---|---|")
        for variant, n in per.items():
            print(f"| {variant} | {n:,.0f} | {n / per['plain']:.2f}x |", flush=True)
        gsoap = gsoap_signing(args.count // 20)
        print(f"| gSOAP 2.8 signing the same request (OpenSSL) | {gsoap:,.0f} | {gsoap / per['plain']:.2f}x |")
    if "layers" in args.cases:
        layers(args.count)
    if "gsoap" in args.cases:
        against_gsoap(args.count)
    if "server" in args.cases:
        exe = bench_executable("server")
        per = {v: per_op(exe, f"server/{v}", args.count) for v in ["soapkit", "floor"]}
        print(f"\nserver, instructions per request ({args.count} requests to the handler, without HTTP):")
        print("| soapkit | hand-written floor | soapkit / floor |")
        print("|---|---|---|")
        print(f"| {per['soapkit']:,.0f} | {per['floor']:,.0f} | {per['soapkit'] / per['floor']:.3f} |")
    if "round_trip" in args.cases:
        exe = bench_executable("round_trip")
        per = {v: per_op(exe, f"round_trip/{v}", args.count) for v in ["soapkit", "reqwest", "reqwest+floor"]}
        print(f"\nround trip, instructions per call ({args.count} sequential calls, client and server):")
        print("| soapkit | reqwest | reqwest + hand-written decode | reqwest / soapkit | floor / soapkit |")
        print("|---|---|---|---|---|")
        print(f"| {per['soapkit']:,.0f} | {per['reqwest']:,.0f} | {per['reqwest+floor']:,.0f} "
              f"| {per['reqwest'] / per['soapkit']:.3f} | {per['reqwest+floor'] / per['soapkit']:.3f} |")


def gsoap_signing(count):
    """Instructions per request of gSOAP's client signing the Person request (Timestamp,
    BinarySecurityToken, RSA-SHA256 with OpenSSL) into a transport that drops it."""
    subprocess.run(["bash", str(ROOT / "interop/gsoap/build.sh")], check=True)
    x509 = ROOT / "tests/data/x509"

    def run(n):
        command = [str(ROOT / "interop/gsoap/out/client"), "-", "11", str(x509 / "client.key"),
                   str(x509 / "client.pem"), "--loop", str(n)]
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                              capture_output=True, text=True, check=True)
        return int(re.search(r"refs:\s+([\d,]+)", done.stderr).group(1).replace(",", ""))

    return (run(count) - run(0)) / count


def against_gsoap(count):
    """soapkit's encode and Services88 decode against the C++ gSOAP generates from
    interop/person.wsdl (interop/gsoap/bench.cpp), the same messages, in the same run."""
    subprocess.run(["bash", str(ROOT / "interop/gsoap/build.sh")], check=True)
    bench = str(ROOT / "interop/gsoap/out/bench/bench")
    reply = ROOT / "target" / "services88-reply.xml"
    exe = bench_executable("codec")
    subprocess.run([exe], env=dict(os.environ, SOAPKIT_WRITE_SERVICES88=str(reply)), check=True)

    def counted(args):
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", bench, *args],
                              capture_output=True, text=True, check=True)
        return int(re.search(r"refs:\s+([\d,]+)", done.stderr).group(1).replace(",", ""))

    def per_gsoap(mode, *rest):
        return (counted([mode, str(count), *rest]) - counted([mode, "0", *rest])) / count

    rows = [("encode the Person request", per_op(exe, "encode/soapkit", count), per_gsoap("encode")),
            ("decode the Services88 reply", per_op(exe, "services88/soapkit", count),
             per_gsoap("decode", str(reply)))]
    print(f"\nagainst gSOAP, instructions per message ({count} iterations, callgrind):")
    print("| message | soapkit | gSOAP | soapkit / gSOAP |")
    print("|---|---|---|---|")
    for name, ours, theirs in rows:
        print(f"| {name} | {ours:,.0f} | {theirs:,.0f} | {ours / theirs:.2f}x |", flush=True)


def layers(count):
    """Instructions per call of the round trip with one setting or layer more, against the
    plain client in the same run."""
    exe = bench_executable("round_trip")
    per = {v: per_op(exe, f"round_trip/{v}", count) for v in LAYERS}
    print(f"\nround trip with a layer, instructions per call ({count} sequential calls, client and server):")
    print("| client | instr/call | over plain |")
    print("|---|---|---|")
    for variant, n in per.items():
        print(f"| {variant} | {n:,.0f} | {n / per['soapkit']:.3f}x |", flush=True)


def wall(exe, cases, count, rounds):
    """Wall-clock time per iteration, soapkit and the floor in turns, for `rounds` rounds."""
    print(f"| case | soapkit | floor | ratio (median of {rounds} rounds) | quartiles |  ({count} iterations a round)")
    print("|---|---|---|---|---|")
    for case in cases:
        n = max(count // 1000, 10) if case == "array_10k" else count
        times = {"soapkit": [], "by_hand": []}
        for _ in range(rounds):
            for variant, runs in times.items():
                runs.append((seconds(exe, f"{case}/{variant}", n) - seconds(exe, f"{case}/{variant}", 0)) / n)
        ratios = [ours / floor for ours, floor in zip(times["soapkit"], times["by_hand"])]
        q1, median, q3 = statistics.quantiles(ratios, n=4)
        soapkit, floor = (statistics.median(times[v]) * 1e6 for v in ["soapkit", "by_hand"])
        print(f"| {case} | {soapkit:,.2f} µs | {floor:,.2f} µs | {median:.2f}x | {q1:.2f}–{q3:.2f} |", flush=True)


def seconds(exe, name, count):
    """Wall-clock seconds of one run of a bench's loop mode (also used by zeep_compare.py)."""
    env = dict(os.environ, SOAPKIT_COUNT_LOOP=f"{name}:{count}")
    start = time.perf_counter()
    subprocess.run([exe], env=env, check=True)
    return time.perf_counter() - start


def per_op(exe, name, count):
    """Instructions per iteration: the run with `count` iterations less the run with none."""
    return (instructions(exe, name, count) - instructions(exe, name, 0)) / count


if __name__ == "__main__":
    main()
