"""The pipeline does work in proportion to the spec: no nested scans over resources (issue 6).

Not timed: the same synthetic spec at 20 and 200 functions (benchmarks/gen_spec.py; every kind of object
grows 10x or less) is checked and rendered under cProfile, and the number of Python calls must grow about
10x, in total and for every single function. A lookup done by scanning a list, a rule that compares every
function with every other, or a template that searches the whole service per resource grows 100x and fails
here long before it shows in `python benchmarks/run.py`.
"""

from __future__ import annotations

import cProfile
import pstats
import subprocess
import sys
from pathlib import Path

import pytest

from alpaco_gen.diagnostics import Severity
from alpaco_gen.pipeline import check_spec, render_files
from benchmarks.gen_spec import write_spec
from tests.helpers import REFERENCE

SMALL, LARGE = 20, 200
GROWTH = LARGE // SMALL
SLACK = 1.2  # 10x the input may cost up to 12x the calls (a longer name here, one more API there)
BUSY = 200  # functions called fewer times than this at the large size are fixed costs, not checked


def _calls(spec: Path, out_dir: Path) -> dict[str, int]:
    """Calls per function (file:line:name) of checking and rendering `spec`, warm caches excluded."""
    profile = cProfile.Profile()
    profile.enable()
    checked = check_spec(spec)
    render_files(checked, out_dir)
    profile.disable()
    errors = [f for f in checked.findings if f.severity is Severity.ERROR]
    assert not errors, f"benchmarks/gen_spec.py makes an invalid spec; fix the generator: {errors[:3]}"
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return {f"{Path(file).name}:{line}:{name}": calls for (file, line, name), (_, calls, *_) in stats.items()}


@pytest.fixture(scope="module")
def calls(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, int]]:
    root = tmp_path_factory.mktemp("linear")
    warm = write_spec(root / "warm", SMALL)  # loads templates and rule modules outside the measurement
    render_files(check_spec(warm), root / "out")
    return {n: _calls(write_spec(root / f"n{n}", n), root / "out") for n in (SMALL, LARGE)}


def test_total_calls_grow_linearly(calls: dict[int, dict[str, int]]) -> None:
    small, large = sum(calls[SMALL].values()), sum(calls[LARGE].values())
    assert large <= GROWTH * SLACK * small, f"{large} calls for {LARGE} functions vs {small} for {SMALL}"
    assert large >= GROWTH / 2 * small  # the spec really grew


def test_no_function_is_called_superlinearly(calls: dict[int, dict[str, int]]) -> None:
    small, large = calls[SMALL], calls[LARGE]
    grew = {name: (small.get(name, 0), count) for name, count in large.items()
            if count >= BUSY and count > GROWTH * SLACK * small.get(name, 0)}
    assert not grew, "called more than 12x as often for 10x the functions (a nested scan?): " + ", ".join(
        f"{name} {a} -> {b}" for name, (a, b) in sorted(grew.items(), key=lambda kv: -kv[1][1])[:10])


def test_validate_loads_neither_jinja2_nor_boto3() -> None:
    """`validate` renders nothing and calls no AWS API, so it must not even import their libraries."""
    code = (
        "import sys\nfrom alpaco_gen.cli import main\n"
        "sys.argv = ['alpaco-gen', 'validate', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('imported:', *sorted(m for m in sys.modules\n"
        "                           if m.split('.')[0] in ('jinja2', 'boto3', 'botocore')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(REFERENCE)], capture_output=True, text=True,
                          timeout=120)
    assert proc.stdout.splitlines()[-1:] == ["imported:"], proc.stdout + proc.stderr
