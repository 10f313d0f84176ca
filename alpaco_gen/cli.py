"""Command line: options -> pipeline call -> exit code. 0 ok, 1 findings or stale output, 2 unusable input."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from alpaco_gen import __version__
from alpaco_gen.cli_support import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNUSABLE,
    check_all_specs,
    check_one,
    env_option,
    exit_code,
    format_option,
    ignore_option,
    report,
    spec_argument,
    specs_argument,
)
from alpaco_gen.cli_team import atlantis, graph, init, lsp
from alpaco_gen.diagnostics import UsageError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="alpaco-gen")
def cli() -> None:
    """Describe an AWS service once in service.yaml; get Terraform, Dockerfiles and ASL that deploy."""


@cli.command()
@specs_argument
@env_option
@format_option
@ignore_option
def validate(specs: tuple[str, ...], environments: tuple[str, ...], fmt: str, ignore: tuple[str, ...]) -> None:
    """Check specs (files, folders of *.yaml, `-` for standard input) and report every finding.

    Default: service.yaml, else specs/*.yaml, of the current folder.
    """
    from alpaco_gen.batch import worst

    results = check_all_specs(specs, ignore, environments, fmt, stdin=True)
    sys.exit(worst([r.exit_code for r in results]))


@cli.command()
@specs_argument
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("generated"), show_default=True,
              help="Folder that receives <service>/ (or <service>/<environment>/).")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; show a diff and exit 1 when stale.")
@click.option("--force", is_flag=True, help="Overwrite hand edits; take over a tree another spec owns.")
@env_option
@format_option
@ignore_option
def render(specs: tuple[str, ...], out_dir: Path, check_only: bool, force: bool, environments: tuple[str, ...],
           fmt: str, ignore: tuple[str, ...]) -> None:
    """Render specs into OUT: Terraform, state machines, Dockerfiles and scripts, one tree per environment."""
    from alpaco_gen.batch import worst
    from alpaco_gen.trees import render_tree

    results = check_all_specs(specs, ignore, environments, fmt)
    codes = [r.exit_code for r in results]
    for checked in (c for r in results for c in r.checks):
        outcome = render_tree(checked, out_dir, check_only=check_only, force=force)
        click.echo(outcome.diff, nl=False)
        for message in outcome.messages:
            click.echo(message, err=True)
        codes.append(outcome.exit_code)
    sys.exit(worst(codes))


@cli.command()
@spec_argument
@click.option("--profile", help="AWS profile (default: the standard AWS environment).")
@click.option("--region", help="Region to use; it must be the spec's (default: the AWS environment's).")
@click.option("--env", "environment", metavar="NAME", help="The environment, for a spec with `environments:`.")
@format_option
@ignore_option
def preflight(spec: Path | None, profile: str | None, region: str | None, environment: str | None, fmt: str,
              ignore: tuple[str, ...]) -> None:
    """Read-only checks of the live AWS account before `terraform apply`: images, account settings, names."""
    from alpaco_gen.aws import AwsUnavailable, run_preflight

    checked = check_one(spec, ignore, environment)
    if checked.has_errors:
        report(checked, fmt)
        click.echo(f"{checked.spec_file}: AWS not checked: fix the errors above", err=True)
        sys.exit(EXIT_FINDINGS)
    try:
        result = run_preflight(checked, profile=profile, region=region, ignore=ignore)
    except AwsUnavailable as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_UNUSABLE)
    report(result.checked, fmt)
    if fmt == "text" and not result.checked.findings:
        click.echo(f"{checked.spec_file}: preflight ok (account {result.account_id}, {result.region})",
                   err=True)
    sys.exit(EXIT_FINDINGS if result.checked.has_errors else EXIT_OK)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="markdown: the text of docs/rules.md.")
def rules(fmt: str) -> None:
    """List the rule catalog."""
    import json

    from alpaco_gen.rules import catalog

    if fmt == "markdown":
        from alpaco_gen.rules.docs import rules_markdown

        click.echo(rules_markdown(), nl=False)
        return
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "name": r.name, "severity": r.severity.value,
                                "category": r.category(), "summary": r.summary} for r in catalog()], indent=2))
        return
    for rule in catalog():
        click.echo(f"{rule.id}  {rule.name:<34} {rule.severity.value:<8} {rule.summary}")


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain RULE (an id such as AG101, or a name such as undeclared-reference)."""
    from alpaco_gen.rules import find
    from alpaco_gen.rules.docs import explain_text

    found = find(rule)
    if found is None:
        click.echo(f"unknown rule `{rule}`; `alpaco-gen rules` lists them", err=True)
        sys.exit(EXIT_UNUSABLE)
    click.echo(explain_text(found), nl=False)


@cli.command()
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              default=Path("generated/schema/service.schema.json"), show_default=True)
def schema(out_file: Path) -> None:
    """Write the JSON Schema of service.yaml (for editors: yaml-language-server)."""
    from alpaco_gen import writer
    from alpaco_gen.spec.schema import schema_text

    # The writer owns files inside a folder of its output folder (it keeps its manifest there).
    absolute = Path(os.path.abspath(out_file))
    if not absolute.parent.name:
        raise UsageError(f"{out_file}: write the schema into a folder, not into /")
    out_dir, relative = absolute.parent.parent, f"{absolute.parent.name}/{absolute.name}"
    outcome = writer.apply_write(writer.plan_write(out_dir, {relative: schema_text()}), force=False)
    if not outcome.applied:
        for conflict in outcome.conflicts:
            click.echo(f"{out_dir / conflict.path}: {conflict.reason}", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"wrote {out_file}", err=True)


for command in (init, graph, atlantis, lsp):
    cli.add_command(command)


def main() -> None:
    """Entry point: no input of any kind ends in a traceback (set ALPACO_GEN_DEBUG=1 to see one)."""
    # Finding pydantic plugins reads the entry points of every installed distribution, tens of ms per run,
    # and no plugin has any business observing spec validation. A user's own setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # A run builds one object graph that lives until exit; at the default threshold (700) the cyclic GC
    # walks it over and over, a third of a 1,000-function render, and frees next to nothing.
    gc.set_threshold(200_000, 30, 30)
    try:
        cli.main(standalone_mode=True)
    except UsageError as exc:
        click.echo(f"Usage: alpaco-gen [OPTIONS] COMMAND [ARGS]...\nTry 'alpaco-gen -h' for help.\n\nError: {exc}",
                   err=True)
        sys.exit(EXIT_UNUSABLE)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        code = exit_code(exc)
        if code is None:  # a fault of ours, not of the input
            if os.environ.get("ALPACO_GEN_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                       "Please report it with the spec; ALPACO_GEN_DEBUG=1 shows the traceback.", err=True)
            sys.exit(EXIT_UNUSABLE)
        click.echo(f"error: {exc}", err=True)
        sys.exit(code)


def run() -> None:
    """The `alpaco-gen` command: `main`, then exit at once. Tearing the interpreter down (freeing every module
    and the object graph one by one) costs ~30 ms of a ~0.4 s run and does nothing a finished run needs: the
    output is written and closed by then, and no atexit hook of ours exists."""
    try:
        main()
        code: int | str | None = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):  # what sys.exit("message") does
        click.echo(code, err=True)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a reader that went away, or a closed stream: nothing left to say
        code = code or 1
    os._exit(code or 0)
