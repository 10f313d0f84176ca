"""Step Functions state machines (`state_machines:`): the definition's graph, its role and its log group."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import ConfigDict, Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds import function as functions
from alpaco_gen.kinds.base import Address, Deployed, Drawn, GeneratedName, Kind, LogGroup, Output, Planned, tf_id
from alpaco_gen.kinds.iam import (
    XRAY_WRITE,
    Call,
    Condition,
    Role,
    RunsAs,
    Statement,
    arn,
    assume_policy,
    role_address,
    sid,
    via,
    via_condition,
)
from alpaco_gen.kinds.key import KEY
from alpaco_gen.kinds.policies import PolicyStatement, policy_statements
from alpaco_gen.kinds.states import Catch, ChoiceRule, DynamoDbCall, Graph, Retry, State, StateGraph, resolve_graph
from alpaco_gen.kinds.task import CLUSTER
from alpaco_gen.records import record
from alpaco_gen.render.hcl import hcl_string
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Suppressible

NAME_LIMIT, LOG_GROUP_LIMIT = 80, 512  # stepfunctions Name; logs LogGroupName
ASSUME = assume_policy("states", "states.amazonaws.com")
DYNAMODB_CALLS = {"get_item": "dynamodb:GetItem", "put_item": "dynamodb:PutItem",
                  "update_item": "dynamodb:UpdateItem", "delete_item": "dynamodb:DeleteItem"}
LOG_DELIVERY = ("logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups",
                "logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries",
                "logs:PutResourcePolicy", "logs:UpdateLogDelivery")


class StateMachineSpec(StateGraph, Suppressible):
    model_config = ConfigDict(title="StateMachine")

    comment: str | None = None
    type: Literal["standard", "express"] = "standard"
    timeout: int | None = Field(None, description="TimeoutSeconds of the whole execution.")
    logging: Literal["off", "error", "all"] = "error"
    log_retention_days: int = 365
    policies: list[PolicyStatement] = Field(default_factory=lambda: [],
                                            description="IAM statements added to its role (rules AG160-AG179).")


def arn_of(aws_name: str) -> str:
    return arn("states", f"stateMachine:{aws_name}")


@record
class StateMachine(RunsAs):
    name: str
    tf: str
    address: Address
    aws_name: str
    spec: StateMachineSpec
    role: Role
    logs: LogGroup
    graph: Graph
    functions: tuple[Any, ...]  # invoked, sorted
    tasks: tuple[Any, ...]
    tables: tuple[Any, ...]
    path: SpecPath

    def walk(self) -> Iterator[tuple[str, State, SpecPath]]:
        """(name, spec, path) of every state, nested ones included."""
        return iter(self.walked)

    @functools.cached_property
    def walked(self) -> tuple[tuple[str, State, SpecPath], ...]:
        """What `walk` yields, found once: every state machine rule walks every state."""
        return tuple((node.name, node.spec, node.path) for node in self.graph.walk())


class StateMachineKind(Kind):
    key = "state_machine"
    section = ("state_machines",)
    spec_model = StateMachineSpec
    doc_models = (StateMachineSpec, State, StateGraph, Retry, Catch, ChoiceRule, DynamoDbCall)
    description = "Step Functions state machines."
    needs = ("function", "task", "table")
    templates = ("stepfunctions.tf",)
    drawn = Drawn("sm", '(["%s"])', "doubleoctagon")
    access = ("start",)
    delivery_access = "start"
    link_suffix = "STATE_MACHINE_ARN"
    called_api = "Step Functions"
    endpoint = "states"

    def resolve(self, ctx: Context) -> Mapping[str, StateMachine]:
        machines = {}
        for name, sm in self.entries(ctx.spec).items():
            path = (*self.section, name)
            tf = tf_id(name)
            graph = resolve_graph(ctx, sm, path)
            nodes = list(graph.walk())
            invoked = {n.function.name: n.function for n in nodes if n.function}
            run = {n.task.name: n.task for n in nodes if n.task}
            calls: dict[str, set[str]] = {}
            for node in nodes:
                if node.table and node.spec.dynamodb:
                    calls.setdefault(node.table.name, set()).add(DYNAMODB_CALLS[node.spec.dynamodb.action])
            tables = {n.table.name: n.table for n in nodes if n.table}
            logs = LogGroup(Address("aws_cloudwatch_log_group", f"state_machine_{tf}"),
                            f"/aws/vendedlogs/states/{ctx.names.resource(name)}", sm.log_retention_days)
            synced = any(n.task and not n.spec.callback for n in nodes)
            statements = _statements([invoked[f] for f in sorted(invoked)], [run[t] for t in sorted(run)],
                                     {t: (tables[t], calls[t]) for t in sorted(calls)}, ctx.names.service_wide(),
                                     synced) + policy_statements(sm.policies)
            role = Role(role_address(f"state_machine_{tf}"), ctx.names.role("sfn", name), ASSUME, statements,
                        f"State machine {name}", owner=f"state machine `{name}`", path=path)
            machines[name] = StateMachine(
                name, tf, Address("aws_sfn_state_machine", tf), ctx.names.resource(name), sm, role, logs, graph,
                tuple(invoked[f] for f in sorted(invoked)), tuple(run[t] for t in sorted(run)),
                tuple(t for t in ctx.uses("table").values() if t.name in calls), path)
        return machines

    def planned(self, objs: tuple[StateMachine, ...]) -> Iterator[Planned]:
        for obj in objs:
            owner = f"state machine `{obj.name}`"
            yield Planned(obj.address, obj.path, obj.name, owner, obj.aws_name, "state_machine")
            yield Planned(obj.logs.address, obj.path, obj.name, owner, obj.log_group, "log_group")
            yield from obj.role.planned(obj.path, owner, obj.name)

    def generated_names(self, objs: tuple[StateMachine, ...]) -> Iterator[GeneratedName]:
        for obj in objs:
            yield GeneratedName(obj.aws_name, f"state machine `{obj.name}`", NAME_LIMIT, obj.path)
            yield GeneratedName(obj.log_group, f"log group of state machine `{obj.name}`", LOG_GROUP_LIMIT,
                                obj.path)

    def roles(self, objs: tuple[StateMachine, ...]) -> Iterator[Role]:
        yield from (obj.role for obj in objs)

    def log_groups(self, objs: tuple[StateMachine, ...]) -> Iterator[LogGroup]:
        yield from (obj.logs for obj in objs)

    def outputs(self, objs: tuple[StateMachine, ...]) -> Iterator[Output]:
        yield from (Output(f"state_machine_{obj.tf}_arn", obj.address.arn) for obj in objs)

    def calls(self, objs: tuple[StateMachine, ...], service: Any) -> Iterator[Call]:
        for sm in objs:
            yield from _calls(sm)

    def use_calls(self, obj: StateMachine, access: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        # Executions are encrypted with the service key: starting one encrypts its input.
        return [("states:StartExecution", arn_of(obj.aws_name), ()), ("kms:GenerateDataKey", KEY.arn, via("states"))]

    def arns(self, objs: tuple[StateMachine, ...]) -> Iterator[tuple[str, str]]:
        yield from ((obj.address.arn, arn_of(obj.aws_name)[1:-1]) for obj in objs)

    def grants(self, ctx: Context, name: str, access: str) -> list[Statement]:
        return [Statement(sid("state machine", name, "start"), ("states:StartExecution",),
                          (arn_of(ctx.names.resource(name)),)),
                Statement(sid("state machine", name, "key"), ("kms:GenerateDataKey",), (KEY.arn,),
                          (via_condition("states"),))]

    def link(self, ctx: Context, name: str) -> str:
        # Named, not referenced: a function that starts a state machine which invokes it would be a cycle.
        return arn_of(ctx.names.resource(name))

    def deployed_link(self, obj: StateMachine, deployed: Deployed) -> str:
        return f"arn:{deployed.partition}:states:{deployed.region}:{deployed.account_id}:stateMachine:{obj.aws_name}"


def _calls(sm: StateMachine) -> Iterator[Call]:
    """What the state machine's role is used for at run time."""
    role, who = str(sm.role.address), f"state machine `{sm.name}`"
    nodes = list(sm.graph.walk())
    for node in nodes:
        where = f"{who}, state `{node.name}`,"
        if node.function:
            yield Call(role, "lambda:InvokeFunction", functions.arns(node.function.aws_name)[0], f"{where} invokes")
        if node.table and node.spec.dynamodb:
            action = DYNAMODB_CALLS[node.spec.dynamodb.action]
            yield Call(role, action, node.table.address.arn, f"{where} calls DynamoDB")
            kms = ("kms:Decrypt",) + (("kms:GenerateDataKey",) if action != "dynamodb:GetItem" else ())
            yield from (Call(role, a, KEY.arn, f"{where} reads or writes the encrypted table", via("dynamodb"))
                        for a in kms)
        if node.task:
            task = node.task
            yield Call(role, "ecs:RunTask", task.address.arn, f"{where} runs the task",
                       (("ecs:cluster", CLUSTER.arn),))
            passed = (("iam:PassedToService", '"ecs-tasks.amazonaws.com"'),)
            for passed_role in (task.execution_role, task.role):
                if passed_role:
                    yield Call(role, "iam:PassRole", passed_role.address.arn, f"{where} passes the task's roles",
                               passed)
            if not node.spec.callback:
                a_task = arn("ecs", f"task/{task.cluster_name}/a-task-id")
                yield from (Call(role, a, a_task, f"{where} waits for the task (.sync)")
                            for a in ("ecs:DescribeTasks", "ecs:StopTask"))
                rule = arn("events", "rule/StepFunctionsGetEventsForECSTaskRule")
                yield from (Call(role, a, rule, f"{where} waits for the task (.sync)")
                            for a in ("events:DescribeRule", "events:PutRule", "events:PutTargets"))
    yield from (Call(role, a, KEY.arn, f"{who} encrypts its execution data", via("states"))
                for a in ("kms:Decrypt", "kms:GenerateDataKey"))
    yield from (Call(role, a, '"*"', f"{who} delivers its logs") for a in LOG_DELIVERY)
    yield from (Call(role, a, '"*"', f"{who} traces")
                for a in XRAY_WRITE + ("xray:GetSamplingRules", "xray:GetSamplingTargets"))


def _statements(invoked: list[Any], run: list[Any], tables: dict[str, tuple[Any, set[str]]],
                cluster_name: str, synced: bool) -> tuple[Statement, ...]:
    """The state machine role: invoke its functions, run its tasks synchronously, call its tables, log."""
    statements = [Statement(sid("invoke", fn.name), ("lambda:InvokeFunction",), functions.arns(fn.aws_name))
                  for fn in invoked]
    for task in run:
        passed = (task.execution_role.address.arn if task.execution_role else hcl_string(task.spec.execution_role_arn),
                  task.role.address.arn)
        statements += [
            Statement(sid("run", task.name), ("ecs:RunTask",),
                      (f'"{task.address.interpolated("arn_without_revision")}:*"',),
                      (Condition("ArnEquals", "ecs:cluster", (CLUSTER.arn,)),)),
            Statement(sid("pass roles", task.name), ("iam:PassRole",), passed,
                      (Condition("StringEquals", "iam:PassedToService", ('"ecs-tasks.amazonaws.com"',)),)),
        ]
    if synced:  # .sync: Step Functions watches the task through an EventBridge rule and DescribeTasks
        statements += [
            Statement("TrackTasks", ("ecs:DescribeTasks", "ecs:StopTask"), (arn("ecs", f"task/{cluster_name}/*"),)),
            Statement("SyncEvents", ("events:DescribeRule", "events:PutRule", "events:PutTargets"),
                      (arn("events", "rule/StepFunctionsGetEventsForECSTaskRule"),)),
        ]
    for name, (table, actions) in tables.items():
        statements.append(Statement(sid("table", name), tuple(sorted(actions)), (table.address.arn,)))
    statements += [
        # Executions are encrypted with the service key: the role reads and writes execution data with it.
        Statement("ExecutionDataKey", ("kms:Decrypt", "kms:GenerateDataKey"), (KEY.arn,)),
        Statement("LogDelivery", LOG_DELIVERY, ('"*"',)),  # CloudWatch Logs delivery requires "*"
        Statement("Tracing", XRAY_WRITE + ("xray:GetSamplingRules", "xray:GetSamplingTargets"), ('"*"',)),
    ]
    return tuple(statements)
