"""A diagram of a resolved service: its resources, `uses:` with access levels, routes and state machine steps.

Built from the resolved model's public fields only, then written as Mermaid (GitHub shows it in Markdown,
the generated DEPLOY.md embeds it) or Graphviz DOT. Node ids are derived from Terraform ids, so they are
stable and safe in both languages; every label is escaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from alpaco_gen.kinds import KINDS, states
from alpaco_gen.records import record
from alpaco_gen.resolve.model import Service

FORMATS = ("mermaid", "dot")
_STEP_SHAPES = {"step": ('["%s"]', "box"), "end": ('(["%s"])', "oval")}  # (Mermaid, Graphviz) of steps


def _shape(kind: str, language: int) -> str:
    drawn = KINDS[kind].drawn if kind in KINDS else None
    return (drawn.mermaid, drawn.dot)[language] if drawn else _STEP_SHAPES[kind][language]


def node_id(kind: str, obj: Any) -> str:
    """The stable node id of a resolved resource: its kind's prefix and its Terraform id."""
    drawn = KINDS[kind].drawn
    assert drawn is not None, f"{kind} is not drawn"
    return f"{drawn.prefix}_{obj.tf}"


@record
class Node:
    id: str
    label: str
    kind: str  # a kind of the registry, or `step` / `end`
    group: str = ""  # the state machine whose step this is


@record
class Edge:
    source: str
    target: str
    label: str = ""
    dotted: bool = False  # a relation that is not a call or a transition (an image, an error path)


@dataclass
class Graph:
    name: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # state machine node id -> its name


def build(service: Service) -> Graph:
    """The graph of a resolved service, resources in registry order."""
    graph = Graph(service.spec.service)
    for key, kind in KINDS.items():
        if kind.drawn is not None and key != "state_machine":  # state machines are drawn with their steps
            graph.nodes += [Node(node_id(key, obj), obj.name, key) for obj in service.objects[key]]
    for api in service.apis:
        for route in api.routes:
            target = node_id("function", route.function) if route.function else node_id("state_machine",
                                                                                         route.state_machine)
            graph.edges.append(Edge(node_id("api", api), target, route.key))
    for runs in ("function", "task"):
        for obj in service.objects[runs]:
            for use in obj.spec.uses:
                used = service.by_name.get((use.kind, use.target))
                if used is not None:
                    graph.edges.append(Edge(node_id(runs, obj), node_id(use.kind, used),
                                            " ".join((use.access, *use.options.values()))))
            if obj.repository is not None:
                graph.edges.append(Edge(node_id(runs, obj), node_id("repository", obj.repository), "image",
                                        dotted=True))
    for key, kind in KINDS.items():
        graph.edges += [Edge(node_id(*arrow.source), node_id(*arrow.target), arrow.label, arrow.dotted)
                        for arrow in kind.arrows(service.objects[key])]
    for machine in service.state_machines:
        _state_machine(graph, machine)
    return graph


def _state_machine(graph: Graph, machine: Any) -> None:
    top = node_id("state_machine", machine)
    graph.nodes.append(Node(top, machine.name, "state_machine", top))
    graph.groups[top] = machine.name
    start = _steps(graph, top, machine.graph, iter(range(1_000_000)))
    graph.edges.append(Edge(top, start, "start"))


def _steps(graph: Graph, group: str, steps: states.Graph, counter: Iterator[int]) -> str:
    """Add a (possibly nested) resolved graph of steps; returns the id of its start step."""
    ids = {node.name: f"{group}_s{next(counter)}" for node in steps.nodes}
    for node in steps.nodes:
        graph.nodes.append(Node(ids[node.name], node.name, "end" if node.kind in ("succeed", "fail") else "step",
                                group))
    for node in steps.nodes:
        here = ids[node.name]
        for target, label, dotted in _transitions(node.spec):
            if target in ids:
                graph.edges.append(Edge(here, ids[target], label, dotted))
        if node.function is not None:
            graph.edges.append(Edge(here, node_id("function", node.function), "invoke", dotted=True))
        if node.task is not None:
            graph.edges.append(Edge(here, node_id("task", node.task), "run", dotted=True))
        if node.table is not None and node.spec.dynamodb is not None:
            graph.edges.append(Edge(here, node_id("table", node.table), node.spec.dynamodb.action, dotted=True))
        nested = ([("each", node.iterator)] if node.iterator else []) + [("branch", b) for b in node.branches]
        for label, branch in nested:
            graph.edges.append(Edge(here, _steps(graph, group, branch, counter), label))
    return ids.get(steps.spec.start) or next(iter(ids.values()))


def _transitions(state: states.State) -> list[tuple[str, str, bool]]:
    found = [(state.next, "", False)] if state.next else []
    found += [(rule.next, _condition(rule), False) for rule in state.choices]
    found += [(state.default, "default", False)] if state.default else []
    found += [(catch.next, "catch " + ", ".join(catch.errors), True) for catch in state.catch]
    return found


def _condition(rule: states.ChoiceRule) -> str:
    test = next(k for k in states.CHOICE_TESTS if getattr(rule, k) is not None)
    value = getattr(rule, test)
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return f"{rule.variable} {test.replace('_', ' ')} {shown}"


def mermaid(graph: Graph) -> str:
    """A Mermaid flowchart, left to right; each state machine is a subgraph of its steps."""
    lines = ["flowchart LR"]
    for node in graph.nodes:
        if not node.group:
            lines.append(f"  {node.id}{_shape(node.kind, 0) % _mermaid_text(node.label)}")
    for group, name in graph.groups.items():
        lines.append(f'  subgraph {group}_steps["{_mermaid_text("state machine " + name)}"]')
        lines += [f"    {n.id}{_shape(n.kind, 0) % _mermaid_text(n.label)}"
                  for n in graph.nodes if n.group == group]
        lines.append("  end")
    for edge in graph.edges:
        arrow = "-.->" if edge.dotted else "-->"
        label = f'|"{_mermaid_text(edge.label)}"|' if edge.label else ""
        lines.append(f"  {edge.source} {arrow}{label} {edge.target}")
    return "\n".join(lines) + "\n"


def dot(graph: Graph) -> str:
    """A Graphviz digraph, left to right; each state machine is a cluster of its steps."""
    lines = [f"digraph {_dot_text(graph.name)} {{", "  rankdir=LR;", '  node [fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];']

    def node_line(node: Node, indent: str) -> str:
        style = ', style="rounded"' if node.kind in ("function", "step") else ""
        return f"{indent}{node.id} [label={_dot_text(node.label)}, shape={_shape(node.kind, 1)}{style}];"

    lines += [node_line(n, "  ") for n in graph.nodes if not n.group]
    for group, name in graph.groups.items():
        lines.append(f"  subgraph cluster_{group} {{")
        lines.append(f"    label={_dot_text('state machine ' + name)};")
        lines += [node_line(n, "    ") for n in graph.nodes if n.group == group]
        lines.append("  }")
    for edge in graph.edges:
        attributes = [f"label={_dot_text(edge.label)}"] if edge.label else []
        attributes += ["style=dashed"] if edge.dotted else []
        suffix = f" [{', '.join(attributes)}]" if attributes else ""
        lines.append(f"  {edge.source} -> {edge.target}{suffix};")
    return "\n".join(lines) + "\n}\n"


def render_graph(service: Service, fmt: str) -> str:
    graph = build(service)
    return mermaid(graph) if fmt == "mermaid" else dot(graph)


def _mermaid_text(text: str) -> str:
    """Text inside a quoted Mermaid label: its entity codes stand for the characters Mermaid would parse."""
    replaced = text.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    return replaced.replace("\n", " ")


def _dot_text(text: str) -> str:
    """A DOT quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
