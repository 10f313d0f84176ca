"""What the rendered Dockerfiles, scripts and DEPLOY.md say, independent of running them."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tests.scripts.render_helper import HEADER, IMAGES, dockerfile_image, render, service


def lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.mark.parametrize(("architecture", "platform"), [("x86_64", "linux/amd64"), ("arm64", "linux/arm64")])
def test_lambda_dockerfile(architecture: str, platform: str) -> None:
    image = dockerfile_image("problem-grader", "function", architecture)
    text = render("docker/lambda.Dockerfile.j2", image=image)
    assert lines(text)[0] == HEADER
    assert f"FROM --platform={platform} public.ecr.aws/lambda/python:3.12" in lines(text)
    pip = 'RUN pip install --no-cache-dir -r "${LAMBDA_TASK_ROOT}/requirements.txt" -t "${LAMBDA_TASK_ROOT}"'
    assert pip in lines(text)
    assert "COPY requirements.txt ${LAMBDA_TASK_ROOT}/" in lines(text)
    assert lines(text)[-1] == 'CMD ["app.handler"]'


@pytest.mark.parametrize(("architecture", "platform"), [("x86_64", "linux/amd64"), ("arm64", "linux/arm64")])
def test_task_dockerfile(architecture: str, platform: str) -> None:
    image = dockerfile_image("problem-runner", "task", architecture)
    image.command = ["python", "main.py", "--label", 'say "hi" & <go>']
    text = render("docker/task.Dockerfile.j2", image=image)
    assert f"FROM --platform={platform} python:3.12-slim" in lines(text)
    assert "USER 10001:10001" in lines(text)
    cmd = lines(text)[-1]
    assert cmd.startswith("CMD ")
    assert json.loads(cmd.removeprefix("CMD ")) == image.command  # exec form, escaped as JSON, not HTML
    assert "latest" not in text


def test_shell_values_are_quoted() -> None:
    context = service()
    context.region = "eu-west-1; rm -rf /"
    text = render("scripts/build_and_push.sh.j2", service=context)
    assert "readonly REGION='eu-west-1; rm -rf /'" in lines(text)


def _checks(text: str) -> list[str]:
    """The first cells of the rows of DEPLOY.md's table of what is checked before apply."""
    section = text.split("## Checked before `terraform apply`", 1)[1].split("\n## ", 1)[0]
    return [row.split(" | ")[0].removeprefix("| ") for row in section.splitlines() if row.startswith("| ")][1:]


def test_deploy_md_explains_steps_targets_and_checks() -> None:
    text = render("scripts/DEPLOY.md.j2", service=service())
    assert lines(text)[0] == f"<!-- {HEADER[2:]} -->"
    for target in service().bootstrap_targets:
        assert f"`{target}`" in text
    for image in IMAGES:
        assert f"| {image.name} | {image.kind} | {image.platform} | `{image.repository}` |" in text
    for needle in ("-input=false", "-target", 'data "aws_ecr_image"', "--provenance=false --sbom=false",
                   "alpaco-gen preflight specs/problem_service.yaml", "requirements.txt", "AWS CLI v2",
                   "buildx", "for problem-service, and what catches it earlier"):
        assert needle in text
    assert _checks(text) == [
        "an environment variable Lambda reserves (`AWS_REGION`, `AWS_LAMBDA_*`, ...) in a function's environment",
        "a reference to a subnet, table, role or function `specs/problem_service.yaml` does not declare",
        "a function or a task created before its image is in ECR",
        "an image built for the other architecture",
        "an image Lambda refuses (an image index with attestations)",
        "images missing after `terraform destroy`; no ECR pull permissions",
        "stage logging of generator-streaming without the account's CloudWatch Logs role for API Gateway",
    ]
    assert "\n5. **`terraform apply`**" in text


def test_deploy_md_speaks_of_its_own_service_only() -> None:
    """No project's history in a generated document: what it lists follows the service it deploys."""
    tasks_only = [i for i in IMAGES if i.kind == "task"]
    text = render("scripts/DEPLOY.md.j2", service=service(tasks_only, has_functions=False, logged_websockets=[]))
    for history in ("seed", "first manual", "six failures", "Alpaco"):
        assert history not in text
    assert _checks(text) == [
        "a reference to a subnet, table, role or function `specs/problem_service.yaml` does not declare",
        "a task created before its image is in ECR",
        "an image built for the other architecture",
        "images missing after `terraform destroy`; no ECR pull permissions",
    ]


@pytest.mark.parametrize(("role", "caught_by"), [
    ("create", "Terraform sets the role in the account's API Gateway settings (`aws_api_gateway_account`)"),
    ("existing", "preflight checks that the account's API Gateway settings name a role that exists (AG905)"),
])
def test_deploy_md_websocket_logging_row(role: str, caught_by: str) -> None:
    text = render("scripts/DEPLOY.md.j2", service=service(account_role=role, logged_websockets=["chat", "feed"]))
    (row,) = [r for r in lines(text) if r.startswith("| stage logging of chat, feed without")]
    assert row.endswith(f"| {caught_by} before the stages |" if role == "create" else f"| {caught_by} |")


def test_deploy_md_without_images() -> None:
    text = render("scripts/DEPLOY.md.j2", service=service([]))
    assert "-target" not in text and "buildx" not in text and "ECR" not in text
    assert "\n2. **`alpaco-gen preflight" in text and "\n3. **`terraform apply`**" in text


@pytest.mark.parametrize("template", ["scripts/build_and_push.sh.j2", "scripts/deploy.sh.j2",
                                      "scripts/DEPLOY.md.j2"])
def test_deterministic_and_tidy(template: str) -> None:
    first, second = (render(template, service=service()) for _ in range(2))
    assert first == second
    assert first.endswith("\n") and not first.endswith("\n\n")
    assert not [line for line in lines(first) if line != line.rstrip()]
    assert "\r" not in first


@pytest.mark.parametrize("protected", [True, False])
def test_deploy_md_says_how_teardown_works_here(protected: bool) -> None:
    context = service()
    context.teardown = SimpleNamespace(protected=protected, environment="prod" if protected else "dev",
                                       resources=["aws_dynamodb_table.submissions", "aws_s3_bucket.out"],
                                       tables=True, buckets=True, repositories=False)
    text = render("scripts/DEPLOY.md.j2", service=context)
    section = text[text.index("## Tearing it down"):]
    if protected:
        assert "is **on** here" in section and "prevent_destroy" in section
        assert "- `aws_dynamodb_table.submissions`" in section and "`force_destroy = false`" in section
        assert "deletion_protection: false" in section
    else:
        assert "is **off** here" in section and "`force_destroy = true`" in section
        assert "prevent_destroy" not in section
    assert "force_delete" not in section  # no image repositories in this service
