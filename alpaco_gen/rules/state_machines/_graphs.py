"""Graph helpers shared by the state machine rules.

A state machine is a graph of states; each map `iterator` and each parallel `branches[i]` is a graph of its
own, with its own start and its own namespace: transitions never cross from one graph into another.
"""

from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds import states as m

# The generator writes neither `Next` nor `End` for these kinds (ASL forbids both on them).
NO_NEXT = ("choice", "succeed", "fail")
# Kinds that may carry Retry and Catch.
RECOVERING = ("task", "map", "parallel")


def graphs(graph: m.Graph) -> Iterator[tuple[m.StateGraph, SpecPath]]:
    """The state machine's own graph, then every nested iterator and branch, each with its spec path."""
    yield graph.spec, graph.path
    for node in graph.walk():
        for nested in ((node.iterator,) if node.iterator else ()) + node.branches:
            yield nested.spec, nested.path


def transitions(state: m.State, state_path: SpecPath) -> list[tuple[str, SpecPath]]:
    """(target state, path of the field naming it) of every transition the generated ASL contains."""
    return [(target, (*state_path, *field)) for target, field in _transitions(state)]


def targets(state: m.State) -> list[str]:
    """The target states of `transitions`, in its order: what a walk of the graph follows."""
    return [target for target, _ in _transitions(state)]


def _transitions(state: m.State) -> list[tuple[str, tuple[str | int, ...]]]:
    kind = state.kind
    out: list[tuple[str, tuple[str | int, ...]]] = []
    if kind not in NO_NEXT and state.next is not None:
        out.append((state.next, ("next",)))
    if kind == "choice":
        out += [(c.next, ("choices", i, "next")) for i, c in enumerate(state.choices)]
        if state.default is not None:
            out.append((state.default, ("default",)))
    if kind in RECOVERING:
        out += [(c.next, ("catch", i, "next")) for i, c in enumerate(state.catch)]
    return out


def ends(state: m.State) -> bool:
    """Whether the execution (or its branch) may stop in this state: Succeed, Fail, or `End: true`."""
    kind = state.kind
    return kind in ("succeed", "fail") or (kind not in NO_NEXT and state.next is None)
