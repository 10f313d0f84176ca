import difflib
from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.state_machines._graphs import graphs, transitions


class MissingTransitionTarget(Rule):
    id = "AG702"
    name = "missing-transition-target"
    kinds = ("state_machine",)
    summary = "A `next`, `default`, choice or catch target that names no state of the same graph."
    explanation = """\
## What it checks
Every transition: `next`, a choice's `default` and `choices[].next`, and `catch[].next`, against the states
of the same graph. A map iterator or parallel branch is a graph of its own: it cannot jump to a state of the
state machine around it, nor the other way round.

## Why
Step Functions rejects the definition when the state machine is created: "InvalidDefinition: Invalid State
Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: grade at /States/run/Next'".

## Example
```yaml
states:
  run: {task: runner, next: grade}
  grading: {function: grader, end: true}
```

## Fix
Use the name of a state of the same graph (here `grading`), or declare the missing state.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for sm in service.state_machines:
            everywhere = {name for name, _, _ in sm.walk()}
            for graph, path in graphs(sm.graph):
                for name, state in graph.states.items():
                    for target, target_path in transitions(state, (*path, "states", name)):
                        if target not in graph.states:
                            yield self._finding(target, target_path, list(graph.states), target in everywhere)

    def _finding(self, target: str, path: tuple, names: list[str], elsewhere: bool) -> Finding:
        field = path[-1] if isinstance(path[-1], str) else "next"
        if elsewhere:
            return self.finding(path, f"`{field}: {target}` names a state of another graph; a map iterator "
                                      "or parallel branch cannot transition out of itself, nor into one",
                                "End the iterator or branch instead (`end: true`) and continue after the "
                                "map or parallel state")
        close = difflib.get_close_matches(target, names, n=1)
        hint = f"did you mean `{close[0]}`? " if close else ""
        return self.finding(path, f"`{field}: {target}` names no state of this graph",
                            f"{hint}Declare the state or use one of: {', '.join(names)}")
