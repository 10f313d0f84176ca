import difflib
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.state_machines._graphs import graphs


class MissingStartState(Rule):
    id = "AG701"
    name = "missing-start-state"
    kinds = ("state_machine",)
    summary = "A state machine, map iterator or parallel branch whose `start` names none of its states."
    explanation = """\
## What it checks
That `start` of every state machine, map `iterator` and parallel branch names a state of that same graph.

## Why
Step Functions rejects the definition when the state machine is created ("InvalidDefinition: Invalid State
Machine Definition: 'MISSING_TRANSITION_TARGET: ...'" at `/StartAt`). An iterator or branch cannot start in a
state of the enclosing graph.

## Example
```yaml
state_machines:
  grader:
    start: run
    states:
      run_submission: {function: runner, end: true}
```

## Fix
Name one of the graph's own states, e.g. `start: run_submission`.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            for graph, path in graphs(sm.graph):
                if graph.start in graph.states:
                    continue
                close = difflib.get_close_matches(graph.start, list(graph.states), n=1)
                hint = f"did you mean `{close[0]}`? " if close else ""
                yield self.finding(
                    (*path, "start"),
                    f"`start: {graph.start}` names no state of this graph",
                    f"{hint}Start in one of: {', '.join(graph.states) or 'no states are declared'}")
