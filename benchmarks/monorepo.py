"""The monorepo case: 100 specs of reference size, validated and rendered in one process vs 100 processes.

    python benchmarks/monorepo.py [--specs 100] [--rounds 5] [--out docs/benchmarks.md]

A repository with many services runs alpaco-gen from a pre-commit hook or CI. One `alpaco-gen validate
specs/` (or `render specs/`) pays the start-up (Python, pydantic's models, the rule catalog, the templates)
once; a loop over the specs pays it for every spec. The specs are copies of the reference spec under other
service names. Each one-process command runs --rounds times after a warm-up (median shown); the 100
separate processes run once each, after a warm-up of a few, and their times are added up. Writes its
section of docs/benchmarks.md (between the markers below; `run.py` keeps it when it rewrites the rest).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import REFERENCE, ROOT, child_env, run_once  # noqa: E402

BEGIN, END = "<!-- monorepo: benchmarks/monorepo.py -->", "<!-- /monorepo -->"
TARGET = 5.0  # issue 15: one process at least 5x faster than one process per spec


def write_specs(folder: Path, count: int) -> list[Path]:
    """`count` copies of the reference spec, each its own service."""
    folder.mkdir(parents=True)
    text = REFERENCE.read_text(encoding="utf-8")
    paths = []
    for i in range(1, count + 1):
        path = folder / f"service_{i:03d}.yaml"
        path.write_text(re.sub(r"^service: .*$", f"service: service-{i:03d}", text, count=1, flags=re.M))
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    base = [sys.executable, "-m", "alpaco_gen"]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="alpaco-mono-") as tmp_name:
        tmp = Path(tmp_name)
        env = child_env(tmp / "pycache")
        specs = write_specs(tmp / "specs", args.specs)
        out = tmp / "out"
        one = {"validate": [*base, "validate", str(tmp / "specs")],
               "render": [*base, "render", "--out", str(out), str(tmp / "specs")]}
        single: dict[str, list[tuple[float, float, int]]] = {"validate": [], "render": []}
        for round_ in range(args.rounds + 1):
            for command, argv in one.items():
                sample = run_once(argv, env, out if command == "render" else None)
                if round_:
                    single[command].append(sample)
            print(f"one process: round {round_}/{args.rounds} done", file=sys.stderr)
        separate: dict[str, tuple[float, float]] = {}
        for command in ("validate", "render"):
            for spec in specs[:3]:  # warm-up
                run_once(_argv(base, command, spec, out), env, out)
            walls, cpus = [], []
            for spec in specs:
                wall, cpu, _ = run_once(_argv(base, command, spec, out), env, out)
                walls.append(wall)
                cpus.append(cpu)
            separate[command] = (sum(walls), sum(cpus))
            print(f"{args.specs} processes: {command} done", file=sys.stderr)
    load_after = os.getloadavg()
    section = report(args.specs, single, separate, load_before, load_after, args.rounds)
    text = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    args.out.write_text(replace_section(text, section), encoding="utf-8")
    print(section)
    return 0


def _argv(base: list[str], command: str, spec: Path, out: Path) -> list[str]:
    return [*base, "validate", str(spec)] if command == "validate" else [*base, "render", "--out", str(out),
                                                                           str(spec)]


def replace_section(text: str, section: str) -> str:
    """`text` with its monorepo section replaced by `section` (appended when it has none)."""
    block = f"{BEGIN}\n{section}{END}\n"
    if BEGIN in text and END in text:
        start, end = text.index(BEGIN), text.index(END) + len(END) + 1
        return text[:start] + block + text[end:]
    return text.rstrip("\n") + "\n\n" + block


def kept_section(text: str) -> str:
    """The monorepo section of a benchmarks page, markers included, for run.py to keep ("" when none)."""
    if BEGIN not in text or END not in text:
        return ""
    return text[text.index(BEGIN):text.index(END) + len(END)] + "\n"


def report(count: int, single: dict[str, list[tuple[float, float, int]]], separate: dict[str, tuple[float, float]],
           load_before: tuple[float, ...], load_after: tuple[float, ...], rounds: int) -> str:
    lines = [
        "## Monorepo: many specs in one process", "",
        f"{count} specs of reference size (the reference spec under {count} service names; render writes "
        f"{count} trees) checked by one `alpaco-gen validate specs/` or `render specs/`, against one process per "
        f"spec (`for f in specs/*.yaml; do alpaco-gen validate $f; done`). Load average {load_before[0]:.1f} "
        f"before and {load_after[0]:.1f} after; one process: median of {rounds} rounds; {count} processes: "
        "the sum of one run each. Wall time depends on what else the machine runs; CPU time much less.", "",
        f"| command | 1 process: wall | CPU | peak RSS | {count} processes: wall | CPU | faster (wall) | "
        "faster (CPU) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = []
    for command in ("validate", "render"):
        wall = statistics.median(s[0] for s in single[command])
        cpu = statistics.median(s[1] for s in single[command])
        rss = max(s[2] for s in single[command]) / (1024 * 1024)
        many_wall, many_cpu = separate[command]
        rows.append((command, many_wall / wall, many_cpu / cpu))
        lines.append(f"| `{command}` | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MiB | {many_wall:.1f} s | "
                     f"{many_cpu:.1f} s | {many_wall / wall:.1f}x | {many_cpu / cpu:.1f}x |")
    lines += ["", "| target (issue 15) | measured | met |", "|---|---|---|"]
    for command, wall_ratio, cpu_ratio in rows:
        met = "yes" if wall_ratio >= TARGET else "**no**"
        lines.append(f"| `{command}` of {count} specs in one process >= {TARGET:.0f}x faster than {count} processes "
                     f"| {wall_ratio:.1f}x wall ({cpu_ratio:.1f}x CPU) | {met} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
