"""Container images of image functions and tasks: the spec's `image:` and what the generated code reads."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.kinds.base import Address, ImageUse
from alpaco_gen.kinds.iam import ECR_PULL, Statement
from alpaco_gen.records import record
from alpaco_gen.resolve.context import Context
from alpaco_gen.spec.base import Ref, Strict


class Image(Strict):
    repository: Ref = Field(description="A repository of the spec's `repositories`.")
    tag: str = Field("latest", description="Tag pushed by the build script and read at plan time.")
    python: str = Field("3.12", description="Python version of the generated Dockerfile's base image.")
    handler: str = Field("app.handler", description="Functions: the handler, written as the image's CMD.")
    pin_digest: bool = Field(
        True, description="Deploy the digest the tag points to at plan time (a missing image fails the plan); "
        "`false` deploys the tag itself.")


@record
class ImageRef:
    """The image a function or task runs: its repository, tag and, when pinned, the plan-time digest lookup."""

    repository: Any  # alpaco_gen.kinds.repository.Repository
    tag: str
    lookup: Address | None  # data.aws_ecr_image, when pinned by digest

    @property
    def pull(self) -> Statement:
        return Statement("ImagePull", ECR_PULL, (self.repository.address.arn,))


def image_ref(ctx: Context, image: Image | None, lookup_name: str, path: SpecPath) -> ImageRef | None:
    """The resolved image of a function or task (None when there is none or its repository is undeclared)."""
    if image is None:
        return None
    repository = ctx.lookup("repository", image.repository, (*path, "image", "repository"))
    if repository is None:
        return None
    lookup = Address("aws_ecr_image", lookup_name, True) if image.pin_digest else None
    return ImageRef(repository, image.tag, lookup)


def image_uses(ctx: Context, entries: dict[str, Any], lambda_names: bool) -> list[ImageUse]:
    """What the repositories need to know of the images of `entries` (functions or tasks)."""
    return [ImageUse(entry.image.repository, entry.image.tag, ctx.names.resource(name) if lambda_names else "")
            for name, entry in entries.items() if entry.image]
