"""Least-privilege IAM as data: `uses:` access levels -> exact actions on exact ARNs.

Resources are HCL expressions. ARNs of functions and state machines are built from their names rather than
read from the resources, so that a role's policy never depends on the resource that depends on the role
(a function that starts a state machine that invokes the function would otherwise be a cycle).
"""

from __future__ import annotations

import re

from alpaco_gen.resolve.model import Condition, Statement
from alpaco_gen.resolve.names import tf_id
from alpaco_gen.spec import models as m

TABLE_READ = ("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable",
              "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan")
TABLE_WRITE = ("dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem")
BUCKET_OBJECT_READ = ("s3:GetObject",)
BUCKET_OBJECT_WRITE = ("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject")
ECR_PULL = ("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
LOG_WRITE = ("logs:CreateLogStream", "logs:PutLogEvents")
# These actions support no resource-level permissions: AWS requires "*".
XRAY_WRITE = ("xray:PutTelemetryRecords", "xray:PutTraceSegments")
VPC_ENI = ("ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
           "ec2:DescribeNetworkInterfaces", "ec2:UnassignPrivateIpAddresses")
SFN_LOG_DELIVERY = ("logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups",
                    "logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries",
                    "logs:PutResourcePolicy", "logs:UpdateLogDelivery")
DYNAMODB_CALLS = {"get_item": "dynamodb:GetItem", "put_item": "dynamodb:PutItem",
                  "update_item": "dynamodb:UpdateItem", "delete_item": "dynamodb:DeleteItem"}

# Which access levels each kind of `uses:` target accepts (rule AG801 reports the others).
ACCESS_BY_KIND = {
    "table": ("read", "write", "read_write"),
    "bucket": ("read", "write", "read_write"),
    "api": ("manage_connections",),
    "state_machine": ("start",),
    "function": ("invoke",),
}


def sid(*words: str) -> str:
    return "".join(w.capitalize() for w in re.split(r"[^A-Za-z0-9]+", " ".join(words)) if w)


def arn(service: str, resource: str, *, regional: bool = True) -> str:
    region = "${local.region}" if regional else ""
    return f'"arn:${{local.partition}}:{service}:{region}:${{local.account_id}}:{resource}"'


def function_arns(aws_name: str) -> tuple[str, str]:
    """A function and its versions and aliases (`:*`): what lambda:InvokeFunction needs both of."""
    return arn("lambda", f"function:{aws_name}"), arn("lambda", f"function:{aws_name}:*")


def state_machine_arn(aws_name: str) -> str:
    return arn("states", f"stateMachine:{aws_name}")


def log_group_arn(kind: str, name: str) -> str:
    return f'"${{aws_cloudwatch_log_group.{kind}_{tf_id(name)}.arn}}:*"'


def for_uses(uses: list[m.Use], spec: m.Spec, aws_names: dict[tuple[str, str], str]) -> list[Statement]:
    """Statements granting each `uses:` entry; unknown targets and access levels were reported by resolve."""
    statements = []
    for use in uses:
        name, kind = use.target, use.kind
        if (kind, name) not in aws_names or use.access not in ACCESS_BY_KIND[kind]:
            continue
        reads, writes = use.access in ("read", "read_write"), use.access in ("write", "read_write")
        if kind == "table":
            table = f"aws_dynamodb_table.{tf_id(name)}.arn"
            resources = [table]
            if spec.tables[name].indexes and reads:
                resources.append(f'"${{{table}}}/index/*"')
            actions = (TABLE_READ if reads else ()) + (TABLE_WRITE if writes else ())
            statements.append(Statement(sid("table", name, use.access), tuple(sorted(actions)), tuple(resources)))
        elif kind == "bucket":
            bucket = f"aws_s3_bucket.{tf_id(name)}.arn"
            if reads:
                statements.append(Statement(sid("bucket", name, "list"), ("s3:ListBucket",), (bucket,)))
            actions = (BUCKET_OBJECT_READ if reads else ()) + (BUCKET_OBJECT_WRITE if writes else ())
            statements.append(Statement(sid("bucket", name, use.access), tuple(sorted(actions)),
                                        (f'"${{{bucket}}}/*"',)))
            kms = ("kms:Decrypt",) + (("kms:GenerateDataKey",) if writes else ())
            statements.append(Statement(sid("bucket", name, "key"), kms, ("aws_kms_key.main.arn",)))
        elif kind == "api":  # the API's ARN, not the stage's: see resolver.api_endpoint
            api = f"aws_apigatewayv2_api.{tf_id(name)}.execution_arn"
            statements.append(Statement(sid("api", name, "connections"), ("execute-api:ManageConnections",),
                                        (f'"${{{api}}}/{spec.environment}/*/@connections/*"',)))
        elif kind == "state_machine":
            statements.append(Statement(sid("state machine", name, "start"), ("states:StartExecution",),
                                        (state_machine_arn(aws_names[kind, name]),)))
        elif kind == "function":
            statements.append(Statement(sid("function", name, "invoke"), ("lambda:InvokeFunction",),
                                        function_arns(aws_names[kind, name])))
    return statements


def function_base(name: str, fn: m.Function, repository_tf: str | None, has_environment: bool) -> list[Statement]:
    """Logs, tracing, environment decryption, VPC networking and image pull of a function's own role."""
    statements = [
        Statement("Logs", LOG_WRITE, (log_group_arn("function", name),)),
        Statement("Tracing", XRAY_WRITE, ('"*"',)),
    ]
    if has_environment:  # the environment is encrypted with the service key
        statements.append(Statement("EnvironmentKey", ("kms:Decrypt",), ("aws_kms_key.main.arn",)))
    if fn.subnets:
        statements.append(Statement("VpcNetworkInterfaces", VPC_ENI, ('"*"',)))
    if repository_tf:
        statements.append(Statement("ImagePull", ECR_PULL, (f"aws_ecr_repository.{repository_tf}.arn",)))
    return statements


def task_execution(name: str, repository_tf: str) -> list[Statement]:
    return [
        Statement("RegistryLogin", ("ecr:GetAuthorizationToken",), ('"*"',)),  # no resource-level support
        Statement("ImagePull", ECR_PULL, (f"aws_ecr_repository.{repository_tf}.arn",)),
        Statement("Logs", LOG_WRITE, (log_group_arn("task", name),)),
    ]


def state_machine(name: str, functions: list[str], tasks: list[str], dynamodb: dict[str, set[str]],
                  aws_names: dict[tuple[str, str], str], cluster_name: str) -> list[Statement]:
    """The state machine role: invoke its functions, run its tasks synchronously, call its tables, log."""
    statements = []
    for fn in functions:
        statements.append(Statement(sid("invoke", fn), ("lambda:InvokeFunction",),
                                    function_arns(aws_names["function", fn])))
    for task in tasks:
        t = tf_id(task)
        statements += [
            Statement(sid("run", task), ("ecs:RunTask",),
                      (f'"${{aws_ecs_task_definition.{t}.arn_without_revision}}:*"',),
                      (Condition("ArnEquals", "ecs:cluster", ("aws_ecs_cluster.main.arn",)),)),
            Statement(sid("pass roles", task), ("iam:PassRole",),
                      (f"aws_iam_role.task_{t}_execution.arn", f"aws_iam_role.task_{t}.arn"),
                      (Condition("StringEquals", "iam:PassedToService", ('"ecs-tasks.amazonaws.com"',)),)),
        ]
    if tasks:
        statements += [
            Statement("TrackTasks", ("ecs:DescribeTasks", "ecs:StopTask"),
                      (arn("ecs", f"task/{cluster_name}/*"),)),
            Statement("SyncEvents", ("events:DescribeRule", "events:PutRule", "events:PutTargets"),
                      (arn("events", "rule/StepFunctionsGetEventsForECSTaskRule"),)),
        ]
    for table, actions in sorted(dynamodb.items()):
        statements.append(Statement(sid("table", table), tuple(sorted(actions)),
                                    (f"aws_dynamodb_table.{tf_id(table)}.arn",)))
    statements += [
        # Executions are encrypted with the service key: the role reads and writes execution data with it.
        Statement("ExecutionDataKey", ("kms:Decrypt", "kms:GenerateDataKey"), ("aws_kms_key.main.arn",)),
        Statement("LogDelivery", SFN_LOG_DELIVERY, ('"*"',)),  # CloudWatch Logs delivery requires "*"
        Statement("Tracing", XRAY_WRITE + ("xray:GetSamplingRules", "xray:GetSamplingTargets"), ('"*"',)),
    ]
    return statements


def api_start_executions(state_machines: list[str], aws_names: dict[tuple[str, str], str]) -> list[Statement]:
    return [Statement(sid("start", sm), ("states:StartExecution",),
                      (state_machine_arn(aws_names["state_machine", sm]),)) for sm in state_machines]
