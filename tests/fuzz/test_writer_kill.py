"""SIGKILL the real `alpaco-gen render` at random points and check that the tree is always the old one or
the new one, that the next run completes or discards the interrupted render without a false "edited by
hand", and that it leaves no temp file or journal behind.

Half the kills come after a random delay from the start; the other half wait until the write phase has
begun (a temp file or the journal appeared) and then a random few milliseconds, so that the kills land
where it matters rather than in the interpreter's start-up.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from alpaco_gen import journal, writer
from alpaco_gen.fsio import TEMP, real_folder
from alpaco_gen.pipeline import check_spec, render_files
from benchmarks.gen_spec import write_spec
from tests.helpers import REPO

KILLS = int(os.environ.get("KILL_RUNS", "20"))
SEED = int(os.environ.get("FUZZ_SEED", "20261203"))
SERVICE = "bench"
BOOKKEEPING = (writer.MANIFEST_NAME, writer.JOURNAL_NAME)


def _spec_text(project: Path, functions: int) -> str:
    """A version of the one spec file (a tree belongs to one spec): `functions` functions, sources made."""
    path = write_spec(project / "svc", functions)
    data = yaml.safe_load(path.read_text())
    data["service"] = SERVICE
    return yaml.safe_dump(data, sort_keys=False)


def _tree(out: Path) -> dict[str, bytes]:
    """The generated files under `out`, without bookkeeping and temp files."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name not in BOOKKEEPING and not TEMP.match(p.name)}


def _litter(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*") if p.name == writer.JOURNAL_NAME or TEMP.match(p.name))


def _render(project: Path, spec: Path, text: str) -> subprocess.Popen[bytes]:
    spec.write_text(text)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "alpaco_gen", "render", str(spec.relative_to(project)),
                             "--out", "generated"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_when_writing(process: subprocess.Popen[bytes], out: Path, rng: random.Random) -> None:
    folders = [out / SERVICE / sub for sub in ("", "terraform", "statemachines", "docker", "scripts")]
    while process.poll() is None:
        if any(os.path.exists(f / writer.JOURNAL_NAME) or any(TEMP.match(e.name) for e in os.scandir(f))
               for f in folders if f.is_dir()):
            time.sleep(rng.uniform(0, 0.004))  # the write phase of this tree lasts a few milliseconds
            break
        time.sleep(0.0005)
    process.send_signal(signal.SIGKILL)
    process.wait()


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str], dict[str, dict[str, str]]]:
    project = tmp_path_factory.mktemp("kill")
    (project / "pyproject.toml").write_text("")
    texts = {"new": _spec_text(project, 20), "old": _spec_text(project, 30)}  # 30 makes the sources of both
    spec = project / "svc" / "service.yaml"
    cwd = os.getcwd()
    os.chdir(project)  # the scripts' relative paths are computed from here, as the CLI does
    try:
        files = {}
        for version, text in texts.items():
            spec.write_text(text)
            checked = check_spec(spec.relative_to(project))
            assert not checked.has_errors, checked.findings[:3]
            files[version] = render_files(checked, Path("generated"))
    finally:
        os.chdir(cwd)
    assert set(files["old"]) != set(files["new"])  # the new version adds, changes and removes files
    return project, spec, texts, files


def test_a_killed_render_leaves_the_old_tree_or_the_new_one(versions) -> None:  # type: ignore[no-untyped-def]
    project, spec, texts, files = versions
    out = project / "generated"
    expected = {version: {path: text.encode() for path, text in tree.items()} for version, tree in files.items()}
    rng = random.Random(SEED)
    seen: dict[str, int] = {}
    full = time.perf_counter()
    _render(project, spec, texts["new"]).wait()
    full = time.perf_counter() - full
    for run in range(KILLS):
        writer.write(out, files["old"], force=True)
        assert _tree(out) == expected["old"] and not _litter(out)
        process = _render(project, spec, texts["new"])
        if run % 2:
            _kill_when_writing(process, out, rng)
        else:
            time.sleep(rng.uniform(0, full))
            process.send_signal(signal.SIGKILL)
            process.wait()

        tree, committed = _tree(out), os.path.exists(out / SERVICE / writer.JOURNAL_NAME)
        if committed:  # killed between the journal and the manifest: files are old or new, one by one
            assert all(data in (expected["old"].get(p), expected["new"].get(p)) for p, data in tree.items())
            state = "committed"
        else:
            assert tree in (expected["old"], expected["new"]), f"run {run}: a mixed tree without a journal"
            state = "old" if tree == expected["old"] else "new"
        seen[state] = seen.get(state, 0) + 1
        litter = _litter(out)
        if litter:  # `render --check` tells of the interrupted render instead of "up to date"
            report = writer.check(out, files["old"])
            assert report.stale and len(report.leftovers) == sum(1 for name in litter if TEMP.match(name))
            assert bool(report.interrupted) == committed

        if committed:  # what the next run does first: complete the render the killed one committed to
            journal.replay(out, SERVICE, real_folder(out))
            assert _tree(out) == expected["new"]
        following = rng.choice(("old", "new"))
        result = writer.write(out, files[following])  # no --force: a kill must not look like a hand edit
        assert result.applied and not result.conflicts, f"run {run}: {result.conflicts}"
        assert _tree(out) == expected[following] and not _litter(out)
        assert not writer.check(out, files[following]).stale
    print(f"\nkills: {seen} (a full render takes {full:.2f} s)")
    assert sum(seen.values()) == KILLS
