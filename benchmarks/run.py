"""Time `alpaco-gen validate` and `render` in fresh processes and write docs/benchmarks.md.

    python benchmarks/run.py [--rounds 9] [--sizes 1 10 100 1000] [--lsp-runs 3] [--out docs/benchmarks.md]

Every measurement is a fresh `python -m alpaco_gen ...` process, as in an editor or a pre-commit hook. Each
round runs the import floor (`python -c "import yaml, jinja2, pydantic, click"`) and every command once, in
turn, so that load from other processes on the machine shifts them alike; the first round is a warm-up and
is thrown away, the table shows medians of the others. Peak RSS and CPU time are the child's own, from
wait4() in a small launcher process. `render` writes into an empty folder every time (the most work a
render does). Children cache bytecode in a temporary folder (PYTHONPYCACHEPREFIX), as a normal install
caches it next to the sources, whatever PYTHONDONTWRITEBYTECODE says here; two extra rows measure without.

Then the language server: `lsp_latency.py` times didChange -> publishDiagnostics for the reference spec
and the 1,000-function spec, in `--lsp-runs` fresh servers of `--lsp-changes` changes each.

Not part of the test suite: nothing here asserts a time. On a shared machine expect a few percent of noise
on every row, more on the per-object cost at 100 functions (a difference of two small numbers).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_spec import SIZES, build_spec, check, write_spec  # noqa: E402
from lsp_latency import Latency, measure, stage_cpu  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "specs" / "problem_service.yaml"
FLOOR = [sys.executable, "-c", "import yaml, jinja2, pydantic, click"]
# The pydantic-tool floor: what any tool built on these libraries pays before its own work, a floor plus
# defining one pydantic model and validating it (`import pydantic` alone loads none of the model machinery).
PYDANTIC_TOOL = [sys.executable, "-c", "import yaml, jinja2, pydantic, click\n"
                 "class M(pydantic.BaseModel):\n    x: int = 0\nM.model_validate({'x': 1})"]
MIB = 1024 * 1024
MONOREPO = "<!-- monorepo: benchmarks/monorepo.py -->"

# The targets of issue 16: against the pydantic-tool floor, and the language server's latency.
RENDER_TOOL_RATIO, VALIDATE_TOOL_RATIO = 1.5, 1.3
LSP_REFERENCE_MS, LSP_BIG_MS = 50, 500
# The targets of issue 6.
REFERENCE_RATIO = 1.5
BIG_SECONDS, BIG_MIB = 3.0, 150
GROWTH = 1.3


@dataclass
class Samples:
    label: str
    argv: list[str]
    env: dict[str, str]
    out_dir: Path | None = None  # emptied before each run of a render
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # bytes

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def peak_mib(self) -> float:
        return max(self.rss) / MIB


# Runs one command and reports on it. A process's peak RSS starts at that of the process it was forked
# from, so the measured command is started by this small `python -S` process, not by the runner itself.
_SHIM = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def child_env(pycache: Path | None) -> dict[str, str]:
    """The environment of measured processes: bytecode caching as in a normal install, unless told not to.

    With `pycache`, .pyc files (of the floor's libraries and ours alike) are written to and read from that
    folder, so the checkout gets no __pycache__ and every command starts from the same warm state.
    """
    env = dict(os.environ)
    env.pop("PYTHONPYCACHEPREFIX", None)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run_once(argv: list[str], env: dict[str, str], out_dir: Path | None = None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS bytes) of one fresh process, which must exit 0."""
    if out_dir is not None:
        shutil.rmtree(out_dir, ignore_errors=True)
    proc = subprocess.run([sys.executable, "-S", "-c", _SHIM, *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    if proc.returncode or not proc.stdout.strip():
        raise SystemExit(f"measuring {' '.join(argv)} failed:\n{proc.stderr}")
    wall, cpu, rss_kib, code = proc.stdout.split()
    if int(code):
        raise SystemExit(f"{' '.join(argv)} exited {code}:\n{proc.stderr}")
    return float(wall), float(cpu), int(rss_kib) * 1024


def imported_modules(argv: list[str], env: dict[str, str]) -> set[str]:
    """Top-level package names a command imports (python -X importtime)."""
    proc = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*([\w.]+)", proc.stderr, re.M)
    return {name.split(".")[0] for name in names}


def spec_resources(n: int) -> int:
    """Objects a spec of n functions declares: resources, security groups, routes and states."""
    spec = build_spec(n)
    count = len(spec["network"]["subnets"]) + len(spec["network"]["security_groups"])
    for section in ("repositories", "tables", "buckets", "functions", "tasks"):
        count += len(spec[section])
    for api in spec["apis"].values():
        count += 1 + len(api["routes"])
    for sm in spec["state_machines"].values():
        count += 1 + _states(sm)
    return count


def _states(graph: dict) -> int:
    total = 0
    for state in graph["states"].values():
        total += 1
        if "iterator" in state:
            total += _states(state["iterator"])
        total += sum(_states(branch) for branch in state.get("branches", []))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="measured rounds (after one warm-up)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--lsp-runs", type=int, default=3, help="fresh language servers per spec")
    parser.add_argument("--lsp-changes", type=int, default=20, help="measured changes per server")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="alpaco-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env, no_bytecode = child_env(tmp / "pycache"), child_env(None)
        specs = {"reference": REFERENCE} | {f"{n} fn": write_spec(tmp / f"n{n}", n) for n in args.sizes}
        for name, path in specs.items():
            code, output = check(path)
            if name != "reference" and (code or '"findings": []' not in output):
                raise SystemExit(f"gen_spec.py made a spec with findings; fix it:\n{output[:3000]}")
        base = [sys.executable, "-m", "alpaco_gen"]
        commands = [Samples("import floor", FLOOR, env), Samples("pydantic-tool floor", PYDANTIC_TOOL, env)]
        for name, path in specs.items():
            out = tmp / "out" / name.replace(" ", "")
            commands += [Samples(f"{name} validate", [*base, "validate", str(path)], env),
                         Samples(f"{name} render", [*base, "render", "--out", str(out), str(path)], env, out)]
        out = tmp / "out" / "nobytecode"
        commands += [Samples("import floor, no bytecode", FLOOR, no_bytecode),
                     Samples("reference render, no bytecode",
                             [*base, "render", "--out", str(out), str(REFERENCE)], no_bytecode, out)]
        for round_ in range(args.rounds + 1):
            for samples in commands:
                wall, cpu, rss = run_once(samples.argv, samples.env, samples.out_dir)
                if round_:  # round 0 warms the disk cache, the bytecode caches and the template cache
                    samples.wall.append(wall)
                    samples.cpu.append(cpu)
                    samples.rss.append(rss)
            print(f"round {round_}/{args.rounds} done", file=sys.stderr)
        validate_imports = imported_modules(commands[2].argv, env)
        files = {s.label: sum(1 for p in s.out_dir.rglob("*") if p.is_file()) for s in commands if s.out_dir}
        big = specs.get("1000 fn") or write_spec(tmp / "n1000", 1000)
        latencies = {name: lsp_runs(path, args.lsp_runs, args.lsp_changes, env)
                     for name, path in (("reference", REFERENCE), ("1000 fn", big))}
        stages = {name: stage_cpu(path) for name, path in (("reference", REFERENCE), ("1000 fn", big))}
    load_after = os.getloadavg()

    results = {s.label: s for s in commands}
    text = report(results, args.sizes, files, validate_imports, load_before, load_after, args.rounds)
    text += lsp_report(latencies, stages, results, args.lsp_changes)
    previous = args.out.read_text() if args.out.is_file() else ""
    if MONOREPO in previous:  # benchmarks/monorepo.py's section, measured separately: keep it
        text += "\n" + previous[previous.index(MONOREPO):]
    args.out.write_text(text)
    print(text)
    return 0


def lsp_runs(spec: Path, runs: int, changes: int, env: dict[str, str]) -> list[Latency]:
    """`runs` fresh servers, one after the other, each timing `changes` changes of `spec`."""
    results = []
    for run in range(runs):
        results.append(asyncio.run(measure(spec, changes, env)))
        print(f"lsp {spec.name} run {run + 1}/{runs}: median {results[-1].median * 1e3:.1f} ms", file=sys.stderr)
    return results


LSP_INTRO = """\
## Language server

`alpaco-gen lsp` keeps the models and rules loaded and parses again only the sections of the text that
changed (`alpaco_gen/spec/sections.py`). `benchmarks/lsp_latency.py` drives it over stdio with pygls's
client, as an editor would: after the document is open, each change types or deletes a character in the
middle `description:` of the spec (a function's, in the 1,000-function spec) and waits for the diagnostics
of that version (a full check, as any keystroke; no change is coalesced with another). The first 3
changes of a server are not counted; each row pools every server's changes. *Server CPU per change* is
the server process's own CPU time over the measured changes, divided by their number. The targets are
about the wall time; when the load average is above the number of CPUs, most of the wall time is waiting
for a CPU, and the CPU columns say what a change costs.
"""


def lsp_report(latencies: dict[str, list[Latency]], stages: dict[str, dict[str, float]],
               results: dict[str, Samples], changes: int) -> str:
    def ms(seconds: float) -> str:
        return f"{seconds * 1e3:.1f} ms"

    lines = ["", *LSP_INTRO.splitlines(), "",
             "| spec | servers x changes | median | p90 | medians of the servers | server CPU per change | "
             "`validate` (fresh process) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    pooled = {}
    for name, runs in latencies.items():
        seconds = [s for run in runs for s in run.seconds]
        pooled[name] = statistics.median(seconds)
        spread = ", ".join(ms(run.median) for run in runs)
        validate = results.get(f"{name} validate")
        lines.append(f"| {'reference spec' if name == 'reference' else '1,000 functions'} | "
                     f"{len(runs)} x {changes} | {ms(pooled[name])} | "
                     f"{ms(statistics.quantiles(seconds, n=10)[-1])} | {spread} | "
                     f"{ms(statistics.mean(run.cpu_per_change for run in runs))} | "
                     f"{f'{validate.median:.3f} s' if validate else ''} |")
    names = list(next(iter(stages.values())))
    lines += ["", "Where the CPU time of one check after such a change goes (the same steps in one warm process, "
              "median of 9):", "", f"| spec | {' | '.join(names)} | total |", "|---|" + "---:|" * (len(names) + 1)]
    for name, cpu in stages.items():
        lines.append(f"| {'reference spec' if name == 'reference' else '1,000 functions'} | "
                     f"{' | '.join(ms(cpu[stage]) for stage in names)} | {ms(sum(cpu.values()))} |")
    floor, tool = results["import floor"], results["pydantic-tool floor"]
    lines += ["", "## Targets (issue 16)", "", "| target | measured | met |", "|---|---|---|"]

    def row(target: str, measured: str, ok: bool) -> None:
        lines.append(f"| {target} | {measured} | {'yes' if ok else '**no**'} |")

    for command, limit in (("render", RENDER_TOOL_RATIO), ("validate", VALIDATE_TOOL_RATIO)):
        s = results[f"reference {command}"]
        ratio = s.median / tool.median
        row(f"reference `{command}` <= {limit}x the pydantic-tool floor",
            f"{ratio:.2f}x ({s.median:.3f} s / {tool.median:.3f} s; the bare floor {floor.median:.3f} s)",
            ratio <= limit)
    row(f"language server, reference spec: <= {LSP_REFERENCE_MS} ms median from didChange to diagnostics",
        ms(pooled["reference"]), pooled["reference"] * 1e3 <= LSP_REFERENCE_MS)
    row(f"language server, 1,000 functions: <= {LSP_BIG_MS} ms median",
        ms(pooled["1000 fn"]), pooled["1000 fn"] * 1e3 <= LSP_BIG_MS)
    return "\n".join(lines) + "\n"


INTRO = """\
# Benchmarks

Written by `python benchmarks/run.py`; re-run it after changing the pipeline, the rules or the templates.
Every row is a fresh process (`python -m alpaco_gen ...`, as an editor or a pre-commit hook runs it): the
median of the measured rounds after a warm-up round. Floor and commands take turns, so that load from other
processes shifts them alike. Peak RSS is the process's own (wait4). `render` writes into an empty folder
every time. Bytecode is cached as in a normal install (.pyc files), except in the two rows marked *no
bytecode* (`PYTHONDONTWRITEBYTECODE=1`, as this project's containers set it); compiled templates are kept in
Jinja's per-user temp folder in every row, as alpaco-gen keeps them whatever PYTHONDONTWRITEBYTECODE says.

The synthetic specs come from `benchmarks/gen_spec.py`: per 10 functions, a task, a state machine of 17
states, 2.5 tables, a bucket and 11 routes, all cross-referenced; each validates with no finding. *Spec
objects* counts resources, subnets, security groups, routes and states.
"""


NOTES = """\
## Reading the table

- The floor imports pydantic but defines no model: `import pydantic` loads the model machinery lazily.
  Defining any model loads it (the second row). On top of that floor, a run of the reference spec spends its
  time about evenly on defining the kinds' ~45 pydantic models and ~60 dataclasses (`@record` generates only
  `__init__`: alpaco_gen/records.py), building the spec model's validator, importing the rule modules the
  spec can use (`rules/_index.py` selects them by the kinds the spec declares) and, for `render`, rendering
  and writing; resolving and running the rules are a few milliseconds. The process ends with `os._exit`
  after flushing its output, skipping the interpreter's teardown.
- *No bytecode* is the cost of the first run after installing or editing alpaco-gen, and of every run
  where Python writes no caches: compiling the package's modules every time (not the templates, which stay
  cached).
- Work grows linearly with the spec: `tests/unit/test_linear.py` counts the Python calls of checking and
  rendering 20 and 200 functions and fails when any function is called more than 12x as often.
"""


def report(results: dict[str, Samples], sizes: list[int], files: dict[str, int], validate_imports: set[str],
           load_before: tuple[float, ...], load_after: tuple[float, ...], rounds: int) -> str:
    floor = results["import floor"]
    objects = {f"{n} fn": spec_resources(n) for n in sizes}
    lines = [
        *INTRO.splitlines(),
        "",
        f"Measured on {datetime.date.today().isoformat()}: {os.cpu_count()} CPUs, {platform.machine()}, "
        f"Python {platform.python_version()}, load average {load_before[0]:.1f} before and "
        f"{load_after[0]:.1f} after (other work shared the machine), {rounds} measured rounds.",
        "",
        "| command | spec objects | files | wall | CPU | peak RSS | wall / floor | wall / pydantic-tool floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    tool_floor = results["pydantic-tool floor"]

    def line(label: str, s: Samples, count: object = "", nfiles: object = "", base: Samples = floor,
             tool: Samples | None = tool_floor) -> None:
        lines.append(f"| {label} | {count} | {nfiles} | {s.median:.3f} s | {s.cpu_median:.3f} s | "
                     f"{s.peak_mib:.0f} MiB | {s.median / base.median:.2f}x | "
                     f"{f'{s.median / tool.median:.2f}x' if tool else ''} |")

    line("import floor: `python -c \"import yaml, jinja2, pydantic, click\"`", floor)
    line("pydantic-tool floor: the import floor, then one pydantic model defined and validated",
         results["pydantic-tool floor"])
    for name in ["reference", *objects]:
        size = name.split()[0]
        shown = "reference spec" if name == "reference" else f"{size} function{'' if size == '1' else 's'}"
        line(f"`validate` {shown}", results[f"{name} validate"], objects.get(name, ""))
        line(f"`render` {shown}", results[f"{name} render"], objects.get(name, ""), files[f"{name} render"])
    nb_floor = results["import floor, no bytecode"]
    line("import floor, no bytecode", nb_floor, base=nb_floor, tool=None)
    line("`render` reference spec, no bytecode", results["reference render, no bytecode"],
         nfiles=files["reference render, no bytecode"], base=nb_floor, tool=None)

    marginal: dict[tuple[str, int], tuple[float, float]] = {}
    if 1 in sizes and len(sizes) > 1:
        lines += ["", "Cost per spec object beyond the 1-function spec: (time(n) - time(1)) / (objects(n) - "
                  "objects(1)).", "", "| command | functions | wall per object | CPU per object |",
                  "|---|---:|---:|---:|"]
        for command in ("validate", "render"):
            one = results[f"1 fn {command}"]
            for n in sizes:
                if n < 100:  # a few ms over the 1-function spec: noise, not a cost per object
                    continue
                s = results[f"{n} fn {command}"]
                extra = objects[f"{n} fn"] - objects["1 fn"]
                wall, cpu = (s.median - one.median) / extra, (s.cpu_median - one.cpu_median) / extra
                marginal[command, n] = wall, cpu
                lines.append(f"| `{command}` | {n:,} | {wall * 1e3:.3f} ms | {cpu * 1e3:.3f} ms |")

    lines += ["", "## Targets (issue 6)", "", "| target | measured | met |", "|---|---|---|"]

    def row(target: str, measured: str, ok: bool) -> None:
        lines.append(f"| {target} | {measured} | {'yes' if ok else '**no**'} |")

    ref = results["reference render"]
    ratio = ref.median / floor.median
    row(f"reference render <= {REFERENCE_RATIO}x the import floor",
        f"{ratio:.2f}x ({ref.median:.3f} s / {floor.median:.3f} s); "
        f"CPU {ref.cpu_median / floor.cpu_median:.2f}x",
        ratio <= REFERENCE_RATIO)
    if 1000 in sizes:
        big = results["1000 fn render"]
        row(f"1,000-function render <= {BIG_SECONDS:.0f} s",
            f"{big.median:.2f} s (CPU {big.cpu_median:.2f} s)", big.median <= BIG_SECONDS)
        row(f"1,000-function render <= {BIG_MIB} MiB peak RSS",
            f"{big.peak_mib:.0f} MiB", big.peak_mib <= BIG_MIB)
    if ("render", 100) in marginal and ("render", 1000) in marginal:
        for command in ("validate", "render"):
            (w100, c100), (w1000, c1000) = marginal[command, 100], marginal[command, 1000]
            growth, cpu_growth = w1000 / w100, c1000 / c100
            row(f"`{command}`: cost per object from 100 to 1,000 functions grows <= {GROWTH}x",
                f"{growth:.2f}x wall, {cpu_growth:.2f}x CPU", growth <= GROWTH)
    banned = sorted(validate_imports & {"boto3", "botocore", "jinja2"})
    row("`validate` imports neither boto3 nor jinja2, so it renders no template (`-X importtime`)",
        "imports " + ", ".join(banned) if banned else "neither is imported", not banned)
    lines += ["", *NOTES.splitlines()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
