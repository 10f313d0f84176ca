"""`alpaco-gen init`: a spec that validates and renders clean, code for its function, and no overwriting."""

from __future__ import annotations

from pathlib import Path

from tests.cli.support import run


def test_init_writes_a_clean_project(tmp_path):
    result = run("init", "shop", "--region", "eu-west-1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "shop"
    spec = (root / "service.yaml").read_text()
    assert spec.startswith("# yaml-language-server: $schema=generated/schema/service.schema.json\n")
    assert (root / "generated" / "schema" / "service.schema.json").is_file()
    assert "def handler(event, context)" in (root / "backend" / "lambdas" / "hello" / "app.py").read_text()
    assert "## Infrastructure" in (root / "README.md").read_text()
    assert "region: eu-west-1" in spec and "service: shop" in spec

    validated = run("validate", cwd=root)
    assert validated.returncode == 0 and validated.stdout == "" and validated.stderr == "service.yaml: ok\n"
    rendered = run("render", cwd=root)
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    assert (root / "generated" / "shop" / "terraform" / "lambda.tf").is_file()
    assert run("render", "--check", cwd=root).returncode == 0
    assert run("schema", cwd=root).returncode == 0  # the schema init wrote is alpaco-gen's to update


def test_init_refuses_to_overwrite_and_keeps_an_existing_readme(tmp_path):
    (tmp_path / "README.md").write_text("# My project\n\nNotes.\n")
    assert run("init", cwd=tmp_path).returncode == 0
    readme = (tmp_path / "README.md").read_text()
    assert readme.startswith("# My project\n\nNotes.\n\n## Infrastructure\n")
    spec = tmp_path / "service.yaml"
    spec.write_text(spec.read_text() + "# my change\n")
    again = run("init", cwd=tmp_path)
    assert again.returncode == 1 and "service.yaml exists; init never overwrites" in again.stderr
    assert spec.read_text().endswith("# my change\n")
    assert (tmp_path / "README.md").read_text() == readme


def test_init_rejects_names_aws_would_not_take(tmp_path: Path):
    result = run("init", "--service", "Bad_Name", cwd=tmp_path)
    assert result.returncode == 2 and "service `Bad_Name`" in result.stderr
    assert not (tmp_path / "service.yaml").exists()
