from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.images._images import Image, by_pushed_tag, describe


def build_inputs(image: Image) -> dict[str, object]:
    """What the generated Dockerfile and build command of an image depend on, besides the architecture."""
    spec = image.spec.image
    assert spec is not None
    inputs: dict[str, object] = {"kind": describe(image).split()[0], "source": image.spec.source,
                                 "python": spec.python}
    if inputs["kind"] == "function":
        inputs["handler"] = spec.handler
    else:
        inputs["command"] = getattr(image.spec, "command", None)
    return inputs


class SharedImageTag(Rule):
    id = "AG303"
    name = "shared-image-tag"
    kinds = ("function", "task", "repository")
    summary = "Functions or tasks push different images to one `repository:tag`, so one overwrites the other."
    explanation = """\
## What it checks
That functions and tasks which share a repository and a tag would push the same image: the same kind
(function images use the Lambda base image, task images a slim Python image), the same `source`, the same
`image.python`, and the same `image.handler` (functions) or `command` (tasks). Sharing one image on
purpose, e.g. two functions of one code base, is fine. A difference in `architecture` is rule AG302.

## Why
The build script builds every image and pushes each to its `repository:tag` (and to the commit tag of the
same repository). When two different builds go to one tag, the later push silently replaces the earlier,
and one function or task runs the other's code: nothing fails at apply, the wrong program just starts.

## Example
```yaml
functions:
  grader: {source: backend/lambdas/grader, image: {repository: backend, tag: latest}}
  generator: {source: backend/lambdas/generator, image: {repository: backend, tag: latest}}
```

## Fix
Give each image its own repository (the usual layout, one repository per function or task), or its own
tag.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for (repository, tag), images in by_pushed_tag(service).items():
            first, expected = images[0], build_inputs(images[0])
            for other in images[1:]:
                if other.spec.architecture != first.spec.architecture:
                    continue  # AG302
                actual = build_inputs(other)
                differ = [k for k in expected if expected[k] != actual.get(k)]
                if differ:
                    yield self.finding(
                        (*other.path, "image", "repository"),
                        f"{describe(other)} and {describe(first)} push different images to "
                        f"`{repository}:{tag}` (different {', '.join(differ)}); the later push replaces "
                        "the other",
                        "Give one of them its own repository or tag")
