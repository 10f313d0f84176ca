"""Data flow through a state machine: what each state's input can hold, path by path into it.

A shape is what is known of a JSON value: an object whose fields are known (closed: it has no others), or
anything. Shapes go through InputPath, the state's result, ResultPath and OutputPath as Step Functions
applies them; results come from what the generator's integrations return (ECS `.sync` returns the task
description, DynamoDB its response, a Lambda invoke its return value). A path that selects a field a closed
object lacks fails the execution with States.Runtime.
"""

from __future__ import annotations

from collections.abc import Iterator

from alpaco_gen.data import aws
from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.states import Graph, Node
from alpaco_gen.records import record

MAX_VISITS = 20000  # (state, input shape) pairs per state machine: a bound, far above real workflows


@record
class Shape:
    fields: tuple[tuple[str, Shape], ...] | None = None  # None: anything
    closed: bool = False
    source: str = ""  # how the value got this shape, for messages

    def field(self, name: str) -> Shape | None:
        """The shape of a field; None when the field cannot exist."""
        if self.fields is None:
            return ANY
        found = dict(self.fields).get(name)
        if found is None:
            return None if self.closed else ANY
        return found


ANY = Shape()


def closed(names: list[str] | tuple[str, ...], source: str) -> Shape:
    return Shape(tuple((name, ANY) for name in sorted(names)), True, source)


def _steps(path: str) -> list[str] | None:
    """`$.a.b` -> [a, b]; None for paths this analysis does not follow (context object, brackets, filters)."""
    if path == "$":
        return []
    if not path.startswith("$.") or any(c in path for c in "[]*?@()'\" "):
        return None
    return path[2:].split(".")


def lacking(shape: Shape, path: str) -> Shape | None:
    """The closed object on the way that lacks the next step of `path`; None when the path can exist."""
    for step in _steps(path) or ():
        found = shape.field(step)
        if found is None:
            return shape
        shape = found
    return None


def _walk(shape: Shape, path: str) -> Shape:
    for step in _steps(path) or ():
        shape = shape.field(step) or ANY
    return shape


def place(shape: Shape, path: str, value: Shape) -> Shape:
    """The raw input with `value` at `path` (ResultPath)."""
    steps = _steps(path)
    if steps is None:
        return ANY
    if not steps:
        return value
    head, rest = steps[0], ".".join(["$", *steps[1:]])
    inner = place(shape.field(head) or ANY, rest, value)
    fields = dict(shape.fields or ())
    fields[head] = inner
    return Shape(tuple(sorted(fields.items())), shape.closed, shape.source)


@record
class Read:
    """A path a state reads, that its input (or its result) cannot provide."""

    state: str
    path: SpecPath
    json_path: str
    shape: Shape


def _result(node: Node, effective: Shape) -> Shape:
    s, results = node.spec, aws()["states_results"]
    where = f"`{node.name}`"
    if node.function:
        return closed(results["lambda_invoke"], f"{where} puts the Lambda invoke response there (its return "
                      "value is under `Payload`)")
    if node.task and s.callback:
        return Shape(None, False, f"`{node.name}` puts what its task hands back there")
    if node.task:
        return closed(results["ecs_run_task_sync"], f"{where} puts the ECS task description there (`.sync` "
                      "returns the task, not what the container printed)")
    if node.table and s.dynamodb:
        return closed(results["dynamodb"][s.dynamodb.action], f"{where} puts the DynamoDB response there")
    if s.kind == "pass" and s.result is not None:
        return closed(tuple(s.result), f"{where} puts its `result` there")
    if s.kind in ("map", "parallel"):
        return Shape(None, False, f"{where} puts a list there")
    return effective


def _reads(node: Node, effective: Shape) -> Iterator[tuple[str, SpecPath, Shape]]:
    """(JSON path, spec path, shape it is applied to) of the paths a state reads from its effective input."""
    s = node.spec
    for i, rule in enumerate(s.choices):
        if rule.is_present is None:
            yield rule.variable, (*node.path, "choices", i, "variable"), effective
    for value, field in ((s.items_path, "items_path"), (s.timestamp_path, "timestamp_path")):
        if value:
            yield value, (*node.path, field), effective
    if s.dynamodb:
        for part in ("key", "item", "values"):
            for name, value in (getattr(s.dynamodb, part) or {}).items():
                if value.startswith("$."):
                    yield value, (*node.path, "dynamodb", part, name), effective


def flow(graph: Graph, start: Shape) -> Iterator[Read]:
    """Every path some state reads that cannot exist on some path into it."""
    by_name = {node.name: node for node in graph.nodes}
    pending = [(graph.spec.start, start)]
    seen: set[tuple[str, Shape]] = set()
    while pending and len(seen) < MAX_VISITS:
        name, shape = pending.pop()
        node = by_name.get(name)
        if node is None or (name, shape) in seen:
            continue
        seen.add((name, shape))
        s = node.spec
        effective = shape
        if s.input_path:
            missing = lacking(shape, s.input_path)
            if missing:
                yield Read(name, (*node.path, "input_path"), s.input_path, missing)
            effective = _walk(shape, s.input_path)
        for json_path, spec_path, applied in _reads(node, effective):
            missing = lacking(applied, json_path)
            if missing:
                yield Read(name, spec_path, json_path, missing)
        for nested in ((node.iterator,) if node.iterator else ()) + node.branches:
            yield from flow(nested, ANY if node.iterator else effective)
        output = _output(node, shape, effective)
        missing = lacking(output, s.output_path) if output is not None and s.output_path else None
        if missing:
            yield Read(name, (*node.path, "output_path"), s.output_path or "", missing)
        elif output is not None:
            output = _walk(output, s.output_path) if s.output_path else output
            pending += [(target, output) for target in _next(node)]
        for catch in s.catch:
            error = closed(("Cause", "Error"), f"the error caught in `{name}`")
            pending.append((catch.next, place(shape, catch.result_path or "$", error)))


def _output(node: Node, raw: Shape, effective: Shape) -> Shape | None:
    s = node.spec
    if s.kind in ("fail", "succeed"):
        return None
    if s.kind in ("choice", "wait"):
        return effective
    if node.function and s.result_path is None and s.output_path is None:
        return ANY  # the generator writes OutputPath $.Payload: the function's return value
    return place(raw, s.result_path or "$", _result(node, effective))


def _next(node: Node) -> list[str]:
    s = node.spec
    targets = [c.next for c in s.choices] + ([s.default] if s.default else [])
    return targets + ([s.next] if s.next else [])
