"""The container environment a generated `ecs:runTask.sync` state passes, for a given state input.

Evaluates what the generated ASL uses in `Value.$`: reference paths (`$.a.b`, `$$.Execution.Name`) and
`States.JsonToString(path)`. Step Functions rejects a non-string environment value, and so does this.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

ECS_OVERRIDES_LIMIT = 8192  # characters of all container overrides of one RunTask call


def _path(expression: str, state_input: Any, context: Mapping[str, Any]) -> Any:
    root, rest = (context, expression[2:]) if expression.startswith("$$") else (state_input, expression[1:])
    value = root
    for field in filter(None, rest.split(".")):
        value = value[field]
    return value


def evaluate(expression: str, state_input: Any, context: Mapping[str, Any]) -> str:
    if expression.startswith("States.JsonToString(") and expression.endswith(")"):
        inner = expression.removeprefix("States.JsonToString(").removesuffix(")")
        return json.dumps(_path(inner, state_input, context), separators=(",", ":"))
    value = _path(expression, state_input, context)
    if not isinstance(value, str):
        raise TypeError(f"{expression} is {type(value).__name__}; an environment override must be a string")
    return value


def find_state(graph: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A state of the definition, nested map iterators and parallel branches included."""
    for state_name, state in graph["States"].items():
        if state_name == name:
            return state
        for nested in [state.get("Iterator"), *state.get("Branches", [])]:
            if nested:
                try:
                    return find_state(nested, name)
                except KeyError:
                    pass
    raise KeyError(name)


def container_overrides(asl: Mapping[str, Any], state: str, state_input: Any,
                        context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """ContainerOverrides of the state's RunTask call, as ECS receives them."""
    found = find_state(asl, state)
    assert found["Resource"] in ("arn:aws:states:::ecs:runTask.sync",
                                 "arn:aws:states:::ecs:runTask.waitForTaskToken"), state
    parameters = found["Parameters"]
    resolved = []
    for container in parameters["Overrides"]["ContainerOverrides"]:
        environment = [{"Name": v["Name"], "Value": evaluate(v["Value.$"], state_input, context)
                        if "Value.$" in v else v["Value"]} for v in container.get("Environment", [])]
        resolved.append({"Name": container["Name"], "Environment": environment})
    return resolved


def overrides_length(overrides: list[dict[str, Any]]) -> int:
    return len(json.dumps({"containerOverrides": overrides}, separators=(",", ":")))


def environment_of(overrides: list[dict[str, Any]], container: str) -> dict[str, str]:
    return {v["Name"]: v["Value"] for c in overrides if c["Name"] == container for v in c["Environment"]}
