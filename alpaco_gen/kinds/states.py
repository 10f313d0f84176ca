"""States of a state machine: the spec's models and the resolved graph of nodes the rules and ASL read.

A state machine is a graph of states; each map `iterator` and each parallel `branches[i]` is a graph of its
own, with its own start and its own namespace. Graphs are resolved once: each node knows the function, task
or table it calls.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, model_validator

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Ref, Strict

CHOICE_TESTS = ("string_equals", "numeric_equals", "numeric_less_than", "numeric_greater_than",
                "boolean_equals", "is_present")
StateType = Literal["task", "succeed", "fail", "choice", "map", "pass", "wait", "parallel"]


class Retry(Strict):
    errors: list[str]
    interval_seconds: int | None = None
    max_attempts: int | None = None
    backoff_rate: float | None = None


class Catch(Strict):
    errors: list[str]
    next: str
    result_path: str | None = None


class ChoiceRule(Strict):
    variable: str
    string_equals: str | None = None
    numeric_equals: float | None = None
    numeric_less_than: float | None = None
    numeric_greater_than: float | None = None
    boolean_equals: bool | None = None
    is_present: bool | None = None
    next: str

    @model_validator(mode="after")
    def _one_test(self) -> ChoiceRule:
        tests = [k for k in CHOICE_TESTS if getattr(self, k) is not None]
        if len(tests) != 1:
            raise ValueError(f"set exactly one comparison: {', '.join(CHOICE_TESTS)}")
        return self


class DynamoDbCall(Strict):
    action: Literal["get_item", "put_item", "update_item", "delete_item"]
    table: Ref
    key: dict[str, str] | None = Field(None, description="Key attributes: name -> JSONPath or literal.")
    item: dict[str, str] | None = Field(None, description="put_item: attribute -> JSONPath or literal.")
    update_expression: str | None = None
    values: dict[str, str] | None = Field(None, description="update_item: ExpressionAttributeValues.")


class State(Strict):
    type: StateType | None = Field(None, description="Inferred as `task` when function/task/dynamodb is set.")
    comment: str | None = None
    function: Ref | None = Field(None, description="Invoke this Lambda function.")
    task: Ref | None = Field(None, description="Run this ECS task and wait for it to stop (.sync), or for its "
                             "result with `callback`.")
    callback: bool = Field(False, description="Task states: wait for the task to hand back its result "
                           "(`.waitForTaskToken`): the container gets TASK_TOKEN and calls SendTaskSuccess with "
                           "its result as JSON, or SendTaskFailure; the result becomes the state's result.")
    environment: dict[str, str] | None = Field(
        None, description="`task:` states: the container's environment overrides, name -> a JSONPath of the "
        "state input (`$.submission_id`), an intrinsic function (`States.Format(...)`) or literal text. Pass "
        "ids and S3 keys, not bodies: ECS takes at most 8,192 characters of overrides. Unset, the whole state "
        "input goes in as `STATE_INPUT` (rule AG720 reports that).")
    dynamodb: DynamoDbCall | None = None
    next: str | None = None
    end: bool = False
    timeout: int | None = Field(None, description="TimeoutSeconds of a task state.")
    retry: list[Retry] = Field(default_factory=lambda: [])
    catch: list[Catch] = Field(default_factory=lambda: [])
    input_path: str | None = None
    result_path: str | None = None
    output_path: str | None = None
    result: dict[str, str | int | float | bool] | None = Field(None, description="Pass state result.")
    choices: list[ChoiceRule] = Field(default_factory=lambda: [])
    default: str | None = None
    items_path: str | None = None
    iterator: StateGraph | None = None
    max_concurrency: int | None = None
    branches: list[StateGraph] = Field(default_factory=lambda: [])
    seconds: int | None = None
    timestamp_path: str | None = None
    error: str | None = None
    cause: str | None = None

    @property
    def kind(self) -> str:
        if self.type:
            return self.type
        return "task" if (self.function or self.task or self.dynamodb) else "pass"


class StateGraph(Strict):
    start: str
    states: dict[str, State]




@record
class Node:
    """One state, with what it calls resolved (None when its reference is undeclared)."""

    name: str
    spec: State
    path: SpecPath
    function: Any = None  # alpaco_gen.kinds.function.Function
    task: Any = None  # alpaco_gen.kinds.task.Task
    table: Any = None  # alpaco_gen.kinds.table.Table
    iterator: Graph | None = None
    branches: tuple[Graph, ...] = ()

    @property
    def kind(self) -> str:
        return self.spec.kind


@record
class Graph:
    spec: StateGraph
    path: SpecPath
    nodes: tuple[Node, ...]

    def walk(self) -> Iterator[Node]:
        """Every node, nested map iterators and parallel branches included, in spec order."""
        return iter(self.walked)

    @functools.cached_property
    def walked(self) -> tuple[Node, ...]:
        """What `walk` yields, found once: every state machine rule walks every graph."""
        found: list[Node] = []
        for node in self.nodes:
            found.append(node)
            if node.iterator:
                found += node.iterator.walked
            for branch in node.branches:
                found += branch.walked
        return tuple(found)


def callback_tasks(spec: Any) -> dict[str, list[str]]:
    """task -> the state machines that run it as a callback task (its role may hand results back to them)."""
    found: dict[str, list[str]] = {}

    def visit(machine: str, graph: StateGraph) -> None:
        for state in graph.states.values():
            if state.task and state.callback and machine not in found.get(state.task, []):
                found.setdefault(state.task, []).append(machine)
            for nested in ([state.iterator] if state.iterator else []) + state.branches:
                visit(machine, nested)

    for name, machine in spec.state_machines.items():
        visit(name, machine)
    return found


def resolve_graph(ctx: Context, graph: StateGraph, path: SpecPath) -> Graph:
    nodes = []
    for name, state in graph.states.items():
        state_path = (*path, "states", name)
        function = task = table = None
        if state.function is not None:  # an empty name is an undeclared reference too
            function = ctx.lookup("function", state.function, (*state_path, "function"))
        if state.task is not None:
            task = ctx.lookup("task", state.task, (*state_path, "task"))
        if state.dynamodb:
            table = ctx.lookup("table", state.dynamodb.table, (*state_path, "dynamodb", "table"))
        iterator = resolve_graph(ctx, state.iterator, (*state_path, "iterator")) if state.iterator else None
        branches = tuple(resolve_graph(ctx, b, (*state_path, "branches", i)) for i, b in enumerate(state.branches))
        nodes.append(Node(name, state, state_path, function, task, table, iterator, branches))
    return Graph(graph, path, tuple(nodes))
