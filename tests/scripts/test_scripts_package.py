"""package_functions.sh with the real pip, offline: wheels from a local folder, one per platform.

What it must do: install a zip function's requirements from manylinux wheels of its runtime's Python and its
architecture (never build from source), put the source beside them, and leave a folder that is the same,
byte for byte and mode for mode, on every run, so that archive_file's zip and the function's
source_code_hash only change when the sources or requirements do.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tarfile
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.scripts.fakes import Sandbox
from tests.scripts.render_helper import render, service

BUILD = "generated/problem-service/terraform/.build"
PLATFORMS = {"x86_64": "manylinux2014_x86_64", "arm64": "manylinux2014_aarch64"}


def wheel(folder: Path, name: str, tag: str, files: dict[str, str], requires: tuple[str, ...] = ()) -> None:
    """A minimal, valid wheel: the files, METADATA, WHEEL and a RECORD with their hashes."""
    info = f"{name}-1.0.dist-info"
    contents = {**files,
                f"{info}/METADATA": "Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n"
                + "".join(f"Requires-Dist: {r}\n" for r in requires),
                f"{info}/WHEEL": f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: false\nTag: {tag}\n"}
    record = []
    for path, text in contents.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    contents[f"{info}/RECORD"] = "\n".join([*record, f"{info}/RECORD,,"]) + "\n"
    with zipfile.ZipFile(folder / f"{name}-1.0-{tag}.whl", "w") as archive:
        for path, text in contents.items():
            archive.writestr(path, text)


@pytest.fixture
def wheels(tmp_path: Path) -> Path:
    folder = tmp_path / "wheels"
    folder.mkdir()
    for arch in ("x86_64", "aarch64"):
        wheel(folder, "fastpkg", f"cp312-cp312-manylinux2014_{arch}",
              {"fastpkg/__init__.py": f"ARCH = {arch!r}\n"}, requires=("purepkg",))
    wheel(folder, "purepkg", "py3-none-any", {"purepkg/__init__.py": "PURE = True\n"})
    wheel(folder, "toolpkg", "py3-none-any", {"toolpkg/__init__.py": ""})
    with tarfile.open(folder / "slowpkg-1.0.tar.gz", "w:gz") as sdist:  # a source distribution only
        info = tarfile.TarInfo("slowpkg-1.0/setup.py")
        sdist.addfile(info)
    return folder


def functions(*specs: tuple[str, str, str]) -> list[SimpleNamespace]:
    return [SimpleNamespace(name=name, source=f"backend/lambdas/{name}", runtime=runtime,
                            python_version=runtime.removeprefix("python") if runtime.startswith("python") else "",
                            platform=PLATFORMS[arch]) for name, runtime, arch in specs]


def setup(sandbox: Sandbox, zip_functions: list[SimpleNamespace], requirements: dict[str, str]) -> Sandbox:
    context = service()
    context.zip_functions, context.build_dir = zip_functions, BUILD
    sandbox.write("package_functions.sh", render("scripts/package_functions.sh.j2", service=context))
    for fn in zip_functions:
        source = sandbox.root / fn.source
        (source / "tests").mkdir(parents=True)
        (source / "app.py").write_text("import fastpkg\n\ndef handler(event, context):\n    return fastpkg.ARCH\n")
        (source / "tests" / "test_app.py").write_text("")
        (source / "__pycache__").mkdir()
        (source / "__pycache__" / "app.cpython-312.pyc").write_bytes(b"\0")
        if fn.name in requirements:
            (source / "requirements.txt").write_text(requirements[fn.name])
    return sandbox


def offline(wheels: Path) -> dict[str, str]:
    return {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels), "PIP_CONFIG_FILE": os.devnull}


def tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mode & 0o777, p.read_bytes() if p.is_file() else b"")
            for p in sorted(folder.rglob("*"))}


def test_each_function_gets_the_wheels_of_its_architecture_and_python(sandbox, wheels):
    box = setup(sandbox, functions(("on-intel", "python3.12", "x86_64"), ("on-graviton", "python3.12", "arm64")),
                {"on-intel": "fastpkg\n", "on-graviton": "# the fast one\nfastpkg  # pinned below\n"})
    result = box.run("package_functions.sh", **offline(wheels))
    assert result.returncode == 0, result.stdout + result.stderr
    build = box.root / BUILD
    assert (build / "on-intel" / "fastpkg" / "__init__.py").read_text() == "ARCH = 'x86_64'\n"
    assert (build / "on-graviton" / "fastpkg" / "__init__.py").read_text() == "ARCH = 'aarch64'\n"
    for name in ("on-intel", "on-graviton"):
        staged = {p.relative_to(build / name).as_posix() for p in (build / name).rglob("*")}
        assert {"app.py", "requirements.txt", "purepkg/__init__.py"} <= staged  # dependencies come along
        assert not {p for p in staged if "__pycache__" in p or p.endswith(".pyc") or p.startswith(("tests", "bin"))}


def test_staging_is_reproducible(sandbox, wheels):
    box = setup(sandbox, functions(("fn", "python3.12", "x86_64")), {"fn": "fastpkg\n"})
    assert box.run("package_functions.sh", **offline(wheels)).returncode == 0
    first = tree(box.root / BUILD / "fn")
    source = box.root / "backend/lambdas/fn"
    os.utime(source / "app.py", (1, 1))
    (source / "app.py").chmod(0o600)
    old = os.umask(0o077)
    try:
        assert box.run("package_functions.sh", **offline(wheels)).returncode == 0
    finally:
        os.umask(old)
    second = tree(box.root / BUILD / "fn")
    assert first == second
    assert {mode for mode, _ in second.values()} == {0o644, 0o755}


def test_no_source_builds(sandbox, wheels):
    box = setup(sandbox, functions(("fn", "python3.12", "x86_64")), {"fn": "slowpkg\n"})
    result = box.run("package_functions.sh", **offline(wheels))
    assert result.returncode != 0
    assert not (box.root / BUILD / "fn" / "slowpkg").exists()


def test_a_wheel_for_another_python_is_not_taken(sandbox, wheels):
    box = setup(sandbox, functions(("fn", "python3.13", "x86_64")), {"fn": "fastpkg\n"})
    assert box.run("package_functions.sh", **offline(wheels)).returncode != 0


def test_comment_only_requirements_need_no_pip(sandbox):
    box = setup(sandbox, functions(("fn", "python3.12", "x86_64")), {"fn": "# boto3 comes with the runtime\n"})
    result = box.run("package_functions.sh", PYTHON="false")  # any pip call would fail
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (box.root / BUILD / "fn").iterdir()) == ["app.py", "requirements.txt"]


def test_requirements_of_a_runtime_that_is_not_python_fail(sandbox):
    box = setup(sandbox, functions(("fn", "nodejs20.x", "x86_64")), {"fn": "left-pad\n"})
    result = box.run("package_functions.sh")
    assert result.returncode != 0 and "not Python" in result.stderr


def test_only_the_named_functions_and_unknown_names(sandbox, wheels):
    box = setup(sandbox, functions(("a", "python3.12", "x86_64"), ("b", "python3.12", "x86_64")), {})
    assert box.run("package_functions.sh", "b").returncode == 0
    assert [p.name for p in (box.root / BUILD).iterdir()] == ["b"]
    result = box.run("package_functions.sh", "c")
    assert result.returncode != 0 and "unknown function 'c'" in result.stderr


def test_dry_run_changes_nothing(sandbox, wheels):
    box = setup(sandbox, functions(("fn", "python3.12", "arm64")), {"fn": "fastpkg\n"})
    result = box.run("package_functions.sh", "--dry-run", **offline(wheels))
    assert result.returncode == 0, result.stderr
    assert not (box.root / BUILD).exists()
    assert "--platform manylinux2014_aarch64 --implementation cp --python-version 3.12" in result.stdout
    assert "--only-binary=:all:" in result.stdout
