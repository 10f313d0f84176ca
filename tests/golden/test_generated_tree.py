"""The whole generated tree of every spec in specs/: the committed tree is its snapshot; deterministic, parseable."""

from __future__ import annotations

import json
import os
from pathlib import Path

import hcl2
import pytest

from alpaco_gen import writer
from alpaco_gen.pipeline import check_spec, render_files
from tests.golden.generated_tree import GeneratedTree
from tests.helpers import REPO, SPECS


def _render(spec: Path) -> dict[str, str]:
    cwd = os.getcwd()
    os.chdir(REPO)  # spec paths in headers read `specs/x.yaml` wherever pytest runs
    try:
        checked = check_spec(spec.relative_to(REPO))
        assert not checked.has_errors, [f"{f.rule_id} {f.message}" for f in checked.findings]
        return render_files(checked, Path("generated"))
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_tree_matches_the_committed_tree(spec, snapshot):
    files = _render(spec)
    service = next(iter(files)).split("/")[0]
    assert files == snapshot(extension_class=GeneratedTree, name=service)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_rendering_is_byte_identical_on_rerun(spec):
    assert _render(spec) == _render(spec)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_committed_tree_is_owned_by_alpaco_gen(spec):
    result = writer.check(REPO / "generated", _render(spec))
    assert not result.stale, f"generated/ is stale or edited by hand; run `alpaco-gen render {spec.relative_to(REPO)}`"


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_file_parses(spec):
    for path, text in _render(spec).items():
        if path.endswith(".tf"):
            hcl2.loads(text)
        elif path.endswith(".json"):
            json.loads(text)
        assert text.endswith("\n") and "\r" not in text, path


def test_every_spec_has_committed_output():
    services = {p.parent.name for p in (REPO / "generated").glob("*/.alpaco-gen-manifest.json")}
    rendered = {next(iter(_render(s))).split("/")[0] for s in SPECS}
    assert rendered <= services, f"not rendered into generated/: {sorted(rendered - services)}"
