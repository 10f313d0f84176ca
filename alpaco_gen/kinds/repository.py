"""ECR repositories (`repositories:`): the images of image functions and tasks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

from pydantic import ConfigDict, Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, Drawn, Kind, Output, Planned, tf_id
from alpaco_gen.kinds.iam import Condition, Principal, Statement, arn, arn_text
from alpaco_gen.records import record
from alpaco_gen.render.hcl import hcl_string
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Strict, Suppressible


class RepositoryStatement(Strict):
    sid: str | None = None
    effect: Literal["Allow", "Deny"] = "Allow"
    service_principals: list[str] = Field(default_factory=lambda: [])
    aws_principals: list[str] = Field(default_factory=lambda: [])
    actions: list[str]


class RepositorySpec(Suppressible):
    model_config = ConfigDict(title="Repository")

    keep_last: int | None = Field(None, ge=1, description="Lifecycle policy: keep the newest N images.")
    scan_on_push: bool = True
    policy: list[RepositoryStatement] | None = Field(
        None, description="Replaces the generated repository policy (the pull grant for Lambda)."
    )


@record
class Repository:
    name: str
    tf: str
    address: Address
    aws_name: str
    spec: RepositorySpec
    lambda_pullers: tuple[str, ...]  # AWS names of image functions that pull from it
    deploy_tags: tuple[str, ...]  # the spec's tags of images in it: the build script moves them on every push
    path: SpecPath

    @property
    def has_policy(self) -> bool:
        """A repository policy is generated: the spec's own, or the pull grant for image functions."""
        return self.spec.policy is not None or bool(self.lambda_pullers)

    @property
    def puller_arns(self) -> tuple[str, ...]:
        """ARNs (HCL expressions) of the image functions Lambda pulls this repository's images for."""
        return tuple(arn("lambda", f"function:{name}") for name in self.lambda_pullers)

    @property
    def lifecycle(self) -> Address:
        return Address("aws_ecr_lifecycle_policy", self.tf)

    @property
    def policy(self) -> Address:
        return Address("aws_ecr_repository_policy", self.tf)

    @property
    def policy_document(self) -> Address:
        return Address("aws_iam_policy_document", f"ecr_{self.tf}", True)

    @property
    def addresses(self) -> tuple[Address, ...]:
        """Its resources: what the deploy's bootstrap apply creates before the first image push."""
        return (self.address, self.lifecycle) + ((self.policy,) if self.has_policy else ())


class RepositoryKind(Kind):
    key = "repository"
    section = ("repositories",)
    spec_model = RepositorySpec
    doc_models = (RepositorySpec, RepositoryStatement)
    description = "ECR repositories of image functions and tasks."
    templates = ("ecr.tf",)
    drawn = Drawn("repo", '[/"%s"/]', "parallelogram")

    def resolve(self, ctx: Context) -> Mapping[str, Repository]:
        pullers: dict[str, list[str]] = {}
        tags: dict[str, set[str]] = {}
        for kind in ctx.kinds.values():
            for image in kind.images(ctx):
                tags.setdefault(image.repository, set()).add(image.tag)
                if image.lambda_function:
                    pullers.setdefault(image.repository, []).append(image.lambda_function)
        return {name: Repository(name, tf_id(name), Address("aws_ecr_repository", tf_id(name)),
                                 f"{ctx.names.project}/{name}-{ctx.names.environment}", repo,
                                 tuple(sorted(pullers.get(name, []))), tuple(sorted(tags.get(name, ()))),
                                 (*self.section, name))
                for name, repo in self.entries(ctx.spec).items()}

    def planned(self, objs: tuple[Repository, ...]) -> Iterator[Planned]:
        for obj in objs:
            owner = f"repository `{obj.name}`"
            yield Planned(obj.address, obj.path, obj.name, owner, obj.aws_name, "repository")
            yield from (Planned(address, obj.path, obj.name, owner) for address in obj.addresses[1:])

    def arns(self, objs: tuple[Repository, ...]) -> Iterator[tuple[str, str]]:
        yield from ((obj.address.arn, arn_text("ecr", f"repository/{obj.aws_name}")) for obj in objs)

    def resource_policies(self, objs: tuple[Repository, ...]) -> Iterator[tuple[str, tuple[Statement, ...]]]:
        for repo in objs:
            if repo.spec.policy is not None:
                yield repo.address.arn, tuple(
                    Statement(st.sid or f"Statement{i}", tuple(st.actions), ('"*"',), (),
                              tuple(Principal(kind, tuple(hcl_string(p) for p in principals))
                                    for kind, principals in (("Service", st.service_principals),
                                                             ("AWS", st.aws_principals)) if principals), st.effect)
                    for i, st in enumerate(repo.spec.policy))
            elif repo.lambda_pullers:
                yield repo.address.arn, (Statement(
                    "LambdaPull", ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"), ('"*"',),
                    (Condition("StringLike", "aws:sourceArn", repo.puller_arns),),
                    (Principal("Service", ('"lambda.amazonaws.com"',)),)),)

    def outputs(self, objs: tuple[Repository, ...]) -> Iterator[Output]:
        yield from (Output(f"repository_{obj.tf}_url", obj.address.repository_url) for obj in objs)
