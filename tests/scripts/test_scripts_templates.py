"""What the rendered Dockerfiles, scripts and DEPLOY.md say, independent of running them."""

from __future__ import annotations

import json

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


def test_deploy_md_explains_steps_targets_and_failures() -> None:
    text = render("scripts/DEPLOY.md.j2", service=service())
    assert lines(text)[0] == f"<!-- {HEADER[2:]} -->"
    for target in service().bootstrap_targets:
        assert f"`{target}`" in text
    for image in IMAGES:
        assert f"| {image.name} | {image.kind} | {image.platform} | `{image.repository}` |" in text
    for needle in ("-input=false", "-target", 'data "aws_ecr_image"', "--provenance=false --sbom=false",
                   "alpaco-gen preflight specs/problem_service.yaml", "requirements.txt", "AWS CLI v2",
                   "buildx"):
        assert needle in text
    assert [n for n in range(1, 7) if f"\n| {n} |" in text] == [1, 2, 3, 4, 5, 6]
    assert "\n5. **`terraform apply`**" in text


def test_deploy_md_without_images() -> None:
    text = render("scripts/DEPLOY.md.j2", service=service([]))
    assert "-target" not in text and "buildx" not in text and "not applicable" in text
    assert "\n2. **`alpaco-gen preflight" in text and "\n3. **`terraform apply`**" in text


@pytest.mark.parametrize("template", ["scripts/build_and_push.sh.j2", "scripts/deploy.sh.j2",
                                      "scripts/DEPLOY.md.j2"])
def test_deterministic_and_tidy(template: str) -> None:
    first, second = (render(template, service=service()) for _ in range(2))
    assert first == second
    assert first.endswith("\n") and not first.endswith("\n\n")
    assert not [line for line in lines(first) if line != line.rstrip()]
    assert "\r" not in first
