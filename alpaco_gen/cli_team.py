"""Commands for teams and many services: init, graph, atlantis (registered on the group in cli.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from alpaco_gen.cli_support import (
    EXIT_FINDINGS,
    EXIT_UNUSABLE,
    check_all_specs,
    check_one,
    env_option,
    report,
    specs_argument,
)


@click.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=Path("."), required=False)
@click.option("--service", help="Service name (default: from the folder's name).")
@click.option("--project", help="Project prefix of AWS names (default: the service name's first word).")
@click.option("--region", default="us-east-1", show_default=True)
@click.option("--environment", default="dev", show_default=True)
def init(directory: Path, service: str | None, project: str | None, region: str, environment: str) -> None:
    """Start a project in DIRECTORY: service.yaml, a function's code and a README section. Never overwrites."""
    from alpaco_gen.init import InitRefused, apply_init, plan_init

    try:
        plan = plan_init(directory, service=service, project=project, region=region, environment=environment)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    except InitRefused as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FINDINGS)
    for path in apply_init(plan):
        click.echo(f"wrote {(directory / path).as_posix()}", err=True)
    click.echo(f"next: cd {directory.as_posix()} && alpaco-gen validate && alpaco-gen render", err=True)


@click.command()
@click.argument("spec", type=click.Path(path_type=Path), required=False)
@click.option("--env", "environment", metavar="NAME", help="The environment, for a spec with `environments:`.")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid", show_default=True)
def graph(spec: Path | None, environment: str | None, fmt: str) -> None:
    """Draw SPEC: resources, `uses:` with access levels, API routes and state machine steps."""
    from alpaco_gen.graph import render_graph

    checked = check_one(spec, (), environment)
    if checked.service is None:
        report(checked, "text")
        click.echo(f"{checked.spec_file}: no graph: fix the errors above", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(render_graph(checked.service, fmt), nl=False)


@click.command()
@specs_argument
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("generated"), show_default=True,
              help="Where `render` writes the trees.")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("atlantis.yaml"), show_default=True, help="The Atlantis repo config to write.")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; show a diff and exit 1 when stale.")
@click.option("--force", is_flag=True, help="Replace a config that alpaco-gen did not write.")
@env_option
def atlantis(specs: tuple[str, ...], out_dir: Path, config_file: Path, check_only: bool, force: bool,
             environments: tuple[str, ...]) -> None:
    """Write atlantis.yaml: one project per generated root, planned when its spec, code or Terraform changes."""
    from alpaco_gen.atlantis import AtlantisError, config_text, sync
    from alpaco_gen.batch import worst

    results = check_all_specs(specs, (), environments, "text")
    code = worst([r.exit_code for r in results])
    if code:
        click.echo(f"{config_file}: not written: fix the specs above", err=True)
        sys.exit(code)
    try:
        text = config_text([c for r in results for c in r.checks], out_dir, config_file)
    except AtlantisError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_UNUSABLE)
    code, diff, message = sync(config_file, text, check_only=check_only, force=force)
    click.echo(diff, nl=False)
    click.echo(message, err=True)
    sys.exit(code)


@click.command()
@click.option("--stdio", is_flag=True, help="Accepted for editors that pass it; stdio is the only transport.")
def lsp(stdio: bool) -> None:
    """Run the language server on stdin/stdout, for editors (docs/editor.md); needs the `lsp` extra."""
    try:
        from alpaco_gen.lsp.server import serve
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").split(".")[0]
        if missing not in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise
        click.echo(f"error: `alpaco-gen lsp` needs {missing}: pip install 'alpaco-gen[lsp]'", err=True)
        sys.exit(EXIT_UNUSABLE)
    serve()
