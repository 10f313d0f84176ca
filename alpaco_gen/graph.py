"""A diagram of a resolved service: its resources, `uses:` with access levels, routes and state machine steps.

Built from the resolved model's public fields only, then written as Mermaid (GitHub shows it in Markdown,
the generated DEPLOY.md embeds it) or Graphviz DOT. Node ids are derived from Terraform ids, so they are
stable and safe in both languages; every label is escaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from alpaco_gen.kinds import states
from alpaco_gen.resolve.model import Service

FORMATS = ("mermaid", "dot")
_USE_PREFIX = {"table": "table", "bucket": "bucket", "api": "api", "state_machine": "sm", "function": "fn",
               "queue": "queue", "topic": "topic", "task": "task", "bus": "bus"}
_MERMAID_SHAPES = {"api": '{{"%s"}}', "function": '("%s")', "task": '[["%s"]]', "table": '[("%s")]',
                   "bucket": '[("%s")]', "repository": '[/"%s"/]', "state_machine": '(["%s"])', "step": '["%s"]',
                   "end": '(["%s"])', "queue": '[/"%s"\\]', "topic": '>"%s"]', "bus": '[\\"%s"\\]',
                   "schedule": '(("%s"))', "event_rule": '{"%s"}'}
_DOT_SHAPES = {"api": "hexagon", "function": "box", "task": "box3d", "table": "cylinder", "bucket": "cylinder",
               "repository": "parallelogram", "state_machine": "doubleoctagon", "step": "box", "end": "oval",
               "queue": "cds", "topic": "tab", "bus": "component", "schedule": "circle", "event_rule": "diamond"}


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # a key of _MERMAID_SHAPES
    group: str = ""  # the state machine whose step this is


@dataclass(frozen=True)
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
    """The graph of a resolved service, in spec order."""
    graph = Graph(service.spec.service)
    for kind, prefix, objects in (("api", "api", service.apis), ("function", "fn", service.functions),
                                  ("task", "task", service.tasks), ("table", "table", service.tables),
                                  ("bucket", "bucket", service.buckets),
                                  ("repository", "repo", service.repositories),
                                  ("queue", "queue", service.queues), ("topic", "topic", service.topics),
                                  ("bus", "bus", service.buses), ("schedule", "sched", service.schedules),
                                  ("event_rule", "rule", service.event_rules)):
        for obj in objects:
            graph.nodes.append(Node(f"{prefix}_{obj.tf}", obj.name, kind))
    for prefix, delivering in (("sched", service.schedules), ("rule", service.event_rules)):
        for obj in delivering:
            target = obj.target
            graph.edges.append(Edge(f"{prefix}_{obj.tf}", f"{_USE_PREFIX[target.kind]}_{target.obj.tf}",
                                    obj.spec.expression if prefix == "sched" else "matches"))
    for rule in service.event_rules:
        if rule.bus is not None:
            graph.edges.append(Edge(f"bus_{rule.bus.tf}", f"rule_{rule.tf}", "events", dotted=True))
    for api in service.apis:
        for route in api.routes:
            target = (f"fn_{route.function.tf}" if route.function
                      else f"sm_{route.state_machine.tf}")
            graph.edges.append(Edge(f"api_{api.tf}", target, route.key))
    for obj, prefix in [(f, "fn") for f in service.functions] + [(t, "task") for t in service.tasks]:
        for use in obj.spec.uses:
            used = service.by_name.get((use.kind, use.target))
            if used is not None:
                graph.edges.append(Edge(f"{prefix}_{obj.tf}", f"{_USE_PREFIX[use.kind]}_{used.tf}",
                                        " ".join((use.access, *use.options.values()))))
        if obj.repository is not None:
            graph.edges.append(Edge(f"{prefix}_{obj.tf}", f"repo_{obj.repository.tf}", "image", dotted=True))
    for machine in service.state_machines:
        _state_machine(graph, machine)
    return graph


def _state_machine(graph: Graph, machine: Any) -> None:
    top = f"sm_{machine.tf}"
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
            graph.edges.append(Edge(here, f"fn_{node.function.tf}", "invoke", dotted=True))
        if node.task is not None:
            graph.edges.append(Edge(here, f"task_{node.task.tf}", "run", dotted=True))
        if node.table is not None and node.spec.dynamodb is not None:
            graph.edges.append(Edge(here, f"table_{node.table.tf}", node.spec.dynamodb.action, dotted=True))
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
            lines.append(f"  {node.id}{_MERMAID_SHAPES[node.kind] % _mermaid_text(node.label)}")
    for group, name in graph.groups.items():
        lines.append(f'  subgraph {group}_steps["{_mermaid_text("state machine " + name)}"]')
        lines += [f"    {n.id}{_MERMAID_SHAPES[n.kind] % _mermaid_text(n.label)}"
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
        return f"{indent}{node.id} [label={_dot_text(node.label)}, shape={_DOT_SHAPES[node.kind]}{style}];"

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
