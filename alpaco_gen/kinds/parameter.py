"""SSM parameters (`parameters:`): SecureString (encrypted with the service key), String or StringList, created
with a placeholder value that Terraform then leaves alone, or referenced by name.

SSM cannot create a parameter without a value, so Terraform writes `PLACEHOLDER` once and ignores the value
afterwards (`lifecycle.ignore_changes`): the real value is set out of band (`aws ssm put-parameter
--overwrite`) and never reaches the spec, the plan or the state.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import ConfigDict, Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Drawn, GeneratedName, Kind, Output, Planned, tf_id
from alpaco_gen.kinds.iam import Statement, arn_text, keyed_read, keyed_read_calls, sid
from alpaco_gen.kinds.key import KEY
from alpaco_gen.kinds.secret import assumed_key_policies
from alpaco_gen.records import record
from alpaco_gen.render.hcl import hcl_string
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Suppressible

READ = "ssm:GetParameter"  # what code calls (SDKs, the Parameters and Secrets Lambda extension)
READ_MANY = "ssm:GetParameters"  # what ECS calls for a task's `secrets:`
NAME_LIMIT = 1011  # SSM: a parameter name, with its path, of at most 1011 characters
PLACEHOLDER = "set out of band: aws ssm put-parameter --overwrite"


class ParameterSpec(Suppressible):
    """An SSM parameter. Created with a placeholder value (set the real one out of band), or an existing one
    by `name`."""

    model_config = ConfigDict(title="Parameter")

    type: Literal["SecureString", "String", "StringList"] = "SecureString"
    description: str | None = None
    name: str | None = Field(None, description="An existing parameter's full name (`/team/api-key`): nothing "
                             "is created, `uses:` and task `secrets:` grant reading it.")
    kms_key_arn: str | None = Field(None, description="With `name`, for a SecureString: the customer managed "
                                    "key that encrypts it (granted `kms:Decrypt` through SSM); unset: AWS's "
                                    "own key. A created SecureString always uses the service key.")
    tier: Literal["Standard", "Advanced"] = "Standard"


def address(name: str) -> Address:
    return Address("aws_ssm_parameter", tf_id(name))


@record
class Parameter:
    name: str
    tf: str
    address: Address | None  # None: an existing parameter (`name`)
    aws_name: str  # the parameter's full name
    spec: ParameterSpec
    path: SpecPath
    placeholder: str = PLACEHOLDER

    @property
    def arn_text(self) -> str:
        """Its ARN as HCL template text: `parameter` and the name, whose leading `/` SSM keeps."""
        return arn_text("ssm", "parameter" + ("" if self.aws_name.startswith("/") else "/") + self.aws_name)

    @property
    def arn(self) -> str:
        """HCL expression of its ARN: built from the name, so a role does not wait for the parameter."""
        return f'"{self.arn_text}"'

    @property
    def secure(self) -> bool:
        return self.spec.type == "SecureString"

    @property
    def key_arn(self) -> str | None:
        """HCL expression of the key IAM must grant for reading it (none for plain text or AWS's own key)."""
        if not self.secure:
            return None
        if self.address:
            return KEY.arn
        return hcl_string(self.spec.kms_key_arn) if self.spec.kms_key_arn else None


def read_statements(statement_id: str, parameter: Parameter, action: str = READ) -> list[Statement]:
    """Reading one parameter: `action` on its exact ARN, and a SecureString's key only through SSM."""
    return keyed_read(statement_id, action, parameter.arn, parameter.key_arn, "ssm")


def read_calls(parameter: Parameter, action: str = READ) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    return keyed_read_calls(action, parameter.arn, parameter.key_arn, "ssm")


class ParameterKind(Kind):
    key = "parameter"
    section = ("parameters",)
    spec_model = ParameterSpec
    description = "SSM parameters (SecureString with the service key, String, StringList)."
    templates = ("ssm.tf",)
    drawn = Drawn("param", '[\\"%s"/]', "note")
    access = ("read",)
    link_suffix = "PARAMETER"
    called_api = "SSM"
    endpoint = "ssm"

    def resolve(self, ctx: Context) -> Mapping[str, Parameter]:
        names = ctx.names
        return {n: Parameter(n, tf_id(n), None if p.name else address(n),
                             p.name or f"/{names.project}/{names.service}/{names.environment}/{n}", p,
                             (*self.section, n))
                for n, p in self.entries(ctx.spec).items()}

    def planned(self, objs: tuple[Parameter, ...]) -> Iterator[Planned]:
        yield from (Planned(obj.address, obj.path, obj.name, f"parameter `{obj.name}`")
                    for obj in objs if obj.address)

    def generated_names(self, objs: tuple[Parameter, ...]) -> Iterator[GeneratedName]:
        yield from (GeneratedName(obj.aws_name, f"parameter `{obj.name}`", NAME_LIMIT, obj.path)
                    for obj in objs if obj.address)

    def outputs(self, objs: tuple[Parameter, ...]) -> Iterator[Output]:
        yield from (Output(f"parameter_{obj.tf}_name", hcl_string(obj.aws_name)) for obj in objs)

    def grants(self, ctx: Context, name: str, access: str) -> list[Statement]:
        return read_statements(sid("parameter", name, access), self._lookup(ctx, name))

    def use_calls(self, obj: Parameter, access: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        return read_calls(obj)

    def arns(self, objs: tuple[Parameter, ...]) -> Iterator[tuple[str, str]]:
        yield from ((obj.address.arn, obj.arn_text) for obj in objs if obj.address)

    def resource_policies(self, objs: tuple[Parameter, ...]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
        yield from assumed_key_policies(obj.key_arn for obj in objs)

    def link(self, ctx: Context, name: str) -> str:
        return hcl_string(self._lookup(ctx, name).aws_name)

    def deployed_link(self, obj: Parameter, deployed: Any) -> str:
        return obj.aws_name

    def _lookup(self, ctx: Context, name: str) -> Parameter:
        """Resolved already: every kind whose `uses:` can name one `needs` this kind."""
        found: Parameter = ctx.uses(self.key)[name]
        return found
