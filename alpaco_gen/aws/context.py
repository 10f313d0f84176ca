"""What every preflight check reads: the resolved service, the account and clients in the spec's region."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from alpaco_gen.diagnostics import Finding, SpecPath
from alpaco_gen.kinds.function import Function
from alpaco_gen.kinds.task import Task
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.preflight.preflight_check_skipped import PreflightCheckSkipped

# Tags that mark a resource as created by this service's generated Terraform (provider default_tags).
OWNER_TAGS = ("ManagedBy", "Project", "Service", "Environment")


@dataclass
class Context:
    """One preflight run. Clients are made on first use, always in the spec's region."""

    service: Service
    session: Any
    account_id: str
    partition: str
    configured_region: str | None  # what --region or the AWS environment says; None when nothing does
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    @property
    def region(self) -> str:
        return self.service.spec.region

    def client(self, name: str, region: str | None = None) -> Any:
        """A client in the spec's region, or in `region` (a referenced resource's ARN may name another)."""
        from alpaco_gen.aws.session import client_config

        where = region or self.region
        if (name, where) not in self._clients:
            self._clients[(name, where)] = self.session.client(name, region_name=where, config=client_config())
        return self._clients[(name, where)]

    def arn(self, service: str, resource: str) -> str:
        return f"arn:{self.partition}:{service}:{self.region}:{self.account_id}:{resource}"

    @property
    def registry(self) -> str:
        domain = "amazonaws.com.cn" if self.partition == "aws-cn" else "amazonaws.com"
        return f"{self.account_id}.dkr.ecr.{self.region}.{domain}"

    @property
    def generated(self) -> str:
        """The service's folder in `generated/`, as `alpaco-gen render` writes it by default."""
        return f"generated/{self.service.spec.service}"

    def owned(self, tags: dict[str, str]) -> bool:
        """Whether tags say the generated Terraform of this service created the resource."""
        return all(tags.get(key) == self.service.tags.get(key) for key in OWNER_TAGS)

    def push_commands(self, image: Function | Task) -> str:
        """The generated script that builds and pushes `image`, and the plain buildx command it runs."""
        assert image.repository is not None and image.spec.image is not None
        platform = "linux/amd64" if image.spec.architecture == "x86_64" else "linux/arm64"
        uri = f"{self.registry}/{image.repository.aws_name}:{image.spec.image.tag}"
        return (f"`{self.generated}/scripts/build_and_push.sh {image.name}`, which runs "
                f"`docker buildx build --platform {platform} --provenance=false --sbom=false "
                f"-f {self.generated}/docker/{image.name}.Dockerfile -t {uri} --push {image.spec.source}` "
                "from the repository root")


def import_block(address: str, aws_id: str, generated: str) -> str:
    """How to adopt an existing resource into the generated Terraform instead of failing to create it."""
    return (f"adopt it with an import block in a file of your own, e.g. {generated}/terraform/imports.tf, "
            f"then `terraform apply` (or delete it if it is not wanted):\n"
            f"    import {{\n      to = {address}\n      id = \"{aws_id}\"\n    }}")


def tag_dict(tags: Any) -> dict[str, str]:
    """Tags as a dict, from any of AWS's shapes: a dict, [{Key, Value}] or [{key, value}]."""
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    pairs = {}
    for tag in tags or []:
        key = tag.get("Key", tag.get("key"))
        pairs[str(key)] = str(tag.get("Value", tag.get("value", "")))
    return pairs


# One check: what it checks (for a skipped finding, and the kind of check), where it points, the check itself.
Check = tuple[str, SpecPath, Callable[[], Iterable[Finding]]]


def run_by_kind(checks: Iterable[Check]) -> Iterator[Finding]:
    """The findings of every check. The first check of a kind that AWS refuses (AccessDenied, an unsupported
    call) is one skipped finding, and the rest of that kind are not tried: the same permission is missing for
    all. A fault of transport or credentials ends the run."""
    from botocore.exceptions import ClientError

    from alpaco_gen.aws.session import is_unavailable

    refused: set[str] = set()
    for what, path, check in checks:
        if what in refused:
            continue
        try:
            found = list(check())
        except ClientError as exc:
            if is_unavailable(exc):
                raise
            refused.add(what)
            yield skipped(path, what, exc)
            continue
        yield from found


def skipped(path: SpecPath, what: str, exc: BaseException) -> Finding:
    """A check AWS did not let run (AccessDenied, an unsupported call): reported, never silently passed."""
    from alpaco_gen.aws.session import error_text

    return PreflightCheckSkipped.finding(path, f"could not check {what}: {error_text(exc)}",
                                         "Grant the read-only actions that `alpaco-gen explain AG910` lists")
