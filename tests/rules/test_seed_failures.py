"""Seed failures 1, 3, 4 and 5, injected into a copy of the reference spec the way its authors went wrong.

Each test edits specs/problem_service.yaml as text, runs `alpaco-gen validate` on the copy as a user would,
and checks the exit code, the rule id and the exact line:column. Positions are computed from the edited
text, so the tests keep pointing at the injected mistake when the reference spec changes elsewhere.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "specs" / "problem_service.yaml"
SPEC = "specs/problem_service.yaml"


def edit(text: str, pattern: str, replacement: str) -> str:
    """Replace the one match of the regex `pattern`; fail loudly when the reference spec no longer has it."""
    new, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    assert count == 1, f"expected one match of {pattern!r} in the reference spec, found {count}"
    return new


def position(text: str, line_pattern: str, token: str) -> tuple[int, int]:
    """1-based line and column of `token` on the one line matching `line_pattern`."""
    hits = [(n, line) for n, line in enumerate(text.splitlines(), 1) if re.search(line_pattern, line)]
    assert len(hits) == 1, f"expected one line matching {line_pattern!r}, found {len(hits)}"
    number, line = hits[0]
    return number, line.index(token) + 1


def validate(tmp_path: Path, text: str) -> subprocess.CompletedProcess:
    spec = tmp_path / SPEC
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "alpaco_gen", "validate", SPEC], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)


def reported(result: subprocess.CompletedProcess, where: tuple[int, int], severity: str, rule: str) -> bool:
    line, column = where
    return f"{SPEC}:{line}:{column}: {severity} {rule}:" in result.stdout


def test_seed_1_reserved_environment_variable(tmp_path):
    text = edit(REFERENCE.read_text(encoding="utf-8"), r"environment: \{LOG_LEVEL: INFO\}",
                "environment: {LOG_LEVEL: INFO, AWS_REGION: ap-northeast-2}")
    result = validate(tmp_path, text)
    assert result.returncode == 1, result.stdout + result.stderr
    where = position(text, r"AWS_REGION: ap-northeast-2", "AWS_REGION")
    assert reported(result, where, "error", "AG201 reserved-environment-variable"), result.stdout


def test_seed_3_unpinned_latest_tag_is_reported(tmp_path):
    # The seed's function named `:latest` before anything was pushed. Generated images are pinned by digest
    # at plan time unless `pin_digest: false`; that opt-out with `latest` is the seed's setup again.
    text = edit(REFERENCE.read_text(encoding="utf-8"),
                r"image: \{repository: problem-generator-streaming, tag: [^}]*\}",
                "image: {repository: problem-generator-streaming, tag: latest, pin_digest: false}")
    result = validate(tmp_path, text)
    assert result.returncode == 0, result.stdout + result.stderr  # a warning: validate still succeeds
    where = position(text, r"repository: problem-generator-streaming, tag: latest", "latest")
    assert reported(result, where, "warning", "AG301 mutable-image-tag"), result.stdout


def test_seed_3_pinned_latest_tag_is_not_reported(tmp_path):
    text = edit(REFERENCE.read_text(encoding="utf-8"),
                r"image: \{repository: problem-generator-streaming, tag: [^}]*\}",
                "image: {repository: problem-generator-streaming, tag: latest}")
    result = validate(tmp_path, text)
    assert "AG301" not in result.stdout, result.stdout


def test_seed_4_arm64_image_pushed_over_an_x86_64_function_image(tmp_path):
    # Built on an Apple Silicon Mac: an arm64 image lands on the tag the x86_64 streaming function deploys.
    # In the spec that is an arm64 task sharing the function's repository and tag.
    text = REFERENCE.read_text(encoding="utf-8")
    text = edit(text, r"image: \{repository: problem-generator, tag: [^}]*\}\n(\s+)"
                r"source: backend/tasks/problem-generator",
                "image: {repository: problem-generator-streaming, tag: latest}\n"
                r"\1source: backend/tasks/problem-generator" "\n"
                r"\1architecture: arm64")
    result = validate(tmp_path, text)
    assert result.returncode == 1, result.stdout + result.stderr
    where = position(text, r"^\s+architecture: arm64$", "arm64")
    assert reported(result, where, "error", "AG302 image-architecture-conflict"), result.stdout


def test_seed_5_repository_policy_without_the_lambda_pull(tmp_path):
    # The pull grant went missing: a hand-written repository policy that lets CI push but not Lambda pull.
    text = edit(REFERENCE.read_text(encoding="utf-8"), r"^  problem-generator-streaming: \{keep_last: 20\}$",
                "  problem-generator-streaming:\n"
                "    keep_last: 20\n"
                "    policy:\n"
                "      - sid: CiPush\n"
                '        aws_principals: ["arn:aws:iam::123456789012:role/ci"]\n'
                "        actions: [ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart,"
                " ecr:CompleteLayerUpload, ecr:BatchCheckLayerAvailability]\n")
    result = validate(tmp_path, text)
    assert result.returncode == 1, result.stdout + result.stderr
    where = position(text, r"^    policy:$", "policy")
    assert reported(result, where, "error", "AG304 repository-policy-blocks-lambda"), result.stdout


def test_seed_5_existing_role_is_a_warning_naming_the_pull_actions(tmp_path):
    text = edit(REFERENCE.read_text(encoding="utf-8"),
                r"^(\s+)source: backend/lambdas/problem-generator-streaming$",
                r"\g<0>" "\n" r'\1role_arn: "arn:aws:iam::123456789012:role/legacy-generator"')
    result = validate(tmp_path, text)
    assert result.returncode == 0, result.stdout + result.stderr
    where = position(text, r"role_arn: ", '"arn')
    assert reported(result, where, "warning", "AG305 existing-role-image-pull"), result.stdout
    assert "ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability" in result.stdout
