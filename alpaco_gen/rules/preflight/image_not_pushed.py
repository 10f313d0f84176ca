from alpaco_gen.rules.base import Rule


class ImageNotPushed(Rule):
    id = "AG902"
    name = "image-not-pushed"
    summary = "The ECR repository of an image function or task does not exist, or does not hold the tag."
    emitted_by = "preflight"
    explanation = """\
## What it checks
For every image function and task: the repository exists in the account and region
(`ecr:DescribeRepositories`) and holds the spec's `image.tag` (`ecr:BatchGetImage`).

## Why
This is the seed's third failure: creating the function failed at apply with "InvalidParameterValueException:
Source image ...:latest does not exist" because nothing had been pushed yet. The generated Terraform reads
the image digest at plan time, so a missing tag now fails the plan; preflight says it before either runs.
An ECS task with a missing image fails later still, when it runs ("CannotPullContainerError").

## Example
```yaml
functions:
  streaming:
    image: {repository: streaming, tag: latest}   # repository created, nothing pushed
```

## Fix
Create the repositories first (the generated `deploy.sh` applies them with `-target`), then push with the
generated `generated/<service>/scripts/build_and_push.sh <name>`, which builds with
`docker buildx build --platform linux/<arch> --provenance=false --sbom=false` and pushes the spec's tag.
"""
