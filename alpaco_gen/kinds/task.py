"""ECS tasks on Fargate (`tasks:`): a task definition, its two roles and its log group, in one cluster."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ConfigDict, Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds import security_group
from alpaco_gen.kinds.base import (
    Address,
    Deployed,
    Drawn,
    GeneratedName,
    ImageUse,
    Kind,
    LogGroup,
    Output,
    Planned,
    env_prefix,
    tf_id,
)
from alpaco_gen.kinds.iam import (
    LOG_WRITE,
    Call,
    Condition,
    Role,
    RunsAs,
    Statement,
    arn,
    arn_text,
    assume_policy,
    log_stream_arn,
    role_address,
    sid,
    via,
    via_condition,
)
from alpaco_gen.kinds.image import Image, ImageRef, image_ref, image_uses
from alpaco_gen.kinds.key import KEY
from alpaco_gen.kinds.policies import PolicyStatement, policy_statements
from alpaco_gen.kinds.secret_source import SecretSource, SecretValue, resolve_secret_values, secret_arrows
from alpaco_gen.kinds.states import callback_tasks
from alpaco_gen.records import record
from alpaco_gen.render.hcl import hcl_string
from alpaco_gen.resolve.context import Context
from alpaco_gen.resolve.uses import resolve_uses
from alpaco_gen.spec.base import Architecture, Ref, Suppressible, Text
from alpaco_gen.spec.uses import Use

LOG_GROUP_LIMIT, ECS_NAME_LIMIT = 512, 255  # logs LogGroupName; ECS cluster and task definition family
CLUSTER = Address("aws_ecs_cluster", "main")
CALLBACK_ACTIONS = ("states:SendTaskFailure", "states:SendTaskHeartbeat", "states:SendTaskSuccess")
ASSUME = assume_policy("ecs_tasks", "ecs-tasks.amazonaws.com")
PASSED_TO_ECS = '"ecs-tasks.amazonaws.com"'
# AWS ids of fixed length, for the size of the environment variables a `run` link sets (rule AG208)
SUBNET_ID, SECURITY_GROUP_ID = "subnet-0123456789abcdef0", "sg-0123456789abcdef0"


class TaskSpec(Suppressible):
    model_config = ConfigDict(title="Task")

    description: str | None = None
    source: str
    image: Image
    architecture: Architecture = "x86_64"
    cpu: int = 256
    memory: int = 512
    command: list[str] | None = None
    environment: dict[str, Text] = Field(default_factory=lambda: {})
    subnets: list[Ref] = Field(default_factory=lambda: [])
    security_groups: list[Ref] = Field(default_factory=lambda: [])
    uses: list[Use] = Field(default_factory=lambda: [])
    secrets: dict[str, SecretSource] = Field(
        default_factory=lambda: {}, description="Environment variables ECS fills from a secret or parameter "
        "when the task starts (`valueFrom`): `{DB_PASSWORD: {secret: db, json_key: password}}`. The execution "
        "role is granted the read; the value never appears in the task definition.")
    policies: list[PolicyStatement] = Field(default_factory=lambda: [],
                                            description="IAM statements added to its task role (rules "
                                            "AG160-AG179).")
    log_retention_days: int = 365
    execution_role_arn: str | None = Field(None, description="Use this existing execution role (ECR pull, logs).")


def address(name: str) -> Address:
    return Address("aws_ecs_task_definition", tf_id(name))


@record
class Task(RunsAs):
    name: str
    tf: str
    address: Address
    aws_name: str
    spec: TaskSpec
    role: Role
    execution_role: Role | None  # None with `execution_role_arn`
    execution_role_name: str
    logs: LogGroup
    image: ImageRef
    cluster: Address
    cluster_name: str
    subnets: tuple[Any, ...]
    security_groups: tuple[Any, ...]
    links: dict[str, str]
    execution_statements: tuple[Statement, ...]
    path: SpecPath
    callbacks: tuple[str, ...] = ()  # ARNs (HCL) of the state machines it hands results back to
    secrets: tuple[SecretValue, ...] = ()  # its `secrets:`, which the execution role reads

    @property
    def repository(self) -> Any:
        return self.image.repository

    @property
    def passed_roles(self) -> tuple[str, ...]:
        """HCL expressions of the roles whoever starts it passes to ECS: execution role and task role."""
        execution = self.execution_role.address.arn if self.execution_role else hcl_string(
            self.spec.execution_role_arn or "")
        return execution, self.role.address.arn


def run_statements(ctx: Context, name: str, statement_id: str) -> list[Statement]:
    """What starting task `name` takes (a function that `uses:` it, a schedule, an event rule): RunTask on
    its definition in the service's cluster, and passing its two roles to ECS tasks only."""
    tf = tf_id(name)
    spec = TaskKind.entries(ctx.spec)[name]
    execution = hcl_string(spec.execution_role_arn) if spec.execution_role_arn else \
        role_address(f"task_{tf}_execution").arn
    return [Statement(statement_id, ("ecs:RunTask",), (f'"{address(name).interpolated("arn_without_revision")}:*"',),
                      (Condition("ArnEquals", "ecs:cluster", (CLUSTER.arn,)),)),
            Statement(f"{statement_id}PassRoles", ("iam:PassRole",), (execution, role_address(f"task_{tf}").arn),
                      (Condition("StringEquals", "iam:PassedToService", (PASSED_TO_ECS,)),))]


def run_calls(task: Task) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """(action, ARN, condition keys) of starting `task`: RunTask, and PassRole on each of its roles."""
    calls: list[tuple[str, str, tuple[tuple[str, str], ...]]] = [
        ("ecs:RunTask", task.address.arn, (("ecs:cluster", CLUSTER.arn),))]
    return calls + [("iam:PassRole", role, (("iam:PassedToService", PASSED_TO_ECS),))
                    for role in task.passed_roles if not role.startswith('"')]


class TaskKind(Kind):
    key = "task"
    section = ("tasks",)
    spec_model = TaskSpec
    doc_models = (TaskSpec, SecretSource)
    description = "ECS tasks on Fargate."
    needs = ("repository", "subnet", "security_group", "secret", "parameter")
    templates = ("ecs.tf",)
    drawn = Drawn("task", '[["%s"]]', "box3d")
    access = ("run",)
    delivery_access = "run"
    link_suffix = "TASK_DEFINITION"
    called_api = "ECS"

    def images(self, ctx: Context) -> Iterator[ImageUse]:
        yield from image_uses(ctx, dict(self.entries(ctx.spec)), lambda_names=False)

    def resolve(self, ctx: Context) -> Mapping[str, Task]:
        tasks = {}
        callers = callback_tasks(ctx.spec)
        for name, task in self.entries(ctx.spec).items():
            path = (*self.section, name)
            tf = tf_id(name)
            # Placement and uses first: a mistyped repository must not hide a mistyped subnet or group.
            placement = ctx.placement(task.subnets, task.security_groups, path)
            links, grants = resolve_uses(ctx, task.uses, path)
            secret_values, secret_grants = resolve_secret_values(ctx, task.secrets, path)
            image = image_ref(ctx, task.image, f"task_{tf}", path)
            if image is None:
                continue
            logs = LogGroup(Address("aws_cloudwatch_log_group", f"task_{tf}"), f"/ecs/{ctx.names.resource(name)}",
                            task.log_retention_days)
            execution = (
                Statement("RegistryLogin", ("ecr:GetAuthorizationToken",), ('"*"',)),  # no resource-level support
                image.pull,
                Statement("Logs", LOG_WRITE, (log_stream_arn(logs.address),)),
                *secret_grants,
            )
            execution_name = ctx.names.role("exec", name)
            execution_role = None if task.execution_role_arn else Role(
                role_address(f"task_{tf}_execution"), execution_name, ASSUME, execution,
                f"Task {name}: the execution role pulls the image and writes logs",
                owner=f"execution role of task `{name}`", path=path)
            callbacks = tuple(arn("states", f"stateMachine:{ctx.names.resource(sm)}")
                              for sm in callers.get(name, ()))
            if callbacks:
                grants += (Statement("HandBackResults", CALLBACK_ACTIONS, callbacks),
                           Statement("HandBackResultsKey", ("kms:GenerateDataKey",), (KEY.arn,),
                                     (via_condition("states"),)))
            grants += policy_statements(task.policies)
            role = Role(role_address(f"task_{tf}"), ctx.names.role("task", name), ASSUME, grants,
                        f"Task {name}: the task role is what its code may do", owner=f"task `{name}`", path=path)
            tasks[name] = Task(name, tf, address(name), ctx.names.resource(name), task, role, execution_role,
                               execution_name, logs, image, CLUSTER, ctx.names.service_wide(), placement.subnets,
                               placement.security_groups, links, execution, path, callbacks, secret_values)
        return tasks

    def planned(self, objs: tuple[Task, ...]) -> Iterator[Planned]:
        if objs:
            yield Planned(CLUSTER, ("tasks",), "the ECS cluster", shared=True)
        for obj in objs:
            owner = f"task `{obj.name}`"
            yield Planned(obj.address, obj.path, obj.name, owner)
            yield Planned(obj.logs.address, obj.path, obj.name, owner, obj.log_group, "log_group")
            yield from obj.role.planned(obj.path, owner, obj.name)
            if obj.execution_role:
                yield from obj.execution_role.planned(obj.path, owner, obj.name)

    def generated_names(self, objs: tuple[Task, ...]) -> Iterator[GeneratedName]:
        for obj in objs:
            yield GeneratedName(obj.aws_name, f"task definition family of `{obj.name}`", ECS_NAME_LIMIT, obj.path)
            yield GeneratedName(obj.log_group, f"log group of task `{obj.name}`", LOG_GROUP_LIMIT, obj.path)
        if objs:
            yield GeneratedName(objs[0].cluster_name, "ECS cluster", ECS_NAME_LIMIT, ("service",))

    def roles(self, objs: tuple[Task, ...]) -> Iterator[Role]:
        for obj in objs:
            if obj.execution_role:
                yield obj.execution_role
            yield obj.role

    def arrows(self, objs: tuple[Task, ...]) -> Iterator[Any]:
        yield from (arrow for obj in objs for arrow in secret_arrows(obj))

    def log_groups(self, objs: tuple[Task, ...]) -> Iterator[LogGroup]:
        yield from (obj.logs for obj in objs)

    def calls(self, objs: tuple[Task, ...], service: Any) -> Iterator[Call]:
        for task in objs:
            if not task.execution_role:
                continue
            role, who = str(task.execution_role.address), f"ECS, starting task `{task.name}`,"
            yield Call(role, "ecr:GetAuthorizationToken", '"*"', f"{who} logs in to ECR")
            yield from (Call(role, action, task.repository.address.arn, f"{who} pulls its image")
                        for action in task.image.pull.actions)
            stream = f'"{task.logs.address.interpolated("arn")}:log-stream:a-stream"'
            yield from (Call(role, action, stream, f"{who} sends its logs") for action in LOG_WRITE)
            yield from (Call(role, action, resource, f"{who} reads `{value.name}` for it", context)
                        for value in task.secrets for action, resource, context in value.calls())
        for task in objs:
            for machine in task.callbacks:
                who = f"task `{task.name}` hands its result back"
                yield from (Call(str(task.role.address), action, machine, who) for action in CALLBACK_ACTIONS)
                yield Call(str(task.role.address), "kms:GenerateDataKey", KEY.arn, who, via("states"))

    def arns(self, objs: tuple[Task, ...]) -> Iterator[tuple[str, str]]:
        for task in objs:
            definition = arn_text("ecs", f"task-definition/{task.aws_name}")
            yield task.address.arn, f"{definition}:1"
            yield task.address.arn_without_revision, definition
        if objs:
            yield CLUSTER.arn, arn_text("ecs", f"cluster/{objs[0].cluster_name}")

    def outputs(self, objs: tuple[Task, ...]) -> Iterator[Output]:
        if objs:
            yield Output("ecs_cluster_arn", CLUSTER.arn)

    def grants(self, ctx: Context, name: str, access: str) -> list[Statement]:
        return run_statements(ctx, name, sid("task", name, "run"))

    def use_calls(self, obj: Task, access: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        return run_calls(obj)

    def ecs_target(self, obj: Task) -> Any:
        """The ECS parameters of a schedule or rule that runs it: its definition and its own network."""
        from alpaco_gen.kinds.targets import EcsTarget

        return EcsTarget(obj.address.arn, tuple(s.address.id for s in obj.subnets),
                         tuple(g.address.id for g in obj.security_groups))

    def target_arn(self, obj: Task) -> str:
        return CLUSTER.arn  # schedules and rules run tasks through the cluster (ecs_parameters name the task)

    def links(self, ctx: Context, name: str) -> dict[str, str]:
        # What RunTask needs on Fargate: the definition (its family: the latest revision), the cluster and the
        # task's own network, which awsvpc tasks must be given by whoever starts them.
        spec, prefix = self.entries(ctx.spec)[name], env_prefix(name)
        subnets = ", ".join(Address("aws_subnet", tf_id(s)).id for s in spec.subnets)
        groups = ", ".join(security_group.address(g).id for g in spec.security_groups)
        # The family by name, not by reference: a task that starts itself (or one that starts it) would be a cycle.
        return {f"{prefix}_TASK_DEFINITION": f'"{ctx.names.resource(name)}"', f"{prefix}_TASK_CLUSTER": CLUSTER.arn,
                f"{prefix}_TASK_SUBNETS": f'join(",", [{subnets}])',
                f"{prefix}_TASK_SECURITY_GROUPS": f'join(",", [{groups}])'}

    def deployed_links(self, obj: Task, deployed: Deployed) -> dict[str, str]:
        prefix = env_prefix(obj.name)
        cluster = f"arn:{deployed.partition}:ecs:{deployed.region}:{deployed.account_id}:cluster/{obj.cluster_name}"
        return {f"{prefix}_TASK_DEFINITION": obj.aws_name, f"{prefix}_TASK_CLUSTER": cluster,
                f"{prefix}_TASK_SUBNETS": ",".join(SUBNET_ID for _ in obj.subnets),
                f"{prefix}_TASK_SECURITY_GROUPS": ",".join(SECURITY_GROUP_ID for _ in obj.security_groups)}
