from collections.abc import Iterator

from alpaco_gen.diagnostics import Finding
from alpaco_gen.resolve.model import Service
from alpaco_gen.rules.base import Rule
from alpaco_gen.rules.images._images import by_pushed_tag, describe


class ImageArchitectureConflict(Rule):
    id = "AG302"
    name = "image-architecture-conflict"
    kinds = ("function", "task", "repository")
    summary = "Functions or tasks of different architectures share one `repository:tag` (seed failure 4)."
    explanation = """\
## What it checks
That every image functions and tasks push to the same repository under the same tag is built for one
architecture.

Each image's platform comes from its function's or task's `architecture`: the generated build script runs
`docker buildx build --platform linux/amd64` or `linux/arm64` accordingly, whatever machine builds it (an
Apple Silicon Mac builds amd64 images too), and always with `--provenance=false --sbom=false`, so it pushes a
single image manifest and never the image index that Lambda refuses. What the generator cannot prevent is
two images with different platforms sharing one `repository:tag`: the later push replaces the earlier one,
and the other function or task then gets an image built for the wrong CPU.

## Why
This is the seed's fourth failure class, an image that does not fit the function. Its message, "The image
manifest, config or layer media type for the source image ... is not supported", came from an image index,
which the generated build never produces (see above). What remains is the CPU: a function given an image
for the other architecture fails every invocation with "Runtime.InvalidEntrypoint" ("exec format error" in
its log), and a task stops with "exec format error" or "CannotPullContainerError: ... image Manifest does
not contain descriptor matching platform".

## Example
```yaml
functions:
  generator-streaming: {source: backend/lambdas/gen, architecture: x86_64,
                        image: {repository: generator, tag: latest}}
tasks:
  generator: {source: backend/tasks/gen, architecture: arm64, subnets: [private_a],
              image: {repository: generator, tag: latest}}
```

## Fix
Give each image its own repository (or at least its own tag), or use the same `architecture` for all of
them.
"""

    def check(self, service: Service) -> Iterator[Finding]:
        for (repository, tag), images in by_pushed_tag(service).items():
            first = images[0]
            for other in images[1:]:
                if other.spec.architecture != first.spec.architecture:
                    yield self.finding(
                        (*other.path, "architecture"),
                        f"{describe(other)} ({other.spec.architecture}) and {describe(first)} "
                        f"({first.spec.architecture}) both push `{repository}:{tag}`; the later push "
                        "replaces the other with an image for the wrong CPU",
                        "Give one of them its own repository or tag, or the same `architecture`")
