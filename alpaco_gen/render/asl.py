"""Amazon States Language for a resolved state machine, built as dicts and dumped as JSON.

Terraform loads the file with templatefile(): ARNs and ids are `${placeholders}` that Terraform fills, and
every `${` or `%{` the user wrote is doubled so that it comes out literally.
"""

from __future__ import annotations

import json
from typing import Any

from alpaco_gen.kinds.state_machine import StateMachine
from alpaco_gen.kinds.states import Catch, ChoiceRule, DynamoDbCall, Graph, Node, Retry
from alpaco_gen.kinds.table import Table
from alpaco_gen.kinds.task import Task

CHOICE_OPERATORS = {
    "string_equals": "StringEquals", "numeric_equals": "NumericEquals",
    "numeric_less_than": "NumericLessThan", "numeric_greater_than": "NumericGreaterThan",
    "boolean_equals": "BooleanEquals", "is_present": "IsPresent",
}
DYNAMODB_ACTIONS = {"get_item": "getItem", "put_item": "putItem", "update_item": "updateItem",
                    "delete_item": "deleteItem"}
# Retrying these is what AWS recommends for every Lambda invoke task.
PATH_FIELDS = {"task": ("InputPath", "ResultPath", "OutputPath"), "map": ("InputPath", "ResultPath", "OutputPath"),
               "parallel": ("InputPath", "ResultPath", "OutputPath"), "pass": ("InputPath", "ResultPath", "OutputPath"),
               "wait": ("InputPath", "OutputPath"), "choice": ("InputPath", "OutputPath"),
               "succeed": ("InputPath", "OutputPath"), "fail": ()}
LAMBDA_TRANSIENT = ["Lambda.ClientExecutionTimeoutException", "Lambda.SdkClientException",
                    "Lambda.ServiceException", "Lambda.TooManyRequestsException"]


class Placeholder(str):
    """A `${name}` that Terraform fills in: the one kind of string that escaping leaves alone."""


class _Placeholders:
    """Collects the templatefile() variables a definition uses: name -> HCL expression."""

    def __init__(self) -> None:
        self.variables: dict[str, str] = {}

    def __call__(self, name: str, expression: str) -> str:
        self.variables[name] = expression
        return Placeholder("${" + name + "}")


def _literal(text: str) -> str:
    return text.replace("${", "$${").replace("%{", "%%{")


def _literals(value: Any) -> Any:
    if isinstance(value, Placeholder):
        return value
    if isinstance(value, str):
        return _literal(value)
    if isinstance(value, dict):
        return {_literal(k): _literals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_literals(v) for v in value]
    return value


def _attribute_value(value: str, type_: str) -> dict[str, str]:
    """A DynamoDB attribute value: a JSONPath (`$.x`) is read from the input, anything else is literal."""
    return {f"{type_}.$": value} if value.startswith("$") else {type_: value}


def _overrides(environment: dict[str, str] | None) -> list[dict[str, str]]:
    """Container environment overrides: a JSONPath or intrinsic is read from the state input (`Value.$`)."""
    if environment is None:
        return [{"Name": "STATE_INPUT", "Value.$": "States.JsonToString($)"}]
    return [{"Name": name, "Value.$" if value.startswith(("$", "States.")) else "Value": value}
            for name, value in environment.items()]


class _Builder:
    def __init__(self) -> None:
        self.placeholders = _Placeholders()

    def graph(self, graph: Graph) -> dict[str, Any]:
        return {"StartAt": _literal(graph.spec.start),
                "States": {_literal(node.name): self.state(node) for node in graph.nodes}}

    def state(self, node: Node) -> dict[str, Any]:
        s = node.spec
        kind = s.kind
        out: dict[str, Any] = {"Type": kind.capitalize()}
        nested: dict[str, Any] = {}  # built (and escaped) by recursion
        if s.comment:
            out["Comment"] = s.comment
        if kind == "task":
            out.update(self.task(node))
        elif kind == "choice":
            out["Choices"] = [self.choice(c) for c in s.choices]
            if s.default:
                out["Default"] = s.default
        elif kind == "map":
            out["ItemsPath"] = s.items_path or "$"
            if s.max_concurrency is not None:
                out["MaxConcurrency"] = s.max_concurrency
            if node.iterator:
                nested["Iterator"] = self.graph(node.iterator)
        elif kind == "parallel":
            nested["Branches"] = [self.graph(b) for b in node.branches]
        elif kind == "wait":
            if s.timestamp_path:
                out["TimestampPath"] = s.timestamp_path
            else:
                out["Seconds"] = s.seconds if s.seconds is not None else 0
        elif kind == "pass" and s.result is not None:
            out["Result"] = s.result
        elif kind == "fail":
            if s.error:
                out["Error"] = s.error
            if s.cause:
                out["Cause"] = s.cause
        for key, value in (("InputPath", s.input_path), ("ResultPath", s.result_path),
                           ("OutputPath", s.output_path)):
            if value is not None and key in PATH_FIELDS[kind]:
                out[key] = value
        if kind in ("task", "map", "parallel"):
            retry = [self.retry(x) for x in s.retry]
            if s.function:
                retry.append({"ErrorEquals": LAMBDA_TRANSIENT, "IntervalSeconds": 1, "MaxAttempts": 3,
                              "BackoffRate": 2})
            if retry:
                out["Retry"] = retry
            if s.catch:
                out["Catch"] = [self.catch(c) for c in s.catch]
        if kind not in ("choice", "succeed", "fail"):
            if s.next:
                out["Next"] = s.next
            else:
                out["End"] = True
        return {**_literals(out), **nested}

    def task(self, node: Node) -> dict[str, Any]:
        s = node.spec
        out: dict[str, Any] = {}
        if node.function:
            arn = self.placeholders(f"function_{node.function.tf}", node.function.address.arn)
            out["Resource"] = "arn:aws:states:::lambda:invoke"
            out["Parameters"] = {"FunctionName": arn, "Payload.$": "$"}
            if s.result_path is None and s.output_path is None:
                out["OutputPath"] = "$.Payload"  # the function's return value, not the invoke response
        elif node.task:
            out["Resource"] = f"arn:aws:states:::ecs:runTask.{'waitForTaskToken' if s.callback else 'sync'}"
            out["Parameters"] = self.run_task(node.task, s.environment, s.callback)
        elif node.table and s.dynamodb:
            out["Resource"] = f"arn:aws:states:::dynamodb:{DYNAMODB_ACTIONS[s.dynamodb.action]}"
            out["Parameters"] = self.dynamodb(s.dynamodb, node.table)
        if s.timeout is not None:
            out["TimeoutSeconds"] = s.timeout
        return out

    def run_task(self, task: Task, overrides: dict[str, str] | None, callback: bool) -> dict[str, Any]:
        p = self.placeholders
        environment = _overrides(overrides)
        if callback:  # the container hands its result back with this token (SendTaskSuccess)
            environment.append({"Name": "TASK_TOKEN", "Value.$": "$$.Task.Token"})
        return {
            "LaunchType": "FARGATE",
            "Cluster": p("cluster", task.cluster.arn),
            "TaskDefinition": p(f"task_definition_{task.tf}", task.address.arn),
            "NetworkConfiguration": {"AwsvpcConfiguration": {
                "Subnets": [p(f"subnet_{s.tf}", s.address.id) for s in task.subnets],
                "SecurityGroups": [p(f"security_group_{g.tf}", g.address.id) for g in task.security_groups],
                "AssignPublicIp": "DISABLED",
            }},
            "Overrides": {"ContainerOverrides": [{
                "Name": task.name,
                "Environment": environment,
            }]},
        }

    def dynamodb(self, call: DynamoDbCall, table: Table) -> dict[str, Any]:
        types = table.spec.attributes
        params: dict[str, Any] = {"TableName": self.placeholders(f"table_{table.tf}", table.address.name)}
        if call.key is not None:
            params["Key"] = {k: _attribute_value(v, types.get(k, "S")) for k, v in call.key.items()}
        if call.item is not None:
            params["Item"] = {k: _attribute_value(v, types.get(k, "S")) for k, v in call.item.items()}
        if call.update_expression:
            params["UpdateExpression"] = call.update_expression
        if call.values:
            params["ExpressionAttributeValues"] = {k: _attribute_value(v, "S") for k, v in call.values.items()}
        return params

    @staticmethod
    def choice(c: ChoiceRule) -> dict[str, Any]:
        field = next(k for k in CHOICE_OPERATORS if getattr(c, k) is not None)
        return {"Variable": c.variable, CHOICE_OPERATORS[field]: getattr(c, field), "Next": c.next}

    @staticmethod
    def retry(x: Retry) -> dict[str, Any]:
        out: dict[str, Any] = {"ErrorEquals": x.errors}
        for key, value in (("IntervalSeconds", x.interval_seconds), ("MaxAttempts", x.max_attempts),
                           ("BackoffRate", x.backoff_rate)):
            if value is not None:
                out[key] = value
        return out

    @staticmethod
    def catch(c: Catch) -> dict[str, Any]:
        out: dict[str, Any] = {"ErrorEquals": c.errors, "Next": c.next}
        if c.result_path:
            out["ResultPath"] = c.result_path
        return out


def definition(sm: StateMachine) -> tuple[str, dict[str, str]]:
    """(the ASL JSON text, the templatefile() variables it uses: name -> HCL expression)."""
    builder = _Builder()
    document: dict[str, Any] = {}
    if sm.spec.comment:
        document["Comment"] = _literal(sm.spec.comment)
    document.update(builder.graph(sm.graph))  # states are escaped as they are built
    if sm.spec.timeout is not None:
        document["TimeoutSeconds"] = sm.spec.timeout
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return text, dict(sorted(builder.placeholders.variables.items()))
