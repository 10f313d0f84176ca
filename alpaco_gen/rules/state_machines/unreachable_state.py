from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.state_machines._graphs import graphs, targets


def reachable(graph) -> set[str]:
    """States the graph's start leads to, following every transition (breadth first, linear)."""
    if graph.start not in graph.states:
        return set()
    seen, queue = {graph.start}, [graph.start]
    while queue:
        name = queue.pop()
        for target in targets(graph.states[name]):
            if target in graph.states and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


class UnreachableState(Rule):
    id = "AG703"
    name = "unreachable-state"
    kinds = ("state_machine",)
    summary = "A state that no transition from the graph's `start` leads to."
    explanation = """\
## What it checks
That every state of a graph (the state machine, a map iterator, a parallel branch) can be reached from its
`start` through `next`, `default`, choice and catch transitions.

## Why
Step Functions rejects definitions with states it can never enter: "InvalidDefinition: Invalid State Machine
Definition: 'MISSING_TRANSITION_TARGET: State "notify" is not reachable. at /States/notify'". An
unreachable state is usually a forgotten `next` one state earlier.

## Example
```yaml
states:
  run: {task: runner, next: done}
  notify: {function: notifier, next: done}
  done: {type: succeed}
```

## Fix
Add the missing transition (`run: {..., next: notify}`), or remove the state.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for graph, path in graphs(sm.graph):
                if graph.start not in graph.states:
                    continue  # missing-start-state reports it
                seen = reachable(graph)
                for name in graph.states:
                    if name not in seen:
                        yield self.finding(
                            (*path, "states", name),
                            f"state `{name}` is not reachable from `start: {graph.start}`",
                            "Point a `next`, `default`, choice or catch at it, or remove the state", key=True)
