"""Names the spec would create that are taken already, by resources this service's Terraform did not tag.

Tags are the only sign preflight can read of "created by this Terraform": the generated provider puts the
service's tags (ManagedBy, Project, Service, Environment) on everything, so a tagged resource is a redeploy
and an untagged one would make apply fail with "already exists". Buckets are checked in buckets.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from alpaco_gen.aws.context import Context, import_block, run_by_kind, tag_dict
from alpaco_gen.aws.session import absent_on
from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.records import record
from alpaco_gen.rules.preflight.exists_outside_terraform import ExistsOutsideTerraform

Tags = dict[str, str]


@record
class Target:
    """One AWS resource the generated Terraform creates, by its AWS name (an ARN for state machines)."""

    kind: str  # a key of KINDS
    aws_id: str
    address: str  # Terraform address in the generated root (templates/terraform/*.j2)
    path: SpecPath
    owner: str  # `function \`grader\``: whose resource it is, for the message


def targets(ctx: Context) -> list[Target]:
    """Everything with a name of its own that the generated Terraform creates, repositories included."""
    found = []
    for planned in ctx.service.planned_by_kind:
        if planned.lookup in KINDS:
            aws_id = planned.aws_name
            if planned.lookup == "state_machine":  # looked up by ARN
                aws_id = ctx.arn("states", f"stateMachine:{aws_id}")
            found.append(Target(planned.lookup, aws_id, str(planned.address), planned.path, planned.owner))
    return found


def check_existing(ctx: Context) -> Iterator[Finding]:
    yield from run_by_kind((f"whether {KINDS[target.kind][0]}s exist already", target.path,
                            partial(_existing, ctx, target)) for target in targets(ctx))


def _existing(ctx: Context, target: Target) -> Iterator[Finding]:
    label, lookup, error = KINDS[target.kind]
    tags = lookup(ctx, target.aws_id)
    if tags is None or ctx.owned(tags):
        return
    yield ExistsOutsideTerraform.finding(
        target.path, f"{label} `{target.aws_id}` of {target.owner} already exists in account "
        f"{ctx.account_id}, region {ctx.region}, without this service's Terraform tags: apply fails with "
        f"\"{error}\"", import_block(target.address, target.aws_id, ctx.generated), key=True)


def _function(ctx: Context, name: str) -> Tags | None:
    answer = absent_on(ctx.client("lambda").get_function, "ResourceNotFoundException", FunctionName=name)
    return None if answer is None else tag_dict(answer.get("Tags"))


def _role(ctx: Context, name: str) -> Tags | None:
    answer = absent_on(ctx.client("iam").get_role, "NoSuchEntity", RoleName=name)
    return None if answer is None else tag_dict(answer["Role"].get("Tags"))


def _table(ctx: Context, name: str) -> Tags | None:
    dynamodb = ctx.client("dynamodb")
    answer = absent_on(dynamodb.describe_table, "ResourceNotFoundException", TableName=name)
    if answer is None:
        return None
    return tag_dict(dynamodb.list_tags_of_resource(ResourceArn=answer["Table"]["TableArn"]).get("Tags"))


def _state_machine(ctx: Context, arn: str) -> Tags | None:
    sfn = ctx.client("stepfunctions")
    if absent_on(sfn.describe_state_machine, "StateMachineDoesNotExist", stateMachineArn=arn) is None:
        return None
    return tag_dict(sfn.list_tags_for_resource(resourceArn=arn).get("tags"))


def _log_group(ctx: Context, name: str) -> Tags | None:
    logs = ctx.client("logs")
    # Sorted by name, so an exact match is the first group with its own name as prefix.
    groups = logs.describe_log_groups(logGroupNamePrefix=name, limit=5).get("logGroups", [])
    group = next((g for g in groups if g.get("logGroupName") == name), None)
    if group is None:
        return None
    arn = group.get("logGroupArn") or str(group.get("arn", "")).removesuffix(":*")
    return tag_dict(logs.list_tags_for_resource(resourceArn=arn).get("tags"))


def _repository(ctx: Context, name: str) -> Tags | None:
    ecr = ctx.client("ecr")
    answer = absent_on(ecr.describe_repositories, "RepositoryNotFoundException", repositoryNames=[name])
    if answer is None:
        return None  # missing is AG902's finding, not this one's
    arn = answer["repositories"][0]["repositoryArn"]
    return tag_dict(ecr.list_tags_for_resource(resourceArn=arn).get("tags"))


# kind -> (what it is called, lookup returning its tags or None when absent, the error apply would hit)
KINDS: dict[str, tuple[str, Callable[[Context, str], Tags | None], str]] = {
    "function": ("Lambda function", _function, "ResourceConflictException: Function already exist"),
    "role": ("IAM role", _role, "EntityAlreadyExists: Role with name ... already exists"),
    "log_group": ("log group", _log_group,
                  "ResourceAlreadyExistsException: The specified log group already exists"),
    "state_machine": ("state machine", _state_machine, "StateMachineAlreadyExists"),
    "table": ("DynamoDB table", _table, "ResourceInUseException: Table already exists"),
    "repository": ("ECR repository", _repository, "RepositoryAlreadyExistsException"),
}
