"""Step Functions definitions: statelint plus a check of service-integration Parameters against botocore.

Generated ASL is a Terraform templatefile(): ARNs and ids are `${placeholders}`. `substitute_placeholders`
replaces each with a well-formed value chosen from its name (a Lambda function ARN for `function_*`, an ECS
task definition ARN for `task_definition_*`, a subnet id for `subnet_*`, ...; anything else becomes a generic
ARN), so the result is the JSON Step Functions would receive.

`parameter_problems` checks, for Task states calling an optimized integration (ecs:runTask, lambda:invoke,
dynamodb:getItem/putItem/updateItem/deleteItem, and a few more) or an `aws-sdk:` integration, that every key
of `Parameters` / `Arguments` (a trailing `.$` stripped) is a member of the API's input shape in botocore's
service model, recursively through structures, lists and maps (Step Functions spells the members in
PascalCase). Step Functions refuses such a definition at CreateStateMachine ("The field 'X' is not supported
by Step Functions").

Run by hand: `python tests/verify/asl_check.py generated/<service>/statemachines/*.asl.json`.
"""

from __future__ import annotations

import functools
import json
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REGION, ACCOUNT = "eu-west-1", "123456789012"

# placeholder-name pattern -> value; first match wins, so specific names come before general ones.
_PLACEHOLDER_VALUES: list[tuple[str, str]] = [
    (r"task_?def", f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{{name}}:1"),
    (r"cluster", f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{{name}}"),
    (r"function|lambda", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{{name}}"),
    (r"table.*arn|arn.*table", f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{{name}}"),
    (r"table", "{name}"),
    (r"subnet", "subnet-0123456789abcdef0"),
    (r"security_?group|(^|_)sg(_|$)", "sg-0123456789abcdef0"),
    (r"vpc", "vpc-0123456789abcdef0"),
    (r"state_?machine|sfn", f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{{name}}"),
    (r"queue_?url", f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{{name}}"),
    (r"queue", f"arn:aws:sqs:{REGION}:{ACCOUNT}:{{name}}"),
    (r"topic", f"arn:aws:sns:{REGION}:{ACCOUNT}:{{name}}"),
    (r"bucket", "{name}"),
    (r"role", f"arn:aws:iam::{ACCOUNT}:role/{{name}}"),
    (r"event_?bus", f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{{name}}"),
    (r"partition", "aws"),
    (r"region", REGION),
    (r"account", ACCOUNT),
]
_GENERIC = f"arn:aws:states:{REGION}:{ACCOUNT}:placeholder:{{name}}"
_PLURAL = re.compile(r"(ids|subnets|groups|arns|list)$")

# Resource `arn:aws:states:::<service>:<action>` -> (botocore service, operation).
_OPTIMIZED = {
    ("ecs", "runTask"): ("ecs", "RunTask"),
    ("lambda", "invoke"): ("lambda", "Invoke"),
    ("dynamodb", "getItem"): ("dynamodb", "GetItem"),
    ("dynamodb", "putItem"): ("dynamodb", "PutItem"),
    ("dynamodb", "updateItem"): ("dynamodb", "UpdateItem"),
    ("dynamodb", "deleteItem"): ("dynamodb", "DeleteItem"),
    ("sqs", "sendMessage"): ("sqs", "SendMessage"),
    ("sns", "publish"): ("sns", "Publish"),
    ("events", "putEvents"): ("events", "PutEvents"),
    ("states", "startExecution"): ("stepfunctions", "StartExecution"),
}
_RESOURCE = re.compile(
    r"^arn:[^:]+:states:::(?:(?P<sdk>aws-sdk):)?(?P<service>[a-z0-9-]+):(?P<action>[A-Za-z0-9]+)"
    r"(?:\.(?:sync(?::2)?|waitForTaskToken))?$"
)
# aws-sdk service names that differ from botocore's.
_SDK_SERVICES = {"sfn": "stepfunctions"}


@dataclass(frozen=True)
class AslProblem:
    file: str
    path: str  # where in the definition, e.g. States.Run.Parameters.Overrides
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


# --------------------------------------------------------------------------- placeholders


def placeholder_value(expression: str) -> str:
    """A well-formed stand-in for the templatefile() expression inside `${...}`, chosen by its name."""
    name = re.sub(r"[^a-z0-9_]+", "_", expression.lower()).strip("_") or "placeholder"
    for pattern, value in _PLACEHOLDER_VALUES:
        if re.search(pattern, name):
            return value.format(name=name.replace("_", "-"))
    return _GENERIC.format(name=name.replace("_", "-"))


def _closing_brace(text: str, start: int) -> int:
    """Index of the `}` closing the interpolation whose body starts at `start` (quoted strings skipped)."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    raise ValueError(f"unterminated ${{ at offset {start - 2}")


def substitute_placeholders(text: str) -> str:
    """Render a templatefile() ASL template as Terraform would, with stand-in values.

    `$${` and `%%{` are templatefile escapes for a literal `${` / `%{`. A placeholder inside a JSON string is
    replaced by its (escaped) value; one standing alone as a JSON value (e.g. `${jsonencode(subnet_ids)}`)
    becomes a JSON list for plural names and a JSON string otherwise.
    """
    out: list[str] = []
    i, in_string = 0, False
    while i < len(text):
        c = text[i]
        if in_string and c == "\\":
            out.append(text[i : i + 2])
            i += 2
        elif text.startswith("$${", i) or text.startswith("%%{", i):
            out.append(text[i + 1 : i + 3])
            i += 3
        elif text.startswith("${", i):
            end = _closing_brace(text, i + 2)
            expr = text[i + 2 : end]
            value = placeholder_value(expr)
            if in_string:
                out.append(json.dumps(value)[1:-1])
            else:
                bare = re.sub(r"^jsonencode\((.*)\)$", r"\1", expr.strip())
                out.append(json.dumps([value] if _PLURAL.search(bare.lower()) else value))
            i = end + 1
        else:
            if c == '"':
                in_string = not in_string
            out.append(c)
            i += 1
    return "".join(out)


def load_definition(path: Path | str) -> tuple[dict | None, list[AslProblem]]:
    """Read, substitute and parse one ASL template; a failure is a problem, not an exception."""
    path = Path(path)
    try:
        return json.loads(substitute_placeholders(path.read_text(encoding="utf-8"))), []
    except (ValueError, json.JSONDecodeError) as exc:
        return None, [AslProblem(path.name, "-", f"not valid JSON after placeholder substitution: {exc}")]


# --------------------------------------------------------------------------- statelint


def statelint_problems(definition: dict, file: str) -> list[AslProblem]:
    """statelint (PyPI, a port of the Ruby statelint) on a parsed definition.

    Its FLOAT check is off (`--ignore=FLOAT`): it wants `"BackoffRate": 2.0` where Step Functions accepts any
    number >= 1 (`2`, as json.dumps writes it); every other check, URIs included, stays on.
    """
    # imported here so that a missing tool fails the test that needs it, with a clear message
    from statelint.config import Config
    from statelint.linter import Linter
    from statelint.problem import ProblemType

    config = Config(ignored_problem_types={ProblemType.FLOAT})
    return [AslProblem(file, "statelint", p) for p in Linter.validate(definition, config)]


# --------------------------------------------------------------------------- Parameters vs botocore


_BOTOCORE_LOCK = threading.Lock()  # the property tests check state machines from several threads


@functools.cache
def _input_shape(service: str, operation: str):
    with _BOTOCORE_LOCK:
        model = _botocore_session().get_service_model(service)
        return model.operation_model(operation).input_shape


@functools.cache
def _botocore_session():
    import botocore.session  # imported here so that a missing botocore fails only the tests that need it

    return botocore.session.get_session()


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def _walk_states(states: dict, prefix: str) -> Iterator[tuple[str, dict]]:
    for name, state in (states or {}).items():
        if not isinstance(state, dict):
            continue
        here = f"{prefix}.{name}"
        yield here, state
        for i, branch in enumerate(state.get("Branches", []) or []):
            yield from _walk_states(branch.get("States", {}), f"{here}.Branches[{i}].States")
        for key in ("Iterator", "ItemProcessor"):
            if isinstance(state.get(key), dict):
                yield from _walk_states(state[key].get("States", {}), f"{here}.{key}.States")


def _operation_for(resource: str) -> tuple[str, str] | None:
    m = _RESOURCE.match(resource or "")
    if not m:
        return None
    service, action = m.group("service"), m.group("action")
    if m.group("sdk"):
        return _SDK_SERVICES.get(service, service), _pascal(action)
    return _OPTIMIZED.get((service, action))


def _check_value(value: Any, shape, path: str, file: str, out: list[AslProblem]) -> None:
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = {_pascal(m): m for m in shape.members}
        for key, sub in value.items():
            field = key[:-2] if key.endswith(".$") else key
            if field not in members:
                hint = ", ".join(sorted(members))
                out.append(
                    AslProblem(file, f"{path}.{key}", f"unknown field {field!r} (expected one of: {hint})")
                )
            elif not key.endswith(".$"):  # a `.$` value is a path or intrinsic, resolved at run time
                _check_value(sub, shape.members[members[field]], f"{path}.{field}", file, out)
    elif kind == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(item, shape.member, f"{path}[{i}]", file, out)
    elif kind == "map" and isinstance(value, dict):
        for key, sub in value.items():
            if not key.endswith(".$"):
                _check_value(sub, shape.value, f"{path}.{key}", file, out)


def parameter_problems(definition: dict, file: str) -> list[AslProblem]:
    """Unknown Parameters/Arguments fields of Task states, checked against botocore's input shapes."""
    out: list[AslProblem] = []
    for path, state in _walk_states(definition.get("States", {}), "States"):
        if state.get("Type") != "Task":
            continue
        op = _operation_for(state.get("Resource", ""))
        if op is None:
            continue
        try:
            shape = _input_shape(*op)
        except Exception as exc:  # unknown aws-sdk service/action: Step Functions would refuse it too
            out.append(AslProblem(file, f"{path}.Resource", f"no botocore operation {op[0]}.{op[1]}: {exc}"))
            continue
        for key in ("Parameters", "Arguments"):
            if isinstance(state.get(key), dict):
                _check_value(state[key], shape, f"{path}.{key}", file, out)
    return out


def check_state_machine(path: Path | str) -> list[AslProblem]:
    """statelint + Parameters check of one `*.asl.json` template (empty list = clean)."""
    path = Path(path)
    definition, problems = load_definition(path)
    if definition is None:
        return problems
    return statelint_problems(definition, path.name) + parameter_problems(definition, path.name)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python tests/verify/asl_check.py FILE.asl.json...", file=sys.stderr)
        return 2
    problems = [p for arg in argv for p in check_state_machine(arg)]
    for p in problems:
        print(p)
    print(f"{len(problems)} problems in {len(argv)} state machines")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
