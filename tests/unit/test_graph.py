"""The service graph: what it shows of the reference spec, and labels that survive any name."""

from __future__ import annotations

from pathlib import Path

import pydot
import pytest

from alpaco_gen.graph import build, dot, mermaid
from alpaco_gen.pipeline import check_spec
from tests.helpers import REFERENCE, REPO, SPECS


def service_of(path: Path):
    checked = check_spec(path)
    assert checked.service is not None
    return checked.service


def test_reference_graph_has_resources_uses_routes_and_steps():
    graph = build(service_of(REFERENCE))
    labels = {(n.kind, n.label) for n in graph.nodes}
    assert {("api", "grader"), ("function", "problem-grader"), ("task", "problem-runner"), ("table", "problems"),
            ("bucket", "grader-output"), ("repository", "problem-runner"), ("step", "run_submission"),
            ("end", "failed")} <= labels
    edges = {(e.source, e.target, e.label, e.dotted) for e in graph.edges}
    assert ("fn_problem_grader", "table_submissions", "read_write", False) in edges
    assert ("task_problem_runner", "bucket_grader_output", "write results/", False) in edges
    assert ("fn_problem_grader", "sm_problem_grader", "start", False) in edges
    assert ("fn_problem_generator_streaming", "api_generator_streaming", "manage_connections", False) in edges
    assert ("api_grader", "fn_problem_grader", "POST /submissions", False) in edges
    assert ("api_generator_streaming", "fn_problem_generator_streaming", "$connect", False) in edges
    steps = {n.label: n.id for n in graph.nodes if n.group == "sm_problem_grader"}
    assert (steps["run_submission"], steps["record_failure"], "catch States.ALL", True) in edges
    assert (steps["run_submission"], "task_problem_runner", "run", True) in edges
    assert ("sm_problem_grader", steps["run_submission"], "start", False) in edges
    ids = [n.id for n in graph.nodes]
    assert len(ids) == len(set(ids)) and {e.source for e in graph.edges} | {e.target for e in graph.edges} <= set(ids)


def test_nested_steps_choices_and_table_calls():
    graph = build(service_of(REPO / "specs" / "nightly_batch.yaml"))
    labels = {e.label for e in graph.edges}
    assert {"each", "branch", "default", "put_item"} <= labels
    assert any(label.startswith("$.") and " numeric " in label for label in labels), labels


def test_labels_are_escaped_in_both_languages():
    graph = build(service_of(REFERENCE))
    graph.nodes[0] = type(graph.nodes[0])(graph.nodes[0].id, 'say "hi" <b> #1 \\ end', "api")
    text = mermaid(graph)
    assert 'api_grader{{"say #quot;hi#quot; #lt;b#gt; #35;1 \\ end"}}' in text
    parsed = pydot.graph_from_dot_data(dot(graph))
    assert parsed, "pydot could not parse the DOT output"
    node = parsed[0].get_node("api_grader")[0]
    assert node.get("label") == '"say \\"hi\\" <b> #1 \\\\ end"'


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_dot_output_parses(spec):
    graph = build(service_of(spec))
    parsed = pydot.graph_from_dot_data(dot(graph))
    assert parsed and len(parsed) == 1
    names = {n.get_name() for n in parsed[0].get_nodes()} | {
        n.get_name() for s in parsed[0].get_subgraphs() for n in s.get_nodes()}
    assert {n.id for n in graph.nodes} <= names
    assert len(parsed[0].get_edges()) == len(graph.edges)


def test_deploy_md_embeds_the_diagram():
    diagram = mermaid(build(service_of(REFERENCE)))
    deploy = (REPO / "generated" / "problem-service" / "scripts" / "DEPLOY.md").read_text()
    assert f"```mermaid\n{diagram}```\n" in deploy


def test_readme_shows_the_reference_diagram():
    diagram = mermaid(build(service_of(REFERENCE)))
    assert f"```mermaid\n{diagram}```" in (REPO / "README.md").read_text(), (
        "README's diagram is stale: paste `alpaco-gen graph specs/problem_service.yaml`")
