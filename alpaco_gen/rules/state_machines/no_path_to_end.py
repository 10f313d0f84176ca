from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.state_machines._graphs import ends, graphs, targets
from alpaco_gen.rules.state_machines.unreachable_state import reachable


class NoPathToEnd(Rule):
    id = "AG704"
    name = "no-path-to-end"
    kinds = ("state_machine",)
    summary = "States from which no Succeed, Fail or end state can be reached (a loop without an exit)."
    explanation = """\
## What it checks
That from every reachable state of a graph some path leads to a state that ends it: `type: succeed`,
`type: fail`, or a state with `end: true` (or without `next`). Loops are fine as long as one of their
choices leads out.

## Why
Step Functions accepts the definition, but an execution that enters such a loop can never succeed: it
cycles until the state machine's timeout (a year, for standard workflows, if none is set) or until it hits
the 25,000-event history limit, billing every transition.

## Example
```yaml
states:
  poll: {function: check, next: wait}
  wait: {type: wait, seconds: 60, next: poll}
```

## Fix
Add a way out: a choice that ends the loop once the work is done.
```yaml
  poll: {function: check, next: done_yet}
  done_yet:
    type: choice
    choices: [{variable: $.done, boolean_equals: true, next: finished}]
    default: wait
  finished: {type: succeed}
```
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for graph, path in graphs(sm.graph):
                edges = {n: targets(state) for n, state in graph.states.items()}
                if any(t not in graph.states for out in edges.values() for t in out):
                    continue  # missing-transition-target reports it; the graph is not what AWS would see
                finishing, seen = self._finishing(graph, edges), reachable(graph)
                stuck = [n for n in graph.states if n in seen and n not in finishing]
                if stuck:
                    yield self.finding(
                        (*path, "states", stuck[0]),
                        f"no path leads from {'state' if len(stuck) == 1 else 'states'} "
                        f"{', '.join(f'`{n}`' for n in stuck)} to a succeed, fail or end state",
                        "Add a way out of the loop, e.g. a choice that moves on to a succeed state", key=True)

    @staticmethod
    def _finishing(graph, edges) -> set[str]:
        """States with a path to an end: search backwards from the ending states."""
        incoming: dict[str, list[str]] = {}
        for name, out in edges.items():
            for target in out:
                incoming.setdefault(target, []).append(name)
        done = {name for name, state in graph.states.items() if ends(state)}
        queue = list(done)
        while queue:
            for source in incoming.get(queue.pop(), ()):
                if source not in done:
                    done.add(source)
                    queue.append(source)
        return done
