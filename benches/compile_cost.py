#!/usr/bin/env python3
"""What a large declared API costs at compile time.

Generates three crates that depend on soapkit, with the same 40 types:
  none   - the types only (the floor),
  hand   - 500 operations written by hand as async methods that call the runtime directly
           (what a user would write without the macros),
  macro  - the same 500 operations declared with #[soap_service]/#[soap_operation],
then, in one run and one target directory, times `cargo check` and `cargo build` of each
(CPU seconds, median of --runs interleaved runs, after a warm-up that builds the
dependencies), and counts the lines of
expanded code per operation (`-Zunpretty=expanded`, through RUSTC_BOOTSTRAP=1).

Each is timed two ways after `touch src/lib.rs`: incremental (the default dev loop: rustc
reuses what it checked before, but proc macros run again every time), and clean
(CARGO_INCREMENTAL=0: the crate's whole cost, as in CI or after a dependency changes).

With --instructions it also counts, under valgrind's callgrind, the instructions of the
incremental `cargo check` rustc invocation of each crate: CPU seconds on a shared machine
move by ±20% run to run, instruction counts by well under 1%.

    python3 benches/compile_cost.py [--ops 500] [--runs 3] [--instructions] [--dir /tmp/soapkit-compile-cost]
"""

import argparse
import glob
import os
import re
import pathlib
import resource
import shutil
import statistics
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
PARAM_TYPES = ["i32", "String", "Option<String>", "Vec<i32>", "bool", "Option<i64>"]


def types_source(n_types: int) -> str:
    out = ["use serde::{Deserialize, Serialize};\n"]
    for t in range(n_types):
        out.append(
            f"""
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Entity{t} {{
    pub id: i32,
    pub name: Option<String>,
    pub tags: Vec<String>,
    pub parent: Option<i32>,
    pub active: bool,
}}
"""
        )
    return "".join(out)


def op_shape(i: int, n_types: int):
    """The parameters and result of operation i: realistic, varied, deterministic."""
    n_params = 1 + i % 5
    params = []
    for p in range(n_params):
        if (i + p) % 4 == 0:
            params.append((f"entity_{p}", f"Entity{(i + p) % n_types}"))
        else:
            params.append((f"arg_{p}", PARAM_TYPES[(i + p) % len(PARAM_TYPES)]))
    result = ["()", "String", f"Entity{i % n_types}", f"Vec<Entity{i % n_types}>", "Option<i32>"][i % 5]
    return params, result


def pascal(name: str) -> str:
    return "".join(w.capitalize() for w in name.split("_"))


def macro_source(ops: int, n_types: int) -> str:
    out = [types_source(n_types), "use soapkit::{soap_operation, soap_service};\n\n"]
    out.append(f'#[soap_service(ns = "{NS}", action_base = "{NS}/Agent")]\npub trait Agent {{\n')
    for i in range(ops):
        params, result = op_shape(i, n_types)
        args = "".join(f", {name}: {ty}" for name, ty in params)
        out.append(f"    /// Operation {i}.\n")
        out.append(f'    #[soap_operation(action = "Operation{i}")]\n')
        out.append(f"    async fn operation_{i}(&self{args}) -> soapkit::Result<{result}>;\n")
    out.append("}\n")
    return "".join(out)


def hand_source(ops: int, n_types: int) -> str:
    out = [types_source(n_types), "use soapkit::__private::{Operation, Request, ResultElement};\n\n"]
    out.append("/// The agent, written by hand.\n#[derive(Clone, Debug)]\npub struct Agent { client: soapkit::Client }\n\n")
    out.append("impl Agent {\n    pub fn new(client: soapkit::Client) -> Self { Agent { client } }\n\n")
    for i in range(ops):
        params, result = op_shape(i, n_types)
        args = "".join(f", {name}: {ty}" for name, ty in params)
        calls = "".join(f'.param("{pascal(name)}", &{name})' for name, _ in params)
        out.append(
            f"""    /// Operation {i}.
    pub async fn operation_{i}(&self{args}) -> soapkit::Result<{result}> {{
        static OP: Operation = Operation {{ name: "Operation{i}", namespace: "{NS}",
            response: "Operation{i}Response", result: ResultElement::First,
            soap_action: "{NS}/Agent/Operation{i}", one_way: false }};
        Request::new(&self.client, &OP){calls}.send().await
    }}
"""
        )
    out.append("}\n")
    return "".join(out)


def write_crate(base: pathlib.Path, name: str, source: str):
    crate = base / name
    (crate / "src").mkdir(parents=True, exist_ok=True)
    (crate / "Cargo.toml").write_text(
        f"""[package]
name = "cost-{name}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
soapkit = {{ path = "{ROOT}" }}
serde = {{ version = "1", features = ["derive"] }}
"""
    )
    (crate / "src" / "lib.rs").write_text("#![allow(dead_code, missing_docs)]\n" + source)


def timed(cmd, cwd, env=None) -> float:
    """CPU seconds (user + system) of the command and its children: on a shared machine
    this moves far less with other load than wall time does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def rustc_instructions(base: pathlib.Path, name: str, env) -> int:
    """Instructions of the rustc that an incremental `cargo check` of crate `name` runs."""
    lib = base / name / "src" / "lib.rs"
    subprocess.run(["cargo", "check", "-q", "-p", f"cost-{name}"], cwd=base, env=env, check=True)
    lib.touch()
    verbose = subprocess.run(["cargo", "check", "-v", "-p", f"cost-{name}"], cwd=base, env=env,
                             check=True, capture_output=True, text=True).stderr
    command = next(line.strip()[len("Running `"):-1] for line in verbose.splitlines()
                   if line.strip().startswith("Running `") and "rustc" in line)
    lib.touch()
    out = base / f"callgrind.{name}"
    for old in glob.glob(f"{out}.*"):
        os.remove(old)
    # Through the shell, which runs the recorded command line as cargo did; rustc is the
    # child with the most instructions (the shell's own count is tiny).
    subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes", f"--callgrind-out-file={out}.%p",
                    "sh", "-c", command], cwd=base, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    totals = []
    for path in glob.glob(f"{out}.*"):
        summary = pathlib.Path(path).read_text(errors="replace")
        match = re.search(r"^summary:\s+(\d+)", summary, re.M) or re.search(r"^totals:\s+(\d+)", summary, re.M)
        totals.append(int(match.group(1)) if match else 0)
    return max(totals)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops", type=int, default=500)
    parser.add_argument("--types", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", default="/tmp/soapkit-compile-cost")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions of each incremental check under callgrind")
    parser.add_argument("--opt-macros", action="store_true",
                        help="build proc macros with opt-level 3 ([profile.dev.build-override])")
    args = parser.parse_args()

    base = pathlib.Path(args.dir)
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    variants = {
        "none": types_source(args.types),
        "hand": hand_source(args.ops, args.types),
        "macro": macro_source(args.ops, args.types),
    }
    for name, source in variants.items():
        write_crate(base, name, source)
    workspace = '[workspace]\nmembers = ["none", "hand", "macro"]\nresolver = "2"\n'
    if args.opt_macros:
        workspace += "\n[profile.dev.build-override]\nopt-level = 3\n"
    (base / "Cargo.toml").write_text(workspace)
    env = dict(os.environ, CARGO_TARGET_DIR=str(base / "target"))

    # Warm-up: dependencies built once for both profiles.
    for cmd in (["cargo", "check"], ["cargo", "build"]):
        subprocess.run(cmd + ["--workspace"], cwd=base, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    # Runs are interleaved (none, hand, macro, none, ...) so that a burst of load on the
    # machine lands on every variant alike.
    kinds = ("check", "build", "check clean", "build clean")
    samples = {name: {kind: [] for kind in kinds} for name in variants}
    for kind in kinds:
        command, *clean = kind.split()
        kind_env = dict(env, CARGO_INCREMENTAL="0") if clean else env
        for _ in range(args.runs):
            for name in variants:
                (base / name / "src" / "lib.rs").touch()
                samples[name][kind].append(timed(["cargo", command, "-p", f"cost-{name}"], base, kind_env))
    results = {}
    for name in variants:
        row = {kind: statistics.median(samples[name][kind]) for kind in kinds}
        expanded = subprocess.run(
            ["cargo", "rustc", "-q", "-p", f"cost-{name}", "--profile=check", "--", "-Zunpretty=expanded"],
            cwd=base, env=dict(env, RUSTC_BOOTSTRAP="1"), check=True, capture_output=True, text=True,
        ).stdout
        row["lines"] = sum(1 for line in expanded.splitlines() if line.strip())
        results[name] = row

    floor = results["none"]
    print(f"{args.ops} operations, {args.types} types, CPU seconds, median of {args.runs} interleaved runs, "
          f"proc macros {'optimized' if args.opt_macros else 'unoptimized (the default)'}, rustc: "
          + subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip())
    print(f"{'variant':8} " + " ".join(f"{k + ' s':>14}" for k in kinds)
          + f" {'expanded lines':>15} {'lines/op':>9}  ms/op over none: " + ", ".join(kinds))
    for name, row in results.items():
        per_op = lambda k: (row[k] - floor[k]) * 1000 / args.ops if name != "none" else 0.0
        lines_per_op = (row["lines"] - floor["lines"]) / args.ops if name != "none" else 0.0
        print(f"{name:8} " + " ".join(f"{row[k]:14.2f}" for k in kinds)
              + f" {row['lines']:15d} {lines_per_op:9.1f}  " + ", ".join(f"{per_op(k):.2f}" for k in kinds))
    hand, macro = results["hand"], results["macro"]
    print("macro/hand: " + ", ".join(f"{k} {macro[k] / hand[k]:.2f}x" for k in kinds))
    if args.instructions:
        counts = {name: rustc_instructions(base, name, env) for name in variants}
        print("instructions of the incremental `cargo check` rustc: "
              + ", ".join(f"{name} {count:,}" for name, count in counts.items())
              + f"; macro/hand {counts['macro'] / counts['hand']:.2f}x, per operation over none: "
              + f"hand {(counts['hand'] - counts['none']) / args.ops:,.0f}, macro {(counts['macro'] - counts['none']) / args.ops:,.0f}")


if __name__ == "__main__":
    main()
