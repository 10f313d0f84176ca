"""Lambda functions (`functions:`): zip or image, with their role, log group and `uses:` links."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ConfigDict, Field

from alpaco_gen.diagnostics import SpecPath
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
    tf_id,
)
from alpaco_gen.kinds.event_source import AsyncInvocation, EventSource, event_grants
from alpaco_gen.kinds.iam import (
    LOG_WRITE,
    XRAY_WRITE,
    Call,
    Role,
    Statement,
    arn,
    assume_policy,
    log_stream_arn,
    role_address,
    sid,
    via,
)
from alpaco_gen.kinds.image import Image, ImageRef, image_ref, image_uses
from alpaco_gen.kinds.key import KEY
from alpaco_gen.kinds.policies import PolicyCondition, PolicyStatement, policy_statements
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.resolve.uses import resolve_uses
from alpaco_gen.spec.base import Architecture, Ref, Suppressible, Text
from alpaco_gen.spec.uses import Use

LOG_GROUP_LIMIT = 512
VPC_ENI = ("ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
           "ec2:DescribeNetworkInterfaces", "ec2:UnassignPrivateIpAddresses")
ASSUME = assume_policy("lambda", "lambda.amazonaws.com", source_account=False)


class FunctionSpec(Suppressible):
    model_config = ConfigDict(title="Function")

    description: str | None = None
    source: str = Field(description="Source folder, relative to the repository root (e.g. backend/lambdas/x).")
    runtime: str | None = Field(None, description="Zip functions: Lambda runtime, e.g. python3.12.")
    handler: str | None = Field(None, description="Zip functions: module.function.")
    image: Image | None = Field(None, description="Container image function: ECR repository and tag.")
    architecture: Architecture = "x86_64"
    memory: int = Field(128, description="MB, 128-10240.")
    timeout: int = Field(3, description="Seconds, 1-900.")
    ephemeral_storage: int = Field(512, description="/tmp size in MB, 512-10240.")
    reserved_concurrency: int | None = None
    environment: dict[str, Text] = Field(default_factory=lambda: {})
    subnets: list[Ref] = Field(default_factory=lambda: [])
    security_groups: list[Ref] = Field(default_factory=lambda: [])
    uses: list[Use] = Field(default_factory=lambda: [])
    policies: list[PolicyStatement] = Field(default_factory=lambda: [],
                                            description="IAM statements added to its role (rules AG160-AG179).")
    log_retention_days: int = 365
    role_arn: str | None = Field(None, description="Use this existing execution role instead of a generated one.")
    events: list[EventSource] = Field(default_factory=lambda: [], description="Queues and table streams Lambda "
                                      "polls for this function.")
    async_invocation: AsyncInvocation | None = Field(None, description="Retries, event age and destinations of "
                                                     "asynchronous invocations (S3, SNS, `invoke` with Event).")


def address(name: str) -> Address:
    return Address("aws_lambda_function", tf_id(name))


def arns(aws_name: str) -> tuple[str, str]:
    """A function and its versions and aliases (`:*`): what lambda:InvokeFunction needs both of."""
    return arn("lambda", f"function:{aws_name}"), arn("lambda", f"function:{aws_name}:*")


@record
class Function:
    name: str
    tf: str
    address: Address
    aws_name: str
    spec: FunctionSpec
    role_name: str
    role: Role | None  # None with `role_arn`
    logs: LogGroup
    image: ImageRef | None
    package: Address | None  # data.archive_file of a zip function
    subnets: tuple[Any, ...]
    security_groups: tuple[Any, ...]
    links: dict[str, str]  # environment variables naming what it uses: name -> HCL expression
    statements: tuple[Statement, ...]
    path: SpecPath

    @property
    def is_image(self) -> bool:
        return self.spec.image is not None

    @property
    def repository(self) -> Any:
        return self.image.repository if self.image else None

    @property
    def log_group(self) -> str:
        return self.logs.name

    @property
    def encrypted_environment(self) -> bool:
        return bool(self.spec.environment or self.links)


class FunctionKind(Kind):
    key = "function"
    section = ("functions",)
    spec_model = FunctionSpec
    doc_models = (FunctionSpec, Image, Use, EventSource, AsyncInvocation, PolicyStatement, PolicyCondition)
    description = "Lambda functions."
    needs = ("repository", "subnet", "security_group", "secret", "parameter")
    templates = ("lambda.tf",)
    drawn = Drawn("fn", '("%s")', "box")
    access = ("invoke",)
    delivery_access = "invoke"
    link_suffix = "FUNCTION_NAME"
    called_api = "Lambda"

    def images(self, ctx: Context) -> Iterator[ImageUse]:
        yield from image_uses(ctx, dict(self.entries(ctx.spec)), lambda_names=True)

    def resolve(self, ctx: Context) -> Mapping[str, Function]:
        functions = {}
        for name, fn in self.entries(ctx.spec).items():
            path = (*self.section, name)
            tf = tf_id(name)
            image = image_ref(ctx, fn.image, f"function_{tf}", path)
            placement = ctx.placement(fn.subnets, fn.security_groups, path)
            links, grants = resolve_uses(ctx, fn.uses, path)
            grants += event_grants(ctx, fn, path)
            logs = LogGroup(Address("aws_cloudwatch_log_group", f"function_{tf}"),
                            f"/aws/lambda/{ctx.names.resource(name)}", fn.log_retention_days)
            statements = [Statement("Logs", LOG_WRITE, (log_stream_arn(logs.address),)),
                          Statement("Tracing", XRAY_WRITE, ('"*"',))]
            if fn.environment or fn.uses:  # the environment is encrypted with the service key
                statements.append(Statement("EnvironmentKey", ("kms:Decrypt",), (KEY.arn,)))
            if fn.subnets:
                statements.append(Statement("VpcNetworkInterfaces", VPC_ENI, ('"*"',)))
            if image:
                statements.append(image.pull)
            grants += policy_statements(fn.policies)
            role_name = ctx.names.role("fn", name)
            role = None if fn.role_arn else Role(
                role_address(f"function_{tf}"), role_name, ASSUME, (*statements, *grants), f"Function {name}",
                ("CKV_AWS_111", "CKV_AWS_356") if fn.subnets else (), owner=f"function `{name}`", path=path)
            package = None if fn.image else Address("archive_file", tf, True)
            functions[name] = Function(
                name, tf, address(name), ctx.names.resource(name), fn, role_name, role, logs, image, package,
                placement.subnets, placement.security_groups, links, (*statements, *grants), path)
        return functions

    def planned(self, objs: tuple[Function, ...]) -> Iterator[Planned]:
        for obj in objs:
            owner = f"function `{obj.name}`"
            yield Planned(obj.address, obj.path, obj.name, owner, obj.aws_name, "function")
            yield Planned(obj.logs.address, obj.path, obj.name, owner, obj.log_group, "log_group")
            if obj.role:
                yield from obj.role.planned(obj.path, owner, obj.name)

    def generated_names(self, objs: tuple[Function, ...]) -> Iterator[GeneratedName]:
        for obj in objs:
            yield GeneratedName(obj.log_group, f"log group of function `{obj.name}`", LOG_GROUP_LIMIT, obj.path)

    def roles(self, objs: tuple[Function, ...]) -> Iterator[Role]:
        yield from (obj.role for obj in objs if obj.role)

    def log_groups(self, objs: tuple[Function, ...]) -> Iterator[LogGroup]:
        yield from (obj.logs for obj in objs)

    def outputs(self, objs: tuple[Function, ...]) -> Iterator[Output]:
        yield from (Output(f"function_{obj.tf}_name", obj.address.function_name) for obj in objs)

    def calls(self, objs: tuple[Function, ...], service: Any) -> Iterator[Call]:
        for fn in objs:
            if fn.image:  # Lambda pulls the image with its own service principal, for this function only
                function_arn = arns(fn.aws_name)[0]
                for action in ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"):
                    yield Call('"lambda.amazonaws.com"', action, fn.image.repository.address.arn,
                               f"Lambda pulls the image of function `{fn.name}`", (("aws:sourceArn", function_arn),))
            if not fn.role:
                continue
            role, who = str(fn.role.address), f"function `{fn.name}`"
            stream = f'"{fn.logs.address.interpolated("arn")}:log-stream:a-stream"'
            yield from (Call(role, action, stream, f"{who} logs") for action in LOG_WRITE)
            yield from (Call(role, action, '"*"', f"{who} traces") for action in XRAY_WRITE)
            if fn.encrypted_environment:
                yield Call(role, "kms:Decrypt", KEY.arn, f"Lambda decrypts the environment of {who}", via("lambda"))
            if fn.subnets:
                yield from (Call(role, action, '"*"', f"Lambda attaches {who} to the VPC") for action in VPC_ENI)
            if fn.image:
                yield from (Call(role, action, fn.image.repository.address.arn, f"{who} runs its image")
                            for action in fn.image.pull.actions)

    def use_calls(self, obj: Function, access: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        return [("lambda:InvokeFunction", arns(obj.aws_name)[0], ())]

    def arns(self, objs: tuple[Function, ...]) -> Iterator[tuple[str, str]]:
        yield from ((obj.address.arn, arns(obj.aws_name)[0][1:-1]) for obj in objs)

    def grants(self, ctx: Context, name: str, access: str) -> list[Statement]:
        return [Statement(sid("function", name, "invoke"), ("lambda:InvokeFunction",),
                          arns(ctx.names.resource(name)))]

    def link(self, ctx: Context, name: str) -> str:
        # Named, not referenced: two functions invoking each other would otherwise be a dependency cycle.
        return f'"{ctx.names.resource(name)}"'  # names are [a-z0-9_-]: nothing to escape

    def deployed_link(self, obj: Function, deployed: Deployed) -> str:
        return obj.aws_name
