"""Least-privilege IAM as data: statements, roles and the ARN expressions they name.

Resources are HCL expressions. ARNs of functions and state machines are built from their names rather than
read from the resources, so that a role's policy never depends on the resource that depends on the role
(a function that starts a state machine that invokes the function would otherwise be a cycle).
"""

from __future__ import annotations

import re

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, LogGroup, Planned
from alpaco_gen.records import record

LOG_WRITE = ("logs:CreateLogStream", "logs:PutLogEvents")
ECR_PULL = ("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
# These actions support no resource-level permissions: AWS requires "*".
XRAY_WRITE = ("xray:PutTelemetryRecords", "xray:PutTraceSegments")
ANY = '"*"'
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


@record
class Condition:
    test: str
    variable: str
    values: tuple[str, ...]  # HCL expressions


@record
class Principal:
    type: str  # AWS | Service
    identifiers: tuple[str, ...]  # HCL expressions


@record
class Statement:
    """One IAM policy statement. Resources are HCL expressions (ARNs are Terraform references).

    Identity policies name no principals; resource and key policies do.
    """

    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()
    principals: tuple[Principal, ...] = ()
    effect: str = "Allow"
    extra: bool = False  # from the spec's `policies:`: grants calls the generator does not model


@record
class Call:
    """A call that must be allowed at run time: who makes it, the action, the ARN it acts on and the condition
    keys AWS sets (HCL expressions), and why it is made. alpaco_gen.access evaluates it against the policies."""

    principal: str  # a role's address, or a service principal (HCL expression)
    action: str
    resource: str  # HCL expression of the ARN
    why: str
    context: tuple[tuple[str, str], ...] = ()


@record
class AssumePolicy:
    """The trust policy of roles a service principal assumes."""

    address: Address
    principal: str
    source_account: bool = True
    # HCL expression: only this resource may make the service assume the role (a schedule group, a rule)
    source_arn: str = ""


@record
class Role:
    """A generated IAM role with its inline least-privilege policy (when it has statements)."""

    address: Address
    name: str
    assume: AssumePolicy
    statements: tuple[Statement, ...]
    comment: str
    skips: tuple[str, ...] = ()
    managed_policy: str = ""  # HCL expression of an AWS managed policy ARN attached to it
    owner: str = ""  # what it is for, for messages: `function \`grader\``
    path: SpecPath = ()  # where in the spec its name comes from

    @property
    def attachment(self) -> Address:
        return Address("aws_iam_role_policy_attachment", self.address.tf_name)

    @property
    def policy(self) -> Address:
        return Address("aws_iam_role_policy", self.address.tf_name)

    @property
    def document(self) -> Address:
        return Address("aws_iam_policy_document", self.address.tf_name, True)

    def planned(self, path: SpecPath, owner: str, name: str, *, shared: bool = False) -> list[Planned]:
        planned = [Planned(self.address, path, name, owner, self.name, "role", shared)]
        if self.statements:
            planned.append(Planned(self.policy, path, name, owner, shared=shared))
        if self.managed_policy:
            planned.append(Planned(self.attachment, path, name, owner, shared=shared))
        return planned


class RunsAs:
    """Mixin of resolved resources that run as a generated role and log to their own log group."""

    role: Role
    logs: LogGroup

    @property
    def role_name(self) -> str:
        return self.role.name

    @property
    def statements(self) -> tuple[Statement, ...]:
        return self.role.statements

    @property
    def log_group(self) -> str:
        return self.logs.name


def _endpoint(service: str) -> str:
    return f'"{service}.${{local.region}}.amazonaws.com"'


def via(service: str) -> tuple[tuple[str, str], ...]:
    """The condition key of KMS calls that a service makes on the caller's behalf."""
    return (("kms:ViaService", _endpoint(service)),)


def via_condition(service: str) -> Condition:
    """Limits a KMS grant to calls `service` makes on the caller's behalf."""
    return Condition("StringEquals", "kms:ViaService", (_endpoint(service),))


def keyed_read(statement_id: str, action: str, arn: str, key_arn: str | None, service: str) -> list[Statement]:
    """Reading one value that `service` stores: `action` on its exact ARN, and its key (when it has a customer
    or service key) only through that service."""
    statements = [Statement(statement_id, (action,), (arn,))]
    if key_arn:
        statements.append(Statement(f"{statement_id}Key", ("kms:Decrypt",), (key_arn,), (via_condition(service),)))
    return statements


def keyed_read_calls(action: str, arn: str, key_arn: str | None,
                     service: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """The calls `keyed_read` grants, for the access simulation."""
    calls: list[tuple[str, str, tuple[tuple[str, str], ...]]] = [(action, arn, ())]
    if key_arn:
        calls.append(("kms:Decrypt", key_arn, via(service)))
    return calls


def role_address(name: str) -> Address:
    return Address("aws_iam_role", name)


def assume_policy(name: str, principal: str, source_account: bool = True, source_arn: str = "") -> AssumePolicy:
    return AssumePolicy(Address("aws_iam_policy_document", f"assume_{name}", True), principal, source_account,
                        source_arn)


def sid(*words: str) -> str:
    return "".join(map(str.capitalize, _NOT_ALNUM.split(" ".join(words))))


def arn_text(service: str, resource: str, *, regional: bool = True) -> str:
    """An ARN as HCL template text, without quotes: what references stand for in the access simulation."""
    region = "${local.region}" if regional else ""
    return f"arn:${{local.partition}}:{service}:{region}:${{local.account_id}}:{resource}"


def arn(service: str, resource: str, *, regional: bool = True) -> str:
    region = "${local.region}" if regional else ""
    return f'"arn:${{local.partition}}:{service}:{region}:${{local.account_id}}:{resource}"'


def log_stream_arn(log_group: Address) -> str:
    """The streams of a log group: what CreateLogStream and PutLogEvents are granted on."""
    return f'"{log_group.interpolated("arn")}:*"'


def invoke_permission(statement_id: str, function_arn: str, service_principal: str,
                      conditions: tuple[Condition, ...]) -> Statement:
    """What an `aws_lambda_permission` letting AWS service `service_principal` invoke a function adds to the
    function's resource policy (the access simulation reads it as such)."""
    return Statement(statement_id, ("lambda:InvokeFunction",), (function_arn,), conditions,
                     (Principal("Service", (service_principal,)),))
