"""Shared by the image rules: which functions and tasks push to the same `repository:tag`."""

from alpaco_gen.kinds.function import Function
from alpaco_gen.kinds.task import Task
from alpaco_gen.resolve.model import Service

Image = Function | Task


def by_pushed_tag(service: Service) -> dict[tuple[str, str], list[Image]]:
    """Images grouped by the `repository:tag` the build script pushes them to; only groups of two or more."""
    groups: dict[tuple[str, str], list[Image]] = {}
    for image in service.images:
        if image.repository is not None and image.spec.image is not None:
            groups.setdefault((image.repository.aws_name, image.spec.image.tag), []).append(image)
    return {key: images for key, images in groups.items() if len(images) > 1}


def describe(image: Image) -> str:
    return f"{'function' if isinstance(image, Function) else 'task'} `{image.name}`"
