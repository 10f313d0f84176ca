"""Every Mermaid diagram alpaco-gen writes parses with Mermaid's own parser (what GitHub renders with)."""

from __future__ import annotations

import re

from node_tools import REPO, run_node_tool

from alpaco_gen.graph import build, mermaid
from alpaco_gen.pipeline import check_spec


def test_generated_and_documented_diagrams_parse():
    diagrams = {}
    for deploy in sorted((REPO / "generated").glob("**/scripts/DEPLOY.md")):
        for i, block in enumerate(re.findall(r"```mermaid\n(.*?)```", deploy.read_text(), re.S)):
            diagrams[f"{deploy.relative_to(REPO)}#{i}"] = block
    diagrams["README.md"] = re.findall(r"```mermaid\n(.*?)```", (REPO / "README.md").read_text(), re.S)[0]
    assert len(diagrams) >= 4
    results = run_node_tool("mermaid_parse.mjs", diagrams)
    assert {name: r for name, r in results.items() if r.get("type") != "flowchart-v2"} == {}


def test_awkward_names_parse(tmp_path):
    spec = (REPO / "specs" / "nightly_batch.yaml").read_text()
    for name in ("check_size", "settle", "done"):  # states named with what Mermaid would otherwise parse
        spec = spec.replace(f"{name}:", f'"{name} <b>#1 \\"x\\" end":').replace(f"next: {name}",
                                                                              f'next: "{name} <b>#1 \\"x\\" end"')
        spec = spec.replace(f"default: {name}", f'default: "{name} <b>#1 \\"x\\" end"')
    path = tmp_path / "nightly.yaml"
    path.write_text(spec)
    checked = check_spec(path)
    assert checked.service is not None, [f.message for f in checked.findings]
    text = mermaid(build(checked.service))
    assert "#quot;x#quot; end" in text
    assert run_node_tool("mermaid_parse.mjs", {"awkward": text}) == {"awkward": {"type": "flowchart-v2"}}
    broken = text.replace("#quot;", '"', 1)
    assert "error" in run_node_tool("mermaid_parse.mjs", {"broken": broken})["broken"]
