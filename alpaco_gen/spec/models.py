"""Pydantic models of service.yaml, version 1: structure, types and enums only.

The service-wide settings are here; each kind's section and model live in its kind module
(`alpaco_gen/kinds/`), and `Spec` gets one field per kind from the registry. Everything that needs more than
one field, another resource or AWS knowledge is a rule (alpaco_gen.rules) or a reference check
(alpaco_gen.resolve). Field names are the spec's public contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, StringConstraints, create_model, model_validator

from alpaco_gen.kinds import KINDS
from alpaco_gen.spec.base import ENV_NAME_PATTERN, NAME_PATTERN, FormatVersion, Name, Strict, Text

__all__ = ["ENV_NAME_PATTERN", "NAME_PATTERN", "PRODUCTION_ENVIRONMENTS", "Spec"]

# Environments whose data is protected by default (`deletion_protection`) and whose risky settings rules flag.
PRODUCTION_ENVIRONMENTS = frozenset({"prod", "production", "prd", "live"})


class Account(Strict):
    api_gateway_cloudwatch_role: Literal["create", "existing", "none"] = Field(
        "none",
        description="The account-and-region-wide CloudWatch Logs role of API Gateway, needed for WebSocket stage "
        "logging: `create` (Terraform owns it), `existing` (set up already; preflight checks it) or `none`.",
    )


class LocalBackend(Strict):
    path: str | None = Field(None, description="State file path; Terraform's default when omitted.")


class S3Backend(Strict):
    bucket: str = Field(description="Existing bucket that holds the state.")
    key: str = Field(description="Object key of the state file.")
    region: str | None = Field(None, description="Bucket region; the spec's region when omitted.")
    use_lockfile: bool = Field(True, description="S3-native state locking (Terraform >= 1.10).")
    encrypt: bool = True


class Backend(Strict):
    local: LocalBackend | None = None
    s3: S3Backend | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Backend:
        if (self.local is None) == (self.s3 is None):
            raise ValueError("set exactly one of `local` or `s3`")
        return self


class TerraformSettings(Strict):
    required_version: str = Field(">= 1.6", description="Terraform version constraint.")
    aws_provider: str = Field(
        "~> 6.25", description="hashicorp/aws version constraint. It must admit no release older than 6.25, the "
        "version whose schema the generated Terraform is checked against (rule AG812).")
    backend: Backend = Field(default_factory=lambda: Backend(local=LocalBackend()))


class Lint(Strict):
    ignore: list[str] = Field(default_factory=lambda: [], description="Rule ids or names not to report anywhere.")


class SpecSettings(Strict):
    """A whole service.yaml."""

    version: FormatVersion
    project: str = Field(pattern=NAME_PATTERN, description="Project prefix of every AWS name.")
    service: str = Field(pattern=NAME_PATTERN)
    environment: str = Field(pattern=ENV_NAME_PATTERN, description="Deployment environment, e.g. dev, prod; with "
                             "`environments`, not set: each environment is named by its key there.")
    region: str
    description: str | None = None
    source_root: str = Field(
        "..", description="Folder that `source` paths are relative to, relative to this spec file's folder; "
        "inside the project root."
    )
    tags: dict[str, Text] = Field(default_factory=lambda: {}, description="Tags on every resource.")
    deletion_protection: bool | None = Field(
        None, description="Whether `terraform destroy` is refused for the data and images: tables keep "
        "deletion protection and `prevent_destroy`, buckets and ECR repositories `prevent_destroy` and are not "
        "emptied. `false`: destroy removes everything (tables unprotected, ECR `force_delete`, buckets "
        "`force_destroy`). Unset: on in `prod`, `production`, `prd` and `live`, off elsewhere.")
    account: Account = Field(default_factory=Account)
    terraform: TerraformSettings = Field(default_factory=TerraformSettings)
    lint: Lint = Field(default_factory=Lint)

    @property
    def protected(self) -> bool:
        """`deletion_protection`, or its default for the environment."""
        if self.deletion_protection is not None:
            return self.deletion_protection
        return self.environment in PRODUCTION_ENVIRONMENTS

    if TYPE_CHECKING:  # one attribute per kind's section, added below from the registry
        def __getattr__(self, section: str) -> Any: ...


# Several environments from one spec (alpaco_gen/spec/overlay.py merges each into the rest before validation).
ENVIRONMENTS: tuple[Any, Any] = (
    dict[Annotated[str, StringConstraints(pattern=ENV_NAME_PATTERN)], dict[str, Any] | None],
    Field(default_factory=dict,
          description="Several environments from this one spec: environment name -> the fields that differ from "
          "the rest of the spec (merged into it; mappings key by key). Without it, the spec is the one "
          "environment `environment` names."),
)


def _section(kind: Any) -> tuple[Any, Any]:
    if kind.single:
        return kind.spec_model | None, Field(None, description=kind.description)
    return dict[Name, kind.spec_model], Field(default_factory=dict, description=kind.description)


if TYPE_CHECKING:
    Spec = SpecSettings
else:
    Spec = create_model(
        "Spec", __base__=SpecSettings, __doc__=SpecSettings.__doc__,
        **{kind.section[0]: _section(kind) for kind in KINDS.values() if kind.spec_model and len(kind.section) == 1},
        environments=ENVIRONMENTS,
    )

SETTINGS_MODELS = (Account, TerraformSettings, Backend, LocalBackend, S3Backend, Lint)
